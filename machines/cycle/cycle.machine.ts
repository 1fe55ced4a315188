/**
 * The case machine: one run of a reflective model for one child or family, built from the
 * model's data (machines/models/). For the 4x4x4 cycle: Experience → Reflection → Analysis →
 * Action planning. Going back is always allowed; moving on needs an answer, or a skip with a
 * recorded reason. The model's plan stage cannot be skipped: every case discussed ends with a
 * recorded "what next".
 *
 * One machine serves every model a session may use: its states are the stages of all of them
 * (by stage id, as records store them), and each transition is guarded by the case's own model,
 * so a case only ever moves through its model's stages in its model's order. Built for one model
 * (as the tests do for each), it is exactly that model's cycle. A 4x4x4 case keeps the state names
 * it always had, so a case saved mid-discussion before models were data resumes where it was.
 */
import { and, assign, not, setup } from 'xstate';
import {
  caseModelRef,
  emptyStagesOf,
  firstStage,
  refKey,
  sameRef,
  storedModelRef,
  type ModelRefV1,
  type ReflectiveModelV1,
} from '../model/reflectiveModel.ts';
import { stageHasAnswer, type CaseChooser, type CaseDiscussionV1 } from '../model/record.ts';
import { canClose, canRaise, openFollowUp, withClosed, withRaised } from '../noticings/followUpSteps.ts';
import { fourByFour, uniqueModels } from '../models/index.ts';

export type CycleInput = {
  caseId: string;
  label?: string;
  chosenBy?: CaseChooser | null;
  /** The model the case runs with; absent: the first model the machine was built with (the 4x4x4 cycle in a session). */
  model?: ModelRefV1;
  /** An earlier discussion of this case in the same session, reopened to edit (it keeps its own model). */
  resume?: CaseDiscussionV1;
};

export type CycleEvent =
  | { type: 'case.labelled'; label: string }
  | { type: 'case.chosenBy'; chosenBy: CaseChooser | null }
  | { type: 'stage.answered'; stage: string; field: string; text: string }
  | { type: 'stage.completed' }
  | { type: 'stage.skipped'; reason: string }
  | { type: 'stage.back' }
  /** Leave the case part-way; what was written is kept and it can be reopened. */
  | { type: 'case.setAside' }
  // The assistant's follow-ups (issue 21): asked at a pause in typing, never blocking.
  /** The assistant asks a follow-up at a stage (refused while one is open there, or if its rule was asked in this case). */
  | { type: 'followUp.raised'; stage: string; ruleId: string; questionIndex: number; question: string }
  /** The practitioner opens the answer or the reason (or closes it: mode null), and what they have typed so far. */
  | { type: 'followUp.drafted'; stage: string; mode: FollowUpDraftMode | null; text: string }
  | { type: 'followUp.answered'; stage: string; answer: string }
  | { type: 'followUp.notNow'; stage: string }
  /** Not relevant, with the reason (required: refused without one). */
  | { type: 'followUp.dismissed'; stage: string; reason: string };

export type FollowUpDraftMode = 'answer' | 'dismiss';
/** An answer or a reason being typed to the open follow-up of a stage: kept with the case's snapshot, so a reload resumes it. */
export type FollowUpDraft = { stage: string; mode: FollowUpDraftMode; text: string };

export type CycleContext = CaseDiscussionV1 & { skipRefusal: string | null; completeRefusal: string | null; followUpDraft?: FollowUpDraft | null };

export { openFollowUp };

type StageParams = { stage: string };

