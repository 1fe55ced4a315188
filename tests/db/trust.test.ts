/**
 * Who signed, on two devices in fake-indexeddb with real WebCrypto keys: this device's person and
 * key; pins made only by confirming, a changed key refused until the change itself is confirmed
 * (the old pin kept); a record's signatures checked fail-closed (a key pinned to nobody is "not
 * confirmed", a key other than the one pinned is "unknown", only own or pinned keys are valid);
 * a swapped stored signature and a forged record never show valid; a party's own key signature is
 * checked against their pin; the newest record deleted is detected once the other party's head is
 * known.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { $RecordSignatureV1 } from '../../client/db/signatureRepositories.ts';
import { chainLinkOf } from '../../machines/record/chain.ts';
import { contentHashOf, documentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import { fingerprintOf, recordSignatureStatement, type PublicKeyV1 } from '../../machines/model/trust.ts';
import { signText } from '../../client/trust/signing.ts';
import { signature } from '../machines/fixtures.ts';
import { addPerson, device, signedSession, type Device } from './devices.ts';

let sarah: Device; // the supervisor's device
let tom: Device; // the supervisee's device
beforeEach(() => {
  sarah = device('sarah');
  tom = device('tom');
});
afterEach(async () => {
  await sarah.close();
  await tom.close();
});

/** Each device pins the other's keys, as confirming the safety number does. */
async function connect(personId: string): Promise<void> {
  const [sarahKey, sarahEnc, tomKey, tomEnc] = await Promise.all([sarah.trust.ownKey(), sarah.trust.ownEncryptionKey(), tom.trust.ownKey(), tom.trust.ownEncryptionKey()]);
  const onSarah = await sarah.trust.pins.confirm({ personId, party: 'supervisee', name: 'Tom Smith', jobRole: 'Health Visitor', publicKey: tomKey.publicKey, encryptionKey: tomEnc.publicKey, agreementId: null, replacing: null });
  const onTom = await tom.trust.pins.confirm({ personId, party: 'supervisor', name: 'Sarah Jones', jobRole: 'Named Nurse', publicKey: sarahKey.publicKey, encryptionKey: sarahEnc.publicKey, agreementId: null, replacing: null });
  if (!onSarah.ok || !onTom.ok) throw new Error('Could not pin');
}

async function otherKey(): Promise<{ privateKey: CryptoKey; publicKey: PublicKeyV1 }> {
  const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
  const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
  return { privateKey: pair.privateKey, publicKey: { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! } };
}

describe('this device’s person and pins', () => {
  it('keeps a profile; its key is listed as its own; its key cannot be pinned to someone else', async () => {
    expect(await sarah.trust.profile.get()).toBeNull();
    expect((await sarah.trust.profile.save({ name: ' ', jobRole: '' })).ok).toBe(false);
    expect(await sarah.trust.profile.save({ name: 'Sarah Jones', jobRole: 'Named Nurse' })).toMatchObject({ ok: true });
    // An email address (the organiser of calendar files) is kept when the details are saved again without one.
    expect(await sarah.trust.profile.save({ name: 'Sarah Jones', jobRole: 'Named Nurse', email: 'sarah@example.nhs.uk' })).toMatchObject({ ok: true });
    expect(await sarah.trust.profile.save({ name: 'Sarah Jones', jobRole: 'Designated Nurse' })).toMatchObject({ ok: true, value: { email: 'sarah@example.nhs.uk' } });
    const book = await sarah.trust.book();
    const own = await sarah.trust.ownKey();
    expect(book.own).toEqual({ publicKeys: [own.publicKey], name: 'Sarah Jones' });
    expect(own.privateKey.extractable).toBe(false);
    const refused = await sarah.trust.pins.confirm({ personId: 'person-000001', party: 'supervisee', name: 'Me', jobRole: '', publicKey: own.publicKey, encryptionKey: own.publicKey, agreementId: null, replacing: null });
    expect(refused.ok).toBe(false);
    expect(await sarah.db.pins.count()).toBe(0);
  });

  it('pins on confirmation; the same key again changes nothing; a new key is refused until its change is confirmed, and the old pin is kept', async () => {
    const personId = await addPerson(sarah);
    await connect(personId);
    const [first] = await sarah.trust.pins.of(personId);
    expect(first).toMatchObject({ party: 'supervisee', name: 'Tom Smith', replacedAt: null });
    const tomKey = (await tom.trust.ownKey()).publicKey;
    const again = await sarah.trust.pins.confirm({ personId, party: 'supervisee', name: 'Tom Smith', jobRole: 'Health Visitor', publicKey: tomKey, encryptionKey: first!.encryptionKey, agreementId: null, replacing: null });
    expect(again).toEqual({ ok: true, value: first });
    // Tom's new phone: a different key for the same person.
    const newPhone = await otherKey();
    const unconfirmed = await sarah.trust.pins.confirm({ personId, party: 'supervisee', name: 'Tom Smith', jobRole: 'Health Visitor', publicKey: newPhone.publicKey, encryptionKey: newPhone.publicKey, agreementId: null, replacing: null });
    expect(unconfirmed).toEqual({ ok: false, message: expect.stringMatching(/^Tom Smith’s key on this device is different/) });
    expect(await sarah.trust.pins.of(personId)).toEqual([first]);
    const confirmed = await sarah.trust.pins.confirm({ personId, party: 'supervisee', name: 'Tom Smith', jobRole: 'Health Visitor', publicKey: newPhone.publicKey, encryptionKey: newPhone.publicKey, agreementId: null, replacing: first!.id });
    expect(confirmed.ok).toBe(true);
    const history = await sarah.trust.pins.of(personId);
    expect(history.map((p) => [fingerprintOf(p.publicKey), p.replacedAt === null])).toEqual([
      [fingerprintOf(newPhone.publicKey), true],
      [fingerprintOf(tomKey), false],
    ]);
  });
});

