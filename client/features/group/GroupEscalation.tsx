/** The escalation dialog of a live group session: the concern is recorded in the session. */
import { currentPhase } from '../../../machines/group/consultation.machine.ts';
import { copy } from '../../content/copy.ts';
import { EscalationDialog } from '../../components/EscalationDialog.tsx';
import { groupPosition, stepTitle, useGroupSelector, useGroupSession, useRunningConsultation } from './groupSessionContext.tsx';

const g = copy.group;

export function GroupEscalation() {
  const { actor, newId, now } = useGroupSession();
  const open = useGroupSelector((s) => (s.value as { escalation: string }).escalation === 'open');
  const step = useGroupSelector((s) => groupPosition(s).step);
  const { snapshot: consultation } = useRunningConsultation();
  const phase = consultation ? currentPhase(consultation.value) : null;
  const where = g.raisedDuring(stepTitle(step), phase && phase !== 'done' ? g.phases[phase] : null);
  const caseLabel = consultation?.context.caseLabel;

  return (
    <EscalationDialog
      open={open}
      // The case's label is shown to those raising it; the record keeps it by the consultation's id.
      raisedDuring={caseLabel ? `${where} (${caseLabel})` : where}
      onRecord={({ concern, actionTaken }) =>
        actor.send({
          type: 'concern.recorded',
          escalation: { id: newId(), raisedAt: now().toISOString(), raisedDuring: where, caseId: consultation?.context.id ?? null, concern, actionTaken },
        })
      }
      onCancel={() => actor.send({ type: 'concern.cancelled' })}
    />
  );
}
