/**
 * On a person's history: who they are to you (issue 18, point 7). Set automatically where people
 * are added (a group screen makes a group member or facilitator; a one-to-one session makes a
 * supervisee); changed here by hand, for example to mark your own supervisor. Only one-to-one
 * supervisees (and anyone with one-to-one records here) are in the one-to-one lists.
 */
import { useState } from 'react';
import { personRelations, relationOf, type PersonRelation, type PersonV1 } from '../../../machines/model/record.ts';
import { copy } from '../../content/copy.ts';
import { useServices } from '../../app/services.tsx';
import { Select } from '../../components/Select.tsx';
import { Section } from '../../components/Section.tsx';

const w = copy.people;

export function RelationSection({ person }: { person: PersonV1 }) {
  const { repositories } = useServices();
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const change = async (value: string) => {
    const relation = personRelations.find((r) => r === value);
    if (!relation) return setError(w.relationInvalid);
    const made = await repositories.people.setRelation(person.id, relation satisfies PersonRelation);
    setError(made.ok ? null : made.message);
    setSaved(made.ok);
  };
  return (
    <Section id="relation-title" title={w.relationTitle(person.name)}>
      <p>{w.relationLede}</p>
      <Select id="person-relation" label={w.relationLabel} value={relationOf(person)} options={personRelations.map((r) => ({ value: r, label: w.relation[r] }))} onChange={(value) => void change(value)} />
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
      {saved && !error && <p role="status">{w.relationSaved}</p>}
    </Section>
  );
}
