/**
 * The case machine: one run of the 4x4x4 cycle for one child or family.
 * Experience → Reflection → Analysis → Action planning. Going back is always allowed;
 * moving on needs an answer, or a skip with a recorded reason. Action planning cannot be
 * skipped: every case discussed ends with a recorded "what next".
 */
import { and, assign, not, setup } from 'xstate';
import { cycleStages, type CycleStage } from '../model/template.ts';
import {
  emptyStages,
  stageHasAnswer,
  type CaseChooser,
  type CaseDiscussionV1,
} from '../model/record.ts';

export type CycleInput = {
  caseId: string;
  label?: string;
  chosenBy?: CaseChooser | null;
  /** An earlier discussion of this case in the same session, reopened to edit. */
  resume?: CaseDiscussionV1;
};

export type CycleEvent =
  | { type: 'case.labelled'; label: string }
  | { type: 'case.chosenBy'; chosenBy: CaseChooser | null }
  | { type: 'stage.answered'; stage: CycleStage; field: string; text: string }
  | { type: 'stage.completed' }
  | { type: 'stage.skipped'; reason: string }
  | { type: 'stage.back' }
  /** Leave the case part-way; what was written is kept and it can be reopened. */
  | { type: 'case.setAside' };

export type CycleContext = CaseDiscussionV1 & { skipRefusal: string | null; completeRefusal: string | null };

function stageOf(value: unknown): CycleStage {
  return cycleStages.includes(value as CycleStage) ? (value as CycleStage) : 'experience';
}

export const cycleSetup = setup({
  types: {
    context: {} as CycleContext,
    events: {} as CycleEvent,
    input: {} as CycleInput,
    output: {} as CaseDiscussionV1,
  },
  guards: {
    hasAnswer: ({ context }, params: { stage: CycleStage }) => stageHasAnswer(context.stages[params.stage]),
    hasLabel: ({ context }) => context.label.trim().length > 0,
    hasSkipReason: (_, params: { reason: string }) => params.reason.trim().length > 0,
  },
  actions: {
    recordAnswer: assign(({ context }, params: { stage: CycleStage; field: string; text: string }) => ({
      stages: {
        ...context.stages,
        [params.stage]: { ...context.stages[params.stage], [params.field]: params.text },
      },
    })),
    recordLabel: assign((_, params: { label: string }) => ({ label: params.label })),
    recordChooser: assign((_, params: { chosenBy: CaseChooser | null }) => ({ chosenBy: params.chosenBy })),
    recordSkip: assign(({ context }, params: { stage: CycleStage; reason: string }) => ({
      skipped: { ...context.skipped, [params.stage]: params.reason.trim() },
      skipRefusal: null,
      completeRefusal: null,
    })),
    /** An answered stage is no longer "skipped", whatever happened on an earlier pass. */
    clearSkip: assign(({ context }, params: { stage: CycleStage }) => {
      const skipped = { ...context.skipped };
      delete skipped[params.stage];
      return { skipped, completeRefusal: null, skipRefusal: null };
    }),
    /** A refusal belongs to the stage it was given on: moving stage clears it. */
    clearRefusals: assign({ skipRefusal: null, completeRefusal: null }),
    refuseSkip: assign({ skipRefusal: 'Give a reason for skipping this stage. It is recorded.' }),
    refuseComplete: assign(({ context }, params: { stage: CycleStage }) => {
      const problems = [
        ...(context.label.trim() === '' && (params.stage === 'experience' || params.stage === 'actionPlanning') ? ['Enter a label for the child or family.'] : []),
        ...(stageHasAnswer(context.stages[params.stage]) ? [] : ['Record an answer, or skip this stage with a reason.']),
      ];
      return { completeRefusal: problems.join(' ') || null };
    }),
    refuseSkipWithoutLabel: assign({ skipRefusal: 'Enter a label for the child or family.' }),
    markComplete: assign({ complete: true }),
    /** Only a discussion that ends with action planning is complete; set aside, it is not (even if it once was). */
    markIncomplete: assign({ complete: false }),
  },
});

/** The transitions leaving one stage, built the same way for each stage. */
function stageState(stage: CycleStage) {
  const index = cycleStages.indexOf(stage);
  const next = cycleStages[index + 1];
  const previous = cycleStages[index - 1];
  return {
    on: {
      'stage.completed': [
        {
          // A case must name its child or family before it starts and before it ends.
          guard:
            stage === 'experience' || stage === 'actionPlanning'
              ? and(['hasLabel', { type: 'hasAnswer', params: { stage } }])
              : { type: 'hasAnswer' as const, params: { stage } },
          ...(next ? { target: next } : { target: 'done' as const }),
          actions: [{ type: 'clearSkip' as const, params: { stage } }],
        },
        { actions: [{ type: 'refuseComplete' as const, params: { stage } }] },
      ],
      ...(next
        ? {
            'stage.skipped': [
              ...(stage === 'experience' ? [{ guard: not('hasLabel'), actions: 'refuseSkipWithoutLabel' as const }] : []),
              {
                guard: { type: 'hasSkipReason' as const, params: ({ event }: { event: { reason: string } }) => ({ reason: event.reason }) },
                target: next,
                actions: [{ type: 'recordSkip' as const, params: ({ event }: { event: { reason: string } }) => ({ stage, reason: event.reason }) }],
              },
              { actions: 'refuseSkip' as const },
            ],
          }
        : {}),
      ...(previous ? { 'stage.back': { target: previous, actions: 'clearRefusals' as const } } : {}),
    },
  };
}

export const caseCycleMachine = cycleSetup.createMachine({
  id: 'caseCycle',
  context: ({ input }) => ({
    id: input.caseId,
    label: input.resume?.label ?? input.label ?? '',
    chosenBy: input.resume?.chosenBy ?? input.chosenBy ?? null,
    stages: input.resume?.stages ?? emptyStages(),
    skipped: input.resume?.skipped ?? {},
    complete: input.resume?.complete ?? false,
    ...(input.resume?.prepared ? { prepared: true } : {}),
    skipRefusal: null,
    completeRefusal: null,
  }),
  initial: 'experience',
  on: {
    'stage.answered': {
      actions: [{ type: 'recordAnswer', params: ({ event }) => ({ stage: event.stage, field: event.field, text: event.text }) }],
    },
    'case.labelled': { actions: [{ type: 'recordLabel', params: ({ event }) => ({ label: event.label }) }] },
    'case.chosenBy': { actions: [{ type: 'recordChooser', params: ({ event }) => ({ chosenBy: event.chosenBy }) }] },
    'case.setAside': { target: '.setAside' },
  },
  states: {
    experience: stageState('experience'),
    reflection: stageState('reflection'),
    analysis: stageState('analysis'),
    actionPlanning: stageState('actionPlanning'),
    done: { type: 'final', entry: 'markComplete' },
    setAside: { type: 'final', entry: 'markIncomplete' },
  },
  output: ({ context }) => ({
    id: context.id,
    label: context.label,
    chosenBy: context.chosenBy,
    stages: context.stages,
    skipped: context.skipped,
    complete: context.complete,
    ...(context.prepared ? { prepared: true } : {}),
  }),
});

export function currentStage(value: unknown): CycleStage | 'done' | 'setAside' {
  return value === 'done' || value === 'setAside' ? value : stageOf(value);
}
