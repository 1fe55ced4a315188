/**
 * A link for the user to give to someone else: a read-only field with a visible label (selected on
 * focus), what it holds or when it expires, "Copy the link", and the link as a QR code on request.
 * A copy the browser refuses is reported through `onCopyFailed` (shown by the screen's error summary).
 */
import { useState, type ReactNode } from 'react';
import { QrCode } from './QrCode.tsx';

export type LinkWords = { copy: string; copied: string; copyFailed: string; showQr: string; hideQr: string; qrLabel: string };

export function LinkToGive(props: {
  id: string;
  link: string;
  label: string;
  /** Read with the field (aria-describedby). */
  hint?: ReactNode;
  /** Shown after the field, e.g. when it expires. */
  after?: ReactNode;
  /** Shown above the QR code. */
  qrHint?: string;
  words: LinkWords;
  onCopyFailed: (fieldId: string, message: string) => void;
  className?: string;
}) {
  const [copied, setCopied] = useState(false);
  const [showQr, setShowQr] = useState(false);
  const hintId = `${props.id}-hint`;

  function copyLink() {
    const written = navigator.clipboard?.writeText(props.link);
    if (!written) return props.onCopyFailed(props.id, props.words.copyFailed);
    written.then(
      () => setCopied(true),
      () => props.onCopyFailed(props.id, props.words.copyFailed),
    );
  }

  return (
    <>
      <div className={`nhsuk-form-group${props.className ? ` ${props.className}` : ''}`}>
        <label className="nhsuk-label" htmlFor={props.id}>
          {props.label}
        </label>
        {props.hint && (
          <div className="nhsuk-hint" id={hintId}>
            {props.hint}
          </div>
        )}
        <input
          className="nhsuk-input app-link-to-give"
          id={props.id}
          readOnly
          // The link can carry a key: not kept by the browser for session restore (see Input.tsx).
          autoComplete="off"
          value={props.link}
          {...(props.hint ? { 'aria-describedby': hintId } : {})}
          onFocus={(event) => event.target.select()}
        />
      </div>
      {props.after}
      <div className="app-inline-buttons">
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={copyLink}>
          {copied ? props.words.copied : props.words.copy}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-expanded={showQr} onClick={() => setShowQr((shown) => !shown)}>
          {showQr ? props.words.hideQr : props.words.showQr}
        </button>
      </div>
      {showQr && (
        <>
          {props.qrHint && <p className="nhsuk-body-s">{props.qrHint}</p>}
          <QrCode text={props.link} label={props.words.qrLabel} />
        </>
      )}
    </>
  );
}
