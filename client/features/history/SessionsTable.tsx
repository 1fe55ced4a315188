/** The supervisee's sessions over time: one row each, with a link to the record or to resume. */
import type { HistorySession } from '../../../machines/review/history.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, formatInstantDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { Section } from '../../components/Section.tsx';
import { Table } from '../../components/Table.tsx';

const w = copy.history.sessions;

/** The latest sessions of `total`; `onMore` shows the next page (absent when all are shown). */
export function SessionsTable({ sessions, total, onMore, more }: { sessions: readonly HistorySession[]; total: number; more: number; onMore: () => void }) {
  return (
    <Section id="history-sessions-heading" title={w.title}>
      {sessions.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <>
        {total > sessions.length && <p className="nhsuk-body-s">{w.count(sessions.length, total)}</p>}
        <Table
          caption={w.caption}
          columns={[
            { label: w.date },
            { label: w.template },
            { label: w.status },
            { label: w.cases, numeric: true },
            { label: w.actions, numeric: true },
            { label: w.link },
          ]}
        >
          {sessions.map(({ record, templateTitle, status, copy: restored }) => {
            const date = formatDate(record.date);
            const signed = status === 'signed';
            const route = restored ? { name: 'record' as const, sessionId: restored.id } : signed ? { name: 'record' as const, sessionId: record.sessionId } : { name: 'session' as const, sessionId: record.sessionId };
            return (
              <tr className="nhsuk-table__row" key={restored?.id ?? record.sessionId}>
                <th scope="row" className="nhsuk-table__header">{date}</th>
                <td className="nhsuk-table__cell">{templateTitle}</td>
                <td className="nhsuk-table__cell">
                  {restored ? (
                    <strong className="nhsuk-tag nhsuk-tag--orange">{w.copyOf(formatInstantDate(restored.backupCreatedAt))}</strong>
                  ) : (
                    <strong className={`nhsuk-tag ${signed ? 'nhsuk-tag--green' : 'nhsuk-tag--yellow'}`}>{signed ? w.signed : w.inProgress}</strong>
                  )}
                </td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{record.cases.length}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{record.actions.length}</td>
                <td className="nhsuk-table__cell">
                  <a href={hrefFor(route)}>
                    {restored ? w.openCopy : signed ? w.open : w.resume}{' '}
                    <span className="nhsuk-u-visually-hidden">{w.of(date)}</span>
                  </a>
                </td>
              </tr>
            );
          })}
        </Table>
        {total > sessions.length && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onMore}>
            {w.more(Math.min(more, total - sessions.length))}
          </button>
        )}
        </>
      )}
    </Section>
  );
}
