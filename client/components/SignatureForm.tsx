/**
 * Signing on this device, the same for a session record and an agreement: typed full name,
 * a drawn signature (or the typed name as one, for keyboard users), and the time, validated
 * with $SignatureV1 before it is given to the machine. A session record's signer may also say
 * whether they agree with it, with a comment or what they disagree with (`askAgreement`): given
 * with the signature, as part of what is signed (Devon and Torbay Appendix A; South
 * Gloucestershire Appendix 1 §8). The same form signs on the other party's own device.
 */
import { useState, type ReactNode } from 'react';
import { $SignatureV1, type SignatureRole, type SignatureV1 } from '../../machines/model/record.ts';
import type { SignerCommentV1 } from '../../machines/model/keys.ts';
import { copy } from '../content/copy.ts';
import { formatInstant } from '../content/format.ts';
import { Input } from './Input.tsx';
import { Radios } from './Radios.tsx';
import { SignaturePad } from './SignaturePad.tsx';
import { TextArea } from './TextArea.tsx';

export type Agreement = 'agree' | 'comment' | 'disagree';
/** What the signer has written so far (the drawing is not kept: it is drawn again). */
export type SignatureDraft = { fullName: string; agreement: Agreement | null; text: string };

const r = copy.remoteSigning;

/** The comment a response amounts to: none when they simply agree (or do not say). */
export function signerCommentOf(agreement: Agreement | null, text: string): SignerCommentV1 | null {
  const trimmed = text.trim();
  if (agreement === 'comment' && trimmed) return { kind: 'comment', text: trimmed };
  if (agreement === 'disagree' && trimmed) return { kind: 'disagreement', text: trimmed };
  return null;
}

export function SignatureForm(props: {
  role: SignatureRole;
  heading: string;
  headingLevel: 2 | 3;
  /** The role's title in the policy's words, e.g. "CP Designate". */
  title: string;
  partyName: string;
  existing: SignatureV1 | null;
  /** The comment given with the existing signature, if any. */
  existingComment?: SignerCommentV1 | null | undefined;
  now: () => Date;
  onSign: (signature: SignatureV1, comment: SignerCommentV1 | null) => void;
  onRemove?: (() => void) | undefined;
  /** Ask "Do you agree with this record?" before signing. */
  askAgreement?: boolean;
  /** What was written before (a draft restored); `partyName` is the name otherwise. */
  initial?: Partial<SignatureDraft> | undefined;
  /** Told of every change to the name or the response, to keep a draft. */
  onDraftChange?: ((draft: SignatureDraft) => void) | undefined;
  /** The sign button's words (default: "Sign as <title>"). */
  signLabel?: string | undefined;
  busy?: boolean | undefined;
  children?: ReactNode;
  /** Shown at the end of the card, under the form. */
  after?: ReactNode;
}) {
  const { role, title, existing } = props;
  const [fullName, setFullName] = useState(props.initial?.fullName ?? props.partyName);
  const [agreement, setAgreement] = useState<Agreement | null>(props.initial?.agreement ?? null);
  const [text, setText] = useState(props.initial?.text ?? '');
  const [drawing, setDrawing] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ fullName?: string; drawing?: string; comment?: string }>({});
  const Heading = props.headingLevel === 2 ? 'h2' : 'h3';

  function change(next: Partial<SignatureDraft>) {
    const draft = { fullName, agreement, text, ...next };
    if (next.fullName !== undefined) setFullName(next.fullName);
    if (next.agreement !== undefined) setAgreement(next.agreement);
    if (next.text !== undefined) setText(next.text);
    props.onDraftChange?.(draft);
  }

  function sign() {
    if (props.busy) return;
    const parsed = $SignatureV1.safeParse({ role, fullName, drawing: drawing ?? '', signedAt: props.now().toISOString() });
    const found: typeof errors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === 'fullName') found.fullName = issue.message;
        if (issue.path[0] === 'drawing') found.drawing = 'Draw your signature, or use your typed name as your signature';
      }
    }
    if (props.askAgreement && (agreement === 'comment' || agreement === 'disagree') && !text.trim()) {
      found.comment = agreement === 'comment' ? r.commentMissing : r.disagreementMissing;
    }
    setErrors(found);
    if (!parsed.success || found.comment) return;
    props.onSign(parsed.data, props.askAgreement ? signerCommentOf(agreement, text) : null);
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
            <img src={existing.drawing} alt={copy.exports.signatureImage(existing.fullName)} className="app-signature-image" />
            {props.existingComment && (
              <p className="nhsuk-body">
                <strong>{props.existingComment.kind === 'comment' ? r.agreement.comment : r.agreement.disagree}:</strong> {props.existingComment.text}
              </p>
            )}
            {props.onRemove && (
              <p>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={props.onRemove}>
                  {copy.signing.remove}
                </button>
              </p>
            )}
          </>
        ) : (
          <>
            {props.askAgreement && (
              <>
                <Radios
                  name={`agreement-${role}`}
                  legend={r.agreement.legend}
                  small
                  options={[
                    { value: 'agree', label: r.agreement.agree },
                    { value: 'comment', label: r.agreement.comment },
                    { value: 'disagree', label: r.agreement.disagree },
                  ]}
                  value={agreement}
                  onChange={(value) => change({ agreement: value as Agreement })}
                />
                {(agreement === 'comment' || agreement === 'disagree') && (
                  <TextArea
                    id={`comment-${role}`}
                    label={agreement === 'comment' ? r.commentLabel : r.disagreementLabel}
                    hint={r.commentHint}
                    value={text}
                    onChange={(value) => change({ text: value })}
                    rows={4}
                    {...(errors.comment ? { error: errors.comment } : {})}
                  />
                )}
              </>
            )}
            <Input
              id={`signature-name-${role}`}
              label={`${copy.signing.fullName} (${title})`}
              value={fullName}
              onChange={(value) => change({ fullName: value })}
              error={errors.fullName}
            />
            <SignaturePad id={`signature-pad-${role}`} label={`${copy.signing.signature} (${title})`} fullName={fullName} onChange={setDrawing} error={errors.drawing} />
            <button type="button" id={`sign-${role}`} className="nhsuk-button" aria-disabled={props.busy || undefined} onClick={sign}>
              {props.signLabel ?? copy.signing.sign(title)}
            </button>
          </>
        )}
        {props.after}
      </div>
    </section>
  );
}
