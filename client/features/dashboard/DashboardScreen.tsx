/**
 * The supervision dashboard (#/dashboard): each supervisee's compliance status, open and
 * overdue actions, agreement and cancelled sessions not yet rebooked; and, for each with signed
 * sessions, the balance of the four functions over time, as a chart and as a table.
 */
import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { complianceStatus, describeRule, type ComplianceResult } from '../../../machines/compliance/frequency.ts';
import { rebookingStatus } from '../../../machines/compliance/schedule.ts';
import { balanceOverTime, type BalanceOverTime } from '../../../machines/compliance/balance.ts';
import { sectionsOfSession } from '../../../machines/session/sections.ts';
import type { AgreementStatus } from '../../../machines/model/agreement.ts';
import { relationOf, type PersonV1 } from '../../../machines/model/record.ts';
import { addDays } from '../../../machines/compliance/dates.ts';
import type { Repositories } from '../../db/repositories.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, localIsoDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { useKeptFigures } from '../../app/useKeptFigures.ts';
import { sessionModelsOf } from '../../content/models.ts';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { Table } from '../../components/Table.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';
import { BalanceChart } from './BalanceChart.tsx';

const w = copy.dashboard;
/** The balance charts cover the last 12 months: a decade of weekly bars would say less, and slowly. */
export const BALANCE_DAYS = 365;

export type DashboardRow = {
  person: PersonV1;
  frequency: string | null;
  compliance: ComplianceResult | null;
  openActions: number;
  overdueActions: number;
  agreement: AgreementStatus | null;
  toRebook: number;
  /** Whether they have any signed session (their balance chart is shown below the table). */
  hasSigned: boolean;
};

/** Every table a row's figures are read from: a change to any of them works the row out again. */
const rowTables = ['sessions', 'frequencyRules', 'actions', 'derivedPending', 'agreements', 'appointments'] as const;

async function dashboardRow(repositories: Repositories, person: PersonV1, today: string): Promise<DashboardRow> {
  // Kept between visits until one of the tables behind it changes (from this tab or another).
  const figures = await repositories.keptUntilChanged(`dashboardRow:${person.id}:${today}`, rowTables, () => rowFigures(repositories, person.id, today));
  return { person, ...figures };
}

async function rowFigures(repositories: Repositories, personId: string, today: string): Promise<Omit<DashboardRow, 'person'>> {
  const [lastSigned, saved, open, agreement, appointments] = await Promise.all([
    repositories.sessions.lastSignedOnOrBefore(personId, today),
    repositories.frequencyRules.get(personId),
    repositories.actions.countsFor(personId, today),
    repositories.agreements.inForce(personId, today),
    repositories.appointments.cancelledFor(personId),
  ]);
  const toRebook = appointments.filter((a) => {
    const status = rebookingStatus(a, appointments, today, saved?.rebooking)?.status;
    return status === 'awaitingRebooking' || status === 'rebookingOverdue';
  }).length;
  return {
    frequency: saved ? describeRule(saved.rule) : null,
    compliance: saved ? complianceStatus(saved.rule, lastSigned, today) : null,
    openActions: open.open,
    overdueActions: open.overdue,
    agreement: agreement?.status ?? null,
    toRebook,
    hasSigned: lastSigned !== null || (await repositories.sessions.signedDates(personId)).length > 0,
  };
}

type Loaded = { ok: true; rows: DashboardRow[]; pastRetention: number } | { ok: false; message: string };

const statusTag: Record<ComplianceResult['status'] | 'none', string> = {
  upToDate: 'nhsuk-tag--green',
  dueSoon: 'nhsuk-tag--yellow',
  overdue: 'nhsuk-tag--red',
  notApplicable: 'nhsuk-tag--grey',
  none: 'nhsuk-tag--grey',
};

export function DashboardScreen() {
  const { repositories, now } = useServices();
  const today = localIsoDate(now());
  // One-to-one supervisees only, unless everyone (group members, facilitators) is asked for.
  const [everyone, setEveryone] = useState(false);
  // Rows are kept between visits (dashboardRow): a change behind one reads it again, here too.
  const keptFigures = useKeptFigures(repositories);
  // Each supervisee's row is read from indexes and a few small rows (never every session), so
  // the table is shown at once however many records there are; the balance charts follow.
  const loaded = useLiveQuery(async (): Promise<Loaded> => {
    try {
      // Supervisees who have left are out of the due lists and compliance; their records wait for review.
      const retention = await repositories.retention();
      const [current, pastRetention] = await Promise.all([everyone ? retention.departures.current() : retention.departures.supervisees(), retention.review.dueCount()]);
      const people = current.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
      const rows = await Promise.all(people.map((person) => dashboardRow(repositories, person, today)));
      return { ok: true, rows, pastRetention };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, today, everyone, keptFigures]);

  if (loaded === undefined) return <p role="status">{w.loading}</p>;
  if (!loaded.ok) return <LoadFailed title={w.problem} message={loaded.message} back={hrefFor({ name: 'home' })} backLabel={copy.history.back} />;
  const { rows } = loaded;
  const withBalance = rows.filter((row) => row.hasSigned);
  return (
    <>
      <h1 className="nhsuk-heading-xl">{w.title}</h1>
      <p className="nhsuk-lede-text">{w.lede}</p>
      {loaded.pastRetention > 0 && (
        <div className="nhsuk-inset-text">
          <p>
            <a href={hrefFor({ name: 'retention' })}>{copy.retention.dashboardFlag(loaded.pastRetention)}</a>
          </p>
        </div>
      )}
      <p>
        <a href={hrefFor({ name: 'report' })}>{w.reportLink}</a>
      </p>
      <Checkboxes
        name="dashboard-everyone"
        legend={w.whoListed}
        hint={w.whoListedHint}
        small
        options={[{ value: 'everyone', label: w.showEveryone }]}
        values={everyone ? ['everyone'] : []}
        onChange={(values) => setEveryone(values.includes('everyone'))}
      />
      {rows.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <Table
          caption={w.caption}
          columns={[
            { label: w.columns.person },
            { label: w.columns.status },
            { label: w.columns.nextDue },
            { label: w.columns.openActions, numeric: true },
            { label: w.columns.overdueActions, numeric: true },
            { label: w.columns.agreement },
            { label: w.columns.toRebook, numeric: true },
          ]}
        >
          {rows.map((row) => (
            <SuperviseeRow key={row.person.id} row={row} />
          ))}
        </Table>
      )}
      {withBalance.length > 0 && (
        <>
          <h2 className="nhsuk-heading-l">{w.balanceTitle}</h2>
          <p>{w.balanceLede}</p>
          {withBalance.map((row) => (
            <SuperviseeBalance key={row.person.id} person={row.person} today={today} />
          ))}
        </>
      )}
      <p>
        <a href={hrefFor({ name: 'home' })}>{w.back}</a>
      </p>
    </>
  );
}

