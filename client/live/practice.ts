/**
 * The practice session as a live document: the real session machine, restored as a one-to-one
 * session is (client/live/session.ts) with only the practice models, and beside it the practice
 * machine (the script), restored at the state it was saved in. Both are written together, in the
 * practice store only; a new practice starts from XState's pure `initialTransition`.
 */
import { createActor, initialTransition, type Actor, type Snapshot } from 'xstate';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import { practiceMachine, type PracticeMachine, type PracticeRole } from '../../machines/practice/practice.machine.ts';
import type { PracticeStateV1 } from '../../machines/practice/state.ts';
import { practiceModels } from '../../machines/practice/scenario.ts';
import { createSessionMachine, type SessionMachine } from '../../machines/session/session.machine.ts';
import { findTemplate } from '../../machines/templates/index.ts';
import { copy } from '../content/copy.ts';
import { localIsoDate } from '../content/format.ts';
import { PRACTICE_PERSON_ID, SCRIPTED_SUPERVISOR, type StoredPractice } from '../db/practiceRepositories.ts';
import type { Repositories } from '../db/repositories.ts';
import type { Result } from '../db/result.ts';
import type { LiveKind } from './kind.ts';
import { inputOf, restoreSession } from './session.ts';

export type PracticeActor = Actor<PracticeMachine>;

export function practiceStateOf(actor: PracticeActor): PracticeStateV1 {
  const snapshot = actor.getSnapshot();
  return { value: snapshot.value, context: snapshot.context };
}

/** The practice machine restored at the state it was saved in (validated on reading). */
function practiceActorFor(stored: StoredPractice): PracticeActor {
  const { value, context } = stored.content.practice;
  const snapshot = practiceMachine.resolveState({ value, context });
  return createActor(practiceMachine, { snapshot, input: { practiceId: context.practiceId, scenario: context.scenario, role: context.role, trainee: context.trainee } }).start();
}

/** A practice as it is opened: what was stored, and its script's actor (running beside the session's). */
export type OpenPractice = { stored: StoredPractice; practice: PracticeActor };
type PracticeState = { record: SessionContentV1; snapshot: Snapshot<unknown>; practice: PracticeStateV1 };

export const practiceKind: LiveKind<OpenPractice, SessionMachine, PracticeState> = {
  machine: ({ stored }) => createSessionMachine(stored.content.template, stored.content.record.sessionType, { focus: false, onlyModels: practiceModels }),
  load: async (repositories, practiceId) => {
    const stored = await repositories.practice.get(practiceId);
    if (!stored) throw new Error(copy.saving.practiceNotFound);
    return { stored: { stored, practice: practiceActorFor(stored) }, envelope: stored.content.envelope };
  },
  restore: ({ stored }, envelope, machine) => {
    const restored = restoreSession(stored.content.template, stored.content.record, envelope, { onlyModels: practiceModels }, machine);
    return { snapshot: restored.snapshot, input: inputOf(stored.content.record), notice: null };
  },
  capture: (actor, { practice }) => ({ record: actor.getSnapshot().context, snapshot: actor.getPersistedSnapshot(), practice: practiceStateOf(practice) }),
  write: (repositories, { stored }, state) => repositories.practice.save(stored.content.template, state.record, state.snapshot, state.practice),
  childId: 'cycle',
  // Each change to the practice (a turn, a draft, a stage entered) is saved with the session.
  companions: ({ practice }) => [practice],
};

/** Starts a practice session: the real session machine for the scenario's template, its first state saved before anything is shown. */
export async function createPractice(repositories: Repositories, input: { scenarioId: string; role: PracticeRole; trainee: string }): Promise<Result<string>> {
  const words = copy.saving;
  const trainee = input.trainee.trim();
  if (!trainee) return { ok: false, message: words.enterTraineeName };
  const scenario = await repositories.practiceScenarios.find(input.scenarioId);
  if (!scenario) return { ok: false, message: words.chooseScenario };
  const template = findTemplate(scenario.templateId);
  if (!template) return { ok: false, message: words.scenarioTemplateMissing(scenario.templateId) };
  const practiceId = repositories.newId();
  const machine = createSessionMachine(template, scenario.sessionType, { focus: false, onlyModels: practiceModels });
  const [first] = initialTransition(machine, {
    sessionId: practiceId,
    sessionType: scenario.sessionType,
    date: localIsoDate(repositories.now()),
    parties: {
      supervisor: { name: input.role === 'supervisor' ? trainee : SCRIPTED_SUPERVISOR, role: copy.saving.practiceRole },
      supervisee: { personId: PRACTICE_PERSON_ID, name: input.role === 'supervisee' ? trainee : scenario.supervisee.name, role: scenario.supervisee.role },
    },
    previousActions: [],
  });
  const state: PracticeStateV1 = {
    value: 'briefing',
    context: { practiceId, scenario, role: input.role, trainee, startedAt: null, finishedAt: null, turns: [], stageLog: [], refusal: null, draft: { intervention: null, words: '' } },
  };
  await repositories.practice.save(template, first.context, machine.getPersistedSnapshot(first), state);
  return { ok: true, value: practiceId };
}
