/**
 * The compliance report (#/report): for a period and the supervisees chosen, attendance,
 * dates and compliance status only; to print or download as CSV.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { addMonths, isCalendarDate, compareDates } from '../../../machines/compliance/dates.ts';
import { complianceReport, reportToCsv, statusWords, type ComplianceRow } from '../../../machines/compliance/report.ts';
import type { FrequencyRuleV1 } from '../../../machines/compliance/frequency.ts';
import type { RebookingRuleV1 } from '../../../machines/compliance/schedule.ts';
import type { PersonV1 } from '../../../machines/model/record.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, localIsoDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Table } from '../../components/Table.tsx';
import { PrintRunningHeader } from '../../components/printHeader.ts';
import { downloadText } from '../../components/download.ts';
import { WordButton } from '../../components/WordButton.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';
import { commonCopy } from '../../content/commonCopy.ts';

const w = copy.report;

type Shown = { from: string; to: string; rows: ComplianceRow[] };

export function reportFileName(from: string, to: string): string {
  return `supervision-compliance-${from}-to-${to}.csv`;
}

export function ReportScreen() {
  const { repositories, now } = useServices();
  const today = localIsoDate(now());
  // One-to-one supervisees only, unless group members and facilitators are asked for too.
  const [withGroups, setWithGroups] = useState(false);
  const people = useLiveQuery(async (): Promise<{ ok: true; people: PersonV1[] } | { ok: false; message: string }> => {
    try {
      const departures = (await repositories.retention()).departures;
      return { ok: true, people: (await (withGroups ? departures.current() : departures.supervisees())).sort((a, b) => a.name.localeCompare(b.name, 'en-GB')) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, withGroups]);
  const [from, setFrom] = useState(() => addMonths(today, -12));
  const [to, setTo] = useState(today);
  const [unticked, setUnticked] = useState<ReadonlySet<string>>(new Set());
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [shown, setShown] = useState<Shown | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  if (people === undefined) return <p role="status">{w.loading}</p>;
  if (!people.ok) {
    return (
      <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
        <h1 className="nhsuk-error-summary__title">{w.problem}</h1>
        <div className="nhsuk-error-summary__body">
          <p>{people.message}</p>
        </div>
      </div>
    );
  }
  const everyone = people.people;
  const chosen = everyone.filter((p) => !unticked.has(p.id));

  async function show(event: FormEvent) {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!isCalendarDate(from)) found.push({ fieldId: 'report-from', message: w.errors.from });
    if (!isCalendarDate(to)) found.push({ fieldId: 'report-to', message: w.errors.to });
    if (found.length === 0 && compareDates(from, to) > 0) found.push({ fieldId: 'report-to', message: w.errors.order });
    if (chosen.length === 0) found.push({ fieldId: 'report-people', message: w.errors.people });
    setErrors(found);
    if (found.length > 0) return;
    try {
      const rules: Record<string, FrequencyRuleV1> = {};
      const rebooking: Record<string, RebookingRuleV1> = {};
      const appointments = [];
      // Dates of signed sessions from the index alone: nothing is decrypted to count them.
      const signedDates: Record<string, string[]> = {};
      for (const person of chosen) {
        signedDates[person.id] = await repositories.sessions.signedDates(person.id);
        const saved = await repositories.frequencyRules.get(person.id);
        if (saved) {
          rules[person.id] = saved.rule;
          rebooking[person.id] = saved.rebooking;
        }
        appointments.push(...(await repositories.appointments.listFor(person.id)));
      }
      const rows = complianceReport({
        from,
        to,
        today,
        people: chosen.map((p) => ({ id: p.id, name: p.name, role: p.role })),
        signedDates,
        appointments,
        rules,
        rebooking,
      });
      setFailure(null);
      setShown({ from, to, rows });
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error));
    }
  }

  function download() {
    if (!shown) return;
    downloadText(reportFileName(shown.from, shown.to), reportToCsv(shown.rows), 'text/csv');
  }

  function toggle(id: string, ticked: boolean) {
    setUnticked((current) => {
      const next = new Set(current);
      if (ticked) next.delete(id);
      else next.add(id);
      return next;
    });
  }

  const errorFor = (fieldId: string) => errors.filter((e) => e.fieldId === fieldId).map((e) => e.message);
  const dateField = (id: string, label: string, value: string, set: (v: string) => void) => {
    const messages = errorFor(id);
    return (
      <div className={`nhsuk-form-group${messages.length > 0 ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor={id}>
          {label}
        </label>
        {messages.map((m) => (
          <span className="nhsuk-error-message" id={`${id}-error`} key={m}>
            <span className="nhsuk-u-visually-hidden">{commonCopy.error}</span> {m}
          </span>
        ))}
        <input
          className={`nhsuk-input nhsuk-input--width-10${messages.length > 0 ? ' nhsuk-input--error' : ''}`}
          id={id}
          type="date"
          autoComplete="off"
          value={value}
          aria-describedby={messages.length > 0 ? `${id}-error` : undefined}
          onChange={(event) => set(event.target.value)}
        />
      </div>
    );
  };
  const peopleErrors = errorFor('report-people');

  return (
    <>
      <h1 className="nhsuk-heading-xl">{w.title}</h1>
      <p className="nhsuk-lede-text">{w.lede}</p>
      <ErrorSummary title={w.problem} errors={errors} />
      {failure && (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__title">{w.problem}</h2>
          <p>{failure}</p>
        </div>
      )}
      <form noValidate onSubmit={(event) => void show(event)} className="app-no-print">
        {dateField('report-from', w.from, from, setFrom)}
        {dateField('report-to', w.to, to, setTo)}
        <Checkboxes
          name="report-everyone"
          legend={copy.dashboard.whoListed}
          hint={copy.dashboard.whoListedHint}
          small
          options={[{ value: 'everyone', label: copy.dashboard.showEveryone }]}
          values={withGroups ? ['everyone'] : []}
          onChange={(values) => setWithGroups(values.includes('everyone'))}
        />
        <div className={`nhsuk-form-group${peopleErrors.length > 0 ? ' nhsuk-form-group--error' : ''}`}>
          <fieldset className="nhsuk-fieldset" id="report-people">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{w.supervisees}</legend>
            {peopleErrors.map((m) => (
              <span className="nhsuk-error-message" key={m}>
                <span className="nhsuk-u-visually-hidden">{commonCopy.error}</span> {m}
              </span>
            ))}
            <div className="nhsuk-checkboxes">
              {everyone.map((person) => (
                <div className="nhsuk-checkboxes__item" key={person.id}>
                  <input
                    className="nhsuk-checkboxes__input"
                    id={`report-person-${person.id}`}
                    type="checkbox"
                    checked={!unticked.has(person.id)}
                    onChange={(event) => toggle(person.id, event.target.checked)}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`report-person-${person.id}`}>
                    {person.name}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button className="nhsuk-button" type="submit">
          {w.show}
        </button>
      </form>
      {shown && (
        <>
          <PrintRunningHeader title={w.title} date={`${formatDate(shown.from)} – ${formatDate(shown.to)}`} landscape />
          <Table
            caption={w.caption(formatDate(shown.from), formatDate(shown.to))}
            columns={[
              { label: w.columns.name },
              { label: w.columns.role },
              { label: w.columns.frequency },
              { label: w.columns.held, numeric: true },
              { label: w.columns.dates },
              { label: w.columns.cancelled, numeric: true },
              { label: w.columns.rebooked, numeric: true },
              { label: w.columns.rebookingOverdue, numeric: true },
              { label: w.columns.last },
              { label: w.columns.status },
              { label: w.columns.nextDue },
            ]}
          >
            {shown.rows.map((row) => (
              <tr className="nhsuk-table__row" key={row.personId}>
                <td className="nhsuk-table__cell">{row.name}</td>
                <td className="nhsuk-table__cell">{row.role}</td>
                <td className="nhsuk-table__cell">{row.frequency}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{row.sessionsHeld}</td>
                <td className="nhsuk-table__cell">{row.sessionDates.length > 0 ? row.sessionDates.map(formatDate).join(', ') : w.none}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{row.cancelled}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{row.rebooked}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{row.rebookingOverdue}</td>
                <td className="nhsuk-table__cell">{row.lastSession ? formatDate(row.lastSession) : w.none}</td>
                <td className="nhsuk-table__cell">{statusWords[row.status]}</td>
                <td className="nhsuk-table__cell">{row.nextDue ? formatDate(row.nextDue) : '—'}</td>
              </tr>
            ))}
          </Table>
          <p className="app-no-print">
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => window.print()}>
              {w.print}
            </button>{' '}
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={download}>
              {w.download}
            </button>{' '}
            <WordButton fileName={reportFileName(shown.from, shown.to).replace(/\.csv$/, '.docx')} build={(word) => word.reportToWord(shown)} />
          </p>
        </>
      )}
      <p className="app-no-print">
        <a href={hrefFor({ name: 'dashboard' })}>{w.back}</a>
      </p>
    </>
  );
}
