/**
 * A practice session's own record: the trainee's turns and the simulated supervisee's replies,
 * when each stage of the case was entered, and when practice finished. The session itself runs
 * through the real session and case machines beside this one; this machine keeps what the
 * debrief needs and never touches a real record.
 *
 * briefing → practising → finished. Turns are taken only while practising, only by a trainee
 * playing the supervisor, only inside the case, and only with words written.
 */
import { assign, setup } from 'xstate';
import type { CycleStage } from '../model/template.ts';
import type { InterventionKind, ScenarioV1 } from './scenario.ts';
import { classifyQuestion, respond, type TurnV1 } from './simulate.ts';

export const practiceRoles = ['supervisor', 'supervisee'] as const;
export type PracticeRole = (typeof practiceRoles)[number];

/** Where the case stood at a moment: a stage, or outside the case (null). */
export type StageEntry = { stage: CycleStage | null; at: string };

export type PracticeContext = {
  practiceId: string;
  scenario: ScenarioV1;
  role: PracticeRole;
  trainee: string;
  startedAt: string | null;
  finishedAt: string | null;
  turns: TurnV1[];
  stageLog: StageEntry[];
  /** Why the last turn was refused (shown beside the form), or null. */
  refusal: string | null;
  /** What the trainee is writing before saying it: kept, so a reload loses nothing. */
  draft: { intervention: InterventionKind | null; words: string };
};

export type PracticeInput = { practiceId: string; scenario: ScenarioV1; role: PracticeRole; trainee: string };

export type PracticeEvent =
  | { type: 'practice.start'; at: string }
  | { type: 'stage.entered'; stage: CycleStage | null; at: string }
  | { type: 'draft.changed'; intervention: InterventionKind | null; words: string }
  | { type: 'turn.taken'; id: string; intervention: InterventionKind | null; words: string; at: string }
  | { type: 'practice.finish'; at: string };

export const practiceRefusals = {
  intervention: 'Choose an intervention',
  words: 'Write what you would say before the supervisee answers',
  outsideCase: 'The supervisee answers inside the case: start or reopen the case discussion first',
  supervisee: 'You are playing the supervisee: write your answers in the record',
} as const;

/** The stage the case is at now, from the log: null when outside the case. */
export function currentStage(context: Pick<PracticeContext, 'stageLog'>): CycleStage | null {
  return context.stageLog.at(-1)?.stage ?? null;
}

function turnRefusal(context: PracticeContext, intervention: InterventionKind | null, words: string): string | null {
  if (context.role !== 'supervisor') return practiceRefusals.supervisee;
  if (currentStage(context) === null) return practiceRefusals.outsideCase;
  if (intervention === null) return practiceRefusals.intervention;
  if (words.trim().length === 0) return practiceRefusals.words;
  return null;
}

export const practiceMachine = setup({
  types: {
    context: {} as PracticeContext,
    events: {} as PracticeEvent,
    input: {} as PracticeInput,
  },
  guards: {
    turnAllowed: ({ context, event }) => event.type === 'turn.taken' && turnRefusal(context, event.intervention, event.words) === null,
    stageChanged: ({ context, event }) => event.type === 'stage.entered' && currentStage(context) !== event.stage,
  },
  actions: {
    start: assign(({ event }) => (event.type === 'practice.start' ? { startedAt: event.at } : {})),
    logStage: assign(({ context, event }) => (event.type === 'stage.entered' ? { stageLog: [...context.stageLog, { stage: event.stage, at: event.at }] } : {})),
    takeTurn: assign(({ context, event }) => {
      if (event.type !== 'turn.taken' || event.intervention === null) return {};
      const stage = currentStage(context);
      if (stage === null) return {};
      const words = event.words.trim();
      const answer = respond(context.scenario, context.turns, stage, event.intervention);
      const turn: TurnV1 = { id: event.id, at: event.at, stage, intervention: event.intervention, words, question: classifyQuestion(words), ...answer };
      return { turns: [...context.turns, turn], refusal: null, draft: { intervention: null, words: '' } };
    }),
    keepDraft: assign(({ event }) => (event.type === 'draft.changed' ? { draft: { intervention: event.intervention, words: event.words }, refusal: null } : {})),
    refuseTurn: assign(({ context, event }) => (event.type === 'turn.taken' ? { refusal: turnRefusal(context, event.intervention, event.words) } : {})),
    finish: assign(({ context, event }) =>
      event.type === 'practice.finish' ? { finishedAt: event.at, stageLog: [...context.stageLog, { stage: null, at: event.at }] } : {},
    ),
  },
}).createMachine({
  id: 'practice',
  context: ({ input }) => ({
    practiceId: input.practiceId,
    scenario: input.scenario,
    role: input.role,
    trainee: input.trainee,
    startedAt: null,
    finishedAt: null,
    turns: [],
    stageLog: [],
    refusal: null,
    draft: { intervention: null, words: '' },
  }),
  initial: 'briefing',
  states: {
    briefing: {
      on: { 'practice.start': { target: 'practising', actions: 'start' } },
    },
    practising: {
      on: {
        'stage.entered': { guard: 'stageChanged', actions: 'logStage' },
        'draft.changed': { actions: 'keepDraft' },
        'turn.taken': [{ guard: 'turnAllowed', actions: 'takeTurn' }, { actions: 'refuseTurn' }],
        'practice.finish': { target: 'finished', actions: 'finish' },
      },
    },
    finished: { type: 'final' },
  },
});

export type PracticeMachine = typeof practiceMachine;
