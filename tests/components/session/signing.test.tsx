// Signing a Derby record: reading it through, the gaps that stop signing, and the signatures themselves.
import { screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  allowOnlyCanvasErrors,
  continueToCaseDiscussion,
  openSession,
  pressContinue,
  provideOffscreenCanvas,
  recordNoCaseDiscussed,
  savedRecordWhen,
  stepHeading,
  useDerbySession,
} from './harness.tsx';

const ACTION = 'Refer to MASH';
const GAPS = [`“${ACTION}” has no owner`, `“${ACTION}” has no due date`];

// Before useDerbySession, so the harness is closed before what was reported is checked.
allowOnlyCanvasErrors();
const { harness, sessionId } = useDerbySession('signing');

/** Through the agenda to the signatures step with one action that has no owner and no due date. */
async function toSignatures(user: UserEvent) {
  await openSession(harness(), sessionId());
  await continueToCaseDiscussion(user);
  await recordNoCaseDiscussed(user);
  await pressContinue(user);
  await screen.findByRole('heading', { level: 2, name: 'Development / training needs and opportunities' });
  await pressContinue(user);
  await screen.findByRole('heading', { level: 2, name: 'Plan and actions' });
  await user.click(screen.getByRole('button', { name: 'Add an action' }));
  await user.type(screen.getByRole('textbox', { name: 'What is to be done' }), ACTION);
  for (const heading of ['Any other business', 'Date and time of next meeting', 'Signatures']) {
    await pressContinue(user);
    await screen.findByRole('heading', { level: 2, name: heading });
  }
}

function gapsCallout() {
  return screen.getByText('The record cannot be signed yet').closest('.nhsuk-warning-callout');
}

describe('Before signing', () => {
  it('the record is read through first: no signature fields until "We have read the record through"', async () => {
    const user = userEvent.setup();
    await toSignatures(user);

    expect(screen.queryByRole('button', { name: 'Sign as Supervisor' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'We have read the record through' }));

    expect(await screen.findByRole('button', { name: 'Sign as Supervisor' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign as Supervisee' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Full name (Supervisor)' })).toHaveValue('Sam Supervisor');
    expect(screen.getByRole('textbox', { name: 'Full name (Supervisee)' })).toHaveValue('Val Visitor');
  });

  it('an action without owner or due date is listed as a gap that stops signing', async () => {
    const user = userEvent.setup();
    await toSignatures(user);
    await user.click(screen.getByRole('button', { name: 'We have read the record through' }));

    const callout = gapsCallout();
    expect(callout).not.toBeNull();
    const items = within(callout as HTMLElement).getAllByRole('listitem').map((item) => item.textContent);
    expect(items).toEqual(GAPS);
  });

  it('signing without a drawing shows the field error and signs nothing', async () => {
    const user = userEvent.setup();
    await toSignatures(user);
    await user.click(screen.getByRole('button', { name: 'We have read the record through' }));

    await user.click(screen.getByRole('button', { name: 'Sign as Supervisor' }));

    const pad = screen.getByRole('group', { name: 'Signature (Supervisor)' });
    expect(pad).toHaveAccessibleDescription(
      expect.stringContaining('Error: Draw your signature, or use your typed name as your signature'),
    );
    expect(within(screen.getByRole('group', { name: 'Signature (Supervisee)' })).queryByText(/Draw your signature/)).toBeNull();
    expect(screen.queryByText(/^Signed by /)).toBeNull();
    const saved = await savedRecordWhen(harness(), sessionId(), (record) => expect(record.furthestSection).toBe(8));
    expect(saved.signatures).toEqual({ supervisor: null, supervisee: null });
    expect(await harness().db.signatures.count()).toBe(0);
  });

  it('a signature with the gaps still open is refused by the session, which lists them', async () => {
    provideOffscreenCanvas();
    const user = userEvent.setup();
    await toSignatures(user);
    await user.click(screen.getByRole('button', { name: 'We have read the record through' }));
    const pad = screen.getByRole('group', { name: 'Signature (Supervisor)' });
    await user.click(within(pad).getByRole('button', { name: 'Use my typed name as my signature' }));
    expect(await within(pad).findByRole('img', { name: 'Your typed name, Sam Supervisor, as a signature' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Sign as Supervisor' }));

    const refusal = await screen.findByRole('alert');
    expect(within(refusal).getByRole('heading', { name: 'The record cannot be signed yet' })).toBeInTheDocument();
    expect(within(refusal).getAllByRole('listitem').map((item) => item.textContent)).toEqual(GAPS);
    // The same list is not shown twice.
    expect(gapsCallout()).toBeNull();
    expect(screen.queryByText(/^Signed by /)).toBeNull();
    expect(stepHeading()).toHaveTextContent('Signatures');
    expect(await harness().db.signatures.count()).toBe(0);
  });
});

describe('Signing', () => {
  it('once the action has an owner and a date, both sign and the record is sealed', async () => {
    provideOffscreenCanvas();
    const user = userEvent.setup();
    await toSignatures(user);
    for (const heading of ['Date and time of next meeting', 'Any other business', 'Plan and actions']) {
      await user.click(screen.getByRole('button', { name: 'Back' }));
      await screen.findByRole('heading', { level: 2, name: heading });
    }
    await user.click(screen.getByRole('radio', { name: 'Supervisee' }));
    await user.type(screen.getByLabelText('By when'), '2026-12-01');
    expect(screen.queryByRole('list', { name: 'Still needed for action 1' })).toBeNull();
    for (const heading of ['Any other business', 'Date and time of next meeting', 'Signatures']) {
      await pressContinue(user);
      await screen.findByRole('heading', { level: 2, name: heading });
    }
    await user.click(screen.getByRole('button', { name: 'We have read the record through' }));
    expect(screen.queryByText('The record cannot be signed yet')).toBeNull();

    for (const [title, name] of [
      ['Supervisor', 'Sam Supervisor'],
      ['Supervisee', 'Val Visitor'],
    ] as const) {
      const pad = screen.getByRole('group', { name: `Signature (${title})` });
      await user.click(within(pad).getByRole('button', { name: 'Use my typed name as my signature' }));
      await within(pad).findByRole('img', { name: `Your typed name, ${name}, as a signature` });
      await user.click(screen.getByRole('button', { name: `Sign as ${title}` }));
      if (title === 'Supervisor') expect(await screen.findByText(/^Signed by Sam Supervisor on /)).toBeInTheDocument();
    }

    expect(await screen.findByRole('heading', { level: 2, name: 'Both have signed. The record is sealed.' })).toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'View the signed record and child-record summaries' })).toHaveAttribute(
      'href',
      `#/record/${sessionId()}`,
    );
    const saved = await savedRecordWhen(harness(), sessionId(), (record) => expect(record.contentHash).not.toBeNull());
    expect(saved.actions).toEqual([
      { id: 'id-000003', what: ACTION, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-01', caseId: null },
    ]);
    expect((await harness().db.sessions.get(sessionId()))?.status).toBe('signed');
    expect(await harness().db.signatures.count()).toBe(2);
    expect((await harness().db.actions.get('id-000003'))?.status).toBe('open');

    // The signed record opens with the device's signature checked, and its chain.
    await user.click(screen.getByRole('button', { name: 'View the signed record and child-record summaries' }));
    const device = await screen.findByRole('region', { name: /^Signature check/ });
    expect(await within(device).findByText('Valid')).toBeInTheDocument();
    expect(within(device).getByText('This supervisee’s 1 signed record is all present and in order.')).toBeInTheDocument();
    expect(await harness().db.recordSignatures.count()).toBe(1);
  });
});
