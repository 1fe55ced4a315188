/**
 * Retention review (#/retention): the records past their retention period, each kept for longer
 * (a reason and a review date) or destroyed (after a copy is downloaded and the destruction is
 * confirmed); and how long each kind of record is kept, labelled as the product's defaults since
 * no policy sets a period.
 */
import { Details } from '../../components/Details.tsx';
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { downloadText } from '../../components/download.ts';
import { Checkbox } from '../../components/Checkbox.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Input } from '../../components/Input.tsx';
import { Section } from '../../components/Section.tsx';
import { Table } from '../../components/Table.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { clockOf, itemKey, policyRetention, recordKinds, type RecordKind } from '../../../machines/retention/retention.ts';
import type { DueRecord } from '../../db/retentionRepositories.ts';

const w = copy.retention;
type Loaded = { ok: true; due: DueRecord[] } | { ok: false; message: string };

export function RetentionScreen() {
  const { repositories } = useServices();
  // Here, not in the list: the list goes once its last record is decided, and the outcome stays.
  const [message, setMessage] = useState('');
  const loaded = useLiveQuery(async (): Promise<Loaded> => {
    try {
      return { ok: true, due: await (await repositories.retention()).review.due() };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories]);

  return (
    <>
      <h1 className="nhsuk-heading-xl">{w.title}</h1>
      <p className="nhsuk-lede-text">{w.lede}</p>
      <div className={message ? 'nhsuk-inset-text' : undefined} role="status">
        {message && <p>{message}</p>}
      </div>
      {loaded === undefined ? (
        <p role="status">{w.loading}</p>
      ) : !loaded.ok ? (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__title">{w.problem}</h2>
          <p>{loaded.message}</p>
        </div>
      ) : loaded.due.length === 0 ? (
        <p>{w.noneDue}</p>
      ) : (
        <Review due={loaded.due} onDone={setMessage} />
      )}
      <Periods />
      <p>
        <a href={hrefFor({ name: 'home' })}>{w.back}</a>
      </p>
    </>
  );
}

function Review({ due, onDone }: { due: DueRecord[]; onDone: (message: string) => void }) {
  const { repositories } = useServices();
  const [chosen, setChosen] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [reviewOn, setReviewOn] = useState('');
  /** The export made of exactly the records chosen (a new choice needs a new export). */
  const [exported, setExported] = useState<{ token: string; keys: string[] } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const exportedNow = exported !== null && exported.keys.length === chosen.length && chosen.every((key) => exported.keys.includes(key));

  async function run(work: () => Promise<FieldError[] | string>) {
    if (busy) return;
    setBusy(true);
    try {
      const outcome = await work();
      setErrors(typeof outcome === 'string' ? [] : outcome);
      onDone(typeof outcome === 'string' ? outcome : '');
    } catch (error) {
      setErrors([{ fieldId: 'retention-choose', message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  }

  const keep = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      if (chosen.length === 0) return [{ fieldId: 'retention-choose', message: w.chooseFirst }];
      const retention = await repositories.retention();
      for (const key of chosen) {
        const kept = await retention.review.keep(key, { reason, reviewOn });
        if (!kept.ok) return [{ fieldId: kept.message.includes('reason') ? 'keep-reason' : 'keep-review-on', message: kept.message }];
      }
      const n = chosen.length;
      setChosen([]);
      setReason('');
      setReviewOn('');
      return w.kept(n);
    });
  };

  const download = () => {
    void run(async () => {
      if (chosen.length === 0) return [{ fieldId: 'retention-choose', message: w.chooseFirst }];
      const made = await (await repositories.retention()).destruction.exportForDestruction(chosen);
      if (!made.ok) return [{ fieldId: 'retention-choose', message: made.message }];
      downloadText(made.value.fileName, made.value.html, 'text/html;charset=utf-8');
      setExported({ token: made.value.token, keys: [...chosen] });
      return w.downloaded;
    });
  };

  const destroy = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      if (chosen.length === 0) return [{ fieldId: 'retention-choose', message: w.chooseFirst }];
      if (!exportedNow || !exported) return [{ fieldId: 'retention-download', message: w.downloadFirst }];
      if (!confirmed) return [{ fieldId: 'retention-confirm', message: w.confirmFirst }];
      const done = await (await repositories.retention()).destruction.destroy(exported.keys, exported.token);
      if (!done.ok) return [{ fieldId: 'retention-choose', message: done.message }];
      setChosen([]);
      setExported(null);
      setConfirmed(false);
      const n = exported.keys.length;
      return done.value.relay.pending > 0 ? `${w.destroyed(n)} ${w.relayPending(done.value.relay.pending)}` : w.destroyed(n);
    });
  };

  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <Section id="retention-due" title={w.dueTitle}>
      <ErrorSummary title={w.problem} errors={errors} />
      <Table caption={w.caption} columns={[{ label: w.columns.date }, { label: w.columns.kind }, { label: w.columns.person }, { label: w.columns.ended }, { label: w.columns.decision }]}>
        {due.map((item) => (
          <tr className="nhsuk-table__row" key={itemKey(item)}>
            <td className="nhsuk-table__cell">{formatDate(item.date)}</td>
            <td className="nhsuk-table__cell">{w.kindShort[item.kind]}</td>
            <td className="nhsuk-table__cell">{item.who}</td>
            <td className="nhsuk-table__cell">{formatDate(item.endsOn)}</td>
            <td className="nhsuk-table__cell">{item.hold ? w.held(item.hold.reason, formatDate(item.hold.reviewOn)) : '—'}</td>
          </tr>
        ))}
      </Table>
      <div id="retention-choose">
        <Checkboxes
          name="retention-choose"
          legend={w.choose}
          hint={w.chooseHint}
          error={error('retention-choose')}
          options={due.map((item) => ({ value: itemKey(item), label: w.optionLabel(w.kindShort[item.kind], formatDate(item.date), item.who) }))}
          values={chosen}
          onChange={(values) => {
            setChosen(values);
            setConfirmed(false);
          }}
          legendSize="s"
        />
      </div>
      <form onSubmit={keep} noValidate>
        <h3 className="nhsuk-heading-s">{w.keepTitle}</h3>
        <TextArea id="keep-reason" label={w.keepReason} hint={w.keepReasonHint} error={error('keep-reason')} value={reason} onChange={setReason} rows={2} />
        <Input id="keep-review-on" label={w.keepReviewOn} type="date" error={error('keep-review-on')} value={reviewOn} onChange={setReviewOn} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy}>
          {w.keep}
        </button>
      </form>
      <form onSubmit={destroy} noValidate>
        <h3 className="nhsuk-heading-s">{w.destroyTitle}</h3>
        <p>{w.destroyLede}</p>
        <div id="retention-download">
          <button type="button" className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy} onClick={download}>
            {w.download}
          </button>
        </div>
        <div id="retention-confirm">
          <Checkbox id="retention-confirm-box" label={w.confirm(chosen.length)} checked={confirmed} onChange={setConfirmed} />
        </div>
        <button type="submit" className="nhsuk-button nhsuk-button--warning" aria-disabled={busy}>
          {busy ? w.destroying : w.destroy}
        </button>
      </form>
    </Section>
  );
}

