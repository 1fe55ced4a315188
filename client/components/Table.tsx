/**
 * An NHS table: a caption, a row of column headers (scope="col"), then the rows it is given.
 * A wide table scrolls sideways inside its container on a narrow screen, so the container is a
 * named region that takes keyboard focus (arrow keys then scroll it).
 */
import type { ReactNode } from 'react';

export type TableColumn = { label: string; numeric?: boolean };

export function Table({ caption, columns, children }: { caption: string; columns: readonly TableColumn[]; children: ReactNode }) {
  return (
    <div className="nhsuk-table-container" role="region" aria-label={caption} tabIndex={0}>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-table__caption--s">{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            {columns.map((column) => (
              <th scope="col" className={`nhsuk-table__header${column.numeric ? ' nhsuk-table__header--numeric' : ''}`} key={column.label}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">{children}</tbody>
      </table>
    </div>
  );
}
