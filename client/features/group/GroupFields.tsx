/**
 * The parts of a group's form, shared by creating a group and changing one: the facilitator
 * (radios of the people on this device), the members (checkboxes), adding a person the
 * first time, and the theme vocabulary (an editable list of tags). The new-tag field and the
 * tidying and matching of tags are shared with the theme panel.
 */
import { useState, type KeyboardEvent } from 'react';
import type { PersonV1 } from '../../../machines/model/record.ts';
import { copy } from '../../content/copy.ts';
import { useServices } from '../../app/services.tsx';
import { ErrorMessage, FieldsetGroup, Hint } from '../../components/FieldMessages.tsx';
import { Input } from '../../components/Input.tsx';
import { Radios } from '../../components/Radios.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';

const g = copy.group;
/** As the group's record holds them ($GroupV1.vocabulary). */
export const maxVocabulary = 60;
export const maxTagLength = 60;
export const maxGroundRules = 10000;

/** A tag as typed, with its spaces tidied: empty when nothing but spaces was typed. */
export function tidyTag(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/** Whether two tags are the same but for case ("Neglect" and "neglect" are one tag). */
export function sameTag(a: string, b: string): boolean {
  return a.toLocaleLowerCase('en-GB') === b.toLocaleLowerCase('en-GB');
}

/** A key handler that does `action` on Enter instead of submitting the form around the field. */
function onEnter(action: () => void) {
  return (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    action();
  };
}

/** The field a new tag is typed in; Enter adds it. */
export function NewTagInput(props: { id: string; value: string; onChange: (value: string) => void; error: string | undefined; onAdd: () => void }) {
  return (
    <Input
      id={props.id}
      label={g.newTag}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
      width={20}
      maxLength={maxTagLength}
      onKeyDown={onEnter(props.onAdd)}
    />
  );
}

function personOption(p: PersonV1) {
  return { value: p.id, label: p.name, ...(p.role ? { hint: p.role } : {}) };
}

/** Where an error about a choice of people should take the user: the choice, or with nobody yet, the name to add. */
export function peopleFieldId(name: string, people: readonly PersonV1[] | undefined): string {
  return people && people.length > 0 ? name : `${name}-add-name`;
}

/**
 * "Add a person", folded beneath a choice of people (open when there is nobody yet). They are added
 * as a group member or facilitator (`relation`), so they stay out of the one-to-one lists.
 */
export function PersonAdder({ idPrefix, open, relation, onAdded }: { idPrefix: string; open: boolean; relation: 'group-member' | 'facilitator'; onAdded: (person: PersonV1) => void }) {
  const { repositories } = useServices();
  const [name, setName] = useState('');
  const [role, setRole] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [added, setAdded] = useState<string | null>(null);

  async function add() {
    const result = await repositories.people.add({ name, role, relation });
    if (!result.ok) {
      setError(result.message);
      setAdded(null);
      return;
    }
    setError(undefined);
    setName('');
    setRole('');
    setAdded(g.personAdded(result.value.name));
    onAdded(result.value);
  }

  // Enter adds the person rather than submitting the form around it.
  const addOnEnter = onEnter(() => void add());

  return (
    <details className="nhsuk-details" open={open || undefined}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{g.addPerson}</span>
      </summary>
      <div className="nhsuk-details__text">
        <Input id={`${idPrefix}-add-name`} label={g.personName} value={name} onChange={setName} error={error} maxLength={200} onKeyDown={addOnEnter} />
        <Input id={`${idPrefix}-add-role`} label={g.personRole} hint={g.personRoleHint} value={role} onChange={setRole} maxLength={200} onKeyDown={addOnEnter} />
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void add()}>
          {g.addPersonButton}
        </button>
        <p className="nhsuk-body-s" role="status">
          {added ?? ''}
        </p>
      </div>
    </details>
  );
}

/** With nobody on the device yet, the question is a heading over "Add a person" (open). */
function NobodyYet({ name, legend, hint, error }: { name: string; legend: string; hint: string; error: string | undefined }) {
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <h2 className="nhsuk-heading-s" id={name}>
        {legend}
      </h2>
      <Hint id={`${name}-hint`}>
        {hint} {g.nobodyYet}
      </Hint>
      {error && (
        <ErrorMessage id={`${name}-error`} as="p">
          {error}
        </ErrorMessage>
      )}
    </div>
  );
}

export function FacilitatorChoice(props: {
  people: readonly PersonV1[] | undefined;
  value: string | null;
  onChange: (personId: string) => void;
  error: string | undefined;
}) {
  const name = 'group-facilitator';
  const people = props.people ?? [];
  return (
    <>
      {people.length === 0 ? (
        <NobodyYet name={name} legend={g.facilitator} hint={g.facilitatorHint} error={props.error} />
      ) : (
        <Radios
          name={name}
          legend={g.facilitator}
          legendSize="m"
          hint={g.facilitatorHint}
          error={props.error}
          options={people.map(personOption)}
          value={props.value}
          onChange={props.onChange}
        />
      )}
      <PersonAdder idPrefix={name} open={people.length === 0} relation="facilitator" onAdded={(person) => props.onChange(person.id)} />
    </>
  );
}

export function MembersChoice(props: {
  people: readonly PersonV1[] | undefined;
  /** Not offered as a member: the facilitator is in the group already. */
  facilitatorId: string | null;
  values: readonly string[];
  onChange: (personIds: string[]) => void;
  error: string | undefined;
}) {
  const name = 'group-members';
  const people = (props.people ?? []).filter((p) => p.id !== props.facilitatorId);
  return (
    <>
      {people.length === 0 ? (
        <NobodyYet name={name} legend={g.members} hint={g.membersHint} error={props.error} />
      ) : (
        <Checkboxes
          name={name}
          legend={g.members}
          legendSize="m"
          hint={g.membersHint}
          error={props.error}
          options={people.map(personOption)}
          values={props.values}
          onChange={props.onChange}
        />
      )}
      <PersonAdder idPrefix={name} open={people.length === 0} relation="group-member" onAdded={(person) => props.onChange([...props.values, person.id])} />
    </>
  );
}

/** The theme vocabulary: each tag with Remove, and a new tag to add. */
export function TagsEditor({ tags, onChange, error }: { tags: readonly string[]; onChange: (tags: string[]) => void; error?: string | undefined }) {
  const [draft, setDraft] = useState('');
  const [draftError, setDraftError] = useState<string | undefined>();
  const name = 'group-vocabulary';

  function add() {
    const tag = tidyTag(draft);
    if (!tag) return setDraftError(g.enterTag);
    if (tags.some((t) => sameTag(t, tag))) return setDraftError(g.tagExists(tag));
    if (tags.length >= maxVocabulary) return setDraftError(g.tooManyVocabulary(maxVocabulary));
    setDraftError(undefined);
    setDraft('');
    onChange([...tags, tag]);
  }

  return (
    <FieldsetGroup id={name} legend={g.vocabulary} legendSize="m" hint={g.vocabularyHint} error={error} describedBy={`${name}-hint`}>
      {tags.length === 0 ? (
        <p>{g.noTags}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border" aria-label={g.vocabulary}>
          {tags.map((tag) => (
            <li key={tag}>
              {tag}{' '}
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => onChange(tags.filter((t) => t !== tag))}>
                {g.removeTag(tag)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <NewTagInput id={`${name}-new`} value={draft} onChange={setDraft} error={draftError} onAdd={add} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={add}>
        {g.addTag}
      </button>
    </FieldsetGroup>
  );
}
