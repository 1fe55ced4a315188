/**
 * A record sent to this device (#/receive/<id>/<key>): fetched, decrypted with the key from the
 * link's fragment, validated, and verified (its seal and its device signature) before it can be
 * imported. A record that does not verify is shown as such and cannot be imported.
 */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { receiveShare, type ReceivedShare } from '../../share/share.ts';
import { formatDate } from '../../../machines/dates/format.ts';
import { copy } from '../../content/copy.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { SummaryList } from '../../components/SummaryList.tsx';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Radios } from '../../components/Radios.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { useTrust } from '../../trust/useTrust.ts';
import { assessPreparation, assessRecord, pinnedSuperviseeOf, type RecordAssessment } from '../../trust/assess.ts';
import { describeTrust } from '../../trust/describe.ts';
import type { PartySigning } from '../../db/signatureRepositories.ts';
import { fingerprintOf, type KeyBook } from '../../../machines/model/trust.ts';

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
  const { deps, error: trustError } = useTrust();
  const [assessment, setAssessment] = useState<RecordAssessment | null>(null);
  const [outcome, setOutcome] = useState<'imported' | 'alreadyHere' | 'keptLocal' | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { payload, sender } = share;
  const { record } = payload;

  useEffect(() => {
    if (!deps) return;
    let cancelled = false;
    deps.trust
      .book()
      .then((book) => assessRecord(book, share))
      .then(
        (result) => !cancelled && setAssessment(result),
        (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
      );
    return () => {
      cancelled = true;
    };
  }, [deps, share]);

  if (trustError) return <LoadFailed title={w.title} message={trustError} back={hrefFor({ name: 'home' })} backLabel={copy.history.back} />;
  if (!assessment || !deps) return <p role="status">{w.opening}</p>;
  const importable = assessment.standing === 'valid' || assessment.standing === 'notConfirmed';

  async function importRecord() {
    if (busy || !deps || !assessment || !importable) return;
    if (assessment.standing === 'notConfirmed' && !acknowledged) return setError(w.acknowledgeNeeded);
    setBusy(true);
    try {
      setOutcome(await repositories.shares.import(payload));
      // What the sender's device holds of this chain, believed only when their key is known here.
      if (sender?.chainHead && assessment.sender) await deps.trust.heads.learn(sender.chainHead, assessment.sender);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const sealText =
    assessment.reason === 'seal'
      ? w.sealBroken
      : share.verified.seal === 'amended'
        ? w.sealAmended
        : w.sealValid;
  const sealedBy = assessment.reason === 'signature' ? w.chainSignatureBroken : describeTrust(assessment.sealer);
  return (
    <>
      <h1 className="nhsuk-heading-l">{w.title}</h1>
      <SummaryList
        rows={[
          [w.from, `${record.parties.supervisor.name} (${record.parties.supervisor.role || '—'}) · ${record.parties.supervisee.name}`],
          [w.date, formatDate(record.date)],
          [w.template, payload.template.title],
          [w.seal, sealText],
          [w.signature, sealedBy],
          ...(['supervisor', 'supervisee'] as const).map((role): [string, string] => [
            copy.record.deviceSignature.party(payload.template.parties[role].title, record.signatures[role]?.fullName ?? record.parties[role].name),
            partyText(assessment.parties[role]),
          ]),
          ...(assessment.sender ? [[w.sender, `${sender?.from.name ?? ''} — ${describeTrust(assessment.sender)}`] as [string, string]] : []),
        ]}
      />
      {assessment.standing === 'invalid' && (
        <div className="nhsuk-warning-callout" role="alert">
          <h2 className="nhsuk-warning-callout__label">{copy.record.deviceSignature.invalid}</h2>
          <p>{assessment.reason === 'partySignature' ? w.partySignatureBroken : w.notVerified}</p>
        </div>
      )}
      {assessment.standing === 'unknownKey' && (
        <div className="nhsuk-warning-callout" role="alert">
          <h2 className="nhsuk-warning-callout__label">{w.unknownKeyTitle}</h2>
          <p>{w.unknownKey}</p>
        </div>
      )}
      {assessment.standing === 'notConfirmed' && outcome === null && (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">{w.notConfirmedTitle}</h2>
          <p>{w.notConfirmed}</p>
        </div>
      )}
      {error && (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__title">{copy.session.problem}</h2>
          <p>{error}</p>
        </div>
      )}
      {importable && outcome === null && (
        <>
          {assessment.standing === 'notConfirmed' && (
            <Checkbox id="receive-acknowledge" label={w.acknowledge} checked={acknowledged} onChange={setAcknowledged} />
          )}
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

function partyText(signing: PartySigning): string {
  const d = copy.record.deviceSignature;
  if (signing.kind === 'inPerson') return d.inPerson;
  return signing.verified ? d.onOwnDevice(describeTrust(signing.trust)) : d.partyNotVerified;
}

const NEW_PERSON = 'new';

/** A supervisee's preparation (only what they marked to bring), filed under one of this device's supervisees. */
function ReceivedPreparation({ share }: { share: Extract<ReceivedShare, { kind: 'preparation' }> }) {
  const { repositories } = useServices();
  const { deps, error: trustError } = useTrust();
  const { preparation } = share.payload;
  const people = useLiveQuery(() => repositories.people.list(), [repositories]);
  const [book, setBook] = useState<KeyBook | null>(null);
  const [chosen, setChosen] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!deps) return;
    let cancelled = false;
    deps.trust.book().then(
      (found) => !cancelled && setBook(found),
      (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [deps]);

  if (trustError) return <LoadFailed title={p.title} message={trustError} back={hrefFor({ name: 'home' })} backLabel={copy.history.back} />;
  if (!book || !people) return <p role="status">{w.opening}</p>;
  // The supervisee whose pinned key sent it, or the one it was written for (the same id on both devices once connected).
  const suggested = pinnedSuperviseeOf(book, share) ?? (share.personId && people.some((person) => person.id === share.personId) ? share.personId : null);
  const choice = chosen ?? suggested;
  const chosenPerson = people.find((person) => person.id === choice);
  const assessment = chosenPerson ? assessPreparation(book, share, chosenPerson.id) : null;
  const refused = assessment?.standing === 'unknownKey';

  async function importPreparation() {
    if (busy || refused) return;
    if (!choice) return setError(p.choose);
    setBusy(true);
    try {
      let personId = choice;
      if (choice === NEW_PERSON) {
        const person = { name: preparation.supervisee.name, role: preparation.supervisee.role };
        const added = share.personId && !people?.some((known) => known.id === share.personId) ? await repositories.people.addAs(share.personId, person) : await repositories.people.add(person);
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

  const senderText = !share.sender
    ? p.unsigned
    : assessment?.sender
      ? `${share.sender.from.name} — ${describeTrust(assessment.sender)}`
      : `${share.sender.from.name} — ${copy.trust.notConfirmed(fingerprintOf(share.sender.key))}`;
  return (
    <>
      <h1 className="nhsuk-heading-l">{p.title}</h1>
      <SummaryList
        rows={[
          [p.from, `${preparation.supervisee.name}${preparation.supervisee.role ? ` (${preparation.supervisee.role})` : ''}`],
          [p.sentBy, senderText],
          [p.forDate, preparation.forDate ? formatDate(preparation.forDate) : p.noDate],
          [p.contents, p.counts(preparation.issues.length, preparation.cases.length)],
        ]}
      />
      <ErrorSummary title={copy.session.problem} errors={error ? [{ fieldId: 'receive-person', message: error }] : []} />
      <Radios
        name="receive-person"
        legend={p.whose}
        value={choice}
        onChange={(value) => {
          setChosen(value);
          setError(null);
        }}
        options={[...people.map((person) => ({ value: person.id, label: person.name })), { value: NEW_PERSON, label: p.addNew(preparation.supervisee.name) }]}
      />
      {refused && chosenPerson && (
        <div className="nhsuk-warning-callout" role="alert">
          <h2 className="nhsuk-warning-callout__label">{w.unknownKeyTitle}</h2>
          <p>{p.unknownKey(chosenPerson.name)}</p>
        </div>
      )}
      {assessment?.standing === 'notConfirmed' && share.sender && chosenPerson && <p className="nhsuk-inset-text">{p.notConfirmed(chosenPerson.name)}</p>}
      {!refused && (
        <>
          <p>{w.once}</p>
          <button type="button" className="nhsuk-button" aria-disabled={busy} onClick={() => void importPreparation()}>
            {p.import}
          </button>
        </>
      )}
    </>
  );
}
