/**
 * A structured case consultation in group supervision, one per presenter: the presenter sets
 * out the case and the question they want help with; clarifying questions only (no advice
 * yet); the group reflects and offers hypotheses (the reflection and analysis stages of the
 * cycle); the presenter responds; the presenter's actions are agreed. Each phase has a time
 * box; when it runs out the consultation says so (it does not move on by itself) and the
 * facilitator may extend it. Times come in on the events (`at`, ms since the epoch) so the
 * machine stays pure; the delay that marks overtime runs on the actor system's clock.
 */
import { assign, setup } from 'xstate';
import { consultationPhases, defaultTimeBoxes, type ConsultationPhase, type ConsultationV1 } from '../model/group.ts';
import type { ActionV1 } from '../model/record.ts';
import { actionGaps } from '../session/gaps.ts';

export type ConsultationInput = {
  id: string;
  presenterId: string;
  caseLabel: string;
  question: string;
  roles: ConsultationV1['roles'];
  startedAt: number;
  timeBoxes?: Partial<Record<ConsultationPhase, number>>;
  resume?: ConsultationV1;
};

export type ConsultationEvent =
  | { type: 'notes.changed'; phase: ConsultationPhase; text: string }
  | { type: 'question.changed'; question: string }
  | { type: 'action.added'; action: ActionV1 }
  | { type: 'action.changed'; action: ActionV1 }
  | { type: 'action.removed'; id: string }
  | { type: 'phase.next'; at: number }
  | { type: 'phase.extended'; minutes: number; at: number };

export type ConsultationContext = ConsultationV1 & {
  phaseStartedAt: number;
  /** How long until this phase's time box runs out, from the phase's (re)start. */
  timerMs: number;
  overtime: boolean;
  refusal: string[];
};

const minute = 60_000;

function timingFrom(boxes: Record<ConsultationPhase, number>): ConsultationV1['timing'] {
  const box = (phase: ConsultationPhase) => ({ allowedMinutes: boxes[phase], usedSeconds: 0 });
  return { presenting: box('presenting'), clarifying: box('clarifying'), reflecting: box('reflecting'), responding: box('responding'), actions: box('actions') };
}

function phaseOf(value: unknown): ConsultationPhase | null {
  return consultationPhases.includes(value as ConsultationPhase) ? (value as ConsultationPhase) : null;
}

/** What stops a phase being left: the question must be set out, and the actions must be complete. */
export function phaseGaps(context: ConsultationV1, phase: ConsultationPhase): string[] {
  if (phase === 'presenting') {
    const gaps: string[] = [];
    if (!context.caseLabel.trim()) gaps.push('Name the child or family the presenter is bringing');
    if (!context.question.trim()) gaps.push('Record the question the presenter wants help with');
    return gaps;
  }
  if (phase === 'actions') {
    if (context.actions.length === 0 && !context.notes.actions.trim()) return ['Agree the presenter’s actions, or record why none are needed'];
    return actionGaps(context.actions);
  }
  return [];
}

export const consultationSetup = setup({
  types: {
    context: {} as ConsultationContext,
    events: {} as ConsultationEvent,
    input: {} as ConsultationInput,
    output: {} as ConsultationV1,
  },
  delays: {
    phaseTimeBox: ({ context }) => Math.max(0, context.timerMs),
  },
  guards: {
    hasNoPhaseGaps: ({ context }, params: { phase: ConsultationPhase }) => phaseGaps(context, params.phase).length === 0,
    isPositiveExtension: ({ event }) => event.type === 'phase.extended' && event.minutes > 0 && event.minutes <= 60,
  },
  actions: {
    recordNotes: assign(({ context, event }) =>
      event.type === 'notes.changed' ? { notes: { ...context.notes, [event.phase]: event.text }, refusal: [] } : {},
    ),
    recordQuestion: assign(({ event }) => (event.type === 'question.changed' ? { question: event.question, refusal: [] } : {})),
    recordAction: assign(({ context, event }) => {
      switch (event.type) {
        case 'action.added':
          return context.actions.some((a) => a.id === event.action.id) ? {} : { actions: [...context.actions, event.action], refusal: [] };
        case 'action.changed':
          return { actions: context.actions.map((a) => (a.id === event.action.id ? event.action : a)), refusal: [] };
        case 'action.removed':
          return { actions: context.actions.filter((a) => a.id !== event.id), refusal: [] };
        default:
          return {};
      }
    }),
    /** Closes the phase being left: how long it took, in seconds. */
    closePhase: assign(({ context, event }, params: { phase: ConsultationPhase }) => {
      if (event.type !== 'phase.next') return {};
      const used = Math.max(0, Math.round((event.at - context.phaseStartedAt) / 1000));
      const timing = context.timing[params.phase] ?? { allowedMinutes: 0, usedSeconds: 0 };
      return { timing: { ...context.timing, [params.phase]: { ...timing, usedSeconds: timing.usedSeconds + used } } };
    }),
    /** Opens the next phase with its full time box. */
    openPhase: assign(({ context, event }, params: { phase: ConsultationPhase }) => ({
      phaseStartedAt: event.type === 'phase.next' ? event.at : context.phaseStartedAt,
      timerMs: (context.timing[params.phase]?.allowedMinutes ?? 0) * minute,
      overtime: false,
      refusal: [],
    })),
    extend: assign(({ context, event }, params: { phase: ConsultationPhase }) => {
      if (event.type !== 'phase.extended') return {};
      const timing = context.timing[params.phase] ?? { allowedMinutes: 0, usedSeconds: 0 };
      const allowedMinutes = timing.allowedMinutes + event.minutes;
      const elapsed = Math.max(0, event.at - context.phaseStartedAt);
      const timerMs = allowedMinutes * minute - elapsed;
      return { timing: { ...context.timing, [params.phase]: { ...timing, allowedMinutes } }, timerMs, overtime: timerMs <= 0, refusal: [] };
    }),
    markOvertime: assign({ overtime: true }),
    refusePhase: assign(({ context }, params: { phase: ConsultationPhase }) => ({ refusal: phaseGaps(context, params.phase) })),
    markComplete: assign({ complete: true }),
  },
});

