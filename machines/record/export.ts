/**
 * A signed record as a versioned JSON file that another device or system can verify without
 * this app: the signed content (exactly what was hashed), its seal (SHA-256 over RFC 8785
 * canonical JSON), how each party signed (on their own device's key, or in person), the
 * device signature that sealed it into the supervisee's chain, and every public key used (JWK,
 * P-256), with the template's id and version. Amendments travel with it but are outside the
 * seal, as they are on screen.
 *
 * verifySignedRecordExport is pure: the one thing it does not do itself, checking an ECDSA
 * signature, is given to it (WebCrypto in the app and tests; any P-256 library elsewhere). It
 * proves the content is what the keys signed; whose keys they are is for the receiver's own
 * key book (pins), as for a shared record.
 */
import { z } from 'zod';
import { $SessionContentV1, signatureRoles, type SessionContentV1, type SignatureRole } from '../model/record.ts';
import { contentHashOf, documentHashOf, signedContentOf } from '../model/seal.ts';
import { $EcdsaSignature, $PublicKeyV1, fingerprintOf, publicKeyOf, recordSignatureStatement, type PublicKeyV1 } from '../model/trust.ts';
import { $AmendmentV1, amendmentsOf, type AmendmentV1 } from './amendment.ts';
import { chainLinkOf, type RecordSignatureV1 } from './chain.ts';

export const SIGNED_RECORD_FORMAT = 'safeguarding-supervision/signed-record';
const $Hash = z.string().regex(/^[0-9a-f]{64}$/);
const $KeyId = z.string().regex(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/, 'A key fingerprint');

/** Exactly the part of a record that is hashed and signed (model/seal.ts signedContentOf). */
export const $SignedRecordContentV1 = $SessionContentV1.omit({
  contentHash: true,
  furthestSection: true,
  refusal: true,
  caseHistory: true,
  signatureRequest: true,
  signatureReturned: true,
});

export const $SignedRecordExportV1 = z.strictObject({
  format: z.literal(SIGNED_RECORD_FORMAT),
  version: z.literal(1),
  template: z.strictObject({ id: z.string().min(1), version: z.string().min(1) }),
  content: $SignedRecordContentV1,
  seal: z.strictObject({ algorithm: z.literal('SHA-256'), canonicalization: z.literal('RFC 8785'), contentHash: $Hash }),
  signatures: z.strictObject({
    /** Each party's key, when they signed on their own device (content.keySignatures); null when they signed in person. */
    supervisor: z.strictObject({ keyId: $KeyId.nullable() }),
    supervisee: z.strictObject({ keyId: $KeyId.nullable() }),
    /** The device that sealed the record signed its link in the supervisee's chain. */
    seal: z.strictObject({ keyId: $KeyId, algorithm: z.literal('ECDSA-P256-SHA256'), prev: $Hash.nullable(), link: $Hash, signature: $EcdsaSignature }),
  }),
  publicKeys: z.array(z.strictObject({ id: $KeyId, jwk: $PublicKeyV1 })).min(1),
  /** Added after signing: outside the seal. */
  amendments: z.array($AmendmentV1),
});
export type SignedRecordExportV1 = z.infer<typeof $SignedRecordExportV1>;

/** The export of a sealed record with the device signature that sealed it. */
export function signedRecordExport(input: {
  template: { id: string; version: string };
  record: SessionContentV1;
  amendments: readonly AmendmentV1[];
  signature: RecordSignatureV1;
}): SignedRecordExportV1 {
  const { record, signature } = input;
  if (record.contentHash === null) throw new Error('Only a sealed record can be exported as signed');
  if (signature.contentHash !== record.contentHash) throw new Error('The device signature is for another version of this record');
  const sealKey = publicKeyOf(signature.publicKey);
  const keys = new Map<string, PublicKeyV1>([[fingerprintOf(sealKey), sealKey]]);
  const partyKey = (role: SignatureRole) => {
    const key = record.keySignatures?.[role]?.publicKey;
    if (!key) return { keyId: null };
    keys.set(fingerprintOf(key), key);
    return { keyId: fingerprintOf(key) };
  };
  return $SignedRecordExportV1.parse({
    format: SIGNED_RECORD_FORMAT,
    version: 1,
    template: { id: input.template.id, version: record.templateVersion },
    content: signedContentOf(record),
    seal: { algorithm: 'SHA-256', canonicalization: 'RFC 8785', contentHash: record.contentHash },
    signatures: {
      supervisor: partyKey('supervisor'),
      supervisee: partyKey('supervisee'),
      seal: { keyId: fingerprintOf(sealKey), algorithm: signature.algorithm, prev: signature.prev, link: signature.link, signature: signature.signature },
    },
    publicKeys: [...keys].map(([id, jwk]) => ({ id, jwk })),
    amendments: amendmentsOf(record.sessionId, input.amendments),
  });
}