/**
 * Balances already worked out in this page's life, by supervisee, window and the ids of the signed
 * records in it (a signed record never changes; one signed, restored or destroyed changes the
 * ids). Opening the dashboard again then reads the index only, instead of opening and weighing a
 * year of records per supervisee while the table is being drawn. Locking reloads the page, which
 * empties it.
 */
const balanceCache = new Map<string, BalanceOverTime | null>();
const BALANCE_CACHE_LIMIT = 500;

/** Empties the cache (tests: each test's database reuses the same ids). */
export function forgetBalances(): void {
  balanceCache.clear();
}

async function balanceOf(repositories: Repositories, personId: string, today: string): Promise<BalanceOverTime | null> {
  const from = addDays(today, -BALANCE_DAYS);
  const key = JSON.stringify([personId, from, today, await repositories.sessions.signedIdsBetween(personId, from, today)]);
  if (balanceCache.has(key)) return balanceCache.get(key) ?? null;
  const sessions = await repositories.sessions.signedBetween(personId, from, today);
  const balance = sessions.length === 0 ? null : balanceOverTime(sessions.map((s) => ({ sections: sectionsOfSession(s.template, s.record), content: s.record, models: sessionModelsOf(s) })));
  if (balanceCache.size >= BALANCE_CACHE_LIMIT) balanceCache.clear();
  balanceCache.set(key, balance);
  return balance;
}

/** One supervisee's balance over the last 12 months, read after the table is shown. */
function SuperviseeBalance({ person, today }: { person: PersonV1; today: string }) {
  const { repositories } = useServices();
  const balance = useLiveQuery(async (): Promise<{ ok: true; balance: BalanceOverTime | null } | { ok: false; message: string }> => {
    try {
      return { ok: true, balance: await balanceOf(repositories, person.id, today) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, person.id, today]);
  if (balance === undefined) {
    return (
      <section className="nhsuk-u-margin-bottom-6" aria-label={w.balanceCaption(person.name)}>
        <h3 className="nhsuk-heading-m">{person.name}</h3>
        <p role="status">{w.balanceLoading}</p>
      </section>
    );
  }
  if (!balance.ok) {
    return (
      <p className="nhsuk-error-message" role="alert">
        {w.balanceProblem(person.name)} {balance.message}
      </p>
    );
  }
  if (balance.balance === null) {
    return (
      <section className="nhsuk-u-margin-bottom-6" aria-label={w.balanceCaption(person.name)}>
        <h3 className="nhsuk-heading-m">{person.name}</h3>
        <p>{w.balanceNoneRecent}</p>
      </section>
    );
  }
  return <BalanceChart name={person.name} balance={balance.balance} />;
}

function SuperviseeRow({ row }: { row: DashboardRow }) {
  const status = row.compliance?.status ?? 'none';
  const cell = 'nhsuk-table__cell';
  const numeric = 'nhsuk-table__cell nhsuk-table__cell--numeric';
  return (
    <tr className="nhsuk-table__row" data-testid={`dashboard-row-${row.person.id}`}>
      <td className={cell}>
        {row.person.name}
        <br />
        <span className="nhsuk-body-s">{row.person.role}</span>
        {relationOf(row.person) !== 'supervisee' && (
          <>
            <br />
            <strong className="nhsuk-tag nhsuk-tag--grey">{copy.people.relation[relationOf(row.person)]}</strong>
          </>
        )}
      </td>
      <td className={cell}>
        <a href={hrefFor({ name: 'schedule', personId: row.person.id })} aria-label={w.scheduleLink(w.status[status], row.person.name)}>
          <strong className={`nhsuk-tag ${statusTag[status]}`}>{w.status[status]}</strong>
        </a>
        {row.frequency && (
          <>
            <br />
            <span className="nhsuk-body-s">{row.frequency}</span>
          </>
        )}
      </td>
      <td className={cell}>{row.compliance ? (row.compliance.dueDate ? formatDate(row.compliance.dueDate) : w.notDue) : '—'}</td>
      <td className={numeric}>{row.openActions}</td>
      <td className={numeric}>{row.overdueActions}</td>
      <td className={cell}>
        <a href={hrefFor({ name: 'agreements' })}>{w.agreement[row.agreement ?? 'none']}</a>
      </td>
      <td className={numeric}>{row.toRebook}</td>
    </tr>
  );
}