function phaseState(phase: ConsultationPhase) {
  const next = consultationPhases[consultationPhases.indexOf(phase) + 1];
  return {
    after: { phaseTimeBox: { actions: 'markOvertime' as const } },
    on: {
      'phase.next': [
        {
          guard: { type: 'hasNoPhaseGaps' as const, params: { phase } },
          target: next ?? 'done',
          actions: [{ type: 'closePhase' as const, params: { phase } }, ...(next ? [{ type: 'openPhase' as const, params: { phase: next } }] : [])],
        },
        { actions: [{ type: 'refusePhase' as const, params: { phase } }] },
      ],
      'phase.extended': {
        guard: 'isPositiveExtension' as const,
        // Re-entered so the time box restarts from the extended allowance.
        target: phase,
        reenter: true,
        actions: [{ type: 'extend' as const, params: { phase } }],
      },
    },
  };
}

export const consultationMachine = consultationSetup.createMachine({
  id: 'consultation',
  context: ({ input }) => {
    // A box given as anything but a usable number of minutes falls back to the default.
    const boxOf = (phase: ConsultationPhase) => {
      const minutes = input.timeBoxes?.[phase];
      return typeof minutes === 'number' && Number.isFinite(minutes) && minutes >= 0 ? minutes : defaultTimeBoxes[phase];
    };
    const boxes: Record<ConsultationPhase, number> = {
      presenting: boxOf('presenting'),
      clarifying: boxOf('clarifying'),
      reflecting: boxOf('reflecting'),
      responding: boxOf('responding'),
      actions: boxOf('actions'),
    };
    const consultation: ConsultationV1 = input.resume ?? {
      id: input.id,
      presenterId: input.presenterId,
      caseLabel: input.caseLabel,
      question: input.question,
      roles: input.roles,
      notes: { presenting: '', clarifying: '', reflecting: '', responding: '', actions: '' },
      actions: [],
      timing: timingFrom(boxes),
      complete: false,
    };
    return {
      ...consultation,
      phaseStartedAt: input.startedAt,
      timerMs: (consultation.timing.presenting?.allowedMinutes ?? boxes.presenting) * minute,
      overtime: false,
      refusal: [],
    };
  },
  initial: 'presenting',
  on: {
    'notes.changed': { actions: 'recordNotes' },
    'question.changed': { actions: 'recordQuestion' },
    'action.added': { actions: 'recordAction' },
    'action.changed': { actions: 'recordAction' },
    'action.removed': { actions: 'recordAction' },
  },
  states: {
    presenting: phaseState('presenting'),
    clarifying: phaseState('clarifying'),
    reflecting: phaseState('reflecting'),
    responding: phaseState('responding'),
    actions: phaseState('actions'),
    done: { type: 'final', entry: 'markComplete' },
  },
  output: ({ context }) => {
    const { phaseStartedAt: _s, timerMs: _t, overtime: _o, refusal: _r, ...consultation } = context;
    return consultation;
  },
});

export function currentPhase(value: unknown): ConsultationPhase | 'done' {
  return value === 'done' ? 'done' : (phaseOf(value) ?? 'presenting');
}
