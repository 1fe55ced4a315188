/**
 * The follow-up turn in a supervisee's preparation (issue 21): the same turn as in a live case,
 * for each drafted stage. What it asks and what is answered, put aside or dismissed is kept in the
 * prepared case (saved as the preparation is), and comes into the session with the case when the
 * preparation is brought.
 */
import { useEffect, useState } from 'react';
import type { PreparedCaseV1 } from '../../../machines/model/preparation.ts';
import type { ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { canClose, canRaise, withClosed, withRaised, type Closing } from '../../../machines/noticings/followUpSteps.ts';
import { rulesOn } from '../../../machines/noticings/settings.ts';
import { useServices } from '../../app/services.tsx';
import { noticingsCopy } from '../../content/noticingsCopy.ts';
import { FollowUpTurn } from './FollowUpTurn.tsx';
import { useNoticing } from './useNoticing.ts';
import { noticingsInForceFor } from '../../live/noticings.ts';

/**
 * The rule ids on for this device's person (their own choice over all on); [] until read. When
 * the choice cannot be read, none are on and `problem` says so (shown once, above the cases).
 */
export function useNoticingsOnHere(): { on: readonly string[]; problem: string | null } {
  const { repositories } = useServices();
  const [state, setState] = useState<{ on: readonly string[]; problem: string | null }>({ on: [], problem: null });
  useEffect(() => {
    let cancelled = false;
    noticingsInForceFor(repositories.noticingSettings, {}).then(
      (inForce) => !cancelled && setState({ on: rulesOn(inForce), problem: null }),
      (error: unknown) => !cancelled && setState({ on: [], problem: noticingsCopy.settings.notRead(error instanceof Error ? error.message : String(error)) }),
    );
    return () => {
      cancelled = true;
    };
  }, [repositories]);
  return state;
}

export function PreparedFollowUp(props: { preparedCase: PreparedCaseV1; model: ReflectiveModelV1; stage: string; on: readonly string[]; update: (edit: (c: PreparedCaseV1) => PreparedCaseV1) => void }) {
  const { preparedCase: c, stage, update } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const followUps = c.followUps?.[stage] ?? [];
  const close = (closing: Closing) =>
    update((other) => (canClose(other, stage, closing) ? { ...other, followUps: withClosed(other, stage, closing) ?? {}, followUpDraft: null } : other));
  useNoticing(
    { discussion: c, model: props.model, stageId: stage, on: props.on },
    Object.values(c.stages[stage] ?? {}).join('\n'),
    followUps.some((f) => f.outcome === 'raised'),
    (n) => update((other) => (canRaise(other, stage, n.ruleId) ? { ...other, followUps: withRaised(other.followUps, stage, n), followUpDraft: null } : other)),
    (message) => setProblem(noticingsCopy.turn.loadFailed(message)),
  );
  return (
    <FollowUpTurn
      idPrefix={`prep-${c.id}-${stage}`}
      stage={stage}
      followUps={followUps}
      draft={c.followUpDraft}
      problem={problem}
      onDraft={(mode, text) => update((other) => ({ ...other, followUpDraft: mode ? { stage, mode, text } : null }))}
      onAnswer={(answer) => close({ outcome: 'answered', text: answer })}
      onNotNow={() => close({ outcome: 'notNow', text: '' })}
      onDismiss={(reason) => close({ outcome: 'dismissed', text: reason })}
    />
  );
}
