/**
 * A signer's comment or disagreement, and the key that signed on their own device, are part of
 * what was signed: the record document (screen, print) and its text both show them beside the
 * signature, and a record signed by hand only shows neither.
 */
import { describe, expect, it } from 'vitest';
import { buildRecordDocument, type RecordBlock } from '../../machines/record/document.ts';
import { recordDocumentToText } from '../../machines/record/text.ts';
import { fingerprintOf, type KeySignatureV1 } from '../../machines/model/keys.ts';
import { findTemplate } from '../../machines/templates/index.ts';
import { realisticContent, sealed } from './fixtures.ts';

const template = findTemplate('derby-derbyshire-appendix-3')!;
const keySignature: KeySignatureV1 = {
  algorithm: 'ECDSA-P256-SHA256',
  publicKey: { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) },
  signature: `${'C'.repeat(86)}==`,
};
const disagreement = 'The chronology is due from the school nurse, not from me.';

function signaturesOf(content: ReturnType<typeof realisticContent>) {
  const blocks: RecordBlock[] = buildRecordDocument(template, content).sections.flatMap((s) => s.blocks);
  const block = blocks.find((b): b is Extract<RecordBlock, { kind: 'signatures' }> => b.kind === 'signatures');
  if (!block) throw new Error('No signatures block');
  return block.signatures;
}

describe('signer comments and device keys in the record', () => {
  const content = sealed(
    realisticContent(template, {
      signerComments: { supervisee: { kind: 'disagreement', text: disagreement } },
      keySignatures: { supervisee: keySignature },
    }),
  );

  it('the signature entry carries the disagreement and the key’s fingerprint', () => {
    const [supervisor, supervisee] = signaturesOf(content);
    expect(supervisee).toMatchObject({
      role: 'supervisee',
      comment: { label: 'Disagrees with part of the record', value: disagreement },
      deviceKey: `key ${fingerprintOf(keySignature.publicKey)}`,
    });
    expect(supervisor).toMatchObject({ role: 'supervisor', comment: null, deviceKey: null });
  });

  it('the text form says it under the signature', () => {
    const text = recordDocumentToText(buildRecordDocument(template, content));
    expect(text).toContain(`Disagrees with part of the record: ${disagreement}`);
    expect(text).toContain(`Signed on their own device: key ${fingerprintOf(keySignature.publicKey)}`);
  });

  it('a comment is called a comment, and nothing is shown for an unsigned party', () => {
    const commented = realisticContent(template, { signerComments: { supervisor: { kind: 'comment', text: 'Good session.' } } });
    expect(signaturesOf(commented)[0]?.comment).toEqual({ label: 'Comment', value: 'Good session.' });
    const unsigned = realisticContent(template, {
      signatures: { supervisor: null, supervisee: null },
      signerComments: { supervisor: { kind: 'comment', text: 'Left over' } },
      keySignatures: { supervisor: keySignature },
    });
    expect(signaturesOf(unsigned)[0]).toMatchObject({ comment: null, deviceKey: null });
  });
});