/** The periods in force (each labelled as the product's default), and a form to set them. */
function Periods() {
  const { repositories } = useServices();
  const years = useLiveQuery(async () => (await repositories.retention()).settings.years(), [repositories]);
  const [draft, setDraft] = useState<Partial<Record<RecordKind, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const save = (event: FormEvent) => {
    event.preventDefault();
    void (async () => {
      if (!years) return;
      const values = Object.fromEntries(recordKinds.map((kind) => [kind, Number(draft[kind] ?? String(years[kind]))]));
      try {
        const result = await (await repositories.retention()).settings.setYears(values);
        if (!result.ok) {
          setSaved(false);
          return setError(result.message);
        }
        setError(null);
        setDraft({});
        setSaved(true);
      } catch (e) {
        setError(e instanceof Error ? e.message : String(e));
      }
    })();
  };

  return (
    <Section id="retention-periods" title={w.periodsTitle}>
      <div className="nhsuk-inset-text">
        <p>{w.productDefault}</p>
      </div>
      <Details summary={w.policySays}>
        <ul className="nhsuk-list nhsuk-list--bullet">
          {policyRetention.map((policy) => (
            <li key={policy.organisation}>
              <strong>{policy.organisation}</strong>: “{policy.says}”
            </li>
          ))}
        </ul>
      </Details>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="nhsuk-body" role="status">
          {w.periodsSaved}
        </p>
      )}
      {years && (
        <form onSubmit={save} noValidate>
          {recordKinds.map((kind) => (
            <Input
              key={kind}
              id={`years-${kind}`}
              label={w.yearsLabel(w.kinds[kind])}
              hint={w.clock[clockOf[kind]]}
              inputMode="numeric"
              width={10}
              value={draft[kind] ?? String(years[kind])}
              onChange={(value) => setDraft({ ...draft, [kind]: value })}
            />
          ))}
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            {w.savePeriods}
          </button>
        </form>
      )}
    </Section>
  );
}
