/** The escalation dialog of a live session: the concern is recorded in the session record. */
import { useSelector } from '@xstate/react';
import { EscalationDialog } from '../../components/EscalationDialog.tsx';
import { stageNames } from '../../../machines/model/cycle.ts';
import { currentStage } from '../../../machines/cycle/cycle.machine.ts';
import { cycleActorOf, positionLabel, useCycleSnapshot, useSession } from './sessionContext.tsx';

export function SessionEscalation() {
  const { actor, sections, newId, now } = useSession();
  const open = useSelector(actor, (s) => (s.value as { escalation: string }).escalation === 'open');
  const cycle = useSelector(actor, (s) => cycleActorOf(s));
  const cycleSnapshot = useCycleSnapshot(cycle);
  const stage = cycleSnapshot ? currentStage(cycleSnapshot.value) : null;
  const stageTitle = stage && stage !== 'done' && stage !== 'setAside' ? stageNames[stage].title : null;
  const where = useSelector(actor, (s) => positionLabel(sections, s, stageTitle));
  const caseLabel = cycleSnapshot?.context.label;

  return (
    <EscalationDialog
      open={open}
      raisedDuring={caseLabel ? `${where} (${caseLabel})` : where}
      onRecord={({ concern, actionTaken }) =>
        actor.send({
          type: 'concern.recorded',
          escalation: {
            id: newId(),
            raisedAt: now().toISOString(),
            raisedDuring: where,
            caseId: cycleSnapshot?.context.id ?? null,
            concern,
            actionTaken,
          },
        })
      }
      onCancel={() => actor.send({ type: 'concern.cancelled' })}
    />
  );
}