describe('a record’s signatures, checked fail-closed', () => {
  it('a record sealed here is valid: this device’s own key, both signed in person', async () => {
    await sarah.trust.profile.save({ name: 'Sarah Jones', jobRole: 'Named Nurse' });
    const personId = await addPerson(sarah);
    const sessionId = await signedSession(sarah, personId, '2026-11-20');
    expect(await sarah.repositories.signatures.check(sessionId)).toMatchObject({
      status: 'valid',
      sealer: { kind: 'own', name: 'Sarah Jones' },
      parties: { supervisor: { kind: 'inPerson' }, supervisee: { kind: 'inPerson' } },
      chain: { status: 'intact', length: 1 },
    });
  });

  it('a stored signature swapped for one by another key is never valid: not confirmed without pins, unknown with them', async () => {
    const personId = await addPerson(sarah);
    const sessionId = await signedSession(sarah, personId, '2026-11-20');
    const row = (await sarah.db.recordSignatures.get(sessionId))!;
    const content = $RecordSignatureV1.parse(row.content);
    const forger = await otherKey();
    await sarah.db.recordSignatures.put({ ...row, content: { ...content, publicKey: forger.publicKey, signature: await signText(forger.privateKey, content.link) } });
    expect(await sarah.repositories.signatures.check(sessionId)).toMatchObject({ status: 'notConfirmed', sealer: { kind: 'notConfirmed', fingerprint: fingerprintOf(forger.publicKey) } });
    await connect(personId);
    expect(await sarah.repositories.signatures.check(sessionId)).toMatchObject({ status: 'unknownKey', sealer: { kind: 'unknown', pinned: { name: 'Tom Smith' } } });
  });

  it('a record from the other party’s device: not confirmed until their key is pinned, then valid naming them', async () => {
    const personId = await addPerson(sarah);
    // The record was sealed on Tom's device, for the same supervision id.
    await tom.db.people.add({ id: personId, updatedAt: '2026-11-01T00:00:00.000Z', content: { name: 'Tom Smith', role: 'Health Visitor' } });
    const sessionId = await signedSession(tom, personId, '2026-11-20');
    const payload = (await tom.repositories.shares.recordPayload(sessionId))!;
    await sarah.repositories.shares.import(payload);
    expect(await sarah.repositories.signatures.check(sessionId)).toMatchObject({ status: 'notConfirmed' });
    await connect(personId);
    expect(await sarah.repositories.signatures.check(sessionId)).toMatchObject({ status: 'valid', sealer: { kind: 'pinned', pin: { name: 'Tom Smith', party: 'supervisee' } } });
  });

  it('a forged record (changed, re-hashed, re-signed with a new key) is never valid on a device that pinned the real one', async () => {
    const personId = await addPerson(sarah);
    await tom.db.people.add({ id: personId, updatedAt: '2026-11-01T00:00:00.000Z', content: { name: 'Tom Smith', role: 'Health Visitor' } });
    await connect(personId);
    const sessionId = await signedSession(tom, personId, '2026-11-20');
    const payload = (await tom.repositories.shares.recordPayload(sessionId))!;
    const changed = { ...payload.record, answers: { ...payload.record.answers, 'any-other-business': 'Nothing of concern was raised.' } };
    const record = { ...changed, contentHash: contentHashOf(signedContentOf(changed)) };
    const forger = await otherKey();
    const link = chainLinkOf(null, record.contentHash);
    const forged = { ...payload, record, signature: { ...payload.signature, contentHash: record.contentHash, prev: null, link, publicKey: forger.publicKey, signature: await signText(forger.privateKey, link) } };
    await sarah.repositories.shares.import(forged);
    expect(await sarah.repositories.signatures.check(sessionId)).toMatchObject({ status: 'unknownKey', sealer: { kind: 'unknown', fingerprint: fingerprintOf(forger.publicKey) } });
  });

  it('a party’s own key signature is checked against the key pinned to them; one that does not verify makes the record not valid', async () => {
    const personId = await addPerson(sarah);
    await connect(personId);
    const tomKey = await tom.trust.ownKey();
    // Tom signs on his own device: his key signs the words, his signature and his comment.
    const sessionId = await signedSession(sarah, personId, '2026-11-20', async (actor) => {
      const context = actor.getSnapshot().context;
      const given = signature('supervisee');
      const comment = { kind: 'comment' as const, text: 'Agreed; I will chase the school nurse today.' };
      const statement = recordSignatureStatement({ sessionId: context.sessionId, role: 'supervisee', documentHash: documentHashOf(context), signature: given, comment });
      actor.send({ type: 'signature.added', signature: signature('supervisor') });
      actor.send({ type: 'signature.added', signature: given, comment, keySignature: { algorithm: 'ECDSA-P256-SHA256', publicKey: tomKey.publicKey, signature: await signText(tomKey.privateKey, statement) } });
    });
    expect(await sarah.repositories.signatures.check(sessionId)).toMatchObject({
      status: 'valid',
      parties: { supervisor: { kind: 'inPerson' }, supervisee: { kind: 'key', verified: true, trust: { kind: 'pinned', pin: { name: 'Tom Smith' } } } },
    });
    // The same, signed by a key that is not Tom's: sealed fine, but never valid.
    const stranger = await otherKey();
    const other = await signedSession(sarah, personId, '2026-11-27', async (actor) => {
      const context = actor.getSnapshot().context;
      const given = signature('supervisee');
      const statement = recordSignatureStatement({ sessionId: context.sessionId, role: 'supervisee', documentHash: documentHashOf(context), signature: given, comment: null });
      actor.send({ type: 'signature.added', signature: signature('supervisor') });
      actor.send({ type: 'signature.added', signature: given, keySignature: { algorithm: 'ECDSA-P256-SHA256', publicKey: stranger.publicKey, signature: await signText(stranger.privateKey, statement) } });
    });
    expect(await sarah.repositories.signatures.check(other)).toMatchObject({ status: 'unknownKey', parties: { supervisee: { kind: 'key', verified: true, trust: { kind: 'unknown' } } } });
    // And one whose key signature is over other words: not valid at all.
    const mismatched = await signedSession(sarah, personId, '2026-12-04', async (actor) => {
      const context = actor.getSnapshot().context;
      const statement = recordSignatureStatement({ sessionId: context.sessionId, role: 'supervisee', documentHash: 'f'.repeat(64), signature: signature('supervisee'), comment: null });
      actor.send({ type: 'signature.added', signature: signature('supervisor') });
      actor.send({ type: 'signature.added', signature: signature('supervisee'), keySignature: { algorithm: 'ECDSA-P256-SHA256', publicKey: tomKey.publicKey, signature: await signText(tomKey.privateKey, statement) } });
    });
    expect(await sarah.repositories.signatures.check(mismatched)).toMatchObject({ status: 'invalid', reason: 'partySignature' });
  });
});

