/**
 * The record's device signature, checked on opening: the signature over its chain link (with
 * the public key kept beside it), its content against the signed hash, and the supervisee's
 * whole chain of signed records (a removed or reordered record breaks it).
 */
import { useEffect, useState } from 'react';
import type { SignatureCheck } from '../../db/signatureRepositories.ts';
import { copy } from '../../content/copy.ts';
import { useServices } from '../../app/services.tsx';

const w = copy.record.deviceSignature;

export function DeviceSignature({ sessionId }: { sessionId: string }) {
  const { repositories } = useServices();
  const [check, setCheck] = useState<SignatureCheck | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      // A record sealed in a tab that closed before signing is signed now.
      await repositories.signatures.sign(sessionId);
      const result = await repositories.signatures.check(sessionId);
      if (!cancelled) setCheck(result);
    })().catch((e: unknown) => {
      if (!cancelled) setError(e instanceof Error ? e.message : String(e));
    });
    return () => {
      cancelled = true;
    };
  }, [repositories, sessionId]);

  if (error) {
    return (
      <div className="nhsuk-error-summary" role="alert">
        <h2 className="nhsuk-error-summary__title">{w.title}</h2>
        <p>{w.failed(error)}</p>
      </div>
    );
  }
  if (!check) return <p role="status">{w.checking}</p>;
  const chainText = check.status === 'notYetSigned' || !check.chain ? null : check.chain.status === 'intact' ? w.chainIntact(check.chain.length) : w.chainBroken[check.chain.reason];
  const valid = check.status === 'valid' && check.chain.status === 'intact';
  return (
    <section aria-labelledby="device-signature" className={valid ? 'nhsuk-inset-text' : 'nhsuk-warning-callout'}>
      <h2 className="nhsuk-heading-s" id="device-signature">
        {w.title}{' '}
        <strong className={`nhsuk-tag ${valid ? 'nhsuk-tag--green' : check.status === 'notYetSigned' ? 'nhsuk-tag--grey' : 'nhsuk-tag--red'}`}>
          {check.status === 'valid' ? (valid ? w.valid : w.chainProblem) : check.status === 'notYetSigned' ? w.notYet : w.invalid}
        </strong>
      </h2>
      {check.status === 'valid' && <p>{w.validText(check.fingerprint)}</p>}
      {check.status === 'invalid' && <p>{w.invalidText[check.reason]}</p>}
      {chainText && <p>{chainText}</p>}
    </section>
  );
}
