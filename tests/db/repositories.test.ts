import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import { derby, driveDerbyWithoutCases, signBoth } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

let db: SupervisionDB;
let repositories: Repositories;
let ids = 0;
beforeEach(() => {
  db = new SupervisionDB(`repo-${Math.random()}`);
  ids = 0;
  repositories = createRepositories(db, { now: () => new Date('2026-11-22T10:00:00Z'), newId: () => `id-${String(++ids).padStart(6, '0')}` });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

async function openSession(template: RecordTemplateV1, sessionId: string) {
  const stored = await repositories.sessions.get(sessionId);
  if (!stored) throw new Error('no session');
  const restored = restoreSession(template, stored.record, await repositories.sessions.snapshot(sessionId));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  const save = () => repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  return { actor, save, kind: restored.kind };
}

/** Runs a Derby session through to signed with no case and one action; reviews earlier actions with `outcome`. */
async function runSession(personId: string, date: string, outcome: 'done' | 'carriedForward' | 'notDone', nextMeeting = { date: '', time: '', venue: '' }) {
  const template = derby();
  const created = await createSession(repositories, { template, sessionType: 'safeguarding-supervision', date, personId, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  const { actor, save } = await openSession(template, created.value);
  for (const previous of actor.getSnapshot().context.previousActions) {
    actor.send({ type: 'review.changed', actionId: previous.id, review: { outcome, reason: { done: '', notDone: 'No longer needed', carriedForward: 'Awaiting school records' }[outcome], newDueDate: '' } });
  }
  driveDerbyWithoutCases(actor, { id: `act-${date}`, what: `Send the chronology agreed on ${date}`, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  actor.send({ type: 'nextMeeting.changed', nextMeeting });
  signBoth(actor);
  expect(actor.getSnapshot().context.contentHash).not.toBeNull();
  await save();
  actor.stop();
  return created.value;
}

describe('the next meeting set in a session', () => {
  it('becomes a booked appointment when the session is signed, and marks that day held when it happens', async () => {
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const personId = person.value.id;
    const first = await runSession(personId, '2026-09-01', 'done', { date: '2026-12-01', time: '10:30', venue: 'Room 2' });
    const [booked, ...others] = await repositories.appointments.listFor(personId);
    expect(others).toEqual([]);
    expect(booked).toMatchObject({ date: '2026-12-01', time: '10:30', venue: 'Room 2', status: 'booked', kind: 'planned', fromSessionId: first, bookedOn: '2026-11-22', durationMinutes: 60 });

    // The next session, held on that day, marks the appointment held and books the one after (time still to agree).
    const second = await runSession(personId, '2026-12-01', 'done', { date: '2027-03-01', time: '', venue: '' });
    const after = await repositories.appointments.listFor(personId);
    expect(after.map((a) => [a.date, a.time, a.status, a.fromSessionId])).toEqual([
      ['2026-12-01', '10:30', 'held', first],
      ['2027-03-01', '', 'booked', second],
    ]);
  });

  it('books nothing when no next meeting is set, and never twice for the same day and time', async () => {
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const personId = person.value.id;
    await runSession(personId, '2026-09-01', 'done');
    expect(await repositories.appointments.listFor(personId)).toEqual([]);
    const manual = await repositories.appointments.book(personId, { date: '2027-01-05', time: '09:00', durationMinutes: 90, venue: '', kind: 'planned' });
    expect(manual.ok).toBe(true);
    await runSession(personId, '2026-10-01', 'done', { date: '2027-01-05', time: '09:00', venue: 'Room 1' });
    expect((await repositories.appointments.listFor(personId)).map((a) => a.durationMinutes)).toEqual([90]);
  });
});

describe('repositories', () => {
  it('refuses a person without a name and stores nothing', async () => {
    const result = await repositories.people.add({ name: '   ', role: 'Health Visitor' });
    expect(result).toEqual({ ok: false, message: 'Enter a name' });
    expect(await db.people.count()).toBe(0);
  });

  it('keeps a person’s email address (for calendar invitations): set, refused when not an address, removed with ""', async () => {
    const person = await repositories.people.add({ name: 'Tom Smith', role: 'School Nurse' });
    if (!person.ok) throw new Error(person.message);
    expect(person.value).not.toHaveProperty('email');
    expect(await repositories.people.setEmail(person.value.id, ' tom.smith@example.nhs.uk ')).toMatchObject({ ok: true, value: { email: 'tom.smith@example.nhs.uk' } });
    expect((await repositories.people.get(person.value.id))?.email).toBe('tom.smith@example.nhs.uk');
    expect(await repositories.people.setEmail(person.value.id, 'tom at example')).toEqual({ ok: false, message: 'Enter an email address like name@example.org' });
    expect((await repositories.people.get(person.value.id))?.email).toBe('tom.smith@example.nhs.uk');
    expect((await repositories.people.setEmail(person.value.id, '')).ok).toBe(true);
    expect(await repositories.people.get(person.value.id)).toEqual({ id: person.value.id, name: 'Tom Smith', role: 'School Nurse' });
  });

  it('refuses to start a session for an unknown supervisee', async () => {
    const result = await createSession(repositories, { template: derby(), sessionType: 'safeguarding-supervision', date: '2026-11-22', personId: 'nobody-000', supervisor: { name: 'Sam', role: '' } });
    expect(result.ok).toBe(false);
    expect(await db.sessions.count()).toBe(0);
  });

  it('brings open actions into the next session and tracks them across sessions', async () => {
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    await runSession(person.value.id, '2026-09-01', 'done');
    expect(await repositories.actions.openFor(person.value.id)).toHaveLength(1);

    await runSession(person.value.id, '2026-10-01', 'carriedForward');
    const open = await repositories.actions.openFor(person.value.id);
    // The dashboard's counts, from the index alone, agree with the rows: overdue is a due date before today.
    const due = open.map((a) => a.dueDate).filter((d) => d !== '').sort();
    expect(await repositories.actions.countsFor(person.value.id, '2000-01-01')).toEqual({ open: 2, overdue: 0 });
    expect(due).toEqual(['2026-12-31', '2026-12-31']);
    expect(await repositories.actions.countsFor(person.value.id, '2026-12-31')).toEqual({ open: 2, overdue: 0 });
    expect(await repositories.actions.countsFor(person.value.id, '2027-01-01')).toEqual({ open: 2, overdue: 2 });
    expect(await repositories.actions.countsFor(person.value.id, '2999-01-01')).toEqual({ open: 2, overdue: due.length });
    expect(await repositories.actions.countsFor('nobody-000', '2999-01-01')).toEqual({ open: 0, overdue: 0 });
    expect(open.map((a) => [a.what, a.timesCarriedForward])).toEqual([
      ['Send the chronology agreed on 2026-09-01', 1],
      ['Send the chronology agreed on 2026-10-01', 0],
    ]);

    await runSession(person.value.id, '2026-11-01', 'done');
    const afterThird = await repositories.actions.openFor(person.value.id);
    expect(afterThird.map((a) => a.what)).toEqual(['Send the chronology agreed on 2026-11-01']);
    const first = await db.actions.get('act-2026-09-01');
    expect(first?.status).toBe('done');
    expect(first?.content.reviews.map((r) => r.outcome)).toEqual(['carriedForward', 'done']);
  });

  it('never rewrites a signed record; amendments are kept beside it', async () => {
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const sessionId = await runSession(person.value.id, '2026-09-01', 'done');
    const before = await repositories.sessions.get(sessionId);
    const template = derby();
    // A stale tab saving a draft over the signed record changes nothing.
    const stale = { ...before!.record, answers: { 'any-other-business': 'changed later' }, contentHash: null };
    await repositories.sessions.save(template, stale, {} as never);
    const after = await repositories.sessions.get(sessionId);
    expect(after?.record).toEqual(before?.record);
    expect(verifyRecord(after!.record).status).toBe('valid');

    const empty = await repositories.sessions.amend(sessionId, { madeBy: 'Sam Supervisor', sectionId: null, text: '  ' });
    expect(empty.ok).toBe(false);
    const amended = await repositories.sessions.amend(sessionId, { madeBy: 'Sam Supervisor', sectionId: 'plan-and-actions', text: 'Due date agreed by phone: 5 January.' });
    expect(amended.ok).toBe(true);
    const amendments = await repositories.sessions.amendments(sessionId);
    expect(amendments).toHaveLength(1);
    expect(verifyRecord(after!.record, amendments).status).toBe('amended');
  });

  it('resumes a session at the step it was saved at', async () => {
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const template = derby();
    const created = await createSession(repositories, { template, sessionType: 'children-in-care-supervision', date: '2026-11-22', personId: person.value.id, supervisor: { name: 'Sam', role: '' } });
    if (!created.ok) throw new Error(created.message);
    const first = await openSession(template, created.value);
    first.actor.send({ type: 'step.next' });
    first.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload pressures' });
    await first.save();
    first.actor.stop();
    const second = await openSession(template, created.value);
    expect(second.kind).toBe('restored');
    expect(second.actor.getSnapshot().value).toEqual({ agenda: 'issues-or-concerns', escalation: 'closed' });
    expect(second.actor.getSnapshot().context.answers['issues-or-concerns']).toBe('Caseload pressures');
    second.actor.stop();
  });
});
