/** An action's standing today, as the history shows and filters it. */
import type { HistoryAction } from '../../../machines/review/history.ts';

export type ActionFilter = 'all' | 'open' | 'closed';
export const actionFilters: readonly ActionFilter[] = ['all', 'open', 'closed'];

/** Open and past its due date. `today` is YYYY-MM-DD, from the app's clock. */
export function isOverdue(action: HistoryAction, today: string): boolean {
  return action.status === 'open' && action.dueDate !== '' && action.dueDate < today;
}

export function actionShown(action: HistoryAction, filter: ActionFilter): boolean {
  if (filter === 'open') return action.status === 'open';
  if (filter === 'closed') return action.status === 'done' || action.status === 'notDone';
  return true;
}
