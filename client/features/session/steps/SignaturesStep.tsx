/** Reading the record through, then both signing on this device: typed full name, drawn signature, time. */
import type { SectionV1 } from '../../../../machines/model/template.ts';
import type { SignatureRole } from '../../../../machines/model/record.ts';
import { signingGaps } from '../../../../machines/session/gaps.ts';
import { copy } from '../../../content/copy.ts';
import { GapsCallout } from '../../../components/GapsCallout.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { QualityCheck } from '../QualityCheck.tsx';
import { agendaPosition, useSession, useSessionSelector } from '../sessionContext.tsx';
import { SignatureForm } from '../../../components/SignatureForm.tsx';

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
      {content.refusal.length === 0 && <GapsCallout title={copy.signing.gapsTitle} gaps={gaps} />}
      <QualityCheck />
      <SessionSignature role="supervisor" heading={labels.supervisor} />
      <SessionSignature role="supervisee" heading={labels.supervisee} />
    </>
  );
}

function SessionSignature({ role, heading }: { role: SignatureRole; heading: string }) {
  const { actor, template, now } = useSession();
  const existing = useSessionSelector((s) => s.context.signatures[role]);
  const partyName = useSessionSelector((s) => s.context.parties[role].name);
  return (
    <SignatureForm
      role={role}
      heading={heading}
      headingLevel={3}
      title={template.parties[role].title}
      partyName={partyName}
      existing={existing}
      now={now}
      onSign={(signature) => actor.send({ type: 'signature.added', signature })}
      onRemove={() => actor.send({ type: 'signature.removed', role })}
    />
  );
}
