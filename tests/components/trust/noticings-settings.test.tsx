/**
 * "The assistant's noticings" on the You screen (issue 21, point 6): a checkbox per noticing and one
 * to turn them off, saved on this device as it changes and there when the screen opens again; a new
 * session begins with what is in force, and its record says so (hazard H56).
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../client/live/create.ts';
import { noticingRules } from '../../../machines/noticings/index.ts';
import { derby } from '../../machines/fixtures.ts';
import { useDevices } from './devices.tsx';
import { useRelay } from '../relay.ts';

const device = useDevices();
useRelay();

function fieldset() {
  return screen.findByRole('group', { name: /Which the assistant listens for/ });
}

describe('The assistant’s noticings on the You screen', () => {
  it('every noticing is on at first; one switched off is saved, kept after reopening, and left out of a new session’s record', async () => {
    const user = userEvent.setup();
    const phone = device('phone');
    const view = phone.render('#/you');
    const group = await fieldset();
    const boxes = within(group).getAllByRole('checkbox');
    expect(boxes).toHaveLength(noticingRules.rules.length);
    for (const box of boxes) expect(box).toBeChecked();
    const invisible = noticingRules.rules.find((r) => r.id === 'invisible-men');
    if (!invisible) throw new Error('No invisible-men rule');
    const label = invisible.name.charAt(0).toUpperCase() + invisible.name.slice(1);
    await user.click(within(group).getByRole('checkbox', { name: label }));
    expect(await screen.findByText('Saved. New sessions use these noticings.')).toBeInTheDocument();
    await waitFor(async () => expect(await phone.repositories.noticingSettings.get()).toEqual({ schema: 'noticing-choice/v1', on: true, off: ['invisible-men'] }));

    view.unmount();
    phone.render('#/you');
    expect(within(await fieldset()).getByRole('checkbox', { name: label })).not.toBeChecked();
    expect(screen.getByText(/^Now: Noticings on: /)).not.toHaveTextContent(invisible.name);

    const person = await phone.repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const created = await createSession(phone.repositories, { template: derby(), sessionType: 'safeguarding-supervision', date: '2026-11-22', personId: person.value.id, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
    if (!created.ok) throw new Error(created.message);
    const row = await phone.db.sessions.get(created.value);
    expect(row?.content.record.noticings?.rules.map((r) => r.id)).not.toContain('invisible-men');
    expect(row?.content.record.noticings?.by).toBe('supervisor');
  });

  it('"off" turns every noticing off, and the screen says so', async () => {
    const user = userEvent.setup();
    const phone = device('phone');
    phone.render('#/you');
    await fieldset();
    await user.click(screen.getByRole('checkbox', { name: 'Turn the noticings off (the assistant asks nothing)' }));
    expect(await screen.findByText('Now: Noticings off.')).toBeInTheDocument();
    for (const box of within(await fieldset()).getAllByRole('checkbox')) expect(box).not.toBeChecked();
    await waitFor(async () => expect((await phone.repositories.noticingSettings.get())?.on).toBe(false));
  });
});
