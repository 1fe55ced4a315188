/**
 * The template editor's "The assistant's noticings" (issue 21, point 6): an organisation turns a
 * noticing off for sessions using its template; the saved template names it, and a session begun
 * with that template records it as off.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../client/live/create.ts';
import { noticingRules } from '../../../machines/noticings/index.ts';
import { renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('template-noticings');

describe('the template editor’s noticings', () => {
  it('a noticing turned off is saved in the template, and a session with it records it as off', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/forms');
    await screen.findByRole('heading', { level: 1, name: 'Your organisation’s forms' });
    const copyButtons = within(screen.getByRole('region', { name: 'Record templates' })).getAllByRole('button', { name: /^Copy: / });
    await user.click(copyButtons.find((b) => /Derby/.test(b.getAttribute('aria-label') ?? ''))!);
    const group = await screen.findByRole('group', { name: /The assistant’s noticings/ });
    const rule = noticingRules.rules.find((r) => r.id === 'other-agencies')!;
    const label = rule.name.charAt(0).toUpperCase() + rule.name.slice(1);
    expect(within(group).getByRole('checkbox', { name: label })).toBeChecked();
    await user.click(within(group).getByRole('checkbox', { name: label }));
    await user.click(screen.getByRole('button', { name: 'Save the template' }));
    expect(await screen.findByRole('status')).toHaveTextContent(/Saved/);
    const [own] = await (await harness().repositories.authoring()).templates.latest();
    expect(own?.noticings).toEqual({ schema: 'noticing-settings/v1', on: true, off: ['other-agencies'] });

    const person = await harness().repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok || !own) throw new Error('setup');
    const created = await createSession(harness().repositories, { template: own, sessionType: own.sessionTypes[0]!.id, date: '2026-11-22', personId: person.value.id, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
    if (!created.ok) throw new Error(created.message);
    await waitFor(async () => {
      const row = await harness().db.sessions.get(created.value);
      expect(row?.content.record.noticings?.by).toBe('organisation');
      expect(row?.content.record.noticings?.rules.map((r) => r.id)).not.toContain('other-agencies');
    });
  });
});
