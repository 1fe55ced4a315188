/**
 * Once a record signed on the other party's device is sealed here, it goes back to that device
 * (`deliverSealed`: once; safe to ask again), so both hold the same record. Shown where the sealed
 * record is (the session's signed view and the record screen): what was sent, or why not, with
 * "Try again". Nothing is shown for a record signed only here.
 */
import { useCallback, useEffect, useState } from 'react';
import { copy } from '../../content/copy.ts';
import { deliverSealed } from '../../trust/remoteSigning.ts';
import type { OutgoingRequestV1 } from '../../trust/rows.ts';
import { useTrust, type TrustDeps } from '../../trust/useTrust.ts';

const w = copy.remoteSigning;

type Delivery = { kind: 'none' } | { kind: 'sending'; names: string[] } | { kind: 'sent'; names: string[] } | { kind: 'failed'; names: string[]; message: string };

/** The requests of this session answered with a signature: to be sent the sealed record, or sent it. */
const signedOnTheirDevice = (r: OutgoingRequestV1) => (r.status === 'answered' || r.status === 'delivered') && r.reply?.outcome.kind === 'signed';

/** One delivery of a session at a time on this page (the signed view and the record screen, or a screen mounted twice, may both ask). */
const delivering = new Map<string, ReturnType<typeof deliverSealed>>();

function deliverOnce(deps: TrustDeps, sessionId: string): ReturnType<typeof deliverSealed> {
  const running = delivering.get(sessionId);
  if (running) return running;
  const run = deliverSealed(deps.remote, sessionId).finally(() => delivering.delete(sessionId));
  delivering.set(sessionId, run);
  return run;
}

async function namesOf(deps: TrustDeps, rows: readonly OutgoingRequestV1[]): Promise<string[]> {
  const pins = await deps.trust.pins.all();
  return rows.map((r) => pins.find((p) => p.id === r.pinId)?.name ?? r.reply?.from.name ?? '');
}

export function SealedDelivery({ sessionId }: { sessionId: string }) {
  const { deps } = useTrust();
  const [delivery, setDelivery] = useState<Delivery | null>(null);

  const deliver = useCallback(async () => {
    if (!deps) return;
    const rows = (await deps.trust.requests.outgoingFor(sessionId)).filter(signedOnTheirDevice);
    if (rows.length === 0) return setDelivery({ kind: 'none' });
    const names = await namesOf(deps, rows);
    if (rows.some((r) => r.status === 'answered')) setDelivery({ kind: 'sending', names });
    const result = await deliverOnce(deps, sessionId).catch((e: unknown) => ({ ok: false as const, message: e instanceof Error ? e.message : String(e) }));
    if (!result.ok) return setDelivery({ kind: 'failed', names, message: result.message });
    const after = (await deps.trust.requests.outgoingFor(sessionId)).filter(signedOnTheirDevice);
    const sent = after.filter((r) => r.status === 'delivered');
    setDelivery(sent.length === after.length ? { kind: 'sent', names: await namesOf(deps, sent) } : { kind: 'failed', names, message: w.deliveryFailed(names.join(', ')) });
  }, [deps, sessionId]);

  useEffect(() => {
    void deliver().catch((e: unknown) => setDelivery({ kind: 'failed', names: [], message: e instanceof Error ? e.message : String(e) }));
  }, [deliver]);

  if (!delivery || delivery.kind === 'none') return null;
  const names = delivery.names.join(', ');
  if (delivery.kind === 'failed') {
    return (
      <div className="nhsuk-error-summary app-no-print" role="alert" aria-labelledby="delivery-title">
        <h2 className="nhsuk-error-summary__title" id="delivery-title">
          {w.deliveryFailed(names)}
        </h2>
        <div className="nhsuk-error-summary__body">
          <p>{delivery.message}</p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void deliver()}>
            {w.tryAgain}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="nhsuk-inset-text app-no-print" role="status">
      {delivery.kind === 'sending' ? (
        <p>{w.delivering(names)}</p>
      ) : (
        <>
          <p>
            <strong>{w.delivered(names)}</strong>
          </p>
          <p>{w.deliveredText}</p>
        </>
      )}
    </div>
  );
}

export default SealedDelivery;
