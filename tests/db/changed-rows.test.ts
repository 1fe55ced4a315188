/**
 * Saving as the users type rewrites only the rows that changed since the session's last save:
 * a keystroke in one case re-seals that case's row, not every case (with 75 cases held this was
 * most of each keystroke's time). What is stored stays exactly what the record says.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { expect, it } from 'vitest';
import { createActor, type Snapshot } from 'xstate';
import { createRepositories } from '../../client/db/repositories.ts';
import type { CaseDiscussionV1, SessionContentV1 } from '../../machines/model/record.ts';
import { createSessionMachine } from '../../machines/session/session.machine.ts';
import { DERBY, completeAction, derby, sessionInput } from '../machines/fixtures.ts';
import { useSealedDevices } from './sealed-device.ts';

const device = useSealedDevices('changed-rows');

const discussion = (n: number, notes = `Seen at home (${n}).`): CaseDiscussionV1 => ({
  id: `case-${String(n).padStart(4, '0')}`,
  label: `Child ${n}`,
  chosenBy: 'supervisee',
  stages: { experience: { notes }, reflection: { notes: '' }, analysis: { notes: '' }, actionPlanning: { notes: '' } },
  skipped: {},
  complete: false,
});

/** Each case row's seal (its IV) as stored, read on a second connection without the key. */
async function seals(name: string): Promise<Map<string, string>> {
  const raw = new Dexie(name);
  await raw.open();
  const rows = (await raw.table('cases').toArray()) as { id: string; sealed: { iv: Uint8Array } }[];
  raw.close();
  return new Map(rows.map((row) => [row.id, Array.from(row.sealed.iv).join(',')]));
}

it('rewrites only the case rows that changed, and deletes a removed one', async () => {
  const { db, repositories } = device();
  const name = db.name;
  const template = derby();
  const base = createActor(createSessionMachine(template, DERBY), { input: sessionInput() }).getSnapshot().context;
  const snapshot = { status: 'active', output: undefined, error: undefined } as Snapshot<unknown>;
  const cases = Array.from({ length: 5 }, (_, i) => discussion(i));
  const first: SessionContentV1 = { ...base, cases, actions: [completeAction('action-0001', 'case-0000')] };
  await repositories.sessions.save(template, first, snapshot);
  const before = await seals(name);
  expect(before.size).toBe(5);

  // Typing in case 2: a new cases array in which only case 2 is a new object.
  const typed = cases.map((c, i) => (i === 2 ? discussion(2, 'Seen at home (2), and again.') : c));
  await repositories.sessions.save(template, { ...first, cases: typed }, snapshot);
  const after = await seals(name);
  for (const [id, seal] of before) expect(after.get(id) === seal, id).toBe(id !== 'case-0002');
  expect((await db.cases.get('case-0002'))?.content.stages.experience?.['notes']).toBe('Seen at home (2), and again.');

  // Typing in a free-text answer: the cases are the same array, so no case row is rewritten.
  await repositories.sessions.save(template, { ...first, cases: typed, answers: { 'issues-or-concerns': 'Workload' } }, snapshot);
  expect(await seals(name)).toEqual(after);

  // A case removed: its row goes; the actions' case labels follow the record.
  const removed = typed.filter((c) => c.id !== 'case-0004');
  await repositories.sessions.save(template, { ...first, cases: removed }, snapshot);
  expect((await db.cases.where('sessionId').equals(first.sessionId).primaryKeys()).sort()).toEqual(['case-0000', 'case-0001', 'case-0002', 'case-0003']);

  // A new repositories instance (a reload) knows nothing of the last save: it writes every row.
  const reloaded = createRepositories(db, { now: () => new Date('2026-11-22T10:00:00Z') });
  await reloaded.sessions.save(template, { ...first, cases: removed }, snapshot);
  const rewritten = await seals(name);
  expect([...rewritten.keys()].sort()).toEqual(['case-0000', 'case-0001', 'case-0002', 'case-0003']);
  for (const [id, seal] of rewritten) expect(seal).not.toBe(after.get(id));
  db.close();
});
