/**
 * A practice session (#/practice/<id>): training only. The trainee runs the scenario through
 * the real session and case machines (the same conversation as a live session); beside the
 * case, the simulated supervisee answers each intervention from the script (or, when the
 * trainee plays the supervisee, a scripted supervisor asks). Finishing shows the debrief.
 * Saved as the trainee works, in the practice store only: a reload resumes where it was.
 */
import { useContext, useEffect, useMemo } from 'react';
import { useSelector } from '@xstate/react';
import { createActor, type Actor } from 'xstate';
import { inputOf, restoreSession } from '../../../machines/persistence.ts';
import { sectionsOfSession } from '../../../machines/session/sections.ts';
import { currentStage as cycleStageOf } from '../../../machines/cycle/cycle.machine.ts';
import { practiceMachine, type PracticeMachine } from '../../../machines/practice/practice.machine.ts';
import type { PracticeStateV1 } from '../../../machines/practice/state.ts';
import { isCycleStage, practiceModels } from '../../../machines/practice/scenario.ts';
import type { StoredPractice } from '../../db/practiceRepositories.ts';
import { copy } from '../../content/copy.ts';
import { hrefFor } from '../../app/router.ts';
import { EscalationTargetContext, useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import type { SaveStatusStore } from '../../live/saver.ts';
import { usePersistedActor } from '../../live/persistedActor.ts';
import { SaveStatusContext, SessionContext, agendaPosition, cycleActorOf, useCycleSnapshot, type SessionActor, type SessionValue } from '../session/sessionContext.tsx';
import { Conversation } from '../session/Conversation.tsx';
import { SessionEscalation } from '../session/SessionEscalation.tsx';
import { TrainingTag } from './PracticeHome.tsx';
import { SupervisionPanel } from './SupervisionPanel.tsx';
import { DebriefView } from './DebriefView.tsx';

const w = copy.practice;

export type PracticeActor = Actor<PracticeMachine>;

function practiceStateOf(actor: PracticeActor): PracticeStateV1 {
  const snapshot = actor.getSnapshot();
  return { value: snapshot.value, context: snapshot.context };
}

/** The practice machine restored at the state it was saved in (validated on reading). */
function practiceActorFor(stored: StoredPractice): PracticeActor {
  const { value, context } = stored.content.practice;
  const snapshot = practiceMachine.resolveState({ value, context });
  return createActor(practiceMachine, { snapshot, input: { practiceId: context.practiceId, scenario: context.scenario, role: context.role, trainee: context.trainee } }).start();
}

type Loaded = { stored: StoredPractice; practice: PracticeActor };

export function PracticeScreen({ practiceId }: { practiceId: string }) {
  const { repositories, newId, now } = useServices();
  const { loaded, status, retry } = usePersistedActor(
    {
      load: async (): Promise<{ stored: Loaded; envelope: unknown }> => {
        const stored = await repositories.practice.get(practiceId);
        if (!stored) throw new Error('There is no practice session with that link on this device.');
        return { stored: { stored, practice: practiceActorFor(stored) }, envelope: stored.content.envelope };
      },
      restore: ({ stored }, envelope) => {
        const restored = restoreSession(stored.content.template, stored.content.record, envelope, { onlyModels: practiceModels });
        return { machine: restored.machine, snapshot: restored.snapshot, input: inputOf(stored.content.record), notice: null };
      },
      save: ({ stored, practice }, actor) =>
        repositories.practice.save(stored.content.template, actor.getSnapshot().context, actor.getPersistedSnapshot(), practiceStateOf(practice)),
      childId: 'cycle',
      ready: ({ stored, practice }, actor) => ({
        session: {
          actor,
          template: stored.content.template,
          sections: sectionsOfSession(stored.content.template, stored.content.record),
          models: practiceModels,
          newId,
          now,
        } satisfies SessionValue,
        practice,
      }),
      now,
    },
    [repositories, practiceId, newId, now],
  );

  if (loaded.kind === 'loading') return <p role="status">{w.loading}</p>;
  if (loaded.kind === 'error') return <LoadFailed title={w.problem} message={loaded.message} back={hrefFor({ name: 'practiceHome' })} backLabel={w.back} />;
  return (
    <SessionContext.Provider value={loaded.value.session}>
      <SaveStatusContext.Provider value={status}>
        <PracticeLayout session={loaded.value.session.actor} practice={loaded.value.practice} status={status} save={retry} />
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

  // Each change to the practice (a turn, a draft, a stage entered) is saved with the session.
  // The practice actor has no timers, so it needs no stopping when the screen goes.
  useEffect(() => {
    const subscription = practice.subscribe(() => save?.());
    return () => subscription.unsubscribe();
  }, [practice, save]);
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
            <section className="app-layout__conversation" aria-label="Conversation">
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
