/**
 * The signer's device (#/sign/<shareId>): a record sent here to be signed. It opens only when it
 * was sealed to this device and signed by the key pinned here to the other party (else the refusal
 * is shown as it is). They read the whole record, say whether they agree (with a comment or what
 * they disagree with), sign with their name and a drawn or typed signature, and send it back; or
 * return it unsigned with a reason. What they write is kept on this device as they type (the
 * drawing is not), so a reload restores it. After sending, the page waits for the sealed record and
 * imports it once checked. Reopening the link or reloading resumes from the row kept here.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { buildRecordDocument } from '../../../machines/record/document.ts';
import { fingerprintOf, otherParty } from '../../../machines/model/trust.ts';
import type { SignatureV1 } from '../../../machines/model/record.ts';
import type { SignerCommentV1 } from '../../../machines/model/keys.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, formatInstant } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { SummaryList } from '../../components/SummaryList.tsx';
import { RecordDocument } from '../../components/RecordDocument.tsx';
import { SignatureForm, type SignatureDraft } from '../../components/SignatureForm.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { describeTrust } from '../../trust/describe.ts';
import { answerRequest, checkForSealed, receiveRequest, saveDraft } from '../../trust/remoteSigning.ts';
import type { IncomingRequestV1, SigningDraftV1 } from '../../trust/rows.ts';
import type { ShareResult } from '../../share/share.ts';
import { useTrust, type TrustDeps } from '../../trust/useTrust.ts';
import { usePolling } from './usePolling.ts';

const w = copy.remoteSigning;

type Sender = { name: string; jobRole: string; key: string };
type Opened = { kind: 'loading' } | { kind: 'refused'; message: string } | { kind: 'ready'; incoming: IncomingRequestV1; sender: Sender };

/** One opening per link at a time (a screen mounted twice must not keep the request twice). */
const opening = new Map<string, Promise<ShareResult<IncomingRequestV1>>>();

function openRequest(deps: TrustDeps, shareId: string): Promise<ShareResult<IncomingRequestV1>> {
  const running = opening.get(shareId);
  if (running) return running;
  const run = (async (): Promise<ShareResult<IncomingRequestV1>> => {
    const kept = await deps.trust.requests.incomingByShare(shareId);
    return kept ? { ok: true, value: kept } : receiveRequest(deps.remote, shareId);
  })().finally(() => opening.delete(shareId));
  opening.set(shareId, run);
  return run;
}

/** Who sent it, as this device knows them: the pin the request was checked against. */
async function senderOf(deps: TrustDeps, incoming: IncomingRequestV1): Promise<Sender> {
  const pin = (await deps.trust.pins.all()).find((p) => p.id === incoming.senderPinId);
  const { from } = incoming.request;
  if (!pin) return { name: from.name, jobRole: from.jobRole, key: copy.trust.fingerprint(fingerprintOf(from.publicKey)) };
  return { name: pin.name, jobRole: pin.jobRole, key: describeTrust({ kind: 'pinned', fingerprint: fingerprintOf(pin.publicKey), pin, current: pin.replacedAt === null }) };
}

