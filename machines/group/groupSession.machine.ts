/**
 * A group supervision session: the attendance register; the group's confidentiality
 * boundaries and ground rules, agreed and recorded (re-agreed when a new member is
 * present); a structured consultation for each presenter (the consultation machine); then
 * learning and organisational issues, and close. Themes may be captured at any moment, and
 * "escalate an immediate concern" is reachable from every state, as in one-to-one sessions.
 */
import { and, assign, not, setup, stateIn } from 'xstate';
import { consultationMachine } from './consultation.machine.ts';
import { samePart, themesNameFlags, themesRecordProblems } from './outputs.ts';
import {
  $ThemeV1,
  newMembersPresent,
  type AttendanceMark,
  type ConsultationV1,
  type GroupMemberV1,
  type GroupSessionContentV1,
  type NameConfirmationV1,
  type ThemesRecordPartV1,
  type ThemeV1,
} from '../model/group.ts';
import { nameKey } from '../review/names.ts';
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
  /** The theme's text reworded in place (its tags, time and consultation kept). */
  | { type: 'theme.reworded'; id: string; text: string }
  /** The facilitator confirms a word flagged as a name in one part is not a child or family member. */
  | { type: 'name.confirmed'; part: ThemesRecordPartV1; name: string; at: string }
  | { type: 'name.unconfirmed'; part: ThemesRecordPartV1; name: string }
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

/**
 * The confirmations left once a part is reworded: none for that part. Nothing is written
 * when the session has none, so a session saved before the names check keeps its shape.
 */
function confirmationsWithout(context: GroupSessionContentV1, part: ThemesRecordPartV1): { nameConfirmations?: NameConfirmationV1[] } {
  if (!context.nameConfirmations) return {};
  return { nameConfirmations: context.nameConfirmations.filter((c) => !samePart(c.part, part)) };
}

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
    isValidRewording: ({ context, event }) => {
      if (event.type !== 'theme.reworded') return false;
      const theme = context.themes.find((t) => t.id === event.id);
      return theme !== undefined && $ThemeV1.shape.text.safeParse(event.text).success;
    },
    isUnconfirmedName: ({ context, event }) =>
      event.type === 'name.confirmed' &&
      themesNameFlags(context).some((flag) => !flag.confirmation && samePart(flag.part, event.part) && nameKey(flag.name) === nameKey(event.name)),
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
    removeTheme: assign(({ context, event }) =>
      event.type === 'theme.removed' ? { themes: context.themes.filter((t) => t.id !== event.id), ...confirmationsWithout(context, { kind: 'theme', themeId: event.id }) } : {},
    ),
    rewordTheme: assign(({ context, event }) =>
      event.type === 'theme.reworded'
        ? {
            themes: context.themes.map((t) => (t.id === event.id ? { ...t, text: event.text.trim() } : t)),
            ...confirmationsWithout(context, { kind: 'theme', themeId: event.id }),
          }
        : {},
    ),
    confirmName: assign(({ context, event }) => {
      if (event.type !== 'name.confirmed') return {};
      const flag = themesNameFlags(context).find((f) => samePart(f.part, event.part) && nameKey(f.name) === nameKey(event.name));
      if (!flag) return {};
      // The facilitator leads the session and circulates the record: the confirmation is theirs.
      const confirmation: NameConfirmationV1 = { part: flag.part, name: flag.name, confirmedBy: context.facilitator.personId, confirmedAt: event.at };
      return { nameConfirmations: [...(context.nameConfirmations ?? []), confirmation] };
    }),
    unconfirmName: assign(({ context, event }) =>
      event.type === 'name.unconfirmed' && context.nameConfirmations
        ? { nameConfirmations: context.nameConfirmations.filter((c) => !(samePart(c.part, event.part) && nameKey(c.name) === nameKey(event.name))) }
        : {},
    ),
    addTag: assign(({ context, event }) => (event.type === 'vocabulary.added' ? { vocabulary: [...context.vocabulary, event.tag.trim()] } : {})),
    // Rewording a text clears its confirmations: the facilitator confirmed the words then on screen.
    recordLearning: assign(({ context, event }) =>
      event.type === 'learning.changed' && event.text !== context.learning ? { learning: event.text, ...confirmationsWithout(context, { kind: 'learning' }) } : {},
    ),
    recordIssues: assign(({ context, event }) =>
      event.type === 'organisationalIssues.changed' && event.text !== context.organisationalIssues
        ? { organisationalIssues: event.text, ...confirmationsWithout(context, { kind: 'organisationalIssues' }) }
        : {},
    ),
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
        'theme.reworded': { guard: and(['isValidRewording', not(stateIn('#groupSession.agenda.closed'))]), actions: 'rewordTheme' },
        'name.confirmed': { guard: and(['isUnconfirmedName', not(stateIn('#groupSession.agenda.closed'))]), actions: 'confirmName' },
        'name.unconfirmed': { guard: not(stateIn('#groupSession.agenda.closed')), actions: 'unconfirmName' },
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
            // The themes record is circulated: it cannot close while anything in it could identify a
            // child (a case label, or a name neither reworded nor confirmed as not a child or family member).
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
