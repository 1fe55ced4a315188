/**
 * Sending a signed record to the other party's device: encrypted on this device, stored on the
 * server as ciphertext only, opened with a key that travels only in the link's fragment. The
 * sender can revoke the link: the server deletes the record at once.
 */
import { useState, type FormEvent } from 'react';
import { revokeShare, sendShare, shareLink, type ShareContent } from '../../share/share.ts';
import { copy } from '../../content/copy.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Select } from '../../components/Select.tsx';
import { LinkToGive } from '../../components/LinkToGive.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';

const w = copy.record.share;
const expiries = [
  { value: '1', label: w.expiries.hour },
  { value: '24', label: w.expiries.day },
  { value: '168', label: w.expiries.week },
] as const;

/**
 * `payload`: what to send, made when the link is asked for (undefined when there is nothing to
 * send, with `notReady` saying why); `title` and `lede` say what is being sent.
 */
export function ShareSection(props: { payload: () => Promise<ShareContent | undefined>; notReady: string; title: string; lede: string }) {
  const [hours, setHours] = useState('24');
  const [oneTime, setOneTime] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ fieldId: string; message: string } | null>(null);
  const [link, setLink] = useState<{ url: string; expiresAt: string; id: string; revokeToken: string } | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);

  async function send(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setRevoked(null);
    const fail = (message: string) => setError({ fieldId: 'share-expiry', message });
    try {
      const payload = await props.payload();
      if (!payload) return fail(props.notReady);
      const sent = await sendShare(payload, { expiresInHours: Number(hours), oneTime });
      if (!sent.ok) return fail(sent.message);
      setError(null);
      setLink({ url: shareLink(window.location.origin, sent.value), expiresAt: sent.value.expiresAt, id: sent.value.id, revokeToken: sent.value.revokeToken });
    } catch (e) {
      fail(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  async function revoke() {
    if (busy || !link) return;
    setBusy(true);
    try {
      const result = await revokeShare(link.id, link.revokeToken);
      if (!result.ok) return setError({ fieldId: 'share-revoke', message: result.message });
      setError(null);
      setLink(null);
      setRevoked(result.value === 'revoked' ? w.revoked : w.revokedAlready);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="share-heading" className="app-no-print">
      <h2 className="nhsuk-heading-l" id="share-heading">
        {props.title}
      </h2>
      <p>{props.lede}</p>
      <ErrorSummary title={copy.session.problem} errors={error ? [error] : []} />
      <form onSubmit={(event) => void send(event)} noValidate>
        <Select id="share-expiry" label={w.expiry} value={hours} onChange={setHours} options={expiries.map((e) => ({ value: e.value, label: e.label }))} />
        <Checkbox id="share-once" label={w.once} checked={oneTime} onChange={setOneTime} small />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy}>
          {error?.fieldId === 'share-expiry' ? w.retry : w.create}
        </button>
      </form>
      {link && (
        <div className="nhsuk-inset-text" role="status">
          <LinkToGive
            key={link.url}
            id="share-link"
            link={link.url}
            label={w.link}
            after={<p className="nhsuk-body-s">{w.linkHint(link.expiresAt.slice(0, 16).replace('T', ' '), oneTime)}</p>}
            qrHint={w.qrHint}
            words={w}
            onCopyFailed={(fieldId, message) => setError({ fieldId, message })}
          />
          <p className="nhsuk-body-s">{w.revokeHint}</p>
          <button type="button" id="share-revoke" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-disabled={busy} onClick={() => void revoke()}>
            {w.revoke}
          </button>
        </div>
      )}
      {revoked && (
        <div className="nhsuk-inset-text" role="status">
          <p>{revoked}</p>
        </div>
      )}
    </section>
  );
}
