/** Reading the record through, then both signing on this device: typed full name, drawn signature, time. */
import { useState } from 'react';
import type { SectionV1 } from '../../../../machines/model/template.ts';
import { $SignatureV1, type SignatureRole } from '../../../../machines/model/record.ts';
import { signingGaps } from '../../../../machines/session/gaps.ts';
import { copy } from '../../../content/copy.ts';
import { formatInstant } from '../../../content/format.ts';
import { Input } from '../../../components/Input.tsx';
import { SignaturePad } from '../../../components/SignaturePad.tsx';
import { WarningCallout } from '../../../components/WarningCallout.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { QualityCheck } from '../QualityCheck.tsx';
import { agendaPosition, useSession, useSessionSelector } from '../sessionContext.tsx';

export function SignaturesStep({ section, labels }: { section: SectionV1; labels: { supervisor: string; supervisee: string } }) {
  const { actor, sections } = useSession();
  const sub = useSessionSelector((s) => agendaPosition(s).sub);
  const content = useSessionSelector((s) => s.context);
  if (sub === 'reading') {
    return (
      <>
        <SectionPrompt promptId={section.prompt} />
        <p className="nhsuk-body">{copy.signing.readThrough}</p>
        <QualityCheck />
        <button type="button" className="nhsuk-button" onClick={() => actor.send({ type: 'record.readThrough' })}>
          {copy.signing.readDone}
        </button>
      </>
    );
  }
  const gaps = signingGaps(sections, content);
  return (
    <>
      {gaps.length > 0 && content.refusal.length === 0 && (
        <WarningCallout level={3} title={copy.signing.gapsTitle}>
          <ul>
            {gaps.map((gap) => (
              <li key={gap}>{gap}</li>
            ))}
          </ul>
        </WarningCallout>
      )}
      <QualityCheck />
      <SignatureForm role="supervisor" heading={labels.supervisor} />
      <SignatureForm role="supervisee" heading={labels.supervisee} />
    </>
  );
}

function SignatureForm({ role, heading }: { role: SignatureRole; heading: string }) {
  const { actor, template, now } = useSession();
  const existing = useSessionSelector((s) => s.context.signatures[role]);
  const partyName = useSessionSelector((s) => s.context.parties[role].name);
  const [fullName, setFullName] = useState(partyName);
  const [drawing, setDrawing] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ fullName?: string; drawing?: string }>({});
  const title = template.parties[role].title;

  function sign() {
    const parsed = $SignatureV1.safeParse({ role, fullName, drawing: drawing ?? '', signedAt: now().toISOString() });
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'fullName') found.fullName = issue.message;
        if (issue.path[0] === 'drawing') found.drawing = 'Draw your signature, or use your typed name as your signature';
      }
      setErrors(found);
      return;
    }
    setErrors({});
    actor.send({ type: 'signature.added', signature: parsed.data });
  }

  return (
    <section className="nhsuk-card" aria-labelledby={`signature-${role}`}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-heading-s" id={`signature-${role}`}>
          {heading}
        </h3>
        {existing ? (
          <>
            <p>{copy.signing.signedBy(existing.fullName, formatInstant(existing.signedAt))}</p>
            <img src={existing.drawing} alt={`Signature of ${existing.fullName}`} className="app-signature-image" />
            <p>
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => actor.send({ type: 'signature.removed', role })}>
                {copy.signing.remove}
              </button>
            </p>
          </>
        ) : (
          <>
            <Input id={`signature-name-${role}`} label={`${copy.signing.fullName} (${title})`} value={fullName} onChange={setFullName} error={errors.fullName} autoComplete="off" />
            <SignaturePad id={`signature-pad-${role}`} label={`${copy.signing.signature} (${title})`} fullName={fullName} onChange={setDrawing} error={errors.drawing} />
            <button type="button" className="nhsuk-button" onClick={sign}>
              {copy.signing.sign(title)}
            </button>
          </>
        )}
      </div>
    </section>
  );
}
