/**
 * The escalation dialog of a live session: the concern is recorded in the session record,
 * or — once the record is sealed — kept beside it as a dated amendment (never inside it).
 */
import { useState } from 'react';
import { useSelector } from '@xstate/react';
import { EscalationDialog } from '../../components/EscalationDialog.tsx';
import { findStage } from '../../../machines/model/reflectiveModel.ts';
import { modelOfCase } from '../../../machines/models/index.ts';
import { useServices } from '../../app/services.tsx';
import { cycleActorOf, positionLabel, useCycleSnapshot, useSession } from './sessionContext.tsx';
import { copy } from '../../content/copy.ts';

export function SessionEscalation() {
  const { actor, sections, models, newId, now } = useSession();
  const { repositories } = useServices();
  const [error, setError] = useState<string | null>(null);
  const open = useSelector(actor, (s) => (s.value as { escalation: string }).escalation === 'open');
  const sealed = useSelector(actor, (s) => s.context.contentHash !== null);
  const cycle = useSelector(actor, (s) => cycleActorOf(s));
  const cycleSnapshot = useCycleSnapshot(cycle);
  // The stage's name in the case's own model ("Analysis", "Feelings", "Identified Risks/Issues?").
  const stageTitle =
    cycleSnapshot && typeof cycleSnapshot.value === 'string' ? (findStage(modelOfCase(cycleSnapshot.context, models), cycleSnapshot.value)?.name ?? null) : null;
  const where = useSelector(actor, (s) => positionLabel(sections, s, stageTitle));
  const caseLabel = cycleSnapshot?.context.label;

  async function recordAfterSigning(concern: string, actionTaken: string) {
    const { sessionId, parties } = actor.getSnapshot().context;
    const text = `Immediate concern raised after signing: ${concern}${actionTaken ? ` Action taken: ${actionTaken}` : ''}`;
    const result = await repositories.sessions.amend(sessionId, { madeBy: parties.supervisor.name, sectionId: null, text });
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setError(null);
    actor.send({ type: 'concern.cancelled' });
  }

  return (
    <>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {copy.session.concernNotRecorded} {error}
        </p>
      )}
      <EscalationDialog
        open={open}
        raisedDuring={caseLabel ? `${where} (${caseLabel})` : where}
        onRecord={({ concern, actionTaken }) => {
          if (sealed) {
            void recordAfterSigning(concern, actionTaken);
            return;
          }
          actor.send({
            type: 'concern.recorded',
            escalation: { id: newId(), raisedAt: now().toISOString(), raisedDuring: where, caseId: cycleSnapshot?.context.id ?? null, concern, actionTaken },
          });
        }}
        onCancel={() => actor.send({ type: 'concern.cancelled' })}
      />
    </>
  );
}
