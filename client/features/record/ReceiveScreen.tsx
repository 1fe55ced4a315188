/**
 * A record sent to this device (#/receive/<id>/<key>): fetched, decrypted with the key from the
 * link's fragment, validated, and verified (its seal and its device signature) before it can be
 * imported. A record that does not verify is shown as such and cannot be imported.
 */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { receiveShare, type ReceivedShare } from '../../share/share.ts';
import { formatRecordDate } from '../../../machines/record/dates.ts';
import { copy } from '../../content/copy.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { SummaryList } from '../../components/SummaryList.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Radios } from '../../components/Radios.tsx';

const w = copy.record.receive;
const p = copy.record.receivePreparation;

type State = { kind: 'opening' } | { kind: 'failed'; message: string } | { kind: 'ready'; share: ReceivedShare };

export function ReceiveScreen({ shareId, shareKey }: { shareId: string; shareKey: string }) {
  const [state, setState] = useState<State>({ kind: 'opening' });

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
  return state.share.kind === 'record' ? <ReceivedRecord share={state.share} /> : <ReceivedPreparation share={state.share} />;
}

function ReceivedRecord({ share }: { share: Extract<ReceivedShare, { kind: 'record' }> }) {
  const { repositories } = useServices();
  const [outcome, setOutcome] = useState<'imported' | 'alreadyHere' | 'keptLocal' | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { payload, verified } = share;
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
      <SummaryList
        rows={[
          [w.from, `${record.parties.supervisor.name} (${record.parties.supervisor.role || '—'}) · ${record.parties.supervisee.name}`],
          [w.date, formatRecordDate(record.date)],
          [w.template, payload.template.title],
          [w.seal, verified.seal === 'valid' ? w.sealValid : verified.seal === 'amended' ? w.sealAmended : copy.record.deviceSignature.invalid],
          [w.signature, verified.signature ? w.signatureValid(verified.fingerprint) : copy.record.deviceSignature.invalid],
        ]}
      />
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

const NEW_PERSON = 'new';

/** A supervisee's preparation (only what they marked to bring), filed under one of this device's supervisees. */
function ReceivedPreparation({ share }: { share: Extract<ReceivedShare, { kind: 'preparation' }> }) {
  const { repositories } = useServices();
  const { preparation } = share.payload;
  const people = useLiveQuery(() => repositories.people.list(), [repositories]);
  const [choice, setChoice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function importPreparation() {
    if (busy) return;
    if (!choice) return setError(p.choose);
    setBusy(true);
    try {
      let personId = choice;
      if (choice === NEW_PERSON) {
        const added = await repositories.people.add({ name: preparation.supervisee.name, role: preparation.supervisee.role });
        if (!added.ok) return setError(added.message);
        personId = added.value.id;
      }
      const existing = await repositories.preparations.get(preparation.id);
      if (existing && existing.personId !== personId) return setError(copy.preparation.belongsToSomeoneElse);
      const saved = await repositories.preparations.save(personId, preparation);
      if (!saved.ok) return setError(saved.message);
      navigate({ name: 'preparation', preparationId: saved.value.id });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1 className="nhsuk-heading-l">{p.title}</h1>
      <SummaryList
        rows={[
          [p.from, `${preparation.supervisee.name}${preparation.supervisee.role ? ` (${preparation.supervisee.role})` : ''}`],
          [p.forDate, preparation.forDate ? formatRecordDate(preparation.forDate) : p.noDate],
          [p.contents, p.counts(preparation.issues.length, preparation.cases.length)],
        ]}
      />
      <ErrorSummary title={copy.session.problem} errors={error ? [{ fieldId: 'receive-person', message: error }] : []} />
      <Radios
        name="receive-person"
        legend={p.whose}
        value={choice}
        onChange={setChoice}
        options={[...(people ?? []).map((person) => ({ value: person.id, label: person.name })), { value: NEW_PERSON, label: p.addNew(preparation.supervisee.name) }]}
      />
      <p>{w.once}</p>
      <button type="button" className="nhsuk-button" aria-disabled={busy} onClick={() => void importPreparation()}>
        {p.import}
      </button>
    </>
  );
}
