/**
 * Group supervision: a named group with a facilitator (the session lead) and members doing
 * the same work. Each session keeps an attendance register, records the group's agreed
 * confidentiality boundaries and ground rules (re-agreed when a new member joins), a
 * structured consultation for each presenter, and the themes the facilitator or scribe
 * captures. Derby 7.3: "a record of themes should be recorded and circulated by the session
 * lead"; Temple: "the records should reflect that this was a group discussion".
 */
import { z } from 'zod';
import { $ActionV1, $EscalationV1, $IsoDate, $IsoInstant, $RecordId } from './record.ts';

/** Our wording of the boundaries most groups agree; every group edits its own. */
export const defaultGroundRules = [
  'What is said about children, families and colleagues stays in the group. Notes are confidential to its members.',
  'Confidentiality has limits: if anything raised means a child or adult is at risk, or practice is unsafe or illegal, the facilitator will act on it and tell the person first.',
  'Cases are presented by the practitioner responsible; others do not share case details that are not needed for the discussion.',
  'One person speaks at a time; questions before advice; challenge the idea, not the person.',
  'The themes record circulated after the session carries no names of children or families.',
].join('\n');

export const defaultThemeVocabulary = [
  'neglect',
  'domestic abuse',
  'exploitation',
  'information sharing',
  'escalation',
  'professional disagreement',
  'workload',
  'emotional impact',
] as const;

export const $GroupV1 = z.strictObject({
  schema: z.literal('group/v1'),
  id: $RecordId,
  name: z.string().trim().min(1, 'Enter the group’s name').max(200),
  facilitatorId: $RecordId,
  memberIds: z.array($RecordId).max(50),
  groundRules: z.string().trim().min(1, 'Write the group’s confidentiality boundaries and ground rules').max(10000),
  vocabulary: z.array(z.string().trim().min(1).max(60)).max(60),
  createdAt: $IsoInstant,
  updatedAt: $IsoInstant,
});
export type GroupV1 = z.infer<typeof $GroupV1>;

export const attendanceMarks = ['present', 'apologies', 'absent'] as const;
export const $AttendanceMark = z.enum(attendanceMarks);
export type AttendanceMark = z.infer<typeof $AttendanceMark>;

export const $GroupMemberV1 = z.strictObject({ personId: $RecordId, name: z.string().min(1), role: z.string() });
export type GroupMemberV1 = z.infer<typeof $GroupMemberV1>;

export const $ThemeV1 = z.strictObject({
  id: $RecordId,
  text: z.string().trim().min(1).max(500),
  tags: z.array(z.string().min(1).max(60)).max(20),
  capturedAt: $IsoInstant,
  /** The consultation it arose in, if any. */
  consultationId: $RecordId.nullable(),
});
export type ThemeV1 = z.infer<typeof $ThemeV1>;

export const consultationPhases = ['presenting', 'clarifying', 'reflecting', 'responding', 'actions'] as const;
export const $ConsultationPhase = z.enum(consultationPhases);
export type ConsultationPhase = z.infer<typeof $ConsultationPhase>;

/** Default time boxes in minutes: the facilitator can extend any phase as it runs. */
export const defaultTimeBoxes: Record<ConsultationPhase, number> = {
  presenting: 5,
  clarifying: 10,
  reflecting: 15,
  responding: 5,
  actions: 5,
};

export const $ConsultationV1 = z.strictObject({
  id: $RecordId,
  presenterId: $RecordId,
  /** The child or family, by the presenter's label. Never in the themes record. */
  caseLabel: z.string().max(200),
  /** What the presenter wants help with. */
  question: z.string().max(2000),
  roles: z.strictObject({ facilitatorId: $RecordId, presenterId: $RecordId, scribeId: $RecordId.nullable() }),
  notes: z.strictObject({
    presenting: z.string().max(20000),
    clarifying: z.string().max(20000),
    reflecting: z.string().max(20000),
    responding: z.string().max(20000),
    actions: z.string().max(20000),
  }),
  actions: z.array($ActionV1),
  /** Minutes allowed per phase (time box plus extensions) and how long each took. */
  timing: z.record($ConsultationPhase, z.strictObject({ allowedMinutes: z.number().min(0), usedSeconds: z.number().min(0) })),
  complete: z.boolean(),
});
export type ConsultationV1 = z.infer<typeof $ConsultationV1>;

export const $GroupAgreementV1 = z.strictObject({
  groundRules: z.string().min(1),
  agreedAt: $IsoInstant,
  /** Those present when it was agreed. */
  agreedBy: z.array($RecordId),
  /** Members agreeing it for the first time (a new member re-opens the agreement). */
  newMembers: z.array($RecordId),
});

/** A part of the themes record someone typed: a theme (its text and tags), the learning, or the organisational issues. */
export const $ThemesRecordPartV1 = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('theme'), themeId: $RecordId }),
  z.strictObject({ kind: z.literal('learning') }),
  z.strictObject({ kind: z.literal('organisationalIssues') }),
]);
export type ThemesRecordPartV1 = z.infer<typeof $ThemesRecordPartV1>;

/**
 * The facilitator's word that a word flagged as a name in one part of the themes record is
 * not a child or family member. Rewording that part clears it.
 */
export const $NameConfirmationV1 = z.strictObject({
  part: $ThemesRecordPartV1,
  /** The flagged name, as written. */
  name: z.string().trim().min(1).max(200),
  confirmedBy: $RecordId,
  confirmedAt: $IsoInstant,
});
export type NameConfirmationV1 = z.infer<typeof $NameConfirmationV1>;

export const $GroupSessionContentV1 = z.strictObject({
  sessionId: $RecordId,
  groupId: $RecordId,
  groupName: z.string(),
  date: $IsoDate,
  facilitator: $GroupMemberV1,
  members: z.array($GroupMemberV1),
  attendance: z.record(z.string(), $AttendanceMark),
  /** Members who had agreed the ground rules at an earlier session of this group. */
  previouslyAgreed: z.array($RecordId),
  groundRules: z.string(),
  agreement: $GroupAgreementV1.nullable(),
  consultations: z.array($ConsultationV1),
  themes: z.array($ThemeV1),
  vocabulary: z.array(z.string()),
  learning: z.string().max(20000),
  organisationalIssues: z.string().max(20000),
  escalations: z.array($EscalationV1),
  refusal: z.array(z.string()),
  /** Added with the names check: optional, so sessions saved before it still parse. */
  nameConfirmations: z.array($NameConfirmationV1).max(1000).optional(),
});
export type GroupSessionContentV1 = z.infer<typeof $GroupSessionContentV1>;

/** Present members who have not agreed the ground rules at an earlier session. */
export function newMembersPresent(content: Pick<GroupSessionContentV1, 'attendance' | 'previouslyAgreed'>): string[] {
  return Object.entries(content.attendance)
    .filter(([personId, mark]) => mark === 'present' && !content.previouslyAgreed.includes(personId))
    .map(([personId]) => personId);
}