/** Checks an ECDSA P-256 / SHA-256 signature (IEEE P1363, base64) over the UTF-8 of `text`; never throws. */
export type VerifySignature = (publicKey: PublicKeyV1, signature: string, text: string) => Promise<boolean>;

export type ExportProblem = 'unreadable' | 'templateMismatch' | 'contentChanged' | 'unknownKey' | 'partySignature' | 'sealSignature';

export type ExportVerification =
  | {
      ok: true;
      sessionId: string;
      contentHash: string;
      /** How each party signed: the fingerprint of their own device's key, or in person (null). */
      parties: Record<SignatureRole, string | null>;
      sealedBy: string;
      amendments: number;
    }
  | { ok: false; problem: ExportProblem; detail: string };

const fail = (problem: ExportProblem, detail: string): ExportVerification => ({ ok: false, problem, detail });

/** Verifies an exported signed record (the file's text): its content against its seal, and every signature against the keys it lists. */
export async function verifySignedRecordExport(text: string, verify: VerifySignature): Promise<ExportVerification> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return fail('unreadable', error instanceof Error ? error.message : String(error));
  }
  const parsed = $SignedRecordExportV1.safeParse(json);
  if (!parsed.success) return fail('unreadable', parsed.error.issues[0]?.message ?? 'Not a signed record export');
  const file = parsed.data;
  const { content, seal, signatures } = file;
  if (file.template.id !== content.templateId || file.template.version !== content.templateVersion) {
    return fail('templateMismatch', `The file names template ${file.template.id} ${file.template.version}; the record was made with ${content.templateId} ${content.templateVersion}`);
  }
  const actual = contentHashOf(content);
  if (actual !== seal.contentHash) return fail('contentChanged', `The content hashes to ${actual}, not the sealed ${seal.contentHash}`);

  const keys = new Map<string, PublicKeyV1>();
  for (const { id, jwk } of file.publicKeys) {
    if (fingerprintOf(jwk) !== id) return fail('unknownKey', `Key ${id} is not the key listed under it`);
    keys.set(id, jwk);
  }

  // Each party's own-device signature, over the record's words and their signature (as model/trust.ts states it).
  const whole: SessionContentV1 = { ...content, contentHash: seal.contentHash, furthestSection: 0, refusal: [] };
  const documentHash = documentHashOf(whole);
  const parties = {} as Record<SignatureRole, string | null>;
  for (const role of signatureRoles) {
    const keySignature = content.keySignatures?.[role];
    const listed = signatures[role].keyId;
    if (!keySignature) {
      if (listed !== null) return fail('unknownKey', `The ${role} is listed as signing with key ${listed}, but the record holds no such signature`);
      parties[role] = null;
      continue;
    }
    const id = fingerprintOf(keySignature.publicKey);
    if (listed !== id || !keys.has(id)) return fail('unknownKey', `The ${role}'s key ${id} is not the one listed`);
    const signature = content.signatures[role];
    if (!signature) return fail('partySignature', `The ${role}'s key signed, but the record holds no ${role} signature`);
    const statement = recordSignatureStatement({ sessionId: content.sessionId, role, documentHash, signature, comment: content.signerComments?.[role] ?? null });
    if (!(await verify(keySignature.publicKey, keySignature.signature, statement))) return fail('partySignature', `The ${role}'s signature does not verify with key ${id}`);
    parties[role] = id;
  }

  // The sealing device's signature over the record's link in the supervisee's chain.
  const sealKey = keys.get(signatures.seal.keyId);
  if (!sealKey) return fail('unknownKey', `The sealing key ${signatures.seal.keyId} is not listed`);
  if (chainLinkOf(signatures.seal.prev, seal.contentHash) !== signatures.seal.link) return fail('sealSignature', 'The chain link does not follow from the sealed hash');
  if (!(await verify(sealKey, signatures.seal.signature, signatures.seal.link))) return fail('sealSignature', `The seal's signature does not verify with key ${signatures.seal.keyId}`);

  return {
    ok: true,
    sessionId: content.sessionId,
    contentHash: seal.contentHash,
    parties,
    sealedBy: signatures.seal.keyId,
    amendments: amendmentsOf(content.sessionId, file.amendments).length,
  };
}

/** The file's text: compact JSON, so every byte of it is part of what is verified (amendments apart). */
export function signedRecordExportText(file: SignedRecordExportV1): string {
  return JSON.stringify(file);
}

export function signedRecordExportFileName(date: string): string {
  return `supervision-record-${date}.signed.json`;
}
