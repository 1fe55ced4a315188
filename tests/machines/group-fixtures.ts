/**
 * Shared by the group supervision tests: the clock's unit, and a consultation's timing
 * written as one table rather than an object a phase.
 */
import { $GroupSessionContentV1, type ConsultationPhase, type ConsultationV1, type GroupSessionContentV1, type ThemeV1 } from '../../machines/model/group.ts';
import type { ActionV1 } from '../../machines/model/record.ts';

export const minute = 60_000;

/**
 * A consultation's timing, each phase given as [allowed minutes, used seconds]:
 * `timingTable({ presenting: [5, 240], … })` is `{ presenting: { allowedMinutes: 5, usedSeconds: 240 }, … }`.
 * Built from the table given alone, so an expected timing says every number it expects.
 */
export function timingTable(phases: Record<ConsultationPhase, readonly [allowedMinutes: number, usedSeconds: number]>): ConsultationV1['timing'] {
  const entries = Object.entries(phases) as [ConsultationPhase, readonly [number, number]][];
  return Object.fromEntries(entries.map(([phase, [allowedMinutes, usedSeconds]]) => [phase, { allowedMinutes, usedSeconds }])) as ConsultationV1['timing'];
}

// A closed group session with two consultations (Baby Tilly, Jay Smith): the group outputs' fixture.

export const facilitator = { personId: 'person-ruth', name: 'Ruth Okafor', role: 'Named Nurse for Safeguarding' };
export const priya = { personId: 'person-priya', name: 'Priya Shah', role: 'Health Visitor' };
export const tom = { personId: 'person-tom', name: 'Tom Reed', role: 'School Nurse' };
export const lee = { personId: 'person-lee', name: 'Lee Grant', role: 'Health Visitor' };
export const dee = { personId: 'person-dee', name: 'Dee Clark', role: 'Health Visitor' };
export const sam = { personId: 'person-sam', name: 'Sam Hill', role: 'School Nurse' };
export const ana = { personId: 'person-ana', name: 'Ana Costa', role: 'Family Nurse' };

export const timing = timingTable({ presenting: [5, 290], clarifying: [10, 600], reflecting: [15, 900], responding: [5, 240], actions: [5, 300] });

export function action(id: string, what: string, owner: ActionV1['owner'], dueDate: string, caseId: string): ActionV1 {
  return { id, what, owner, dueDate, caseId };
}

export const tilly: ConsultationV1 = {
  id: 'consult-0001',
  presenterId: priya.personId,
  caseLabel: 'Baby Tilly',
  question: 'Am I right to think the home conditions are now neglect, or am I losing objectivity?',
  roles: { facilitatorId: facilitator.personId, presenterId: priya.personId, scribeId: lee.personId },
  notes: {
    presenting: 'Baby Tilly is 7 months old. Weight has dropped across two centiles. Jay Smith, a cousin, stays at weekends and the flat is crowded.',
    clarifying: 'Asked who else visits; whether the GP has seen her since the 6-8 week check.',
    reflecting: 'Hypothesis: the weekend arrangements with Jay are stretching the family. The group wondered what a day is like for Tilly.',
    responding: 'Priya recognised she has been waiting for one clear incident; the pattern is the evidence.',
    actions: '',
  },
  actions: [
    action('action-0001', 'Complete a neglect screening tool at the next visit', { kind: 'supervisee', name: '' }, '2026-11-25', 'consult-0001'),
    action('action-0002', 'Share the weight chart with the GP', { kind: 'other', name: 'Practice nurse, Riverside Surgery' }, '2026-12-02', 'consult-0001'),
  ],
  timing,
  complete: true,
};

export const jay: ConsultationV1 = {
  id: 'consult-0002',
  presenterId: tom.personId,
  caseLabel: 'Jay Smith',
  question: 'How do I escalate when the school has closed its early help plan?',
  roles: { facilitatorId: facilitator.personId, presenterId: tom.personId, scribeId: lee.personId },
  notes: {
    presenting: 'Jay Smith, 9, attendance down to 70%. Spends weekends with his aunt, whose baby Tilly is known to health visiting.',
    clarifying: 'Asked what the school’s reason for closing was.',
    reflecting: 'The group suggested the closure may reflect workload, not lower risk. Smith family known to early help before.',
    responding: 'Tom will use the escalation policy rather than wait for the next review.',
    actions: '',
  },
  actions: [action('action-0003', 'Raise professional disagreement with the DSL using the escalation policy', { kind: 'supervisee', name: '' }, '2026-11-21', 'consult-0002')],
  timing,
  complete: true,
};

export function theme(n: number, text: string, tags: string[], consultationId: string | null = null): ThemeV1 {
  return { id: `theme-000${n}`, text, tags, capturedAt: `2026-11-18T10:${10 + n}:00Z`, consultationId };
}

export const themes: ThemeV1[] = [
  theme(1, 'Drift when a family moves between areas and the health record does not follow', ['information sharing', 'neglect'], tilly.id),
  theme(2, 'Confidence to escalate when a partner agency closes a plan that still worries us', ['escalation', 'professional disagreement'], jay.id),
  theme(3, 'Neglect that builds slowly is hard to see when each visit looks fine on its own', ['Neglect']),
  theme(4, 'The weight of visiting homes where we feel unwelcome', []),
];

export function session(overrides: Partial<GroupSessionContentV1> = {}): GroupSessionContentV1 {
  return $GroupSessionContentV1.parse({
    sessionId: 'group-session-0001',
    groupId: 'group-north-0001',
    groupName: 'North locality health visiting group',
    date: '2026-11-18',
    facilitator,
    members: [priya, tom, lee, dee, sam, ana],
    attendance: {
      [facilitator.personId]: 'present',
      [priya.personId]: 'present',
      [tom.personId]: 'present',
      [lee.personId]: 'present',
      [ana.personId]: 'present',
      [dee.personId]: 'apologies',
      [sam.personId]: 'absent',
    },
    previouslyAgreed: [facilitator.personId, priya.personId, tom.personId, dee.personId, sam.personId, ana.personId],
    groundRules: 'What is said about children and families stays in the group.',
    agreement: {
      groundRules: 'What is said about children and families stays in the group.',
      agreedAt: '2026-11-18T10:02:00Z',
      agreedBy: [facilitator.personId, priya.personId, tom.personId, lee.personId, ana.personId],
      newMembers: [lee.personId],
    },
    consultations: [tilly, jay],
    themes,
    vocabulary: ['neglect', 'domestic abuse', 'information sharing', 'escalation', 'professional disagreement', 'emotional impact'],
    learning: 'Use the neglect screening tool at every contact, not only when concerns are raised.',
    organisationalIssues: 'Records do not transfer between the two health record systems: raise with the Designated Nurse.',
    escalations: [],
    refusal: [],
    ...overrides,
  });
}

