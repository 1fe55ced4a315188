/**
 * Saving an answer (issue 8). What was typed is made durable first by `saveAnswer`: the machine's
 * snapshot with the record inside, one row, nothing read; a tab killed then resumes exactly there.
 * `save` follows and keeps the record once: the session row holds it and the snapshot's envelope
 * only the machine's position (and the case being discussed); resuming joins them. A plain
 * answer's `save` writes those two rows in a transaction over their two stores, and decides
 * whether the record is signed from index keys alone. A tab still typing into a record that
 * another tab has signed changes nothing of it, and the record opens signed.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, expect, it, vi } from 'vitest';
import { createActor } from 'xstate';
import { Keyring } from '../../client/db/atRest.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { DERBY, derby, driveDerbyWithoutCases, requireCycle, signBoth } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** Two tabs of one device: two connections to one sealed database, each with its own repositories. */
function twoTabs() {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const name = `save-answer-${Math.random()}`;
  names.push(name);
  let n = 0;
  const tab = () => {
    const keyring = new Keyring();
    keyring.unlock(key);
    const db = new SupervisionDB(name, { keyring });
    return { db, repositories: createRepositories(db, { now: () => new Date('2026-11-22T10:00:00Z'), newId: () => `id-${String(++n).padStart(6, '0')}` }) };
  };
  return { name, first: tab(), second: tab() };
}

type Tab = ReturnType<typeof twoTabs>['first'];

