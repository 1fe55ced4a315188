/**
 * Signing on the other party's own device, seen from the session's device (the signatures step;
 * loaded with it, as a chunk of its own, so a session resumes without it):
 *
 * - `RemoteOffer`: for a party whose device is connected here, "Send to <name>’s device to sign";
 *   for one that is not, a line saying that needs connecting devices. A request stored on the relay
 *   whose event never reached the machine (the tab died between the two) is withdrawn silently.
 * - `AwaitingSignature`: while the machine awaits their signature, the link, its expiry, and the
 *   relay checked every 5 seconds (and on "Check now"). Resumed after a reload or a killed tab from
 *   the machine's request and the stored outgoing row, whose kept answer, if any, is applied at once.
 * - `keySignatureForHere`: this device's key signature for a party signing here in person.
 */
import { useCallback, useEffect, useState } from 'react';
import type { SessionContentV1, SignatureRole, SignatureV1 } from '../../../machines/model/record.ts';
import type { PinV1, SignerCommentV1 } from '../../../machines/model/trust.ts';
import { signingGaps } from '../../../machines/session/gaps.ts';
import { copy } from '../../content/copy.ts';
import { formatInstant, formatTime } from '../../content/format.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { LinkToGive } from '../../components/LinkToGive.tsx';
import { SummaryList } from '../../components/SummaryList.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import type { Repositories } from '../../db/repositories.ts';
import { checkForReply, keySignatureHere, ownPartyFor, pinFor, sendForSignature, withdraw } from '../../trust/remoteSigning.ts';
import type { OutgoingRequestV1 } from '../../trust/rows.ts';
import { useTrust } from '../../trust/useTrust.ts';
import { useSession, useSessionSelector } from '../session/sessionContext.tsx';
import { usePolling } from './usePolling.ts';

const w = copy.remoteSigning;

/** This device's key signature for `signature` given here, or null (no key of its own for that party here). */
export async function keySignatureForHere(repositories: Repositories, record: SessionContentV1, signature: SignatureV1, comment: SignerCommentV1 | null) {
  return keySignatureHere(await repositories.trust(), record, signature, comment);
}

/** Where the party stands on this device: connected (their pin), this device's own party, or neither. */
type Standing = { pin: PinV1 | null; own: SignatureRole | null };

export function RemoteOffer({ role }: { role: SignatureRole }) {
  const { actor, template, sections, models } = useSession();
  const { deps } = useTrust();
  const personId = useSessionSelector((s) => s.context.parties.supervisee.personId);
  const sessionId = useSessionSelector((s) => s.context.sessionId);
  const [standing, setStanding] = useState<Standing | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!deps) return undefined;
    let cancelled = false;
    (async () => {
      // A request kept here whose event never reached the session (the tab died in between) is
      // withdrawn before anything is offered: the relay deletes it, and a late answer is never taken.
      const stale = (await deps.trust.requests.outgoingFor(sessionId)).filter(
        (r) => r.role === role && r.status === 'awaiting' && actor.getSnapshot().context.signatureRequest?.requestId !== r.requestId,
      );
      for (const request of stale) await withdraw(deps.remote, request.requestId);
      const [pin, own] = await Promise.all([pinFor(deps.trust, personId, role), ownPartyFor(deps.trust, personId)]);
      if (!cancelled) setStanding({ pin, own });
    })().catch(() => {
      // Nothing to offer when the keys cannot be read: signing together here stays.
      if (!cancelled) setStanding({ pin: null, own: null });
    });
    return () => {
      cancelled = true;
    };
  }, [deps, actor, personId, sessionId, role]);

  if (!standing || standing.own === role) return null;
  const { pin } = standing;
  if (!pin) return <p className="nhsuk-body-s app-remote-offer">{w.notConnected}</p>;

  async function send() {
    if (busy || !deps || !pin) return;
    const record = actor.getSnapshot().context;
    const gaps = signingGaps(sections, record, models);
    if (gaps.length > 0) {
      setError(`${w.cannotSendYet}: ${gaps.join('; ')}`);
      return;
    }
    setBusy(true);
    try {
      const sent = await sendForSignature(deps.remote, { template, record, role, title: template.parties[role].title });
      if (!sent.ok) {
        setError(sent.message);
        return;
      }
      actor.send({ type: 'signature.requested', request: sent.value.state });
      if (actor.getSnapshot().context.signatureRequest?.requestId !== sent.value.state.requestId) {
        // The session did not take it (the record changed meanwhile): nothing may wait for it.
        await withdraw(deps.remote, sent.value.state.requestId);
        setError(w.notTaken);
        return;
      }
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="app-remote-offer">
      <ErrorSummary title={w.problem} errors={error ? [{ fieldId: `send-${role}`, message: error }] : []} />
      <p className="nhsuk-body-s">{w.sendHint(pin.name)}</p>
      <button type="button" id={`send-${role}`} className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy || undefined} onClick={() => void send()}>
        {busy ? w.sending : w.send(pin.name)}
      </button>
    </div>
  );
}

type Waiting = { kind: 'waiting' } | { kind: 'expired' };

