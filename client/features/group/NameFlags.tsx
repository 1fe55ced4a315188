/**
 * The words in one part of the themes record (a theme, the learning, the organisational
 * issues) that look like a person's name: which words, how to reword them, and a checkbox
 * for each to confirm it is not a child or family member. The machine keeps the
 * confirmations, and clears them when the text is reworded.
 */
import { nameKey } from '../../../machines/review/names.ts';
import type { NameFlag } from '../../../machines/group/outputs.ts';
import { copy } from '../../content/copy.ts';
import { Checkboxes, type CheckboxOption } from '../../components/Checkboxes.tsx';
import { fieldIds } from './problems.ts';
import { useGroupSession } from './groupSessionContext.tsx';

const g = copy.group;

export function NameFlags({ flags, where }: { flags: readonly NameFlag[]; where: string }) {
  const { actor, now } = useGroupSession();
  const [first] = flags;
  if (!first) return null;
  const { part } = first;
  const options = flags.map((flag): CheckboxOption => ({
    value: nameKey(flag.name),
    label: g.notAChildOrFamily(flag.name),
    ...(flag.source === 'known' ? { hint: g.namedInNotes } : {}),
  }));
  const confirmed = flags.filter((flag) => flag.confirmation).map((flag) => nameKey(flag.name));

  function change(values: string[]) {
    for (const flag of flags) {
      const ticked = values.includes(nameKey(flag.name));
      if (ticked && !flag.confirmation) actor.send({ type: 'name.confirmed', part, name: flag.name, at: now().toISOString() });
      if (!ticked && flag.confirmation) actor.send({ type: 'name.unconfirmed', part, name: flag.name });
    }
  }

  return (
    <Checkboxes
      name={fieldIds.names(part)}
      legend={g.mayNameSomeone(where, flags.map((flag) => `“${flag.name}”`).join(', '))}
      hint={g.namesHint}
      options={options}
      values={confirmed}
      onChange={change}
      small
    />
  );
}