export function createCycleSetup() {
  return setup({
    types: {
      context: {} as CycleContext,
      events: {} as CycleEvent,
      input: {} as CycleInput,
      output: {} as CaseDiscussionV1,
    },
    guards: {
      hasAnswer: ({ context }, params: StageParams) => stageHasAnswer(context.stages[params.stage]),
      hasLabel: ({ context }) => context.label.trim().length > 0,
      hasSkipReason: (_, params: { reason: string }) => params.reason.trim().length > 0,
      /** The case runs with this model (a 4x4x4 case stored before models were data has no ref: 4x4x4 1.0.0). */
      isModel: ({ context }, params: { model: ModelRefV1 }) => sameRef(caseModelRef(context), params.model),
      /** At most one follow-up open at a stage, and a rule asked at most once in a case. */
      canRaise: ({ context }, params: { stage: string; ruleId: string }) => params.stage in context.stages && canRaise(context, params.stage, params.ruleId),
      hasOpenFollowUp: ({ context }, params: { stage: string }) => openFollowUp(context, params.stage) !== null,
      /** An answer or a reason to the open follow-up: never empty. */
      canClose: ({ context }, params: { stage: string; text: string }) => canClose(context, params.stage, { outcome: 'answered', text: params.text }),
    },
    actions: {
      recordAnswer: assign(({ context }, params: { stage: string; field: string; text: string }) => ({
        stages: {
          ...context.stages,
          [params.stage]: { ...context.stages[params.stage], [params.field]: params.text },
        },
      })),
      recordLabel: assign((_, params: { label: string }) => ({ label: params.label })),
      recordChooser: assign((_, params: { chosenBy: CaseChooser | null }) => ({ chosenBy: params.chosenBy })),
      recordSkip: assign(({ context }, params: { stage: string; reason: string }) => ({
        skipped: { ...context.skipped, [params.stage]: params.reason.trim() },
        skipRefusal: null,
        completeRefusal: null,
      })),
      /** An answered stage is no longer "skipped", whatever happened on an earlier pass. */
      clearSkip: assign(({ context }, params: StageParams) => {
        const skipped = { ...context.skipped };
        delete skipped[params.stage];
        return { skipped, completeRefusal: null, skipRefusal: null };
      }),
      /** A refusal belongs to the stage it was given on: moving stage clears it. */
      clearRefusals: assign({ skipRefusal: null, completeRefusal: null }),
      refuseSkip: assign({ skipRefusal: 'Give a reason for skipping this stage. It is recorded.' }),
      refuseComplete: assign(({ context }, params: { stage: string; needsLabel: boolean }) => {
        const problems = [
          ...(context.label.trim() === '' && params.needsLabel ? ['Enter a label for the child or family.'] : []),
          ...(stageHasAnswer(context.stages[params.stage]) ? [] : ['Record an answer, or skip this stage with a reason.']),
        ];
        return { completeRefusal: problems.join(' ') || null };
      }),
      refuseSkipWithoutLabel: assign({ skipRefusal: 'Enter a label for the child or family.' }),
      raiseFollowUp: assign(({ context }, params: { stage: string; ruleId: string; questionIndex: number; question: string }) => ({
        followUps: withRaised(context.followUps, params.stage, params),
        followUpDraft: null,
      })),
      draftFollowUp: assign((_, params: { stage: string; mode: FollowUpDraftMode | null; text: string }) => ({
        followUpDraft: params.mode ? { stage: params.stage, mode: params.mode, text: params.text } : null,
      })),
      closeFollowUp: assign(({ context }, params: { stage: string; outcome: 'answered' | 'notNow' | 'dismissed'; text: string }) => ({
        followUps: withClosed(context, params.stage, { outcome: params.outcome, text: params.text }),
        followUpDraft: null,
      })),
      markComplete: assign({ complete: true }),
      /** Only a discussion that ends with its plan stage is complete; set aside, it is not (even if it once was). */
      markIncomplete: assign({ complete: false }),
    },
  });
}

export const cycleSetup = createCycleSetup();

/** A guard as written in a config built from data (checked by the machine tests). */
type Guard = unknown;
type Transition = { guard?: Guard; target?: string; actions?: unknown };

