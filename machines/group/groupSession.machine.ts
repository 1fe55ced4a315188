/**
 * A group supervision session: the attendance register; the group's confidentiality
 * boundaries and ground rules, agreed and recorded (re-agreed when a new member is
 * present); a structured consultation for each presenter (the consultation machine); then
 * learning and organisational issues, and close. Themes may be captured at any moment, and
 * "escalate an immediate concern" is reachable from every state, as in one-to-one sessions.
 */
import { and, assign, not, setup, stateIn } from 'xstate';
import { consultationMachine } from './consultation.machine.ts';
import { themesRecordProblems } from './outputs.ts';
import {
  $ThemeV1,
  newMembersPresent,
  type AttendanceMark,
  type ConsultationV1,
  type GroupMemberV1,
  type GroupSessionContentV1,
  type ThemeV1,
} from '../model/group.ts';
import { escalationRegion, type EscalationEvent } from '../escalation.ts';

export type GroupSessionInput = {
  sessionId: string;
  groupId: string;
  groupName: string;
  date: string;
  facilitator: GroupMemberV1;
  members: GroupMemberV1[];
  previouslyAgreed: string[];
  groundRules: string;
  vocabulary: string[];
};

export type GroupSessionEvent =
  | { type: 'step.next' }
  | { type: 'step.back' }
  | { type: 'attendance.marked'; personId: string; mark: AttendanceMark }
  | { type: 'groundRules.changed'; text: string }
  | { type: 'agreement.agreed'; at: string }
  | { type: 'consultation.started'; id: string; presenterId: string; caseLabel: string; question: string; scribeId: string | null; at: number }
  | { type: 'theme.captured'; theme: ThemeV1 }
  | { type: 'theme.removed'; id: string }
  | { type: 'vocabulary.added'; tag: string }
  | { type: 'learning.changed'; text: string }
  | { type: 'organisationalIssues.changed'; text: string }
  | { type: 'session.closed' }
  | EscalationEvent;

/** What stops the register being left. */
export function registerGaps(content: GroupSessionContentV1): string[] {
  const unmarked = content.members.filter((m) => !content.attendance[m.personId]);
  const gaps = unmarked.map((m) => `Mark ${m.name} as present, sending apologies, or absent`);
  if (content.attendance[content.facilitator.personId] !== 'present') gaps.push(`The facilitator, ${content.facilitator.name}, must be present`);
  return gaps;
}

/** What stops the agreement being left: it must be agreed, and by every new member present. */
export function agreementGaps(content: GroupSessionContentV1): string[] {
  if (!content.agreement) return ['Agree the group’s confidentiality boundaries and ground rules, and record it'];
  const missing = newMembersPresent(content).filter((id) => !content.agreement?.agreedBy.includes(id));
  return missing.map((id) => {
    const name = content.members.find((m) => m.personId === id)?.name ?? 'A new member';
    return `${name} is new to the group: agree the boundaries again with them present`;
  });
}

const unrecord = { refusal: [] as string[] };

export const groupSessionSetup = setup({
  types: {
    context: {} as GroupSessionContentV1,
    events: {} as GroupSessionEvent,
    input: {} as GroupSessionInput,
  },
  actors: { consultation: consultationMachine },
  guards: {
    hasNoRegisterGaps: ({ context }) => registerGaps(context).length === 0,
    hasNoAgreementGaps: ({ context }) => agreementGaps(context).length === 0,
    isPresentMember: ({ context, event }) => event.type === 'consultation.started' && context.attendance[event.presenterId] === 'present',
    hasCaseLabel: ({ event }) => event.type === 'consultation.started' && event.caseLabel.trim() !== '',
    hasConcern: ({ event }) => event.type === 'concern.recorded' && event.escalation.concern.trim() !== '',
    isNewTag: ({ context, event }) =>
      event.type === 'vocabulary.added' &&
      event.tag.trim() !== '' &&
      event.tag.trim().length <= 60 &&
      !context.vocabulary.some((tag) => tag.toLowerCase() === event.tag.trim().toLowerCase()),
    hasGroundRules: ({ context }) => context.groundRules.trim() !== '',
    isValidTheme: ({ event }) => event.type === 'theme.captured' && $ThemeV1.safeParse(event.theme).success,
    hasNothingIdentifying: ({ context }) => themesRecordProblems(context).length === 0,
  },
  actions: {
    markAttendance: assign(({ context, event }) =>
      event.type === 'attendance.marked'
        ? // A change to who is here re-opens the agreement: those present must have agreed it.
          { attendance: { ...context.attendance, [event.personId]: event.mark }, agreement: null, ...unrecord }
        : {},
    ),
    changeGroundRules: assign(({ event }) => (event.type === 'groundRules.changed' ? { groundRules: event.text, agreement: null, ...unrecord } : {})),
    recordAgreement: assign(({ context, event }) => {
      if (event.type !== 'agreement.agreed') return {};
      const present = Object.entries(context.attendance).filter(([, mark]) => mark === 'present').map(([id]) => id);
      return {
        agreement: { groundRules: context.groundRules, agreedAt: event.at, agreedBy: present, newMembers: newMembersPresent(context) },
        ...unrecord,
      };
    }),
    refuse: assign(({ context }, params: { gaps: 'register' | 'agreement' }) => ({
      refusal: params.gaps === 'register' ? registerGaps(context) : agreementGaps(context),
    })),
    refuseConsultation: assign(({ context, event }) => ({
      refusal:
        event.type === 'consultation.started' && context.attendance[event.presenterId] !== 'present'
          ? ['The presenter must be present']
          : ['Name the child or family the presenter is bringing'],
    })),
    storeConsultation: assign(({ context }, params: { consultation: ConsultationV1 }) => ({
      consultations: context.consultations.some((c) => c.id === params.consultation.id)
        ? context.consultations.map((c) => (c.id === params.consultation.id ? params.consultation : c))
        : [...context.consultations, params.consultation],
    })),
    captureTheme: assign(({ context, event }) => (event.type === 'theme.captured' ? { themes: [...context.themes, event.theme] } : {})),
    removeTheme: assign(({ context, event }) => (event.type === 'theme.removed' ? { themes: context.themes.filter((t) => t.id !== event.id) } : {})),
    addTag: assign(({ context, event }) => (event.type === 'vocabulary.added' ? { vocabulary: [...context.vocabulary, event.tag.trim()] } : {})),
    recordLearning: assign(({ event }) => (event.type === 'learning.changed' ? { learning: event.text } : {})),
    recordIssues: assign(({ event }) => (event.type === 'organisationalIssues.changed' ? { organisationalIssues: event.text } : {})),
    recordEscalation: assign(({ context, event }) => (event.type === 'concern.recorded' ? { escalations: [...context.escalations, event.escalation] } : {})),
    clearRefusal: assign(unrecord),
  },
});