/** The panel in the awaited party's place while their signature is awaited. */
export function AwaitingSignature() {
  const { actor, template, now } = useSession();
  const { deps, error: trustError } = useTrust();
  const request = useSessionSelector((s) => s.context.signatureRequest ?? null);
  const name = useSessionSelector((s) => {
    const role = s.context.signatureRequest?.role;
    return role ? s.context.parties[role].name : '';
  });
  const [outgoing, setOutgoing] = useState<OutgoingRequestV1 | null | undefined>(undefined);
  const [state, setState] = useState<Waiting>({ kind: 'waiting' });
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<{ fieldId: string; message: string } | null>(null);
  const [checkedAt, setCheckedAt] = useState<Date | null>(null);
  const [busy, setBusy] = useState(false);
  const requestId = request?.requestId ?? null;

  // The row holds the link and what renewing needs; it is read again when the request is renewed.
  useEffect(() => {
    if (!deps || !requestId) return undefined;
    let cancelled = false;
    deps.trust.requests.get(requestId).then(
      (row) => !cancelled && setOutgoing(row?.direction === 'outgoing' ? row : null),
      () => !cancelled && setOutgoing(null),
    );
    return () => {
      cancelled = true;
    };
  }, [deps, requestId, request?.sentAt]);

  const check = useCallback(async () => {
    if (!deps || !requestId) return;
    const result = await checkForReply(deps.remote, requestId);
    setCheckedAt(now());
    if (!result.ok) {
      setNotice(result.message);
      return;
    }
    const found = result.value;
    if (found.kind === 'waiting') {
      setNotice(null);
      setState({ kind: 'waiting' });
      return;
    }
    if (found.kind === 'expired') {
      setNotice(null);
      setState({ kind: 'expired' });
      return;
    }
    if (found.kind === 'refused') {
      setNotice(found.message);
      return;
    }
    const { outcome, sentAt } = found.reply;
    if (outcome.kind === 'signed') {
      actor.send({ type: 'signature.received', requestId, signature: outcome.signature, keySignature: outcome.keySignature, comment: outcome.comment });
    } else {
      actor.send({ type: 'signature.returned', requestId, reason: outcome.reason, at: sentAt });
    }
    if (actor.getSnapshot().context.signatureRequest?.requestId === requestId) setNotice(w.notApplied);
  }, [deps, requestId, actor, now]);

  const { checkNow, checking } = usePolling(check, Boolean(deps && requestId) && state.kind === 'waiting');

  if (!request) return null;

  async function withdrawIt() {
    if (busy || !deps || !requestId) return;
    setBusy(true);
    try {
      await withdraw(deps.remote, requestId);
      actor.send({ type: 'signature.requestWithdrawn', requestId });
    } catch (e) {
      setError({ fieldId: 'withdraw-request', message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  async function sendAgain() {
    if (busy || !deps || !requestId || !request || !outgoing) return;
    setBusy(true);
    try {
      const record = actor.getSnapshot().context;
      const sent = await sendForSignature(deps.remote, { template, record, role: request.role, title: template.parties[request.role].title, renewing: outgoing });
      if (!sent.ok) {
        setError({ fieldId: 'send-again', message: sent.message });
        return;
      }
      actor.send({ type: 'signature.requestRenewed', requestId, sentAt: sent.value.state.sentAt, expiresAt: sent.value.state.expiresAt });
      setOutgoing(sent.value.outgoing);
      setError(null);
      setNotice(null);
      setState({ kind: 'waiting' });
    } catch (e) {
      setError({ fieldId: 'send-again', message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  }

  const link = outgoing?.link ?? null;
  return (
    <div className="app-awaiting">
      <h4 className="nhsuk-heading-s" id="awaiting-heading">
        {w.waitingTitle(name)}
      </h4>
      <ErrorSummary title={w.problem} errors={error ? [error] : trustError ? [{ fieldId: 'withdraw-request', message: trustError }] : []} />
      <SummaryList
        rows={[
          [w.sentAt, formatInstant(request.sentAt)],
          [w.expiresAt, formatInstant(request.expiresAt)],
        ]}
      />
      {state.kind === 'expired' ? (
        <WarningCallout level={5} title={w.expiredTitle}>
          <p>{w.expired(name)}</p>
          {outgoing && (
            <button type="button" id="send-again" className="nhsuk-button" aria-disabled={busy || undefined} onClick={() => void sendAgain()}>
              {w.sendAgain}
            </button>
          )}
        </WarningCallout>
      ) : (
        link && (
          <>
            <LinkToGive key={link} id="signature-link" link={link} label={w.link} hint={w.linkHint} words={w} onCopyFailed={(fieldId, message) => setError({ fieldId, message })} />
          </>
        )
      )}
      {notice && (
        <div className="nhsuk-inset-text" role="status">
          <p>{notice}</p>
        </div>
      )}
      {state.kind === 'waiting' && (
        <>
          <p className="nhsuk-body-s">
            {w.checking} {checkedAt && w.lastChecked(formatTime(checkedAt))}
          </p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-disabled={checking || undefined} onClick={() => void checkNow()}>
            {w.checkNow}
          </button>
        </>
      )}
      <p className="nhsuk-body-s">{w.withdrawHint}</p>
      <button type="button" id="withdraw-request" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-disabled={busy || undefined} onClick={() => void withdrawIt()}>
        {w.withdraw}
      </button>
    </div>
  );
}
