/**
 * A record sent to this device (#/receive/<id>/<key>): fetched, decrypted with the key from the
 * link's fragment, validated, and verified (its seal and its device signature) before it can be
 * imported. A record that does not verify is shown as such and cannot be imported.
 */
import { useEffect, useState } from 'react';
import { receiveShare, type ReceivedShare } from '../../share/share.ts';
import { formatRecordDate } from '../../../machines/record/dates.ts';
import { copy } from '../../content/copy.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';

const w = copy.record.receive;

type State = { kind: 'opening' } | { kind: 'failed'; message: string } | { kind: 'ready'; share: ReceivedShare };

export function ReceiveScreen({ shareId, shareKey }: { shareId: string; shareKey: string }) {
  const { repositories } = useServices();
  const [state, setState] = useState<State>({ kind: 'opening' });
  const [outcome, setOutcome] = useState<'imported' | 'alreadyHere' | 'keptLocal' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    receiveShare(shareId, shareKey).then(
      (result) => !cancelled && setState(result.ok ? { kind: 'ready', share: result.value } : { kind: 'failed', message: result.message }),
      (e: unknown) => !cancelled && setState({ kind: 'failed', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [shareId, shareKey]);

  if (state.kind === 'opening') return <p role="status">{w.opening}</p>;
  if (state.kind === 'failed') return <LoadFailed title={w.title} message={state.message} back={hrefFor({ name: 'home' })} backLabel={copy.history.back} />;

  const { payload, verified } = state.share;
  const { record } = payload;
  const trustworthy = (verified.seal === 'valid' || verified.seal === 'amended') && verified.signature;

  async function importRecord() {
    if (busy || !trustworthy) return;
    setBusy(true);
    try {
      setOutcome(await repositories.shares.import(payload));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 className="nhsuk-heading-l">{w.title}</h1>
      <dl className="nhsuk-summary-list">
        {[
          [w.from, `${record.parties.supervisor.name} (${record.parties.supervisor.role || '—'}) · ${record.parties.supervisee.name}`],
          [w.date, formatRecordDate(record.date)],
          [w.template, payload.template.title],
          [w.seal, verified.seal === 'valid' ? w.sealValid : verified.seal === 'amended' ? w.sealAmended : copy.record.deviceSignature.invalid],
          [w.signature, verified.signature ? w.signatureValid(verified.fingerprint) : copy.record.deviceSignature.invalid],
        ].map(([key, value]) => (
          <div className="nhsuk-summary-list__row" key={key}>
            <dt className="nhsuk-summary-list__key">{key}</dt>
            <dd className="nhsuk-summary-list__value">{value}</dd>
          </div>
        ))}
      </dl>
      {!trustworthy && (
        <div className="nhsuk-warning-callout" role="alert">
          <h2 className="nhsuk-warning-callout__label">{copy.record.deviceSignature.invalid}</h2>
          <p>{w.notVerified}</p>
        </div>
      )}
      {error && (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__title">{copy.session.problem}</h2>
          <p>{error}</p>
        </div>
      )}
      {trustworthy && outcome === null && (
        <>
          <p>{w.once}</p>
          <button type="button" className="nhsuk-button" aria-disabled={busy} onClick={() => void importRecord()}>
            {w.import}
          </button>
        </>
      )}
      {outcome && (
        <div className="nhsuk-inset-text" role="status">
          <p>{w[outcome]}</p>
          {outcome !== 'keptLocal' && <a href={hrefFor({ name: 'record', sessionId: record.sessionId })}>{w.open}</a>}
        </div>
      )}
    </>
  );
}
