/**
 * Verifiable signatures on fake-indexeddb with WebCrypto: sealing a record signs its chain
 * link with this device's non-extractable ECDSA P-256 key; opening checks the signature, the
 * content and the supervisee's chain. An edit after signing, a tampered signature, and a
 * record removed from (or reordered in) the chain are each detected.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { $RecordSignatureV1 } from '../../client/db/signatureRepositories.ts';
import { DEVICE_KEY_ID } from '../../client/db/trustRepositories.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { chainLinkOf, verifyChain } from '../../machines/record/chain.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { derby, driveDerbyWithoutCases, signBoth } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

let db: SupervisionDB;
let repositories: Repositories;
let ids = 0;
let clock = Date.parse('2026-11-22T10:00:00Z');

beforeEach(() => {
  db = new SupervisionDB(`signatures-${Math.random()}`);
  repositories = createRepositories(db, { now: () => new Date((clock += 1000)), newId: () => `id-${String(++ids).padStart(6, '0')}` });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

async function signedSession(personId: string, date: string): Promise<string> {
  const template = derby();
  const created = await createSession(repositories, { template, sessionType: 'safeguarding-supervision', date, personId, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  const stored = (await repositories.sessions.get(created.value))!;
  const restored = restoreSession(template, stored.record, await repositories.sessions.snapshot(created.value));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  for (const previous of actor.getSnapshot().context.previousActions) {
    actor.send({ type: 'review.changed', actionId: previous.id, review: { outcome: 'done', reason: '', newDueDate: '' } });
  }
  driveDerbyWithoutCases(actor, { id: `act-${date}`, what: `Send the chronology agreed on ${date}`, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  signBoth(actor);
  await repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  actor.stop();
  return created.value;
}

async function person(): Promise<string> {
  const added = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
  if (!added.ok) throw new Error(added.message);
  return added.value.id;
}

describe('device signatures and the chain', () => {
  it('signs each sealed record with a non-extractable P-256 key, chained to the one before', async () => {
    const personId = await person();
    const first = await signedSession(personId, '2026-09-01');
    const second = await signedSession(personId, '2026-10-01');
    const key = await db.deviceKeys.get(DEVICE_KEY_ID);
    expect(key?.privateKey.extractable).toBe(false);
    expect(key?.privateKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' });
    await expect(crypto.subtle.exportKey('jwk', key!.privateKey)).rejects.toThrow();

    const a = $RecordSignatureV1.parse((await db.recordSignatures.get(first))?.content);
    const b = $RecordSignatureV1.parse((await db.recordSignatures.get(second))?.content);
    expect(a.prev).toBeNull();
    expect(b.prev).toBe(a.link);
    expect(b.link).toBe(chainLinkOf(a.link, b.contentHash));
    expect(await repositories.signatures.check(second)).toMatchObject({ status: 'valid', chain: { status: 'intact', length: 2 } });
    // Signing again changes nothing.
    await repositories.signatures.sign(second);
    expect(await db.recordSignatures.count()).toBe(2);
  });

  it('an edit after signing shows invalid: the seal and the signature both say so', async () => {
    const personId = await person();
    const sessionId = await signedSession(personId, '2026-09-01');
    const row = (await db.sessions.get(sessionId))!;
    const record = row.content.record;
    await db.sessions.put({ ...row, content: { ...row.content, record: { ...record, actions: record.actions.map((a) => ({ ...a, what: 'Something else entirely' })) } } });
    const stored = (await repositories.sessions.get(sessionId))!;
    expect(verifyRecord(stored.record).status).toBe('invalid');
    // The content hash stored with it was left alone: the signature still verifies for what was
    // signed, but the content no longer hashes to it, so the check says so (it once said valid)...
    expect(await repositories.signatures.check(sessionId)).toMatchObject({ status: 'invalid', reason: 'contentChanged' });
    // ...and when the stored hash is changed to hide the edit, the signature no longer matches.
    await db.sessions.put({ ...row, content: { ...row.content, record: { ...record, contentHash: 'f'.repeat(64) } } });
    expect(await repositories.signatures.check(sessionId)).toMatchObject({ status: 'invalid', reason: 'contentChanged' });
  });

  it('a tampered signature is refused', async () => {
    const personId = await person();
    const sessionId = await signedSession(personId, '2026-09-01');
    const row = (await db.recordSignatures.get(sessionId))!;
    const content = $RecordSignatureV1.parse(row.content);
    const flipped = content.signature.startsWith('A') ? `B${content.signature.slice(1)}` : `A${content.signature.slice(1)}`;
    await db.recordSignatures.put({ ...row, content: { ...content, signature: flipped } });
    expect(await repositories.signatures.check(sessionId)).toMatchObject({ status: 'invalid', reason: 'signature' });
  });

  it('a record removed from the chain is detected on opening any later record', async () => {
    const personId = await person();
    await signedSession(personId, '2026-08-01');
    const middle = await signedSession(personId, '2026-09-01');
    const last = await signedSession(personId, '2026-10-01');
    expect(await repositories.signatures.check(last)).toMatchObject({ status: 'valid', chain: { status: 'intact', length: 3 } });
    await db.sessions.delete(middle);
    await db.recordSignatures.delete(middle);
    expect(await repositories.signatures.check(last)).toMatchObject({ status: 'valid', chain: { status: 'broken', at: last, reason: 'recordMissingOrReordered' } });
  });

  it('verifyChain: reordered entries and altered links are broken; the right order is intact', () => {
    const l1 = chainLinkOf(null, 'a'.repeat(64));
    const l2 = chainLinkOf(l1, 'b'.repeat(64));
    const e1 = { sessionId: 's1', contentHash: 'a'.repeat(64), prev: null, link: l1 };
    const e2 = { sessionId: 's2', contentHash: 'b'.repeat(64), prev: l1, link: l2 };
    const hashes = new Map([
      ['s1', 'a'.repeat(64)],
      ['s2', 'b'.repeat(64)],
    ]);
    expect(verifyChain([e1, e2], hashes)).toEqual({ status: 'intact', length: 2 });
    expect(verifyChain([e2, e1], hashes)).toMatchObject({ status: 'broken', at: 's2', reason: 'recordMissingOrReordered' });
    expect(verifyChain([e1, { ...e2, link: l1 }], hashes)).toMatchObject({ status: 'broken', at: 's2', reason: 'linkAltered' });
    expect(verifyChain([e1, e2], new Map([['s1', 'a'.repeat(64)], ['s2', 'c'.repeat(64)]]))).toMatchObject({ status: 'broken', at: 's2', reason: 'contentChanged' });
  });
});