async function startSession(tab: Tab): Promise<string> {
  const person = await tab.repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
  if (!person.ok) throw new Error(person.message);
  const created = await createSession(tab.repositories, { template: derby(), sessionType: DERBY, date: '2026-11-22', personId: person.value.id, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

/** Opens the session in a tab as the session screen does, saving as it does. */
async function open(tab: Tab, sessionId: string) {
  const template = derby();
  const stored = await tab.repositories.sessions.get(sessionId);
  if (!stored) throw new Error('no session');
  const restored = restoreSession(template, stored.record, await tab.repositories.sessions.snapshot(sessionId));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  return {
    actor,
    restored,
    /** The first, smallest write alone: what a tab killed right after it has on disk. */
    saveAnswer: () => tab.repositories.sessions.saveAnswer(actor.getSnapshot().context, actor.getPersistedSnapshot()),
    save: () => tab.repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot()),
  };
}

/** A row as stored, read without the key: its seal's IV tells whether it was written again. */
async function ivOf(name: string, table: string, key: string): Promise<string> {
  const raw = new Dexie(name);
  await raw.open();
  const row = (await raw.table(table).get(key)) as { sealed: { iv: Uint8Array } } | undefined;
  raw.close();
  if (!row) throw new Error(`No ${table} row ${key}`);
  return Array.from(row.sealed.iv).join(',');
}

/** Tab one saves at the issues step and stays open; tab two then signs the record. */
async function signedUnderAStaleTab() {
  const { name, first, second } = twoTabs();
  const sessionId = await startSession(first);
  const stale = await open(first, sessionId);
  stale.actor.send({ type: 'step.next' });
  await stale.save();

  const signing = await open(second, sessionId);
  driveDerbyWithoutCases(signing.actor, { id: 'action-0001', what: 'Send the chronology', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  signBoth(signing.actor);
  await signing.saveAnswer(); // a sealed record is never written this way…
  await signing.save(); // …but in one transaction with everything sealing changes
  const signed = await second.repositories.sessions.get(sessionId);
  if (signed?.row.status !== 'signed') throw new Error('The record was not signed');
  return { name, first, second, sessionId, stale, signed };
}

it('keeps the record once, in the session row; the snapshot holds the position, and another tab resumes exactly', async () => {
  const { first, second } = twoTabs();
  const sessionId = await startSession(first);
  const typing = await open(first, sessionId);
  typing.actor.send({ type: 'step.next' });
  typing.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload pressures after two new plans' });
  await typing.save();

  const envelope = await first.repositories.sessions.snapshot(sessionId);
  expect(envelope?.snapshot).not.toHaveProperty('context');
  expect(envelope?.snapshot).toMatchObject({ value: { agenda: 'issues-or-concerns', escalation: 'closed' } });

  const resumed = await open(second, sessionId);
  expect(resumed.restored.kind).toBe('restored');
  expect(resumed.actor.getSnapshot().value).toEqual(typing.actor.getSnapshot().value);
  expect(resumed.actor.getSnapshot().context).toEqual(typing.actor.getSnapshot().context);
});

it('saves a plain answer in a transaction over the session and snapshot stores only', async () => {
  const { first } = twoTabs();
  const sessionId = await startSession(first);
  const typing = await open(first, sessionId);
  typing.actor.send({ type: 'step.next' });
  typing.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Case' });
  await typing.save(); // the first save in this tab writes every row
  const transaction = vi.spyOn(first.db, 'transaction');
  typing.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload' });
  await typing.save();
  expect(transaction).toHaveBeenCalledTimes(1);
  const stores = (transaction.mock.calls[0]?.[1] as unknown as { name: string }[]).map((table) => table.name);
  expect(stores.sort()).toEqual(['sessions', 'snapshots']);
  expect((await first.repositories.sessions.get(sessionId))?.record.answers['issues-or-concerns']).toBe('Caseload');
});

it('a stale tab typing into a record another tab has signed rewrites neither the record nor its snapshot', async () => {
  const { name, first, sessionId, stale, signed } = await signedUnderAStaleTab();
  const seals = { session: await ivOf(name, 'sessions', sessionId), snapshot: await ivOf(name, 'snapshots', sessionId) };

  // The stale tab's next save is a plain answer's (nothing else changed there since its last save).
  stale.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Typed after the other tab signed' });
  await expect(stale.save()).resolves.toBeUndefined();

  expect({ session: await ivOf(name, 'sessions', sessionId), snapshot: await ivOf(name, 'snapshots', sessionId) }).toEqual(seals);
  const after = await first.repositories.sessions.get(sessionId);
  expect(after?.record).toEqual(signed?.record);
  expect(verifyRecord(after!.record).status).toBe('valid');
});

it('a tab killed right after the answer\'s first write resumes exactly, a case half-discussed included', async () => {
  const { name, first, second } = twoTabs();
  const sessionId = await startSession(first);
  const typing = await open(first, sessionId);
  typing.actor.send({ type: 'step.next' });
  typing.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload' });
  await typing.saveAnswer();
  await typing.save();
  const row = await ivOf(name, 'sessions', sessionId);

  typing.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Caseload pressures after two new plans' });
  typing.actor.send({ type: 'step.next' });
  typing.actor.send({ type: 'step.next' });
  typing.actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: 'supervisee' });
  requireCycle(typing.actor).send({ type: 'stage.answered', stage: 'experience', field: 'notes', text: 'Home visit: bruise on the cheek' });
  await typing.saveAnswer(); // …and the tab is killed before `save`
  // Written on the native connection, it is sealed as the at-rest layer seals: no text in the clear.
  const stored = new Dexie(name);
  await stored.open();
  const snapshotRow: unknown = await stored.table('snapshots').get(sessionId);
  stored.close();
  expect(Object.keys(snapshotRow as object).sort()).toEqual(['sealed', 'sessionId']);
  expect(JSON.stringify(snapshotRow, (_, v: unknown) => (v instanceof Uint8Array ? new TextDecoder('utf-8', { fatal: false }).decode(v) : v))).not.toContain('bruise');

  expect(await ivOf(name, 'sessions', sessionId)).toBe(row); // the session row is as it was
  const resumed = await open(second, sessionId);
  expect(resumed.restored.kind).toBe('restored');
  expect(resumed.actor.getSnapshot().value).toEqual(typing.actor.getSnapshot().value);
  expect(resumed.actor.getSnapshot().context).toEqual(typing.actor.getSnapshot().context);
  expect(requireCycle(resumed.actor).getSnapshot().context).toEqual(requireCycle(typing.actor).getSnapshot().context);

  // Carrying on there writes the session row again, with everything typed.
  await resumed.save();
  expect((await second.repositories.sessions.get(sessionId))?.record.answers['issues-or-concerns']).toBe('Caseload pressures after two new plans');
});

it('a stale tab\'s first write after the record was signed elsewhere leaves it signed, and it opens signed', async () => {
  const { name, second, sessionId, stale, signed } = await signedUnderAStaleTab();
  const row = await ivOf(name, 'sessions', sessionId);

  stale.actor.send({ type: 'answer.changed', sectionId: 'issues-or-concerns', text: 'Typed after the other tab signed' });
  await stale.saveAnswer();
  await stale.save();

  expect(await ivOf(name, 'sessions', sessionId)).toBe(row);
  const reopened = await open(second, sessionId);
  expect(reopened.restored).toMatchObject({ kind: 'rebuilt', why: 'the record was signed in another tab or window' });
  expect(reopened.actor.getSnapshot().value).toEqual({ agenda: 'signed', escalation: 'closed' });
  expect(reopened.actor.getSnapshot().context).toEqual({ ...signed!.record, refusal: [] });
  expect(verifyRecord(signed!.record).status).toBe('valid');
});
