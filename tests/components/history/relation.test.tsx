// Who a person is to you, changed by hand on their history page (issue 18, point 7), on the real
// repositories over fake-indexeddb: your own supervisor leaves the one-to-one lists; anyone with
// one-to-one records stays in them whatever is chosen (H38).
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { addSupervisee, createDerbySession, renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('relation');

async function oneToOneIds(): Promise<string[]> {
  return (await (await harness().repositories.retention()).departures.supervisees()).map((p) => p.id);
}

describe('relation to you', () => {
  it('marks someone as your supervisor, and they leave the one-to-one lists', async () => {
    const user = userEvent.setup();
    const added = await harness().repositories.people.add({ name: 'Sam Supervisor', role: 'Named Nurse' });
    if (!added.ok) throw new Error(added.message);
    const id = added.value.id;
    expect(await oneToOneIds()).toEqual([id]);

    renderApp(harness(), `#/history/${id}`);
    const relation = await screen.findByRole('combobox', { name: 'Relation to you' });
    expect(relation).toHaveValue('supervisee');
    await user.selectOptions(relation, 'Your supervisor');
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect((await harness().repositories.people.get(id))?.relation).toBe('supervisor');
    expect(await oneToOneIds()).toEqual([]);
  });

  it('keeps a supervisee with a one-to-one record in the lists, whatever is chosen', async () => {
    const user = userEvent.setup();
    const id = await addSupervisee(harness());
    await createDerbySession(harness(), id);
    renderApp(harness(), `#/history/${id}`);
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Relation to you' }), 'Group member');
    expect(await screen.findByText('Saved.')).toBeInTheDocument();
    expect(await oneToOneIds()).toEqual([id]);
  });
});