export function SignScreen({ shareId }: { shareId: string }) {
  const { deps, error } = useTrust();
  const [opened, setOpened] = useState<Opened>({ kind: 'loading' });

  useEffect(() => {
    if (!deps) return undefined;
    let cancelled = false;
    (async () => {
      const result = await openRequest(deps, shareId);
      if (cancelled) return;
      if (!result.ok) return setOpened({ kind: 'refused', message: result.message });
      const sender = await senderOf(deps, result.value);
      if (!cancelled) setOpened({ kind: 'ready', incoming: result.value, sender });
    })().catch((e: unknown) => !cancelled && setOpened({ kind: 'refused', message: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
    };
  }, [deps, shareId]);

  const refused = error ?? (opened.kind === 'refused' ? opened.message : null);
  if (refused) {
    return (
      <>
        <h1 className="nhsuk-heading-l">{w.title}</h1>
        <div className="nhsuk-error-summary" role="alert" aria-labelledby="sign-refused-title" tabIndex={-1}>
          <h2 className="nhsuk-error-summary__title" id="sign-refused-title">
            {w.refusedTitle}
          </h2>
          <div className="nhsuk-error-summary__body">
            <p>{refused}</p>
          </div>
        </div>
        <p>
          <a href={hrefFor({ name: 'home' })}>{w.home}</a>
        </p>
      </>
    );
  }
  if (!deps || opened.kind !== 'ready') return <p role="status">{w.opening}</p>;
  return <Request deps={deps} initial={opened.incoming} sender={opened.sender} />;
}

function Request({ deps, initial, sender }: { deps: TrustDeps; initial: IncomingRequestV1; sender: Sender }) {
  const [incoming, setIncoming] = useState(initial);
  const { request } = incoming;
  const doc = useMemo(() => buildRecordDocument(request.template, request.record), [request]);
  const other = otherParty(request.role);
  const otherSignature = request.record.signatures[other];
  const otherTitle = request.template.parties[other].title;

  return (
    <>
      <h1 className="nhsuk-heading-l">{w.title}</h1>
      {incoming.status === 'open' && <p className="nhsuk-body">{w.readFirst}</p>}
      {incoming.status === 'sent' && <AwaitingSealed deps={deps} incoming={incoming} senderName={sender.name} onSealed={setIncoming} />}
      {incoming.status === 'returned' && (
        <div className="nhsuk-inset-text" role="status">
          <p>
            <strong>{w.returnedHere(sender.name)}</strong>
          </p>
          {incoming.sent?.outcome.kind === 'returned' && (
            <p>
              {w.yourReason}: “{incoming.sent.outcome.reason}”
            </p>
          )}
        </div>
      )}
      {incoming.status === 'sealed' && <Sealed sessionId={incoming.sessionId} />}
      <SummaryList
        rows={[
          [w.sentBy, w.person(sender.name, sender.jobRole)],
          [w.theirKey, <span className="app-break-words">{sender.key}</span>],
          [w.sessionDate, formatDate(request.record.date)],
          ...(incoming.status === 'open' ? [[w.answerBy, formatInstant(request.expiresAt)] as const] : []),
        ]}
      />
      {incoming.status !== 'sealed' && (
        <>
          <p className="nhsuk-body">
            {otherSignature ? w.otherSigned(otherTitle, otherSignature.fullName, formatInstant(otherSignature.signedAt)) : w.otherNotYet(otherTitle)}
          </p>
          <section className="app-sign-record" aria-label={w.record}>
            <RecordDocument doc={doc} verification={{ status: 'unsigned' }} />
          </section>
        </>
      )}
      {incoming.status === 'open' && <Respond deps={deps} incoming={incoming} onAnswered={setIncoming} />}
    </>
  );
}

/** Keeps the draft on this device as it is typed: written once the typing pauses, and at once when the screen goes. */
function useDraftSaver(deps: TrustDeps, requestId: string) {
  const pending = useRef<SigningDraftV1 | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const written = useRef<Promise<void>>(Promise.resolve());
  const flush = useCallback(() => {
    clearTimeout(timer.current);
    const draft = pending.current;
    pending.current = null;
    if (draft) written.current = written.current.then(() => saveDraft(deps.remote, requestId, draft)).catch(() => undefined);
    return written.current;
  }, [deps, requestId]);
  const schedule = useCallback(
    (draft: SigningDraftV1) => {
      pending.current = draft;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), 300);
    },
    [flush],
  );
  useEffect(() => {
    const hidden = () => void flush();
    window.addEventListener('pagehide', hidden);
    return () => {
      window.removeEventListener('pagehide', hidden);
      void flush();
    };
  }, [flush]);
  return { schedule, flush };
}

