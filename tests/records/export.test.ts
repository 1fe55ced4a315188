/**
 * The signed record as JSON another device or system can verify: an export of a record signed on
 * the supervisee's own device and sealed by the supervisor's verifies with real P-256 keys
 * (WebCrypto), and a change of any one byte of the file does not.
 */
import { describe, expect, it } from 'vitest';
import { findTemplate } from '../../machines/templates/index.ts';
import { publicKeyOf, recordSignatureStatement, type PublicKeyV1 } from '../../machines/model/trust.ts';
import { contentHashOf, documentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import { chainLinkOf, type RecordSignatureV1 } from '../../machines/record/chain.ts';
import { signedRecordExport, signedRecordExportText, verifySignedRecordExport } from '../../machines/record/export.ts';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import { ECDSA_P256, signText, verifyText } from '../../client/trust/signing.ts';
import { amendment, realisticContent } from './fixtures.ts';

async function newKey(): Promise<{ privateKey: CryptoKey; publicKey: PublicKeyV1 }> {
  const pair = await crypto.subtle.generateKey(ECDSA_P256, true, ['sign', 'verify']);
  return { privateKey: pair.privateKey, publicKey: publicKeyOf(await crypto.subtle.exportKey('jwk', pair.publicKey)) };
}

const template = findTemplate('derby-derbyshire-appendix-3')!;

/** A record the supervisee signed on their own device, sealed and chained by the supervisor's. */
async function signedRecord(): Promise<{ record: SessionContentV1; signature: RecordSignatureV1 }> {
  const supervisee = await newKey();
  const device = await newKey();
  const draft = realisticContent(template);
  const statement = recordSignatureStatement({
    sessionId: draft.sessionId,
    role: 'supervisee',
    documentHash: documentHashOf(draft),
    signature: draft.signatures.supervisee!,
    comment: null,
  });
  const withKey: SessionContentV1 = {
    ...draft,
    keySignatures: { supervisee: { algorithm: 'ECDSA-P256-SHA256', publicKey: supervisee.publicKey, signature: await signText(supervisee.privateKey, statement) } },
  };
  const record = { ...withKey, contentHash: contentHashOf(signedContentOf(withKey)) };
  const link = chainLinkOf(null, record.contentHash);
  return {
    record,
    signature: { contentHash: record.contentHash, prev: null, link, algorithm: 'ECDSA-P256-SHA256', signature: await signText(device.privateKey, link), publicKey: device.publicKey },
  };
}

describe('the signed record as JSON', () => {
  it('verifies: its content against its seal, the supervisee’s key signature and the sealing device’s', async () => {
    const { record, signature } = await signedRecord();
    const file = signedRecordExport({ template, record, amendments: [amendment()], signature });
    expect(file.template).toEqual({ id: 'derby-derbyshire-appendix-3', version: template.version });
    expect(file.publicKeys).toHaveLength(2);
    expect(file.publicKeys.every((k) => k.jwk.kty === 'EC' && k.jwk.crv === 'P-256')).toBe(true);
    // The content is exactly what was hashed: nothing about navigation travels.
    expect(file.content).not.toHaveProperty('furthestSection');
    expect(file.content).not.toHaveProperty('caseHistory');

    const result = await verifySignedRecordExport(signedRecordExportText(file), verifyText);
    expect(result).toEqual({
      ok: true,
      sessionId: record.sessionId,
      contentHash: record.contentHash,
      parties: { supervisor: null, supervisee: file.signatures.supervisee.keyId },
      sealedBy: file.signatures.seal.keyId,
      amendments: 1,
    });
  });

  it('does not verify after a change of any one byte (every byte of the file, amendments apart)', async () => {
    const { record, signature } = await signedRecord();
    const text = signedRecordExportText(signedRecordExport({ template, record, amendments: [], signature }));
    const bytes = new TextEncoder().encode(text);
    const decoder = new TextDecoder();
    let verified = 0;
    for (let i = 0; i < bytes.length; i += 1) {
      const changed = bytes.slice();
      changed[i] = changed[i] === 0x78 ? 0x79 : 0x78; // "x", or "y" where it was "x"
      const result = await verifySignedRecordExport(decoder.decode(changed), verifyText);
      if (result.ok) verified += 1;
    }
    expect(bytes.length).toBeGreaterThan(3000);
    expect(verified).toBe(0);
  }, 120_000);

  it('names what failed: a changed word, another key in the list, a signature moved to another record', async () => {
    const { record, signature } = await signedRecord();
    const file = signedRecordExport({ template, record, amendments: [], signature });
    const changedWord = { ...file, content: { ...file.content, answers: { ...file.content.answers, aob: 'Changed' } } };
    expect(await verifySignedRecordExport(JSON.stringify(changedWord), verifyText)).toMatchObject({ ok: false, problem: 'contentChanged' });

    const other = await newKey();
    const swapped = { ...file, publicKeys: file.publicKeys.map((k) => (k.id === file.signatures.seal.keyId ? { ...k, jwk: other.publicKey } : k)) };
    expect(await verifySignedRecordExport(JSON.stringify(swapped), verifyText)).toMatchObject({ ok: false, problem: 'unknownKey' });

    const second = await signedRecord();
    const moved = { ...file, signatures: { ...file.signatures, seal: signedRecordExport({ template, ...second, amendments: [] }).signatures.seal } };
    expect(await verifySignedRecordExport(JSON.stringify(moved), verifyText)).toMatchObject({ ok: false });
  });

  it('refuses a record that is not sealed', async () => {
    const { record, signature } = await signedRecord();
    expect(() => signedRecordExport({ template, record: { ...record, contentHash: null }, amendments: [], signature })).toThrow(/sealed/);
  });
});
