/**
 * Reading the record through, then signing: each party on this device (typed full name, drawn
 * signature, time, and whether they agree), or, for a party whose device is connected here, on
 * their own device (the offer and the waiting panel are `features/signing/SessionRemoteSigning`,
 * loaded with this step).
 */
import { lazy, Suspense, useRef } from 'react';
import type { SectionV1 } from '../../../../machines/model/template.ts';
import type { SignatureRole, SignatureV1 } from '../../../../machines/model/record.ts';
import type { SignerCommentV1 } from '../../../../machines/model/keys.ts';
import { signingGaps } from '../../../../machines/session/gaps.ts';
import { copy } from '../../../content/copy.ts';
import { formatInstant } from '../../../content/format.ts';
import { useServices } from '../../../app/services.tsx';
import { GapsCallout } from '../../../components/GapsCallout.tsx';
import { WarningCallout } from '../../../components/WarningCallout.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { QualityCheck } from '../QualityCheck.tsx';
import { LeftNoticings } from '../../noticings/LeftNoticings.tsx';
import { agendaPosition, useSession, useSessionSelector } from '../sessionContext.tsx';
import { SignatureForm } from '../../../components/SignatureForm.tsx';

const remoteSigning = () => import('../../signing/SessionRemoteSigning.tsx');
const RemoteOffer = lazy(() => remoteSigning().then((m) => ({ default: m.RemoteOffer })));
const AwaitingSignature = lazy(() => remoteSigning().then((m) => ({ default: m.AwaitingSignature })));

export function SignaturesStep({ section, labels }: { section: SectionV1; labels: { supervisor: string; supervisee: string } }) {
  const { actor, sections, models } = useSession();
  const sub = useSessionSelector((s) => agendaPosition(s).sub);
  const content = useSessionSelector((s) => s.context);
  if (sub === 'reading') {
    return (
      <>
        <SectionPrompt promptId={section.prompt} markdown={section.promptMarkdown} />
        <p className="nhsuk-body">{copy.signing.readThrough}</p>
        <QualityCheck />
        <LeftNoticings />
        <button type="button" className="nhsuk-button" onClick={() => actor.send({ type: 'record.readThrough' })}>
          {copy.signing.readDone}
        </button>
      </>
    );
  }
  const gaps = signingGaps(sections, content, models);
  const returned = content.signatureReturned;
  return (
    <>
      {content.refusal.length === 0 && <GapsCallout title={copy.signing.gapsTitle} gaps={gaps} />}
      {returned && (
        <WarningCallout title={copy.remoteSigning.returnedTitle} level={3}>
          <p>{copy.remoteSigning.returned(content.parties[returned.role].name, formatInstant(returned.at), returned.reason)}</p>
          <p>{copy.remoteSigning.returnedNext}</p>
        </WarningCallout>
      )}
      <QualityCheck />
      <SessionSignature role="supervisor" heading={labels.supervisor} />
      <SessionSignature role="supervisee" heading={labels.supervisee} />
    </>
  );
}

function SessionSignature({ role, heading }: { role: SignatureRole; heading: string }) {
  const { actor, template, now } = useSession();
  const { repositories } = useServices();
  const existing = useSessionSelector((s) => s.context.signatures[role]);
  const comment = useSessionSelector((s) => s.context.signerComments?.[role] ?? null);
  const partyName = useSessionSelector((s) => s.context.parties[role].name);
  const awaitedRole = useSessionSelector((s) => s.context.signatureRequest?.role ?? null);
  const signing = useRef(false);

  if (awaitedRole === role) {
    return (
      <section className="nhsuk-card" aria-labelledby={`signature-${role}`}>
        <div className="nhsuk-card__content">
          <h3 className="nhsuk-heading-s" id={`signature-${role}`}>
            {heading}
          </h3>
          <Suspense fallback={null}>
            <AwaitingSignature />
          </Suspense>
        </div>
      </section>
    );
  }

  /** Signed here: with this device's key too when the signer is this device's own person. */
  async function sign(signature: SignatureV1, given: SignerCommentV1 | null) {
    if (signing.current) return;
    signing.current = true;
    try {
      const keySignature = await remoteSigning()
        .then((m) => m.keySignatureForHere(repositories, actor.getSnapshot().context, signature, given))
        // Without its keys the device still takes a signature by hand, as on any shared device.
        .catch(() => null);
      actor.send({ type: 'signature.added', signature, comment: given, ...(keySignature ? { keySignature } : {}) });
    } finally {
      signing.current = false;
    }
  }

  return (
    <SignatureForm
      role={role}
      heading={heading}
      headingLevel={3}
      title={template.parties[role].title}
      partyName={partyName}
      existing={existing}
      existingComment={comment}
      now={now}
      askAgreement
      onSign={(signature, given) => void sign(signature, given)}
      onRemove={() => actor.send({ type: 'signature.removed', role })}
      after={
        existing || awaitedRole ? null : (
          <Suspense fallback={null}>
            <RemoteOffer role={role} />
          </Suspense>
        )
      }
    />
  );
}