/** The transitions leaving one stage id, for every model that has it, each guarded by the case's model. */
function stageState(stageId: string, modelsWithStage: readonly ReflectiveModelV1[], guarded: boolean) {
  const completed: Transition[] = [];
  const refusedComplete: Transition[] = [];
  const skipped: Transition[] = [];
  const back: Transition[] = [];
  for (const model of modelsWithStage) {
    const index = model.stages.findIndex((s) => s.id === stageId);
    const next = model.stages[index + 1]?.id;
    const previous = model.stages[index - 1]?.id;
    const isModel: Guard[] = guarded ? [{ type: 'isModel', params: { model: { id: model.id, version: model.version } } }] : [];
    const when = (guards: Guard[]): Guard | undefined => (guards.length === 0 ? undefined : guards.length === 1 ? guards[0] : and(guards as never));
    // A case must name its child or family before it starts and before it ends.
    const needsLabel = index === 0 || stageId === model.planStage;
    const answered: Guard = { type: 'hasAnswer', params: { stage: stageId } };
    completed.push({
      guard: when([...isModel, ...(needsLabel ? ['hasLabel'] : []), answered]),
      target: next ?? 'done',
      actions: [{ type: 'clearSkip', params: { stage: stageId } }],
    });
    refusedComplete.push({
      ...(guarded ? { guard: when(isModel) } : {}),
      actions: [{ type: 'refuseComplete', params: { stage: stageId, needsLabel } }],
    });
    // The plan stage has no skip: the event is not handled there.
    if (next && stageId !== model.planStage) {
      if (index === 0) skipped.push({ guard: when([...isModel, not('hasLabel')]), actions: 'refuseSkipWithoutLabel' });
      skipped.push({
        guard: when([...isModel, { type: 'hasSkipReason', params: ({ event }: { event: { reason: string } }) => ({ reason: event.reason }) }]),
        target: next,
        actions: [{ type: 'recordSkip', params: ({ event }: { event: { reason: string } }) => ({ stage: stageId, reason: event.reason }) }],
      });
      skipped.push({ ...(guarded ? { guard: when(isModel) } : {}), actions: 'refuseSkip' });
    }
    if (previous) back.push({ ...(guarded ? { guard: when(isModel) } : {}), target: previous, actions: 'clearRefusals' });
  }
  return {
    on: {
      'stage.completed': [...completed, ...refusedComplete],
      ...(skipped.length > 0 ? { 'stage.skipped': skipped } : {}),
      ...(back.length > 0 ? { 'stage.back': back } : {}),
    },
  };
}

/**
 * The case machine for the models given (the first is a case's model when its input names none).
 * Every stage id of every model becomes a state; a stage id shared by two models is one state
 * whose transitions follow the case's own model.
 */
