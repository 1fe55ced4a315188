/**
 * Every action agreed with the supervisee, across sessions: who owns it, when it was agreed
 * and is due, its status now, and each later session's review of it. Overdue open actions
 * are marked; a filter shows all, open or closed actions.
 */
import type { DriftRecord, HistoryAction } from '../../../machines/review/history.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { Radios } from '../../components/Radios.tsx';
import { Section } from '../../components/Section.tsx';
import { Table } from '../../components/Table.tsx';
import { actionFilters, actionShown, isOverdue, type ActionFilter } from './actionStatus.ts';
import { anchors } from './anchors.tsx';
import { DriftResponse } from './Drift.tsx';

const w = copy.history.actions;

const statusColour: Record<HistoryAction['status'], string> = {
  draft: 'nhsuk-tag--grey',
  open: 'nhsuk-tag--blue',
  done: 'nhsuk-tag--green',
  notDone: 'nhsuk-tag--grey',
};

/** One review, e.g. "Carried forward on 1 October 2026 (new due date 20 October 2026, reason: …)". */
export function reviewText(review: HistoryAction['reviews'][number]): string {
  const details = [
    review.outcome === 'carriedForward' && review.newDueDate ? w.newDueDate(formatDate(review.newDueDate)) : null,
    review.reason.trim() ? w.reason(review.reason.trim()) : null,
  ].filter((detail): detail is string => detail !== null);
  const text = w.review(w.outcomes[review.outcome], formatDate(review.date));
  return details.length > 0 ? `${text} (${details.join(', ')})` : text;
}

export function ActionsSection(props: {
  actions: readonly HistoryAction[];
  drift: readonly DriftRecord[];
  today: string;
  filter: ActionFilter;
  onFilter: (filter: ActionFilter) => void;
  /** Only the latest this many are listed (null: all), with a button for the earlier ones. */
  limit: number | null;
  onShowEarlier: () => void;
}) {
  const { actions, filter, today, limit } = props;
  const matching = actions.filter((action) => actionShown(action, filter));
  const hidden = limit === null ? 0 : Math.max(0, matching.length - limit);
  const shown = hidden > 0 ? matching.slice(hidden) : matching;
  return (
    <Section id={anchors.actions} title={w.title} focusable>
      {actions.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <>
          <Radios
            name="history-action-filter"
            legend={w.filter}
            options={actionFilters.map((value) => ({ value, label: w.filters[value] }))}
            value={filter}
            onChange={(value) => props.onFilter(value as ActionFilter)}
            small
            inline
          />
          <p className="nhsuk-body-s" role="status">
            {w.showing(shown.length, actions.length)}
          </p>
          {hidden > 0 && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={props.onShowEarlier}>
              {w.showEarlier(hidden)}
            </button>
          )}
          {shown.length === 0 ? (
            <p>{filter === 'all' ? w.none : w.noneShown[filter]}</p>
          ) : (
            <Table caption={w.caption} columns={[w.what, w.owner, w.agreedOn, w.due, w.case, w.status, w.trail].map((label) => ({ label }))}>
              {shown.map((action) => (
                <ActionRow key={action.id} action={action} overdue={isOverdue(action, today)} drift={props.drift} />
              ))}
            </Table>
          )}
        </>
      )}
    </Section>
  );
}

function ActionRow({ action, overdue, drift }: { action: HistoryAction; overdue: boolean; drift: readonly DriftRecord[] }) {
  const flags = drift.filter((record) => record.flag.subject.type === 'action' && record.flag.subject.actionId === action.id);
  return (
    <tr className="nhsuk-table__row">
      <th scope="row" className="nhsuk-table__header" id={anchors.action(action.id)} tabIndex={-1}>
        {action.what}
      </th>
      <td className="nhsuk-table__cell">{action.ownerLabel}</td>
      <td className="nhsuk-table__cell">{formatDate(action.raisedOn)}</td>
      <td className="nhsuk-table__cell">{action.dueDate ? formatDate(action.dueDate) : w.noDue}</td>
      <td className="nhsuk-table__cell">{action.caseLabel?.trim() || w.noCase}</td>
      <td className="nhsuk-table__cell">
        <strong className={`nhsuk-tag ${statusColour[action.status]}`}>{w.statuses[action.status]}</strong>
        {overdue && (
          <>
            {' '}
            <strong className="nhsuk-tag nhsuk-tag--orange">{w.overdue}</strong>
          </>
        )}
      </td>
      <td className="nhsuk-table__cell">
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{action.reviews.length === 0 ? w.notReviewed : action.reviews.map(reviewText).join('; ')}</p>
        {flags.map((record) => (
          <p className="nhsuk-body-s nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0" key={`${record.sessionId}-${record.flag.id}`}>
            {w.drift(formatDate(record.date), copy.drift.kind(record.flag.kind, record.timesCarriedForward), record.flag.message)} {copy.history.drift.response}: <DriftResponse response={record.response} />
          </p>
        ))}
      </td>
    </tr>
  );
}
