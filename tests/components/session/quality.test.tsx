// The record quality check at the signatures step: a vague entry listed, refusing signature, dismissed with a reason or fixed where it was written.
import { screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  allowOnlyCanvasErrors,
  DERBY_HEADINGS,
  openSession,
  pressContinue,
  provideOffscreenCanvas,
  recordNoCaseDiscussed,
  savedRecordWhen,
  stepHeading,
  useDerbySession,
} from './harness.tsx';

const SECTION = 'Discussion of issues or concerns brought to supervision';
const VAGUE = 'case discussed, plan agreed';
const SPECIFIC = 'Caseload up to 40 families since the team lost a health visitor; two families to move to the school nursing team.';
const MESSAGE = 'This says little about what was discussed or decided. Record what happened, what was decided and why.';
const GAP = `Quality check — ${SECTION}: ${MESSAGE} Fix it, or dismiss it with a reason.`;
const NONE = 'No quality flags: the entries are specific, actions say what will be done, and judgements give their reasons.';
const REASON = 'The detail is in the case notes, agreed with the supervisee';

// Before useDerbySession, so its hooks run outside the harness's.
allowOnlyCanvasErrors();
const { harness, sessionId } = useDerbySession('quality');

/** Through the agenda to "Signatures", writing `issues` under SECTION, no case discussed, nothing else written. */
async function toSignatures(user: UserEvent, issues: string | null = VAGUE): Promise<void> {
  await openSession(harness(), sessionId());
  await pressContinue(user);
  await screen.findByRole('heading', { level: 2, name: SECTION });
  if (issues !== null) await user.type(screen.getByRole('textbox', { name: `Record under “${SECTION}”` }), issues);
  for (const heading of DERBY_HEADINGS.slice(2, 4)) {
    await pressContinue(user);
    await screen.findByRole('heading', { level: 2, name: heading });
  }
  await recordNoCaseDiscussed(user);
  for (const heading of DERBY_HEADINGS.slice(4)) {
    await pressContinue(user);
    await screen.findByRole('heading', { level: 2, name: heading });
  }
}

async function readThrough(user: UserEvent): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'We have read the record through' }));
  await screen.findByRole('button', { name: 'Sign as Supervisor' });
}

function qualityCheck(): HTMLElement {
  return screen.getByRole('region', { name: 'Record quality check' });
}

function flagItems(): HTMLElement[] {
  return within(qualityCheck()).queryAllByRole('listitem');
}

function onlyFlag(): HTMLElement {
  const items = flagItems();
  expect(items).toHaveLength(1);
  return items[0] as HTMLElement;
}

/** The gaps listed in the "cannot be signed yet" callout beside the signatures, or null when there is none. */
function signingGapsShown(): string[] | null {
  const callout = screen.queryByText('The record cannot be signed yet')?.closest('.nhsuk-warning-callout');
  if (!(callout instanceof HTMLElement)) return null;
  return within(callout).getAllByRole('listitem').map((item) => item.textContent ?? '');
}

describe('A vague entry', () => {
  it('is listed in "Record quality check" with where it is, its excerpt and what to do', async () => {
    const user = userEvent.setup();
    await toSignatures(user);

    expect(stepHeading()).toHaveTextContent('Signatures');
    const flag = onlyFlag();
    expect(within(flag).getByRole('heading', { level: 4 })).toHaveTextContent(`${SECTION} To check`);
    expect(within(flag).getByText(`“${VAGUE}”`)).toBeInTheDocument();
    expect(within(flag).getByText(MESSAGE)).toBeInTheDocument();
    expect(within(flag).getByRole('button', { name: `Go to ${SECTION}` })).toBeInTheDocument();
    expect(within(flag).getByRole('button', { name: 'Dismiss with a reason' })).toBeInTheDocument();
    expect(within(qualityCheck()).queryByText(NONE)).toBeNull();
  });

  it('stops signing: it is listed as a gap, and a signature is refused naming it', async () => {
    provideOffscreenCanvas();
    const user = userEvent.setup();
    await toSignatures(user);
    await readThrough(user);
    expect(signingGapsShown()).toEqual([GAP]);
    const pad = screen.getByRole('group', { name: 'Signature (Supervisor)' });
    await user.click(within(pad).getByRole('button', { name: 'Use my typed name as my signature' }));
    await within(pad).findByRole('img', { name: 'Your typed name, Sam Supervisor, as a signature' });

    await user.click(screen.getByRole('button', { name: 'Sign as Supervisor' }));

    const refusal = await screen.findByRole('alert');
    expect(within(refusal).getByRole('heading', { name: 'The record cannot be signed yet' })).toBeInTheDocument();
    expect(within(refusal).getAllByRole('listitem').map((item) => item.textContent)).toEqual([GAP]);
    expect(screen.queryByText(/^Signed by /)).toBeNull();
    expect(await harness().db.signatures.count()).toBe(0);
  });
});