describe('the chain’s newest record', () => {
  it('deleting it is detected once the other party’s device has said it holds it', async () => {
    const personId = await addPerson(sarah);
    await connect(personId);
    const first = await signedSession(sarah, personId, '2026-10-01');
    const second = await signedSession(sarah, personId, '2026-11-01');
    const third = await signedSession(sarah, personId, '2026-12-01');
    // Tom's device imported all three, and told Sarah's device its head (in a signed message from his pinned key).
    const head = (await sarah.trust.heads.own(personId))!;
    expect(head.length).toBe(3);
    const tomTrust = { kind: 'pinned' as const, fingerprint: fingerprintOf((await tom.trust.ownKey()).publicKey), pin: (await sarah.trust.pins.of(personId))[0]!, current: true };
    await sarah.trust.heads.learn(head, tomTrust);
    // A head from a key that is not pinned is not believed.
    await sarah.trust.heads.learn({ ...head, length: 9, link: 'e'.repeat(64) }, { kind: 'notConfirmed', fingerprint: 'x' });
    expect(await sarah.trust.heads.known(personId)).toEqual(head);
    expect(await sarah.repositories.signatures.check(second)).toMatchObject({ status: 'valid', chain: { status: 'intact', length: 3 } });
    // The newest record is deleted on Sarah's device.
    await sarah.db.sessions.delete(third);
    await sarah.db.recordSignatures.delete(third);
    expect(await sarah.repositories.signatures.check(second)).toMatchObject({ chain: { status: 'broken', reason: 'newestMissing', length: 2, knownLength: 3 } });
    expect(await sarah.repositories.signatures.check(first)).toMatchObject({ chain: { status: 'broken', reason: 'newestMissing' } });
  });
});
