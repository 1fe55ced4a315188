/**
 * Signing on this device, the same for a session record and an agreement: typed full name,
 * a drawn signature (or the typed name as one, for keyboard users), and the time, validated
 * with $SignatureV1 before it is given to the machine.
 */
import { useState, type ReactNode } from 'react';
import { $SignatureV1, type SignatureRole, type SignatureV1 } from '../../machines/model/record.ts';
import { copy } from '../content/copy.ts';
import { formatInstant } from '../content/format.ts';
import { Input } from './Input.tsx';
import { SignaturePad } from './SignaturePad.tsx';

export function SignatureForm(props: {
  role: SignatureRole;
  heading: string;
  headingLevel: 2 | 3;
  /** The role's title in the policy's words, e.g. "CP Designate". */
  title: string;
  partyName: string;
  existing: SignatureV1 | null;
  now: () => Date;
  onSign: (signature: SignatureV1) => void;
  onRemove: () => void;
  children?: ReactNode;
}) {
  const { role, title, existing } = props;
  const [fullName, setFullName] = useState(props.partyName);
  const [drawing, setDrawing] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ fullName?: string; drawing?: string }>({});
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';

  function sign() {
    const parsed = $SignatureV1.safeParse({ role, fullName, drawing: drawing ?? '', signedAt: props.now().toISOString() });
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
    props.onSign(parsed.data);
  }

  return (
    <section className="nhsuk-card" aria-labelledby={`signature-${role}`}>
      <div className="nhsuk-card__content">
        <Heading className="nhsuk-heading-s" id={`signature-${role}`}>
          {props.heading}
        </Heading>
        {props.children}
        {existing ? (
          <>
            <p>{copy.signing.signedBy(existing.fullName, formatInstant(existing.signedAt))}</p>
            <img src={existing.drawing} alt={`Signature of ${existing.fullName}`} className="app-signature-image" />
            <p>
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={props.onRemove}>
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
