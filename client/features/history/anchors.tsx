/**
 * Where things sit on the history page, so the drift summary can link to them. Links move
 * focus rather than the URL fragment: the fragment holds the route (#/history/<id>).
 */
import type { ReactNode } from 'react';
import type { DriftKind } from '../../../machines/review/drift.ts';
import type { DriftRecord, SupervisionHistory } from '../../../machines/review/history.ts';

export const anchors = {
  driftKind: (kind: DriftKind) => `history-drift-${kind}`,
  action: (actionId: string) => `history-action-${actionId}`,
  actions: 'history-actions',
  discussion: (timeline: number, discussion: number) => `history-case-${timeline}-${discussion}`,
};

/** A link within the page: focuses its target (which has tabIndex -1), scrolling it into view. */
export function PageLink({ targetId, onFollow, children }: { targetId: string; onFollow: (targetId: string) => void; children: ReactNode }) {
  return (
    <a
      href={`#${targetId}`}
      onClick={(event) => {
        event.preventDefault();
        onFollow(targetId);
      }}
    >
      {children}
    </a>
  );
}

/** Where a drift flag appears on the page: its action's row, or the discussion it was raised in. */
export function placeOf(history: SupervisionHistory, record: DriftRecord): { targetId: string; subject: 'action' | 'case'; label: string } | null {
  const { subject } = record.flag;
  if (subject.type === 'action') {
    const action = history.actions.find((a) => a.id === subject.actionId);
    return action ? { targetId: anchors.action(action.id), subject: 'action', label: action.what } : null;
  }
  for (const [t, timeline] of history.cases.entries()) {
    for (const [d, discussion] of timeline.discussions.entries()) {
      if (discussion.sessionId === record.sessionId && discussion.drift.some((entry) => entry.flag.id === record.flag.id)) {
        return { targetId: anchors.discussion(t, d), subject: 'case', label: timeline.label };
      }
    }
  }
  return null;
}