function Respond({ deps, incoming, onAnswered }: { deps: TrustDeps; incoming: IncomingRequestV1; onAnswered: (row: IncomingRequestV1) => void }) {
  const { request } = incoming;
  const draft = useRef<SigningDraftV1>(incoming.draft);
  const [reason, setReason] = useState(incoming.draft.returnReason);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [reasonError, setReasonError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const saver = useDraftSaver(deps, incoming.requestId);
  const title = request.template.parties[request.role].title;

  function changed(next: Partial<SigningDraftV1>) {
    draft.current = { ...draft.current, ...next };
    saver.schedule(draft.current);
  }

  async function answer(fieldId: string, given: Parameters<typeof answerRequest>[2]) {
    if (busy) return;
    setBusy(true);
    try {
      // What was typed is written first: the answer then finds the draft as it stands, never an older one after it.
      await saver.flush();
      const result = await answerRequest(deps.remote, incoming.requestId, given);
      if (!result.ok) return setErrors([{ fieldId, message: result.message }]);
      setErrors([]);
      onAnswered(result.value);
    } catch (e) {
      setErrors([{ fieldId, message: e instanceof Error ? e.message : String(e) }]);
    } finally {
      setBusy(false);
    }
  }

  function sign(signature: SignatureV1, comment: SignerCommentV1 | null) {
    void answer(`sign-${request.role}`, { kind: 'signed', signature, comment });
  }

  function returnIt() {
    if (!reason.trim()) {
      setReasonError(w.returnReasonMissing);
      setErrors([{ fieldId: 'return-reason', message: w.returnReasonMissing }]);
      return;
    }
    setReasonError(undefined);
    void answer('return-reason', { kind: 'returned', reason });
  }

  const initialDraft: SignatureDraft = { fullName: incoming.draft.fullName, agreement: incoming.draft.agreement, text: incoming.draft.text };
  return (
    <>
      <ErrorSummary title={w.problem} errors={errors} />
      <SignatureForm
        role={request.role}
        heading={w.responseTitle}
        headingLevel={2}
        title={title}
        partyName={incoming.draft.fullName || request.record.parties[request.role].name}
        existing={null}
        now={deps.remote.now}
        askAgreement
        initial={initialDraft}
        onDraftChange={(next) => changed(next)}
        signLabel={w.signAndSend}
        busy={busy}
        onSign={sign}
      >
        <p className="nhsuk-body-s">{w.savedAsYouType}</p>
      </SignatureForm>
      <section className="nhsuk-card" aria-labelledby="return-heading">
        <div className="nhsuk-card__content">
          <h2 className="nhsuk-heading-s" id="return-heading">
            {w.returnTitle}
          </h2>
          <p className="nhsuk-body-s">{w.returnHint}</p>
          <TextArea
            id="return-reason"
            label={w.returnReason}
            value={reason}
            rows={3}
            onChange={(value) => {
              setReason(value);
              changed({ returnReason: value });
            }}
            {...(reasonError ? { error: reasonError } : {})}
          />
          <button type="button" className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy || undefined} onClick={returnIt}>
            {w.returnButton}
          </button>
        </div>
      </section>
    </>
  );
}

function AwaitingSealed({ deps, incoming, senderName, onSealed }: { deps: TrustDeps; incoming: IncomingRequestV1; senderName: string; onSealed: (row: IncomingRequestV1) => void }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [gone, setGone] = useState(false);
  const check = useCallback(async () => {
    const result = await checkForSealed(deps.remote, incoming.requestId);
    if (!result.ok) return setProblem(result.message);
    setProblem(null);
    if (result.value.kind === 'gone') return setGone(true);
    if (result.value.kind === 'sealed') {
      const row = await deps.trust.requests.get(incoming.requestId);
      onSealed(row?.direction === 'incoming' ? row : { ...incoming, status: 'sealed' });
    }
  }, [deps, incoming, onSealed]);
  const { checkNow, checking } = usePolling(check, !gone);
  return (
    <div className="nhsuk-inset-text">
      <p role="status">
        <strong>{w.sent(senderName)}</strong>
      </p>
      <p>{gone ? w.gone(senderName) : w.sentText}</p>
      {problem && (
        <p className="nhsuk-error-message" role="alert">
          {problem}
        </p>
      )}
      {!gone && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-disabled={checking || undefined} onClick={() => void checkNow()}>
          {w.checkNow}
        </button>
      )}
    </div>
  );
}

function Sealed({ sessionId }: { sessionId: string }) {
  return (
    <div className="nhsuk-inset-text" role="status">
      <p>
        <strong>{w.sealed}</strong>
      </p>
      <a className="nhsuk-button" href={hrefFor({ name: 'record', sessionId })} role="button" draggable={false}>
        {w.openRecord}
      </a>
    </div>
  );
}
