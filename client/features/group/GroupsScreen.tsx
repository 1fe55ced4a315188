/** `#/groups`: the groups on this device, and creating one. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { defaultGroundRules, defaultThemeVocabulary, type GroupV1 } from '../../../machines/model/group.ts';
import { copy } from '../../content/copy.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Input } from '../../components/Input.tsx';
import { Table } from '../../components/Table.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { FacilitatorChoice, MembersChoice, TagsEditor, maxGroundRules, peopleFieldId } from './GroupFields.tsx';

const g = copy.group;

type GroupRow = { group: GroupV1; facilitator: string; held: number };

export function GroupsScreen() {
  return (
    <>
      <h1 className="nhsuk-heading-l">{g.listTitle}</h1>
      <p className="nhsuk-lede-text">{g.listLede}</p>
      <GroupList />
      <CreateGroup />
      <p>
        <a href={hrefFor({ name: 'home' })}>{copy.history.back}</a>
      </p>
    </>
  );
}

function GroupList() {
  const { repositories } = useServices();
  const rows = useLiveQuery(async (): Promise<{ ok: true; rows: GroupRow[] } | { ok: false; message: string }> => {
    try {
      const groups = await repositories.groups.list();
      const rows = await Promise.all(
        groups.map(async (group) => {
          const [facilitator, sessions] = await Promise.all([repositories.people.get(group.facilitatorId), repositories.groupSessions.listFor(group.id)]);
          return { group, facilitator: facilitator?.name ?? '', held: sessions.filter((s) => s.row.status === 'closed').length };
        }),
      );
      return { ok: true, rows };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories]);

  if (rows === undefined) return <p>{g.loading}</p>;
  if (!rows.ok)
    return (
      <p className="nhsuk-error-message" role="alert">
        {rows.message}
      </p>
    );
  if (rows.rows.length === 0) return <p>{g.noGroups}</p>;
  const c = g.columns;
  return (
    <Table caption={g.groupsCaption} columns={[{ label: c.name }, { label: c.facilitator }, { label: c.members, numeric: true }, { label: c.held, numeric: true }, { label: c.open }]}>
      {rows.rows.map(({ group, facilitator, held }) => (
        <tr className="nhsuk-table__row" key={group.id}>
          <td className="nhsuk-table__cell">{group.name}</td>
          <td className="nhsuk-table__cell">{facilitator}</td>
          {/* The facilitator is a member of the group too. */}
          <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{group.memberIds.length + 1}</td>
          <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{held}</td>
          <td className="nhsuk-table__cell">
            <a href={hrefFor({ name: 'group', groupId: group.id })}>
              {g.openGroup}{' '}
              <span className="nhsuk-u-visually-hidden">{g.openGroupFor(group.name)}</span>
            </a>
          </td>
        </tr>
      ))}
    </Table>
  );
}

function CreateGroup() {
  const { repositories } = useServices();
  const people = useLiveQuery(() => repositories.people.list(), [repositories]);
  const [name, setName] = useState('');
  const [facilitatorId, setFacilitatorId] = useState<string | null>(null);
  const [memberIds, setMemberIds] = useState<string[]>([]);
  const [groundRules, setGroundRules] = useState(defaultGroundRules);
  const [vocabulary, setVocabulary] = useState<string[]>([...defaultThemeVocabulary]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);

  const members = memberIds.filter((id) => id !== facilitatorId);

  async function create(event: FormEvent) {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!name.trim()) found.push({ fieldId: 'group-name', message: g.enterName });
    if (!facilitatorId) found.push({ fieldId: peopleFieldId('group-facilitator', people), message: g.chooseFacilitator });
    if (members.length === 0) found.push({ fieldId: peopleFieldId('group-members', people?.filter((p) => p.id !== facilitatorId)), message: g.chooseMembers });
    if (!groundRules.trim()) found.push({ fieldId: 'group-ground-rules', message: g.enterGroundRules });
    else if (groundRules.trim().length > maxGroundRules) found.push({ fieldId: 'group-ground-rules', message: g.tooLong(g.groundRules, maxGroundRules) });
    setErrors(found);
    if (found.length > 0 || !facilitatorId) return;
    setBusy(true);
    try {
      const result = await repositories.groups.create({ name, facilitatorId, memberIds: members, groundRules, vocabulary });
      if (result.ok) navigate({ name: 'group', groupId: result.value.id });
      else setErrors([{ fieldId: 'group-name', message: result.message }]);
    } catch (error) {
      setErrors([{ fieldId: 'group-name', message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  return (
    <section aria-labelledby="create-group-heading">
      <form onSubmit={create} noValidate>
        <ErrorSummary title={g.problem} errors={errors} />
        <h2 className="nhsuk-heading-l" id="create-group-heading">
          {g.createTitle}
        </h2>
        <Input id="group-name" label={g.name} hint={g.nameHint} value={name} onChange={setName} error={errorFor('group-name')} maxLength={200} />
        <FacilitatorChoice people={people} value={facilitatorId} onChange={setFacilitatorId} error={errorFor(peopleFieldId('group-facilitator', people))} />
        <MembersChoice
          people={people}
          facilitatorId={facilitatorId}
          values={members}
          onChange={setMemberIds}
          error={errors.find((e) => e.message === g.chooseMembers)?.message}
        />
        <TextArea id="group-ground-rules" label={g.groundRules} hint={g.groundRulesHint} value={groundRules} onChange={setGroundRules} rows={8} error={errorFor('group-ground-rules')} />
        <TagsEditor tags={vocabulary} onChange={setVocabulary} />
        <button type="submit" className="nhsuk-button" disabled={busy}>
          {g.create}
        </button>
      </form>
    </section>
  );
}
