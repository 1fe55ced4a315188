/**
 * The record's signatures, checked on opening (client/db/signatureRepositories.ts): the sealing
 * signature and whose key made it, each party's signature (on their own device with their key, or
 * by hand on the sealing device), and the supervisee's chain. Every result names the person and the
 * key's fingerprint; a key this device has not pinned to the person it names is never "valid".
 */
import { useEffect, useState } from 'react';
import type { SessionContentV1 } from '../../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../../machines/model/template.ts';
import type { PartySigning, SignatureCheck } from '../../db/signatureRepositories.ts';
import { copy } from '../../content/copy.ts';
import { useServices } from '../../app/services.tsx';
import { describeTrust } from '../../trust/describe.ts';

const w = copy.record.deviceSignature;

function partyText(signing: PartySigning): string {
  if (signing.kind === 'inPerson') return w.inPerson;
  return signing.verified ? w.onOwnDevice(describeTrust(signing.trust)) : w.partyNotVerified;
}

export function DeviceSignature({ sessionId, record, template }: { sessionId: string; record: SessionContentV1; template: RecordTemplateV1 }) {
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
  const chain = check.status === 'notYetSigned' ? null : check.chain;
  const chainText = !chain ? null : chain.status === 'intact' ? w.chainIntact(chain.length) : w.chainBroken[chain.reason];
  const chainBroken = chain?.status === 'broken';
  const tag =
    check.status === 'notYetSigned'
      ? { text: w.notYet, tone: 'grey' }
      : check.status === 'invalid'
        ? { text: w.invalid, tone: 'red' }
        : check.status === 'unknownKey'
          ? { text: w.unknownKey, tone: 'red' }
          : chainBroken
            ? { text: w.chainProblem, tone: 'red' }
            : check.status === 'notConfirmed'
              ? { text: w.notConfirmed, tone: 'yellow' }
              : { text: w.valid, tone: 'green' };
  const good = tag.tone === 'green';
  return (
    <section aria-labelledby="device-signature" className={good ? 'nhsuk-inset-text' : 'nhsuk-warning-callout'}>
      <h2 className="nhsuk-heading-s" id="device-signature">
        {w.title} <strong className={`nhsuk-tag nhsuk-tag--${tag.tone}`}>{tag.text}</strong>
      </h2>
      {check.status === 'invalid' && <p>{w.invalidText[check.reason]}</p>}
      {(check.status === 'valid' || check.status === 'notConfirmed' || check.status === 'unknownKey') && (
        <>
          <p>{check.status === 'valid' ? w.validText : check.status === 'notConfirmed' ? w.notConfirmedText : w.unknownKeyText}</p>
          <dl className="app-signature-list">
            <div>
              <dt>{w.sealedBy}</dt>
              <dd>{describeTrust(check.sealer)}</dd>
            </div>
            {(['supervisor', 'supervisee'] as const).map((role) => (
              <div key={role}>
                <dt>{w.party(template.parties[role].title, record.signatures[role]?.fullName ?? record.parties[role].name)}</dt>
                <dd>{partyText(check.parties[role])}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {check.status === 'invalid' && check.sealer && (
        <p>
          {w.sealedBy}: {describeTrust(check.sealer)}
        </p>
      )}
      {chainText && <p>{chainText}</p>}
      {chain?.status === 'broken' && chain.reason === 'newestMissing' && <p>{w.newestMissing(chain.length, chain.knownLength)}</p>}
    </section>
  );
}
