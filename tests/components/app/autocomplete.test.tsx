/**
 * Issue 16, point 4: what is typed is not the browser's to keep. Chromium saves a tab's form fields
 * for session restore (the profile's `Sessions` files, written while the page is open) unless a
 * field has autocomplete="off"; a password field it never saves. So every field the app renders
 * for text (every textarea, every input but ticks, choices and files) has autocomplete="off", and
 * a password field carries "off" or its password-manager token. Checked over the component library
 * and over the app's screens, rendered through the real app; tests/e2e/lock-profile.e2e.test.ts
 * checks the profile itself.
 */
import { render, screen, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { LockGate } from '../../../client/app/LockGate.tsx';
import type { LockService } from '../../../client/app/lockService.ts';
import { ChildSummary } from '../../../client/components/ChildSummary.tsx';
import { Input } from '../../../client/components/Input.tsx';
import { LinkToGive } from '../../../client/components/LinkToGive.tsx';
import { PassphraseInput } from '../../../client/components/PassphraseInput.tsx';
import { TextArea } from '../../../client/components/TextArea.tsx';
import { childRecordSummary } from '../../../machines/record/childSummary.ts';
import { findTemplate } from '../../../machines/templates/index.ts';
import { realisticContent } from '../../records/fixtures.ts';
import { createGroupOfFive, createGroupSession } from '../group/harness.tsx';
import { addSupervisee, createDerbySession, beginPracticeAtCase, DERBY_HEADINGS, pressContinue, renderApp, SUPERVISEE, useHarness, type Harness } from '../session/harness.tsx';
import { createPractice } from '../../../client/live/create.ts';

/** Inputs that hold no typed text. */
const notText = new Set(['checkbox', 'radio', 'file', 'hidden', 'submit', 'button', 'reset', 'image', 'range', 'color']);

/**
 * Every text field under `root`, with what the browser is told about keeping it, and the ones it
 * would keep: a field that is not a password without autocomplete="off", a password without
 * "off" or a password token.
 */
function textFields(root: ParentNode = document.body): { count: number; kept: string[] } {
  const kept: string[] = [];
  let count = 0;
  for (const field of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input, textarea')) {
    if (field instanceof HTMLInputElement && notText.has(field.type)) continue;
    count += 1;
    const token = field.getAttribute('autocomplete');
    const allowed = field.type === 'password' ? ['off', 'new-password', 'current-password'] : ['off'];
    if (!allowed.includes(token ?? '')) kept.push(`${field.tagName.toLowerCase()} #${field.id} (${field.type}): autocomplete=${String(token)}`);
  }
  return { count, kept };
}

function expectNoneKept(where: string, atLeast = 1) {
  const { count, kept } = textFields();
  expect(kept, `fields the browser would keep ${where}`).toEqual([]);
  expect(count, `text fields ${where}`).toBeGreaterThanOrEqual(atLeast);
}

const noop = () => undefined;

describe('the component library', () => {
  it('every text field it renders has autocomplete="off", a password its token', () => {
    const derby = findTemplate('derby-derbyshire-appendix-3');
    if (!derby) throw new Error('No Derby template');
    const summary = childRecordSummary(derby, realisticContent(derby), 'case-baby-t-01');
    const source = { get: () => 'typed', subscribe: () => noop };
    const words = { copy: 'Copy', copied: 'Copied', copyFailed: 'Failed', showQr: 'Show', hideQr: 'Hide', qrLabel: 'QR' };
    render(
      <>
        <TextArea id="text" label="Text" value="typed" onChange={noop} dictation />
        <TextArea id="text-source" label="Text from a source" value={source} onChange={noop} />
        <Input id="line" label="Line" value="typed" onChange={noop} />
        <Input id="date" label="Date" type="date" value="2026-11-22" onChange={noop} />
        <Input id="time" label="Time" type="time" value="10:00" onChange={noop} />
        <Input id="secret" label="Secret" type="password" value="typed" onChange={noop} />
        <Input id="new-secret" label="New secret" type="password" autoComplete="new-password" value="typed" onChange={noop} />
        <PassphraseInput id="passphrase" label="Passphrase" value="typed" onChange={noop} autoComplete="current-password" />
        <LinkToGive id="link" link="https://example.invalid/#/receive/x/y" label="Link" words={words} onCopyFailed={noop} />
        <ChildSummary summary={summary} templateSystem={derby.childRecord.system} />
      </>,
    );
    expectNoneKept('in the component library', 10);
    expect(screen.getByLabelText('Line')).toHaveAttribute('autocomplete', 'off');
    expect(screen.getByLabelText('Secret')).toHaveAttribute('autocomplete', 'off');
    expect(screen.getByLabelText('New secret')).toHaveAttribute('autocomplete', 'new-password');
  });
});

describe('the lock screens', () => {
  const never = () => new Promise<LockService>(noop);
  it.each([
    ['first use, with a backup to restore', 'none', 'Protect the records on this device', 3],
    ['locked', 'set', 'Unlock', 1],
  ] as const)('%s: every text field has autocomplete="off", a passphrase its token', async (_, peeked, heading, fields) => {
    render(
      <LockGate load={never} peek={Promise.resolve(peeked)}>
        {() => null}
      </LockGate>,
    );
    await screen.findByRole('heading', { level: 1, name: heading });
    expectNoneKept(`on the lock's “${heading}”`, fields);
  });
});

describe('the app’s screens', () => {
  const harness = useHarness('autocomplete');

  /**
   * Each screen: how to reach it (data made through the repositories the screens use), its
   * heading, and what shows its fields once it is there.
   */
  const screens: { name: string; open: (h: Harness) => Promise<string>; heading: RegExp | string; ready?: (user: UserEvent) => Promise<unknown> }[] = [
    { name: 'start a session', open: async () => '#/start', heading: 'Start a supervision session' },
    { name: 'prepare', open: async (h) => (await addSupervisee(h), '#/prepare'), heading: 'Prepare for a session' },
    {
      name: 'a preparation',
      open: async (h) => {
        const created = await h.repositories.preparations.create(await addSupervisee(h));
        if (!created.ok) throw new Error(created.message);
        return `#/preparation/${created.value.id}`;
      },
      heading: /^Preparation/,
    },
    {
      name: 'agreements',
      open: async (h) => (await addSupervisee(h), '#/agreements'),
      heading: /agreement/i,
      ready: async (user) => user.selectOptions(await screen.findByRole('combobox', { name: 'Whose agreement?' }), await screen.findByRole('option', { name: new RegExp(`^${SUPERVISEE.name}`) })),
    },
    {
      name: 'an agreement',
      open: async (h) => {
        const created = await h.repositories.agreements.create(await addSupervisee(h), 'south-gloucestershire-appendix-1', { name: 'Sam Supervisor', role: 'Named Nurse' });
        if (!created.ok) throw new Error(created.message);
        return `#/agreement/${created.value.id}`;
      },
      heading: 'Checklist for SUPERVISION AGREEMENT',
    },
    { name: 'groups', open: async () => '#/groups', heading: /group/i },
    { name: 'a group', open: async (h) => `#/group/${(await createGroupOfFive(h)).groupId}`, heading: /South locality health visiting/ },
    { name: 'practice', open: async () => '#/practice', heading: /Practise supervision/ },
    { name: 'security', open: async () => '#/security', heading: 'Security' },
    { name: 'search', open: async () => '#/search', heading: /.+/ },
    { name: 'your details and keys', open: async () => '#/you', heading: 'Your details and keys', ready: () => screen.findByRole('textbox', { name: 'Your full name' }) },
    { name: 'a schedule', open: async (h) => `#/schedule/${await addSupervisee(h)}`, heading: /.+/ },
    { name: 'the report', open: async () => '#/report', heading: /.+/ },
  ];

  it.each(screens)('$name: every text field has autocomplete="off", a passphrase its token', async ({ open, heading, ready }) => {
    renderApp(harness(), await open(harness()));
    await screen.findByRole('heading', { level: 1, name: heading });
    await ready?.(userEvent.setup());
    expectNoneKept(`on ${window.location.hash}`);
  });

  it('a live session: each step, the cases and the escalation dialog', async () => {
    const user = userEvent.setup();
    const sessionId = await createDerbySession(harness(), await addSupervisee(harness()));
    renderApp(harness(), `#/session/${sessionId}`);
    await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[0] });
    for (const heading of DERBY_HEADINGS.slice(1, 4)) {
      await pressContinue(user);
      await screen.findByRole('heading', { level: 2, name: heading });
      expectNoneKept(`at “${heading}”`);
    }
    await user.click(screen.getAllByRole('button', { name: 'Escalate an immediate concern' })[0]!);
    const dialog = await screen.findByRole('dialog', { name: 'Escalate an immediate concern' });
    expect(textFields(dialog).count).toBe(2);
    expectNoneKept('with the escalation dialog open');
  });

  it('a practice session: a case, and what the trainee says to the simulated supervisee', async () => {
    const user = userEvent.setup();
    const created = await createPractice(harness().repositories, { scenarioId: 'neglect-with-drift', role: 'supervisor', trainee: 'Tara Trainee' });
    if (!created.ok) throw new Error(created.message);
    renderApp(harness(), `#/practice/${created.value}`);
    await beginPracticeAtCase(user, 'Pip Kettering');
    expect(screen.getByLabelText('What you would say')).toBeInTheDocument();
    expectNoneKept('in a practice case', 3);
  });

  it('a group session', async () => {
    const { groupId } = await createGroupOfFive(harness());
    renderApp(harness(), `#/group-session/${await createGroupSession(harness(), groupId)}`);
    await screen.findByRole('heading', { level: 2, name: 'Attendance register' });
    expectNoneKept('at the register', 0);
    const user = userEvent.setup();
    await pressContinue(user);
    await within(document.body).findByText(/^Saved on this device at /);
    expectNoneKept('at the group session’s second step');
  });
});
