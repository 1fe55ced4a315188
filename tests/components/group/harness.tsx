/**
 * Group supervision through the real app: the session harness (a real SupervisionDB on
 * fake-indexeddb, the real repositories, a settable clock) with a group of five.
 */
import { screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { expect } from 'vitest';
import { createActor } from 'xstate';
import type { GroupSessionContentV1 } from '../../../machines/model/group.ts';
import { groupSessionMachine } from '../../../machines/group/groupSession.machine.ts';
import { groupInputOf, restoreGroupSession } from '../../../client/live/groupSession.ts';
import { renderApp, type Harness, expectFocused } from '../session/harness.tsx';
import { createGroupSession as startGroupSession } from '../../../client/live/create.ts';
import { loadNamesLanguage } from '../../../machines/review/namesLanguage.ts';

export { renderApp, useHarness, type Harness } from '../session/harness.tsx';

export const FACILITATOR = { name: 'Ruth Okafor', role: 'Named Nurse' } as const;
export const MEMBERS = [
  { name: 'Priya Shah', role: 'Health Visitor' },
  { name: 'Tom Reed', role: 'School Nurse' },
  { name: 'Lee Grant', role: 'Health Visitor' },
  { name: 'Dee Clark', role: 'Family Nurse' },
] as const;
export const GROUP_NAME = 'South locality health visiting';
export const GROUP_DATE = '2026-11-22';

export type Group = { groupId: string; ids: Record<string, string> };

/** Five people and their group, made through the repositories the screens use. */
export async function createGroupOfFive(harness: Harness): Promise<Group> {
  const ids: Record<string, string> = {};
  for (const person of [FACILITATOR, ...MEMBERS]) {
    const added = await harness.repositories.people.add(person);
    if (!added.ok) throw new Error(added.message);
    ids[person.name] = added.value.id;
  }
  const created = await harness.repositories.groups.create({
    name: GROUP_NAME,
    facilitatorId: ids[FACILITATOR.name] as string,
    memberIds: MEMBERS.map((m) => ids[m.name] as string),
  });
  if (!created.ok) throw new Error(created.message);
  return { groupId: created.value.id, ids };
}

export async function createGroupSession(harness: Harness, groupId: string, date = GROUP_DATE): Promise<string> {
  const created = await startGroupSession(harness.repositories, { groupId, date });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

/** Opens a group session in the app and waits for its step heading and its first save. */
export async function openGroupSession(harness: Harness, sessionId: string, heading = 'Attendance register') {
  const view = renderApp(harness, `#/group-session/${sessionId}`);
  await screen.findByRole('heading', { level: 2, name: heading });
  await screen.findByText(/^Saved on this device at /);
  return view;
}

/** A group of five and a new session of it, opened in the app at the register. */
export async function openNewGroupSession(harness: Harness): Promise<Group & { sessionId: string }> {
  const group = await createGroupOfFive(harness);
  const sessionId = await createGroupSession(harness, group.groupId);
  await openGroupSession(harness, sessionId);
  return { ...group, sessionId };
}

export function stepHeading(): HTMLElement {
  const heading = document.getElementById('group-step-heading');
  if (!heading) throw new Error('No step heading on screen');
  return heading;
}

export function phaseHeading(): HTMLElement {
  const heading = document.getElementById('phase-heading');
  if (!heading) throw new Error('No phase heading on screen');
  return heading;
}

export async function mark(user: UserEvent, legend: string, choice: 'Present' | 'Apologies' | 'Absent') {
  await user.click(within(screen.getByRole('group', { name: legend })).getByRole('radio', { name: choice }));
}

/** The register with everyone present except Dee Clark, who sends apologies. */
export async function registerWithOneApology(user: UserEvent) {
  await mark(user, `${FACILITATOR.name}, ${FACILITATOR.role} (facilitator)`, 'Present');
  for (const member of MEMBERS) await mark(user, `${member.name}, ${member.role}`, member.name === 'Dee Clark' ? 'Apologies' : 'Present');
}

export async function continueTo(user: UserEvent, heading: string, button = 'Continue') {
  await user.click(screen.getByRole('button', { name: button }));
  await expectFocused(screen.findByRole('heading', { level: 2, name: heading }));
}

/** Register and agreement done: at the consultations step. */
export async function throughToConsultations(user: UserEvent) {
  await registerWithOneApology(user);
  await continueTo(user, 'Confidentiality boundaries and ground rules');
  await user.click(screen.getByRole('button', { name: 'We agree these boundaries' }));
  await screen.findByText(/^Agreed at /);
  await continueTo(user, 'Case consultations');
}

export async function startConsultation(user: UserEvent, presenter: string, caseLabel: string, question: string, scribe: string | null) {
  await user.click(within(screen.getByRole('group', { name: 'Presenter' })).getByRole('radio', { name: presenter }));
  await user.type(screen.getByRole('textbox', { name: 'Child or family' }), caseLabel);
  if (question) await user.type(screen.getByRole('textbox', { name: 'The question they want help with' }), question);
  if (scribe) await user.selectOptions(screen.getByRole('combobox', { name: 'Scribe' }), scribe);
  await user.click(screen.getByRole('button', { name: 'Start the consultation' }));
  await waitFor(() => expect(phaseHeading()).toHaveTextContent('Phase 1 of 5: Presenting the case'));
}

export async function nextPhase(user: UserEvent, heading: string) {
  await user.click(screen.getByRole('button', { name: 'Next phase' }));
  await waitFor(() => expect(phaseHeading()).toHaveTextContent(heading));
  expect(phaseHeading()).toHaveFocus();
}

/** The session's content as saved, once `check` holds for it. */
export async function savedContentWhen(harness: Harness, sessionId: string, check: (content: GroupSessionContentV1, status: string) => void): Promise<GroupSessionContentV1> {
  let found: GroupSessionContentV1 | undefined;
  await waitFor(async () => {
    const row = await harness.db.groupSessions.get(sessionId);
    if (!row) throw new Error('No group session row');
    check(row.content, row.status);
    found = row.content;
  });
  if (!found) throw new Error('unreachable');
  return found;
}

/**
 * A session of the group run through the real machine (not the screens) and saved as the
 * screen saves it: everyone present but those given as apologies, agreed, the consultations
 * and themes given, then closed unless `close` is false.
 */
export async function runSessionByMachine(
  harness: Harness,
  groupId: string,
  options: {
    date: string;
    apologies?: string[];
    consultations?: { presenterId: string; caseLabel: string; presenting?: string }[];
    themes?: { text: string; tags: string[] }[];
    learning?: string;
    close?: boolean;
  },
): Promise<string> {
  const sessionId = await createGroupSession(harness, groupId, options.date);
  const stored = await harness.repositories.groupSessions.get(sessionId);
  if (!stored) throw new Error('The session was not saved');
  const restored = restoreGroupSession(stored.content, await harness.repositories.groupSessions.snapshot(sessionId));
  const actor = createActor(groupSessionMachine, { snapshot: restored.snapshot, input: groupInputOf(stored.content) }).start();
  const at = new Date(`${options.date}T10:00:00Z`).getTime();
  for (const member of stored.content.members) {
    actor.send({ type: 'attendance.marked', personId: member.personId, mark: options.apologies?.includes(member.personId) ? 'apologies' : 'present' });
  }
  actor.send({ type: 'step.next' });
  actor.send({ type: 'agreement.agreed', at: new Date(at).toISOString() });
  actor.send({ type: 'step.next' });
  for (const [index, c] of (options.consultations ?? []).entries()) {
    const id = `consult-${options.date}-${index}`;
    actor.send({ type: 'consultation.started', id, presenterId: c.presenterId, caseLabel: c.caseLabel, question: 'What am I missing?', scribeId: null, at });
    const consultation = actor.getSnapshot().children.consultation;
    if (!consultation) throw new Error('The consultation did not start');
    if (c.presenting) consultation.send({ type: 'notes.changed', phase: 'presenting', text: c.presenting });
    consultation.send({ type: 'notes.changed', phase: 'actions', text: 'No actions needed: the plan stands.' });
    for (let phase = 0; phase < 5; phase += 1) consultation.send({ type: 'phase.next', at: at + (phase + 1) * 60_000 });
  }
  for (const [index, theme] of (options.themes ?? []).entries()) {
    actor.send({ type: 'theme.captured', theme: { id: `theme-${options.date}-${index}`, text: theme.text, tags: theme.tags, capturedAt: new Date(at).toISOString(), consultationId: null } });
  }
  actor.send({ type: 'step.next' });
  if (options.learning) actor.send({ type: 'learning.changed', text: options.learning });
  if (options.close !== false) {
    // Closing checks the themes for names. Driven here without the screen, whose load would load
    // their language analysis: loaded here, and only here (a session left open is opened by the
    // screen, which must load it itself: names-language.test.tsx).
    await loadNamesLanguage();
    actor.send({ type: 'session.closed' });
  }
  const snapshot = actor.getSnapshot();
  await harness.repositories.groupSessions.save(snapshot.context, actor.getPersistedSnapshot(), (snapshot.value as { agenda: unknown }).agenda === 'closed');
  actor.stop();
  return sessionId;
}
