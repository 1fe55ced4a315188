/** The supervisee's sessions over time: one row each, with a link to the record or to resume. */
import type { HistorySession } from '../../../machines/review/history.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';

const w = copy.history.sessions;

export function SessionsTable({ sessions }: { sessions: readonly HistorySession[] }) {
  return (
    <section aria-labelledby="history-sessions-heading">
      <h2 className="nhsuk-heading-m" id="history-sessions-heading">
        {w.title}
      </h2>
      {sessions.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <div className="nhsuk-table-container">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--s">{w.caption}</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">{w.date}</th>
                <th scope="col" className="nhsuk-table__header">{w.template}</th>
                <th scope="col" className="nhsuk-table__header">{w.status}</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">{w.cases}</th>
                <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">{w.actions}</th>
                <th scope="col" className="nhsuk-table__header">{w.link}</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {sessions.map(({ record, templateTitle, status }) => {
                const date = formatDate(record.date);
                const signed = status === 'signed';
                return (
                  <tr className="nhsuk-table__row" key={record.sessionId}>
                    <th scope="row" className="nhsuk-table__header">{date}</th>
                    <td className="nhsuk-table__cell">{templateTitle}</td>
                    <td className="nhsuk-table__cell">
                      <strong className={`nhsuk-tag ${signed ? 'nhsuk-tag--green' : 'nhsuk-tag--yellow'}`}>{signed ? w.signed : w.inProgress}</strong>
                    </td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{record.cases.length}</td>
                    <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{record.actions.length}</td>
                    <td className="nhsuk-table__cell">
                      <a href={hrefFor(signed ? { name: 'record', sessionId: record.sessionId } : { name: 'session', sessionId: record.sessionId })}>
                        {signed ? w.open : w.resume}{' '}
                        <span className="nhsuk-u-visually-hidden">{w.of(date)}</span>
                      </a>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
