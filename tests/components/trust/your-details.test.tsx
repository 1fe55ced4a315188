/**
 * "Your details" (#/you) set once and used to pre-fill the forms that ask for the supervisor (issue
 * 18, point 7), through the real app on the sealed database: the organisation and the templates
 * chosen first are saved from #/you; the start screen and the agreement screen then come with the
 * supervisor's name and role filled in and your templates chosen, all still editable; nothing is
 * filled in without details. The start screen offers one-to-one supervisees only.
 */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { addSupervisee, renderApp, SUPERVISEE, useHarness, type Harness } from '../session/harness.tsx';

const harness = useHarness('your-details');
const SAM = { name: 'Sam Supervisor', jobRole: 'Named Nurse' };
const DERBY_TITLE = 'Derby and Derbyshire ICB — Supervision Documentation';
const CHECKLIST = 'Checklist for SUPERVISION AGREEMENT';

async function saveDetails(h: Harness, details: Parameters<Awaited<ReturnType<Harness['repositories']['trust']>>['profile']['save']>[0]) {
  const saved = await (await h.repositories.trust()).profile.save(details);
  if (!saved.ok) throw new Error(saved.message);
}

describe('Your details', () => {
  it('are set on #/you: organisation and the templates chosen first are saved with the name and role', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/you');
    await user.type(await screen.findByRole('textbox', { name: 'Your full name' }), SAM.name);
    await user.type(screen.getByRole('textbox', { name: 'Your job role' }), SAM.jobRole);
    await user.type(screen.getByRole('textbox', { name: 'Your organisation (optional)' }), 'Derby and Derbyshire ICB');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Record template chosen first (optional)' }), DERBY_TITLE);
    await user.selectOptions(screen.getByRole('combobox', { name: 'Agreement template chosen first (optional)' }), CHECKLIST);
    await waitFor(async () =>
      expect(await (await harness().repositories.trust()).profile.get()).toEqual({
        ...SAM,
        organisation: 'Derby and Derbyshire ICB',
        templateId: 'derby-derbyshire-appendix-3',
        agreementTemplateId: 'south-gloucestershire-appendix-1',
      }),
    );
  });

  it('fill in the supervisor and choose the template when a session is started; what is filled in can be changed', async () => {
    const user = userEvent.setup();
    await saveDetails(harness(), { ...SAM, templateId: 'derby-derbyshire-appendix-3' });
    const personId = await addSupervisee(harness());
    renderApp(harness(), '#/start');
    const name = await screen.findByRole('textbox', { name: 'Supervisor’s full name' });
    await waitFor(() => expect(name).toHaveValue(SAM.name));
    expect(screen.getByRole('textbox', { name: 'Supervisor’s role' })).toHaveValue(SAM.jobRole);
    expect(screen.getByRole('radio', { name: DERBY_TITLE })).toBeChecked();

    // Still editable: the name typed instead is the one the session records.
    await user.clear(name);
    await user.type(name, 'Sally Stand-in');
    await user.click(screen.getByRole('radio', { name: SUPERVISEE.name }));
    await user.click(screen.getByRole('radio', { name: 'Safeguarding Supervision' }));
    await user.click(screen.getByRole('button', { name: 'Begin the session' }));
    await waitFor(() => expect(window.location.hash).toMatch(/^#\/session\//));
    const session = await harness().repositories.sessions.get(window.location.hash.replace('#/session/', ''));
    expect(session?.record.parties.supervisee.personId).toBe(personId);
    expect(session?.record.parties.supervisor).toEqual({ name: 'Sally Stand-in', role: SAM.jobRole });
  });

  it('leave the start screen empty when there are none', async () => {
    await addSupervisee(harness());
    renderApp(harness(), '#/start');
    await screen.findByRole('radio', { name: SUPERVISEE.name });
    // Wait until the details have been looked for (the trust chunk is loaded), then nothing is filled in.
    await harness().repositories.trust();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByRole('textbox', { name: 'Supervisor’s full name' })).toHaveValue('');
    expect(screen.getByRole('textbox', { name: 'Supervisor’s role' })).toHaveValue('');
    expect(screen.getByRole('radio', { name: DERBY_TITLE })).not.toBeChecked();
  });

  it('fill in the supervisor and choose the agreement template when an agreement is made', async () => {
    const user = userEvent.setup();
    await saveDetails(harness(), { ...SAM, agreementTemplateId: 'south-gloucestershire-appendix-1' });
    const personId = await addSupervisee(harness());
    renderApp(harness(), '#/agreements');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Whose agreement?' }), personId);
    const name = await screen.findByLabelText('Supervisor’s full name');
    await waitFor(() => expect(name).toHaveValue(SAM.name));
    expect(screen.getByLabelText('Supervisor’s role')).toHaveValue(SAM.jobRole);
    expect(screen.getByRole('radio', { name: CHECKLIST })).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Start the agreement' }));
    expect(await screen.findByRole('heading', { level: 1, name: CHECKLIST })).toBeInTheDocument();
  });

  it('fill in your name for a practice session', async () => {
    await saveDetails(harness(), SAM);
    renderApp(harness(), '#/practice');
    const name = await screen.findByRole('textbox', { name: 'Your name' });
    await waitFor(() => expect(name).toHaveValue(SAM.name));
  });

  it('the start screen offers one-to-one supervisees, not group members', async () => {
    await addSupervisee(harness());
    const member = await harness().repositories.people.add({ name: 'Gail Group', role: '', relation: 'group-member' });
    expect(member.ok).toBe(true);
    renderApp(harness(), '#/start');
    expect(await screen.findByRole('radio', { name: SUPERVISEE.name })).toBeInTheDocument();
    expect(screen.queryByRole('radio', { name: 'Gail Group' })).toBeNull();
  });
});