export const groupSessionMachine = groupSessionSetup.createMachine({
  id: 'groupSession',
  type: 'parallel',
  context: ({ input }) => ({
    sessionId: input.sessionId,
    groupId: input.groupId,
    groupName: input.groupName,
    date: input.date,
    facilitator: input.facilitator,
    members: input.members,
    attendance: {},
    previouslyAgreed: input.previouslyAgreed,
    groundRules: input.groundRules,
    agreement: null,
    consultations: [],
    themes: [],
    vocabulary: input.vocabulary,
    learning: '',
    organisationalIssues: '',
    escalations: [],
    refusal: [],
  }),
  states: {
    agenda: {
      initial: 'register',
      on: {
        // Themes are captured at any moment while the session is open.
        'theme.captured': { guard: and(['isValidTheme', not(stateIn('#groupSession.agenda.closed'))]), actions: 'captureTheme' },
        'theme.removed': { guard: not(stateIn('#groupSession.agenda.closed')), actions: 'removeTheme' },
        'vocabulary.added': { guard: and(['isNewTag', not(stateIn('#groupSession.agenda.closed'))]), actions: 'addTag' },
      },
      states: {
        register: {
          on: {
            'attendance.marked': { actions: 'markAttendance' },
            'step.next': [
              { guard: 'hasNoRegisterGaps', target: 'agreement', actions: 'clearRefusal' },
              { actions: [{ type: 'refuse', params: { gaps: 'register' } }] },
            ],
          },
        },
        agreement: {
          on: {
            'groundRules.changed': { actions: 'changeGroundRules' },
            'agreement.agreed': [
              { guard: 'hasGroundRules', actions: 'recordAgreement' },
              { actions: assign({ refusal: ['Write the group’s confidentiality boundaries and ground rules before agreeing them'] }) },
            ],
            'step.back': { target: 'register', actions: 'clearRefusal' },
            'step.next': [
              { guard: 'hasNoAgreementGaps', target: 'consultations', actions: 'clearRefusal' },
              { actions: [{ type: 'refuse', params: { gaps: 'agreement' } }] },
            ],
          },
        },
        consultations: {
          initial: 'choosing',
          states: {
            choosing: {
              on: {
                'consultation.started': [
                  { guard: and(['isPresentMember', 'hasCaseLabel']), target: 'consulting', actions: 'clearRefusal' },
                  { actions: 'refuseConsultation' },
                ],
                'step.next': { target: '#groupSession.agenda.closing', actions: 'clearRefusal' },
                'step.back': { target: '#groupSession.agenda.agreement', actions: 'clearRefusal' },
              },
            },
            consulting: {
              invoke: {
                id: 'consultation',
                systemId: 'consultation',
                src: 'consultation',
                input: ({ context, event }) => {
                  if (event.type !== 'consultation.started') throw new Error(`A consultation cannot start from ${event.type}`);
                  return {
                    id: event.id,
                    presenterId: event.presenterId,
                    caseLabel: event.caseLabel.trim(),
                    question: event.question,
                    roles: { facilitatorId: context.facilitator.personId, presenterId: event.presenterId, scribeId: event.scribeId },
                    startedAt: event.at,
                  };
                },
                onDone: { target: 'choosing', actions: [{ type: 'storeConsultation', params: ({ event }) => ({ consultation: event.output }) }] },
              },
              on: {
                'step.next': { actions: assign({ refusal: ['Finish this consultation before moving on'] }) },
                'step.back': { actions: assign({ refusal: ['Finish this consultation before moving on'] }) },
              },
            },
          },
        },
        closing: {
          on: {
            'learning.changed': { actions: 'recordLearning' },
            'organisationalIssues.changed': { actions: 'recordIssues' },
            'step.back': { target: 'consultations', actions: 'clearRefusal' },
            // The themes record is circulated: it cannot close while anything in it could identify a child.
            'session.closed': [
              { guard: 'hasNothingIdentifying', target: 'closed', actions: 'clearRefusal' },
              { actions: assign(({ context }) => ({ refusal: themesRecordProblems(context).map((p) => `${p.where}: ${p.message}`) })) },
            ],
          },
        },
        closed: { type: 'final' },
      },
    },
    // A closed session's record is kept as it was closed: a concern then is raised by the route alone.
    escalation: escalationRegion(and(['hasConcern', not(stateIn('#groupSession.agenda.closed'))])),
  },
});