export function createCaseCycleMachine(modelList: readonly ReflectiveModelV1[]) {
  const all = uniqueModels(modelList);
  const primary = all[0];
  if (!primary) throw new Error('A case machine needs at least one reflective model');
  const guarded = all.length > 1;
  const stageIds = [...new Set(all.flatMap((m) => m.stages.map((s) => s.id)))];
  const firstIds = new Set(all.map((m) => firstStage(m).id));
  const onlyFirst = firstIds.size === 1 ? firstStage(primary).id : null;
  const states: Record<string, unknown> = {};
  for (const id of stageIds) {
    states[id] = stageState(
      id,
      all.filter((m) => m.stages.some((s) => s.id === id)),
      guarded,
    );
  }
  if (!onlyFirst) {
    // Models that open on different stages: a case goes straight to its own model's first stage.
    states['opening'] = {
      always: all.map((m) => ({ guard: { type: 'isModel', params: { model: { id: m.id, version: m.version } } }, target: firstStage(m).id })),
    };
  }
  const modelFor = (ref: ModelRefV1) => all.find((m) => sameRef(m, ref));
  return cycleSetup.createMachine({
    id: 'caseCycle',
    context: ({ input }) => {
      const ref = input.resume ? caseModelRef(input.resume) : (input.model ?? { id: primary.id, version: primary.version });
      const model = modelFor(ref);
      if (!model) throw new Error(`The reflective model ${refKey(ref)} is not available to this case`);
      return {
        id: input.caseId,
        label: input.resume?.label ?? input.label ?? '',
        chosenBy: input.resume?.chosenBy ?? input.chosenBy ?? null,
        stages: input.resume?.stages ?? emptyStagesOf(model),
        skipped: input.resume?.skipped ?? {},
        complete: input.resume?.complete ?? false,
        ...(input.resume?.prepared ? { prepared: true } : {}),
        ...storedModelRef(ref),
        ...(input.resume?.followUps ? { followUps: input.resume.followUps } : {}),
        skipRefusal: null,
        completeRefusal: null,
      };
    },
    initial: onlyFirst ?? 'opening',
    on: {
      'stage.answered': {
        actions: [{ type: 'recordAnswer', params: ({ event }) => ({ stage: event.stage, field: event.field, text: event.text }) }],
      },
      'case.labelled': { actions: [{ type: 'recordLabel', params: ({ event }) => ({ label: event.label }) }] },
      'case.chosenBy': { actions: [{ type: 'recordChooser', params: ({ event }) => ({ chosenBy: event.chosenBy }) }] },
      'case.setAside': { target: '.setAside' },
      'followUp.raised': {
        guard: { type: 'canRaise', params: ({ event }) => ({ stage: event.stage, ruleId: event.ruleId }) },
        actions: [{ type: 'raiseFollowUp', params: ({ event }) => ({ stage: event.stage, ruleId: event.ruleId, questionIndex: event.questionIndex, question: event.question }) }],
      },
      'followUp.drafted': {
        guard: { type: 'hasOpenFollowUp', params: ({ event }) => ({ stage: event.stage }) },
        actions: [{ type: 'draftFollowUp', params: ({ event }) => ({ stage: event.stage, mode: event.mode, text: event.text }) }],
      },
      'followUp.answered': {
        guard: { type: 'canClose', params: ({ event }) => ({ stage: event.stage, text: event.answer }) },
        actions: [{ type: 'closeFollowUp', params: ({ event }) => ({ stage: event.stage, outcome: 'answered' as const, text: event.answer }) }],
      },
      'followUp.notNow': {
        guard: { type: 'hasOpenFollowUp', params: ({ event }) => ({ stage: event.stage }) },
        actions: [{ type: 'closeFollowUp', params: ({ event }) => ({ stage: event.stage, outcome: 'notNow' as const, text: '' }) }],
      },
      'followUp.dismissed': {
        guard: { type: 'canClose', params: ({ event }) => ({ stage: event.stage, text: event.reason }) },
        actions: [{ type: 'closeFollowUp', params: ({ event }) => ({ stage: event.stage, outcome: 'dismissed' as const, text: event.reason }) }],
      },
    },
    // Built from data: the stage states' shape is checked by the machine tests, not by the type system.
    states: {
      ...(states as Record<string, object>),
      done: { type: 'final', entry: 'markComplete' },
      setAside: { type: 'final', entry: 'markIncomplete' },
    } as Record<string, { type?: 'final'; entry?: 'markComplete' | 'markIncomplete' }>,
    output: ({ context }) => ({
      id: context.id,
      label: context.label,
      chosenBy: context.chosenBy,
      stages: context.stages,
      skipped: context.skipped,
      complete: context.complete,
      ...(context.prepared ? { prepared: true } : {}),
      ...(context.model ? { model: context.model } : {}),
      ...(context.followUps && Object.keys(context.followUps).length > 0 ? { followUps: context.followUps } : {}),
    }),
  });
}

export type CaseCycleMachine = ReturnType<typeof createCaseCycleMachine>;

/** The 4x4x4 cycle's case machine. */
export const caseCycleMachine = createCaseCycleMachine([fourByFour()]);

/** The stage a case machine is at, by stage id; 'done' or 'setAside' once it has finished. */
export function currentStage(value: unknown, model?: ReflectiveModelV1): string | 'done' | 'setAside' {
  if (value === 'done' || value === 'setAside') return value;
  const m = model ?? fourByFour();
  return typeof value === 'string' && m.stages.some((s) => s.id === value) ? value : firstStage(m).id;
}
