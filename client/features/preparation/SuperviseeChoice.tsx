/**
 * Choosing a supervisee from those on this device, or adding one the first time: radios
 * when there is anyone to choose, and "Add a supervisee" folded beneath (open when there is
 * nobody yet). The start screen and preparation ask the same question this same way.
 */
import { useState } from 'react';
import type { PersonV1 } from '../../../machines/model/record.ts';
import { copy } from '../../content/copy.ts';
import { useServices } from '../../app/services.tsx';
import { ErrorMessage } from '../../components/FieldMessages.tsx';
import { Input } from '../../components/Input.tsx';
import { Radios } from '../../components/Radios.tsx';

/** The ids of "Add a supervisee"'s fields start with this: `${addId}-name` and `${addId}-role`. */
function addIdOf(name: string, addId: string | undefined): string {
  return addId ?? `${name}-new`;
}

/** Where an error about the choice should take the user: the radios, or with nobody yet, the name to add. */
export function superviseeFieldId(name: string, people: readonly PersonV1[] | undefined, addId?: string): string {
  return people && people.length > 0 ? name : `${addIdOf(name, addId)}-name`;
}

export function SuperviseeChoice(props: {
  name: string;
  legend: string;
  hint: string;
  /** Undefined while loading. */
  people: readonly PersonV1[] | undefined;
  value: string | null;
  onChange: (personId: string) => void;
  error?: string | undefined;
  /** Starts the ids of the fields that add someone; `${name}-new` unless given. */
  addId?: string;
}) {
  const { repositories } = useServices();
  const { name, people } = props;
  const [newName, setNewName] = useState('');
  const [newRole, setNewRole] = useState('');
  const [addError, setAddError] = useState<string | undefined>();

  async function addPerson() {
    const result = await repositories.people.add({ name: newName, role: newRole });
    if (!result.ok) {
      setAddError(result.message);
      return;
    }
    setAddError(undefined);
    setNewName('');
    setNewRole('');
    props.onChange(result.value.id);
  }

  const addId = addIdOf(name, props.addId);
  const nobodyYet = !people || people.length === 0;
  return (
    <>
      {nobodyYet ? (
        <>
          <h2 className="nhsuk-heading-m" id={name}>
            {props.legend}
          </h2>
          <p className="nhsuk-hint">{props.hint}</p>
          {props.error && (
            <ErrorMessage id={`${name}-error`} as="p">
              {props.error}
            </ErrorMessage>
          )}
        </>
      ) : (
        <Radios
          name={name}
          legend={props.legend}
          legendSize="m"
          hint={props.hint}
          error={props.error}
          options={people.map((p) => ({ value: p.id, label: p.name, ...(p.role ? { hint: p.role } : {}) }))}
          value={props.value}
          onChange={props.onChange}
        />
      )}
      <details className="nhsuk-details" open={nobodyYet}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">{copy.start.addPerson}</span>
        </summary>
        <div className="nhsuk-details__text">
          <Input id={`${addId}-name`} label={copy.start.personName} value={newName} onChange={setNewName} error={addError} />
          <Input
            id={`${addId}-role`}
            label={copy.start.personRole}
            hint={copy.start.personRoleHint}
            value={newRole}
            onChange={setNewRole}
          />
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void addPerson()}>
            {copy.start.addPersonButton}
          </button>
        </div>
      </details>
    </>
  );
}
