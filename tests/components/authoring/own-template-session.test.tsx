/**
 * A session run on an own template (issue 19): it starts and restores with the template saved in
 * the session, and a section's own prompt (written in the editor, not in the bank) is shown in
 * place of the bank's, through the same sanitiser: markup in it is never run.
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { derby } from '../../machines/fixtures.ts';
import { addSupervisee, DERBY_HEADINGS, openSession, pressContinue, SUPERVISOR, useHarness } from '../session/harness.tsx';
import { createSession } from '../../../client/live/create.ts';

const harness = useHarness('own-template-session');

describe('a session on an own template', () => {
  it('shows a section’s own prompt, sanitised, in place of the bank’s', async () => {
    const user = userEvent.setup();
    const template = derby();
    const own = {
      ...template,
      id: 'riverside-record',
      sections: template.sections.map((s, i) => (i === 1 ? { ...s, prompt: 'own/issues-or-concerns', promptMarkdown: '# What is on your mind this month?\n\nTake your time.\n\n- Who else knows? <img src="x" onerror="window.__owned = true">' } : s)),
    };
    const saved = await (await harness().repositories.authoring()).templates.save(own, { draftRowId: null, basedOn: null });
    expect(saved.ok).toBe(true);
    const created = await createSession(harness().repositories, { template: own, sessionType: 'safeguarding-supervision', date: '2026-11-22', personId: await addSupervisee(harness()), supervisor: { ...SUPERVISOR } });
    if (!created.ok) throw new Error(created.message);
    await openSession(harness(), created.value);
    await pressContinue(user);
    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[1] })).toBeInTheDocument();
    const step = screen.getByRole('heading', { level: 3, name: 'What is on your mind this month?' }).parentElement!;
    expect(within(step).getByText('Take your time.')).toBeInTheDocument();
    expect(document.querySelector('.app-section-prompt img')).toBeNull();
    expect((window as { __owned?: boolean }).__owned).toBeUndefined();
    // Used by a session: an edit to it is now a new version.
    const authoring = await harness().repositories.authoring();
    expect((await authoring.templates.list()).saved[0]?.used).toBe(true);
  });
});
