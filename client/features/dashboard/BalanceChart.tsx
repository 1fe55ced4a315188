/** One supervisee's balance of the four functions over time: a stacked bar chart and the same numbers as a table. */
import { supervisionFunctions } from '../../../machines/model/template.ts';
import type { BalanceOverTime } from '../../../machines/compliance/balance.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { Table } from '../../components/Table.tsx';

const w = copy.dashboard;

/** Colours from the NHS palette, one per function. */
const colours = { management: '#005eb8', development: '#007f3b', support: '#ffb81c', mediation: '#330072' } as const;

const BAR_WIDTH = 32;
const GAP = 16;
const HEIGHT = 120;

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export function BalanceChart({ name, balance }: { name: string; balance: BalanceOverTime }) {
  const { points, overall } = balance;
  const summary = supervisionFunctions.map((f) => `${w.functions[f]} ${percent(overall.shares[f])}`).join(', ');
  const width = Math.max(points.length * (BAR_WIDTH + GAP) + GAP, 120);
  return (
    <section className="nhsuk-u-margin-bottom-6" aria-label={w.balanceCaption(name)}>
      <h3 className="nhsuk-heading-m">{name}</h3>
      <p>
        <strong className={overall.warning ? 'nhsuk-tag nhsuk-tag--orange' : 'nhsuk-tag nhsuk-tag--grey'}>
          {overall.warning ? w.warning[overall.warning] : w.balanced}
        </strong>
      </p>
      <svg role="img" aria-label={w.chartLabel(name, points.length, summary)} viewBox={`0 0 ${width} ${HEIGHT}`} width={width} height={HEIGHT}>
        {points.map((point, i) => {
          let y = HEIGHT;
          const x = GAP + i * (BAR_WIDTH + GAP);
          return (
            <g key={point.sessionId}>
              {supervisionFunctions.map((f) => {
                const h = point.shares[f] * HEIGHT;
                y -= h;
                return h > 0 ? <rect key={f} x={x} y={y} width={BAR_WIDTH} height={h} fill={colours[f]} /> : null;
              })}
            </g>
          );
        })}
      </svg>
      <ul className="nhsuk-list nhsuk-body-s" aria-hidden="true">
        {supervisionFunctions.map((f) => (
          <li key={f}>
            <span style={{ display: 'inline-block', width: 12, height: 12, background: colours[f] }} /> {w.functions[f]}
          </li>
        ))}
      </ul>
      <Table
        caption={w.balanceCaption(name)}
        columns={[{ label: w.date }, ...supervisionFunctions.map((f) => ({ label: w.functions[f], numeric: true })), { label: 'Warning' }]}
      >
        {points.map((point) => (
          <tr className="nhsuk-table__row" key={point.sessionId}>
            <td className="nhsuk-table__cell">{formatDate(point.date)}</td>
            {supervisionFunctions.map((f) => (
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric" key={f}>
                {point.counts[f]} ({percent(point.shares[f])})
              </td>
            ))}
            <td className="nhsuk-table__cell">{point.warning ? w.warning[point.warning] : '—'}</td>
          </tr>
        ))}
      </Table>
    </section>
  );
}
