/**
 * A practice session (#/practice/<id>): training only. The trainee runs the scenario through
 * the real session and case machines (the same conversation as a live session); beside the
 * case, the simulated supervisee answers each intervention from the script (or, when the
 * trainee plays the supervisee, a scripted supervisor asks). Finishing shows the debrief.
 * Saved as the trainee works, in the practice store only: a reload resumes where it was.
 */
import { useContext, useEffect, useMemo } from 'react';
import { useSelector } from '@xstate/react';
import { sectionsOfSession } from '../../../machines/session/sections.ts';
import { currentStage as cycleStageOf } from '../../../machines/cycle/cycle.machine.ts';
import { isCycleStage, practiceModels } from '../../../machines/practice/scenario.ts';
import { copy } from '../../content/copy.ts';
import { hrefFor } from '../../app/router.ts';
import { EscalationTargetContext, useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import type { SaveStatusStore } from '../../live/saver.ts';
import { useLiveDocument } from '../../live/useLiveDocument.ts';
import type { PracticeActor } from '../../live/practice.ts';
import { SaveStatusContext, SessionContext, agendaPosition, cycleActorOf, useCycleSnapshot, type SessionActor, type SessionValue } from '../session/sessionContext.tsx';
import { Conversation } from '../session/Conversation.tsx';
import { SessionEscalation } from '../session/SessionEscalation.tsx';
import { TrainingTag } from './PracticeHome.tsx';
import { SupervisionPanel } from './SupervisionPanel.tsx';
import { DebriefView } from './DebriefView.tsx';

const w = copy.practice;

export type { PracticeActor } from '../../live/practice.ts';

export function PracticeScreen({ practiceId }: { practiceId: string }) {
  const { newId, now } = useServices();
  const { loaded, status, retry } = useLiveDocument('practice', practiceId);
  const ready = loaded.kind === 'ready' ? loaded.value : null;
  const session = useMemo(
    (): SessionValue | null =>
      ready && {
        actor: ready.actor,
        template: ready.stored.stored.content.template,
        sections: sectionsOfSession(ready.stored.stored.content.template, ready.stored.stored.content.record),
        models: practiceModels,
        newId,
        now,
      },
    [ready, newId, now],
  );

  if (loaded.kind === 'loading') return <p role="status">{w.loading}</p>;
  if (loaded.kind === 'error') return <LoadFailed title={w.problem} message={loaded.message} back={hrefFor({ name: 'practiceHome' })} backLabel={w.back} />;
  if (!session || !ready) return null;
  return (
    <SessionContext.Provider value={session}>
      <SaveStatusContext.Provider value={status}>
        <PracticeLayout session={session.actor} practice={ready.stored.practice} status={status} save={retry} />
      </SaveStatusContext.Provider>
    </SessionContext.Provider>
  );
}

function PracticeLayout({ session, practice, status, save }: { session: SessionActor; practice: PracticeActor; status: SaveStatusStore; save: (() => void) | null }) {
  const { now } = useServices();
  const state = useSelector(practice, (s) => s.value);
  const scenario = useSelector(practice, (s) => s.context.scenario);
  const role = useSelector(practice, (s) => s.context.role);
  const sectionId = useSelector(session, (s) => agendaPosition(s).sectionId);
  const cycle = useSelector(session, (s) => cycleActorOf(s));
  const cycleSnapshot = useCycleSnapshot(cycle);
  const { setTarget } = useContext(EscalationTargetContext);

  // Each change to the practice (a turn, a draft, a stage entered) is saved with the session
  // (the practice kind's companion: client/live/practice.ts).
  // Even in training, the route to escalate an immediate concern is there at every step.
  useEffect(() => {
    setTarget({ raise: () => session.send({ type: 'concern.escalate' }) });
    return () => setTarget(null);
  }, [session, setTarget]);

  // Which stage of the case the conversation is at (null outside the case): timed for the debrief.
  const stage = useMemo(() => {
    if (!cycleSnapshot) return null;
    const value = cycleStageOf(cycleSnapshot.value);
    return isCycleStage(value) ? value : null;
  }, [cycleSnapshot]);
  useEffect(() => {
    if (state === 'practising') practice.send({ type: 'stage.entered', stage, at: now().toISOString() });
  }, [practice, stage, state, now]);

  return (
    <>
      <div className="nhsuk-inset-text app-training" role="note">
        <p>
          <TrainingTag /> {w.trainingBanner}
        </p>
      </div>
      <h1 className="nhsuk-heading-l">{scenario.title}</h1>
      {state === 'briefing' && (
        <>
          <h2 className="nhsuk-heading-m">{w.brief}</h2>
          <p>{scenario.brief}</p>
          <p>
            {role === 'supervisor' ? w.supervisee(`${scenario.supervisee.name}, ${scenario.supervisee.role}`) : w.scriptedSupervisor}
          </p>
          <button type="button" className="nhsuk-button" onClick={() => practice.send({ type: 'practice.start', at: now().toISOString() })}>
            {w.begin}
          </button>
        </>
      )}
      {state === 'practising' && (
        <>
          <SaveIndicator store={status} onRetry={save} />
          <div className="app-layout">
            <section className="app-layout__conversation" aria-label={copy.session.conversation}>
              {sectionId === 'signatures' || sectionId === 'signed' ? <p className="nhsuk-inset-text">{w.signaturesInstead}</p> : <Conversation />}
            </section>
            <aside className="app-layout__record" aria-label={w.supervisee(scenario.supervisee.name)} tabIndex={0}>
              <SupervisionPanel practice={practice} stage={stage} />
            </aside>
          </div>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => practice.send({ type: 'practice.finish', at: now().toISOString() })}>
            {w.finish}
          </button>
          <SessionEscalation />
        </>
      )}
      {state === 'finished' && <DebriefView practice={practice} session={session} />}
      <p>
        <a href={hrefFor({ name: 'practiceHome' })}>{w.back}</a>
      </p>
    </>
  );
}
