/**
 * `#/group/<groupId>`: one group — its facilitator and members, its ground rules and theme
 * vocabulary (changed and saved here), its sessions, starting a session, and its themes
 * compared across sessions.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import type { GroupV1 } from '../../../machines/model/group.ts';
import type { PersonV1 } from '../../../machines/model/record.ts';
import { themeComparison } from '../../../machines/group/comparison.ts';
import type { StoredGroupSession } from '../../db/groupRepositories.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, localIsoDate } from '../../content/format.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { Input } from '../../components/Input.tsx';
import { Table } from '../../components/Table.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { MembersChoice, TagsEditor, maxGroundRules, peopleFieldId } from './GroupFields.tsx';
import { FormSection } from './FormSection.tsx';
import type { Problem } from './ProblemSummary.tsx';
import { createGroupSession } from '../../live/create.ts';

const g = copy.group;

type Loaded = { ok: true; group: GroupV1 | null; people: PersonV1[]; sessions: StoredGroupSession[] } | { ok: false; message: string };

export function GroupScreen({ groupId }: { groupId: string }) {
  const { repositories } = useServices();
  const data = useLiveQuery(async (): Promise<Loaded> => {
    try {
      const group = (await repositories.groups.get(groupId)) ?? null;
      const [people, sessions] = await Promise.all([repositories.people.list(), group ? repositories.groupSessions.listFor(group.id) : []]);
      return { ok: true, group, people, sessions };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, groupId]);

  if (data === undefined) return <p role="status">{g.opening}</p>;
  if (!data.ok || !data.group)
    return <LoadFailed title={g.problem} message={data.ok ? g.notFound : data.message} back={hrefFor({ name: 'groups' })} backLabel={g.back} />;
  const { group, people, sessions } = data;
  const nameOf = (id: string) => people.find((p) => p.id === id);
  const facilitator = nameOf(group.facilitatorId);

  return (
    <>
      <h1 className="nhsuk-heading-l">{group.name}</h1>
      {facilitator && <p className="nhsuk-lede-text">{g.facilitatorLine(facilitator.name)}</p>}

      <section aria-labelledby="group-members-heading">
        <h2 className="nhsuk-heading-m" id="group-members-heading">
          {g.membersTitle}
        </h2>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {[group.facilitatorId, ...group.memberIds].map((id) => {
            const person = nameOf(id);
            const label = person ? g.memberLegend(person.name, person.role) : g.unknownPerson;
            return <li key={id}>{id === group.facilitatorId ? `${label}${g.facilitatorSuffix}` : label}</li>;
          })}
        </ul>
      </section>

      <StartGroupSession groupId={group.id} />
      <GroupSessions sessions={sessions} />
      <ThemesCompared sessions={sessions} />
      <EditGroup key={group.id} group={group} people={people} />

      <p>
        <a href={hrefFor({ name: 'groups' })}>{g.back}</a>
      </p>
    </>
  );
}

function StartGroupSession({ groupId }: { groupId: string }) {
  const { repositories, now } = useServices();
  const [date, setDate] = useState(() => localIsoDate(now()));
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      setProblems([{ fieldId: 'group-session-date', message: g.enterDate }]);
      return;
    }
    setBusy(true);
    try {
      const result = await createGroupSession(repositories, { groupId, date });
      if (result.ok) navigate({ name: 'groupSession', sessionId: result.value });
      else setProblems([{ fieldId: 'group-session-date', message: result.message }]);
    } catch (error) {
      setProblems([{ fieldId: 'group-session-date', message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <FormSection id="start-group-session" level={2} title={g.startTitle} problems={problems} onSubmit={start}>
      <Input id="group-session-date" type="date" label={g.date} hint={g.dateHint} value={date} onChange={setDate} error={problems[0]?.message} />
      <button type="submit" className="nhsuk-button" disabled={busy}>
        {g.start}
      </button>
    </FormSection>
  );
}

function GroupSessions({ sessions }: { sessions: StoredGroupSession[] }) {
  const c = g.sessionColumns;
  return (
    <section aria-labelledby="group-sessions-heading">
      <h2 className="nhsuk-heading-m" id="group-sessions-heading">
        {g.sessionsTitle}
      </h2>
      {sessions.length === 0 ? (
        <p>{g.noSessions}</p>
      ) : (
        <Table caption={g.sessionsCaption} columns={[{ label: c.date }, { label: c.status }, { label: c.presenters, numeric: true }, { label: c.themes, numeric: true }, { label: c.link }]}>
          {sessions.map(({ row, content }) => {
            const closed = row.status === 'closed';
            return (
              <tr className="nhsuk-table__row" key={row.id}>
                <td className="nhsuk-table__cell">{formatDate(row.date)}</td>
                <td className="nhsuk-table__cell">{closed ? g.statuses.closed : g.statuses.open}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{content.consultations.length}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{content.themes.length}</td>
                <td className="nhsuk-table__cell">
                  <a href={hrefFor(closed ? { name: 'groupRecord', sessionId: row.id } : { name: 'groupSession', sessionId: row.id })}>
                    {closed ? g.openRecord : g.resume}{' '}
                    <span className="nhsuk-u-visually-hidden">{g.ofDate(formatDate(row.date))}</span>
                  </a>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
    </section>
  );
}

function ThemesCompared({ sessions }: { sessions: StoredGroupSession[] }) {
  const closed = sessions.filter((s) => s.row.status === 'closed').map((s) => s.content);
  const comparison = themeComparison(closed);
  const anyThemes = comparison.sessions.some((s) => s.themes > 0);
  return (
    <section aria-labelledby="group-themes-heading">
      <h2 className="nhsuk-heading-m" id="group-themes-heading">
        {g.comparisonTitle}
      </h2>
      <p>{g.comparisonLede}</p>
      {!anyThemes ? (
        <p>{g.comparisonNone}</p>
      ) : (
        <Table
          caption={g.comparisonCaption}
          columns={[{ label: g.comparisonTag }, ...comparison.sessions.map((s) => ({ label: s.dateText, numeric: true })), { label: g.comparisonTotal, numeric: true }]}
        >
          {comparison.tags.map((row) => (
            <tr className="nhsuk-table__row" key={row.tag}>
              <th scope="row" className="nhsuk-table__header">
                {row.tag}
              </th>
              {row.counts.map((n, i) => (
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric" key={comparison.sessions[i]?.sessionId ?? i}>
                  {n}
                </td>
              ))}
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{row.total}</td>
            </tr>
          ))}
          {comparison.untagged.total > 0 && (
            <tr className="nhsuk-table__row">
              <th scope="row" className="nhsuk-table__header">
                {g.comparisonUntagged}
              </th>
              {comparison.untagged.counts.map((n, i) => (
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric" key={comparison.sessions[i]?.sessionId ?? i}>
                  {n}
                </td>
              ))}
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{comparison.untagged.total}</td>
            </tr>
          )}
        </Table>
      )}
    </section>
  );
}

function EditGroup({ group, people }: { group: GroupV1; people: PersonV1[] }) {
  const { repositories } = useServices();
  const [memberIds, setMemberIds] = useState<string[]>(group.memberIds);
  const [groundRules, setGroundRules] = useState(group.groundRules);
  const [vocabulary, setVocabulary] = useState<string[]>(group.vocabulary);
  const [problems, setProblems] = useState<Problem[]>([]);
  const [saved, setSaved] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    const found: Problem[] = [];
    if (memberIds.length === 0) found.push({ fieldId: peopleFieldId('group-members', people.filter((p) => p.id !== group.facilitatorId)), message: g.chooseMembers });
    if (!groundRules.trim()) found.push({ fieldId: 'group-ground-rules', message: g.enterGroundRules });
    else if (groundRules.trim().length > maxGroundRules) found.push({ fieldId: 'group-ground-rules', message: g.tooLong(g.groundRules, maxGroundRules) });
    setProblems(found);
    if (found.length > 0) return;
    try {
      const result = await repositories.groups.save({ ...group, memberIds: memberIds.filter((id) => id !== group.facilitatorId), groundRules, vocabulary });
      if (!result.ok) setProblems([{ fieldId: 'group-ground-rules', message: result.message }]);
      else setSaved(true);
    } catch (error) {
      setProblems([{ fieldId: 'group-ground-rules', message: error instanceof Error ? error.message : String(error) }]);
    }
  }

  const errorFor = (message: string) => problems.find((p) => p.message === message)?.message;

  return (
    <FormSection id="edit-group" level={2} title={g.editTitle} problems={problems} onSubmit={save}>
      <p>{g.editLede}</p>
      <MembersChoice people={people} facilitatorId={group.facilitatorId} values={memberIds} onChange={setMemberIds} error={errorFor(g.chooseMembers)} />
      <TextArea
        id="group-ground-rules"
        label={g.groundRules}
        hint={g.groundRulesHint}
        value={groundRules}
        onChange={setGroundRules}
        rows={8}
        error={problems.find((p) => p.fieldId === 'group-ground-rules')?.message}
      />
      <TagsEditor tags={vocabulary} onChange={setVocabulary} />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        {g.save}
      </button>
      <p role="status">{saved ? g.saved : ''}</p>
    </FormSection>
  );
}
