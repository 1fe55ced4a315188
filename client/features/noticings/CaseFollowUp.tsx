/**
 * The follow-up turn in a live session's case stage (issue 21): listens to the stage, asks the
 * engine at a pause in typing, and keeps every follow-up and its half-typed answer in the case
 * machine, so it is saved with the session's snapshot like every other answer.
 */
import { useState } from 'react';
import type { ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import type { CycleContext } from '../../../machines/cycle/cycle.machine.ts';
import { rulesOnIn } from '../../../machines/noticings/caseNoticings.ts';
import { useSessionSelector, type CycleActor } from '../session/sessionContext.tsx';
import { noticingsCopy } from '../../content/noticingsCopy.ts';
import { FollowUpTurn } from './FollowUpTurn.tsx';
import { useNoticing } from './useNoticing.ts';

export function CaseFollowUp({ cycle, discussion, model, stage }: { cycle: CycleActor; discussion: CycleContext; model: ReflectiveModelV1; stage: string }) {
  const noticings = useSessionSelector((s) => s.context.noticings);
  const caseHistory = useSessionSelector((s) => s.context.caseHistory);
  const otherCases = useSessionSelector((s) => s.context.cases);
  const [problem, setProblem] = useState<string | null>(null);
  const on = rulesOnIn({ noticings });
  const followUps = discussion.followUps?.[stage] ?? [];
  const hasOpen = followUps.some((f) => f.outcome === 'raised');
  const stageText = Object.values(discussion.stages[stage] ?? {}).join('\n');
  useNoticing(
    { discussion, model, stageId: stage, on, ...(caseHistory ? { caseHistory } : {}), otherCases },
    stageText,
    hasOpen,
    (n) => cycle.send({ type: 'followUp.raised', stage, ruleId: n.ruleId, questionIndex: n.questionIndex, question: n.question }),
    (message) => setProblem(noticingsCopy.turn.loadFailed(message)),
  );
  return (
    <FollowUpTurn
      idPrefix={`stage-${stage}`}
      stage={stage}
      followUps={followUps}
      draft={discussion.followUpDraft}
      problem={problem}
      onDraft={(mode, text) => cycle.send({ type: 'followUp.drafted', stage, mode, text })}
      onAnswer={(answer) => cycle.send({ type: 'followUp.answered', stage, answer })}
      onNotNow={() => cycle.send({ type: 'followUp.notNow', stage })}
      onDismiss={(reason) => cycle.send({ type: 'followUp.dismissed', stage, reason })}
    />
  );
}
