/**
 * Devices for storage tests: each its own fake-indexeddb database with its own keys (made by
 * WebCrypto on first use), the real repositories over it, and a signed Derby session made through
 * the real session machine.
 */
import { createActor } from 'xstate';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { createTrustRepositories, type TrustRepositories } from '../../client/db/trustRepositories.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { derby, driveDerbyWithoutCases, signature, type SessionActor } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

export type Device = { name: string; db: SupervisionDB; repositories: Repositories; trust: TrustRepositories; close: () => Promise<void> };

let clock = Date.parse('2026-11-22T10:00:00Z');
const now = () => new Date((clock += 1000));

export function device(name: string): Device {
  const db = new SupervisionDB(`${name}-${Math.random()}`);
  let ids = 0;
  const newId = () => `${name}-${String(++ids).padStart(6, '0')}`;
  return {
    name,
    db,
    repositories: createRepositories(db, { now, newId }),
    trust: createTrustRepositories(db, { now, newId }),
    close: async () => {
      db.close();
      await db.delete();
    },
  };
}

export async function addPerson(on: Device, name = 'Tom Smith', role = 'Health Visitor'): Promise<string> {
  const added = await on.repositories.people.add({ name, role });
  if (!added.ok) throw new Error(added.message);
  return added.value.id;
}

/**
 * A Derby session on `on` for `personId` on `date`, created as the app creates it and driven through
 * the real machine to the signatures, read through; `save` saves it as the app saves it; `sessionId` is its id.
 */
export async function sessionAtSigning(on: { repositories: Repositories }, personId: string, date: string): Promise<{ sessionId: string; actor: SessionActor; save: () => Promise<void> }> {
  const template = derby();
  const created = await createSession(on.repositories, { template, sessionType: 'safeguarding-supervision', date, personId, supervisor: { name: 'Sarah Jones', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  const stored = (await on.repositories.sessions.get(created.value))!;
  const restored = restoreSession(template, stored.record, await on.repositories.sessions.snapshot(created.value));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  for (const previous of actor.getSnapshot().context.previousActions) {
    actor.send({ type: 'review.changed', actionId: previous.id, review: { outcome: 'done', reason: '', newDueDate: '' } });
  }
  driveDerbyWithoutCases(actor, { id: `act-${date}`, what: `Send the chronology agreed on ${date}`, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  actor.send({ type: 'record.readThrough' });
  return { sessionId: created.value, actor, save: () => on.repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot()) };
}

/**
 * A Derby session on `on` for `personId` on `date`, driven to the signatures and signed (both in
 * person unless `sign` signs otherwise), saved as the app saves it, and its chain link signed.
 */
export async function signedSession(on: Device, personId: string, date: string, sign?: (actor: SessionActor) => Promise<void> | void): Promise<string> {
  const { sessionId, actor, save } = await sessionAtSigning(on, personId, date);
  if (sign) await sign(actor);
  else for (const role of ['supervisor', 'supervisee'] as const) actor.send({ type: 'signature.added', signature: signature(role) });
  if (actor.getSnapshot().context.contentHash === null) throw new Error(`Not sealed: ${actor.getSnapshot().context.refusal.join('; ')}`);
  await save();
  actor.stop();
  return sessionId;
}