describe('Dismissing a flag', () => {
  it('with no reason shows the error and dismisses nothing', async () => {
    const user = userEvent.setup();
    await toSignatures(user);
    await readThrough(user);

    await user.click(within(onlyFlag()).getByRole('button', { name: 'Dismiss with a reason' }));
    const reason = within(onlyFlag()).getByRole('textbox', { name: 'Why is this entry acceptable as it is?' });
    await user.type(reason, '   ');
    await user.click(within(onlyFlag()).getByRole('button', { name: 'Dismiss this flag' }));

    expect(reason).toHaveAccessibleDescription(expect.stringContaining('Error: Give the reason this entry is acceptable as it is'));
    expect(within(onlyFlag()).getByRole('heading', { level: 4 })).toHaveTextContent('To check');
    expect(within(onlyFlag()).queryByText(/^Dismissed: /)).toBeNull();
    expect(signingGapsShown()).toEqual([GAP]);
    const saved = await savedRecordWhen(harness(), sessionId(), (record) => expect(record.furthestSection).toBe(8));
    expect(saved.qualityDismissals ?? {}).toEqual({});
  });

  it('with a reason shows "Dismissed: <reason>" and the gap goes; "Undo dismissal" brings it back', async () => {
    const user = userEvent.setup();
    await toSignatures(user);
    await readThrough(user);
    await user.click(within(onlyFlag()).getByRole('button', { name: 'Dismiss with a reason' }));

    await user.type(within(onlyFlag()).getByRole('textbox', { name: 'Why is this entry acceptable as it is?' }), REASON);
    await user.click(within(onlyFlag()).getByRole('button', { name: 'Dismiss this flag' }));

    // The flag stays listed, marked dismissed with its reason; it no longer stops signing.
    expect(within(onlyFlag()).getByText(`Dismissed: ${REASON}`)).toBeInTheDocument();
    expect(within(onlyFlag()).getByRole('heading', { level: 4 })).toHaveTextContent(`${SECTION} Dismissed`);
    expect(within(onlyFlag()).queryByRole('textbox')).toBeNull();
    expect(signingGapsShown()).toBeNull();
    await savedRecordWhen(harness(), sessionId(), (record) => expect(Object.values(record.qualityDismissals ?? {})).toEqual([REASON]));

    await user.click(within(onlyFlag()).getByRole('button', { name: 'Undo dismissal' }));

    expect(within(onlyFlag()).getByRole('heading', { level: 4 })).toHaveTextContent(`${SECTION} To check`);
    expect(within(onlyFlag()).queryByText(/^Dismissed: /)).toBeNull();
    expect(within(onlyFlag()).getByRole('button', { name: 'Dismiss with a reason' })).toBeInTheDocument();
    expect(signingGapsShown()).toEqual([GAP]);
    await savedRecordWhen(harness(), sessionId(), (record) => expect(Object.values(record.qualityDismissals ?? {})).toEqual([]));
  });

  it('holds only for the words dismissed: rewriting the entry into another vague one asks again', async () => {
    const user = userEvent.setup();
    await toSignatures(user);
    await user.click(within(onlyFlag()).getByRole('button', { name: 'Dismiss with a reason' }));
    await user.type(within(onlyFlag()).getByRole('textbox', { name: 'Why is this entry acceptable as it is?' }), REASON);
    await user.click(within(onlyFlag()).getByRole('button', { name: 'Dismiss this flag' }));
    expect(within(onlyFlag()).getByText(`Dismissed: ${REASON}`)).toBeInTheDocument();

    await goToStep(user, SECTION);
    const entry = screen.getByRole('textbox', { name: `Record under “${SECTION}”` });
    await user.clear(entry);
    await user.type(entry, 'plan agreed');
    await goToStep(user, 'Signatures');

    expect(within(onlyFlag()).getByRole('heading', { level: 4 })).toHaveTextContent(`${SECTION} To check`);
    expect(within(onlyFlag()).getByText('“plan agreed”')).toBeInTheDocument();
    expect(within(onlyFlag()).queryByText(/^Dismissed: /)).toBeNull();
    await readThrough(user);
    expect(signingGapsShown()).toEqual([GAP]);
  });
});

/** Moves to a step already reached, through the agenda. */
async function goToStep(user: UserEvent, heading: string): Promise<void> {
  const agenda = screen.getByRole('navigation', { name: 'Agenda' });
  await user.click(within(agenda).getByText('Agenda'));
  await user.click(within(agenda).getByRole('button', { name: heading }));
  await screen.findByRole('heading', { level: 2, name: heading });
}

describe('Fixing an entry where it was written', () => {
  it('"Go to …" moves to that step; once the text is specific the flag is gone and the check says there are none', async () => {
    const user = userEvent.setup();
    await toSignatures(user);

    await user.click(within(onlyFlag()).getByRole('button', { name: `Go to ${SECTION}` }));

    expect(await screen.findByRole('heading', { level: 2, name: SECTION })).toBeInTheDocument();
    const entry = screen.getByRole('textbox', { name: `Record under “${SECTION}”` });
    expect(entry).toHaveValue(VAGUE);
    await user.clear(entry);
    await user.type(entry, SPECIFIC);
    await savedRecordWhen(harness(), sessionId(), (record) => expect(record.answers['issues-or-concerns']).toBe(SPECIFIC));

    // Back to the signatures through the agenda, which offers every step already reached.
    await goToStep(user, 'Signatures');

    expect(stepHeading()).toHaveTextContent('Signatures');
    expect(within(qualityCheck()).getByText(NONE)).toBeInTheDocument();
    expect(flagItems()).toEqual([]);
    await readThrough(user);
    expect(signingGapsShown()).toBeNull();
  });

  it('a record with nothing vague says so at the signatures step', async () => {
    const user = userEvent.setup();
    await toSignatures(user, SPECIFIC);

    expect(within(qualityCheck()).getByText(NONE)).toBeInTheDocument();
    expect(flagItems()).toEqual([]);
  });
});
