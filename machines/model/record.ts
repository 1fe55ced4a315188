/**
 * The content of a supervision session record, as held by the session machine and
 * stored (later encrypted) by the client. Dates are stored as YYYY-MM-DD, instants as ISO.
 */
import { z } from 'zod';
import { $KeySignatureV1, $SignerCommentV1 } from './keys.ts';
import { $ModelRefV1, $StageId, emptyStagesOf, type ReflectiveModelV1 } from './reflectiveModel.ts';

export const $IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date as YYYY-MM-DD');
export const $IsoInstant = z.iso.datetime({ offset: true });
export const $RecordId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/, 'An opaque id');

/** Who a person is to you: one-to-one supervisee, your own supervisor, a group member or a group's facilitator. */
export const personRelations = ['supervisee', 'supervisor', 'group-member', 'facilitator'] as const;

export const $PersonV1 = z.strictObject({
  id: $RecordId,
  name: z.string().trim().min(1, 'Enter a name').max(200),
  role: z.string().trim().max(200).default(''),
  /** Their email address, for calendar invitations (optional; added after version 1, so no default). */
  email: z.email('Enter an email address like name@example.org').max(320).optional(),
  /**
   * Who they are to you, the person using this device (added after version 1, so no default: a
   * person without one is a one-to-one supervisee, as everyone added before was). Group screens add
   * group members and facilitators; starting a one-to-one session with someone makes them a supervisee.
   */
  relation: z.enum(personRelations).optional(),
});
export type PersonV1 = z.infer<typeof $PersonV1>;
export type PersonRelation = (typeof personRelations)[number];

/** Who a person is to you: a person stored without a relation is a one-to-one supervisee. */
export function relationOf(person: Pick<PersonV1, 'relation'>): PersonRelation {
  return person.relation ?? 'supervisee';
}

/** Whether a person belongs in the one-to-one lists (start, home, compliance dashboard and report). */
export function isOneToOneSupervisee(person: Pick<PersonV1, 'relation'>): boolean {
  return relationOf(person) === 'supervisee';
}

export const actionOwnerKinds = ['supervisor', 'supervisee', 'other'] as const;
export const $ActionOwner = z.strictObject({
  kind: z.enum(actionOwnerKinds).nullable(),
  /** Required when kind is 'other': the named person responsible. */
  name: z.string().max(200).default(''),
});
export type ActionOwner = z.infer<typeof $ActionOwner>;

/** An action agreed in this session (its status over later sessions lives with its reviews). */
export const $ActionV1 = z.strictObject({
  id: $RecordId,
  what: z.string().max(2000),
  owner: $ActionOwner,
  dueDate: $IsoDate.or(z.literal('')),
  caseId: $RecordId.nullable(),
});
export type ActionV1 = z.infer<typeof $ActionV1>;

/** An open action from an earlier session, as brought into a new session's review. */
export const $PreviousActionV1 = z.strictObject({
  id: $RecordId,
  what: z.string(),
  ownerLabel: z.string(),
  dueDate: $IsoDate.or(z.literal('')),
  raisedOn: $IsoDate,
  caseLabel: z.string().nullable(),
  timesCarriedForward: z.number().int().min(0),
});
export type PreviousActionV1 = z.infer<typeof $PreviousActionV1>;

export const reviewOutcomes = ['done', 'notDone', 'carriedForward'] as const;
export const $ReviewOutcome = z.enum(reviewOutcomes);
export type ReviewOutcome = z.infer<typeof $ReviewOutcome>;
export const $ActionReviewV1 = z.strictObject({
  outcome: $ReviewOutcome.nullable(),
  /** Why it was not done, or why it is carried forward (required for both). */
  reason: z.string().max(2000).default(''),
  /** A new due date when carried forward (optional). */
  newDueDate: $IsoDate.or(z.literal('')).default(''),
});
export type ActionReviewV1 = z.infer<typeof $ActionReviewV1>;

export const caseChoosers = ['supervisor', 'supervisee'] as const;
export const $CaseChooser = z.enum(caseChoosers);
export type CaseChooser = z.infer<typeof $CaseChooser>;

export const $StageAnswers = z.record(z.string(), z.string().max(20000));

/**
 * A follow-up the assistant asked at a stage (issue 21, machines/noticings/): the rule, which of its
 * questions, the question as asked, and what became of it — still open ('raised'), answered,
 * put aside ('notNow') or dismissed as not relevant with the reason. Answered and dismissed ones
 * appear in the supervision record (followUp.ts: supervisionRecordLines); none reaches a child's record.
 */
export const followUpOutcomes = ['raised', 'answered', 'notNow', 'dismissed'] as const;
export const $FollowUpV1 = z.strictObject({
  ruleId: z.string().regex(/^[a-z][a-z0-9-]{1,40}$/),
  questionIndex: z.number().int().min(0).max(20),
  question: z.string().min(1).max(2000),
  outcome: z.enum(followUpOutcomes),
  answer: z.string().max(20000).optional(),
  reason: z.string().max(2000).optional(),
});
export type FollowUpV1 = z.infer<typeof $FollowUpV1>;
/** The follow-ups asked at each stage, by stage id, in the order asked. */
export const $StageFollowUps = z.record($StageId, z.array($FollowUpV1).max(50));
export const $CaseDiscussionV1 = z.strictObject({
  id: $RecordId,
  /** The child or family, by the label the users choose (kept local, never in an index). */
  label: z.string().max(200),
  chosenBy: $CaseChooser.nullable(),
  /**
   * The answers at each stage of the case's reflective model, by stage id (for the 4x4x4 cycle:
   * experience, reflection, analysis, actionPlanning, as stored since version 1).
   */
  stages: z.record($StageId, $StageAnswers),
  /** A stage skipped, with the reason recorded at the time, by stage id. */
  skipped: z.record($StageId, z.string().min(1)),
  complete: z.boolean(),
  /** Drafted by the supervisee beforehand and brought to the session. */
  prepared: z.boolean().optional(),
  /**
   * The reflective model the case ran with, and its version. Absent: the 4x4x4 cycle 1.0.0 (every
   * case made before models were data, and every 4x4x4 1.0.0 case since, so their signed content
   * and its hash are unchanged). No default, for the same reason.
   */
  model: $ModelRefV1.optional(),
  /**
   * The assistant's follow-ups at each stage (issue 21). Absent when none was asked, so every
   * record made before noticings (and every case without one) is stored, signed and hashed exactly
   * as it was. No default, for the same reason.
   */
  followUps: $StageFollowUps.optional(),
});
export type CaseDiscussionV1 = z.infer<typeof $CaseDiscussionV1>;

export const $KeyIssueV1 = z.strictObject({
  id: $RecordId,
  text: z.string().max(2000),
  /** Brought from the supervisee's preparation. */
  prepared: z.boolean().optional(),
});
export type KeyIssueV1 = z.infer<typeof $KeyIssueV1>;

export const $NextMeetingV1 = z.strictObject({
  date: $IsoDate.or(z.literal('')),
  time: z.string().regex(/^(\d{2}:\d{2})?$/, 'A time as HH:MM'),
  venue: z.string().max(500),
});
export type NextMeetingV1 = z.infer<typeof $NextMeetingV1>;

export const $EscalationV1 = z.strictObject({
  id: $RecordId,
  raisedAt: $IsoInstant,
  /** Where in the session it was raised, e.g. "Case discussion and reflections — Analysis". */
  raisedDuring: z.string(),
  caseId: $RecordId.nullable(),
  concern: z.string().min(1).max(5000),
  actionTaken: z.string().max(5000),
});
export type EscalationV1 = z.infer<typeof $EscalationV1>;

export const signatureRoles = ['supervisor', 'supervisee'] as const;
export const $SignatureRole = z.enum(signatureRoles);
export type SignatureRole = z.infer<typeof $SignatureRole>;
export const $SignatureV1 = z.strictObject({
  role: $SignatureRole,
  fullName: z.string().trim().min(2, 'Type your full name').max(200),
  /** The drawn signature as a PNG data URL. */
  drawing: z.string().regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'Draw your signature').max(400_000),
  signedAt: $IsoInstant,
});
export type SignatureV1 = z.infer<typeof $SignatureV1>;

/** A signature asked for from the other party's own device (the secrets to reach it are kept apart, with the request). */
export const $SignatureRequestStateV1 = z.strictObject({
  requestId: $RecordId,
  /** The party asked to sign on their own device. */
  role: $SignatureRole,
  /** The record's words as sent (its document hash): a signature over other words is refused. */
  documentHash: z.string().regex(/^[0-9a-f]{64}$/),
  sentAt: $IsoInstant,
  expiresAt: $IsoInstant,
});
export type SignatureRequestStateV1 = z.infer<typeof $SignatureRequestStateV1>;

export const $SessionPartiesV1 = z.strictObject({
  supervisor: z.strictObject({ name: z.string().trim().min(1), role: z.string() }),
  supervisee: z.strictObject({ personId: $RecordId, name: z.string().trim().min(1), role: z.string() }),
});

/** A case the two agree to discuss, in the agreed order: brought by the supervisee or added by the supervisor. */
export const $PlannedCaseV1 = z.strictObject({
  id: $RecordId,
  label: z.string().max(200),
  source: z.enum(['prepared', 'supervisor']),
  take: z.boolean(),
});
export type PlannedCaseV1 = z.infer<typeof $PlannedCaseV1>;

/** What the supervisee brought from their preparation (only what they chose to bring). */
export const $BroughtV1 = z.strictObject({
  preparationId: $RecordId,
  issues: z.array(z.strictObject({ id: $RecordId, text: z.string().max(2000) })),
  cases: z.array(
    z.strictObject({
      id: $RecordId,
      label: z.string().max(200),
      /** The drafted stages (the model's stages before its plan), by stage id. */
      stages: z.record($StageId, $StageAnswers),
      /** The model it was drafted with; absent: the 4x4x4 cycle 1.0.0. */
      model: $ModelRefV1.optional(),
      /** The assistant's follow-ups in the preparation, answered or dismissed there (absent: none). */
      followUps: $StageFollowUps.optional(),
    }),
  ),
});
export type BroughtV1 = z.infer<typeof $BroughtV1>;

/** Earlier discussions of one case (by its label), oldest first: what drift detection compares. */
export const $CaseHistoryEntryV1 = z.strictObject({
  sessionId: $RecordId,
  date: $IsoDate,
  label: z.string(),
  plan: z.string(),
  actions: z.array(z.string()),
  /** The stages skipped, by stage id. */
  skipped: z.array($StageId),
  /** The model the discussion ran with; absent: the 4x4x4 cycle 1.0.0. */
  model: $ModelRefV1.optional(),
});
export type CaseHistoryEntryV1 = z.infer<typeof $CaseHistoryEntryV1>;

export const driftResponses = ['revise', 'escalate', 'close', 'continue'] as const;
export const $DriftResponseV1 = z.strictObject({
  response: z.enum(driftResponses),
  /** Why it continues unchanged (required for "continue"); a note otherwise. */
  reason: z.string().max(2000),
});
export type DriftResponseV1 = z.infer<typeof $DriftResponseV1>;

/** Everything a session records. The session machine's context is exactly this. */
export const $SessionContentV1 = z.strictObject({
  sessionId: $RecordId,
  templateId: z.string(),
  templateVersion: z.string(),
  sessionType: z.string(),
  /** The date the supervision took place. */
  date: $IsoDate,
  parties: $SessionPartiesV1,
  answers: z.record(z.string(), z.string().max(20000)),
  fields: z.record(z.string(), z.record(z.string(), z.string().max(20000))),
  keyIssues: z.array($KeyIssueV1),
  priorityAgreed: z.boolean(),
  previousActions: z.array($PreviousActionV1),
  reviews: z.record(z.string(), $ActionReviewV1),
  cases: z.array($CaseDiscussionV1),
  noCasesReason: z.string(),
  actions: z.array($ActionV1),
  nextMeeting: $NextMeetingV1,
  escalations: z.array($EscalationV1),
  signatures: z.strictObject({ supervisor: $SignatureV1.nullable(), supervisee: $SignatureV1.nullable() }),
  /** SHA-256 of the canonical signed content, set when the second signature is added. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
  /** How far through the agenda the session has been (index of the furthest section). */
  furthestSection: z.number().int().min(0),
  /** The last refusal to move on or to sign, naming each gap. Not part of what is signed. */
  refusal: z.array(z.string()),
  // Added for preparation, drift and quality (optional: records made before them stay as they were).
  brought: $BroughtV1.nullable().optional(),
  plannedCases: z.array($PlannedCaseV1).optional(),
  /** Earlier signed discussions by case key. Context for drift checks; not part of what is signed. */
  caseHistory: z.record(z.string(), z.array($CaseHistoryEntryV1)).optional(),
  driftResponses: z.record(z.string(), $DriftResponseV1).optional(),
  /** The supervision agreement in force when the session began, and how it stood then. */
  agreement: z
    .strictObject({ agreementId: $RecordId.nullable(), status: z.enum(['none', 'inForce', 'reviewDue', 'overdue']), reviewDue: z.string() })
    .optional(),
  /** Quality flags dismissed, with the reason, by flag id. */
  qualityDismissals: z.record(z.string(), z.string().min(1).max(2000)).optional(),
  // Added for signatures that prove who signed (issue 15; optional, as above).
  /** A signer's comment or disagreement, given with their signature; signed. */
  signerComments: z.strictObject({ supervisor: $SignerCommentV1.optional(), supervisee: $SignerCommentV1.optional() }).optional(),
  /** Each signature made on the signer's own device, signed there with their key (see model/trust.ts); signed. */
  keySignatures: z.strictObject({ supervisor: $KeySignatureV1.optional(), supervisee: $KeySignatureV1.optional() }).optional(),
  /** A signature asked for from the other party's device, while it is awaited. Not part of what is signed. */
  signatureRequest: $SignatureRequestStateV1.nullable().optional(),
  /**
   * Which of the assistant's noticings were on when the session began (issue 21; settings.ts:
   * noticingsInForce): the record says so. Absent on records made before noticings: none was asked.
   */
  noticings: z
    .strictObject({
      on: z.boolean(),
      rules: z.array(z.strictObject({ id: z.string().max(40), version: z.string().max(40), name: z.string().max(200) })).max(100),
      by: z.enum(['default', 'organisation', 'supervisor']),
    })
    .optional(),
  /** The last request returned unsigned, with the reason. Not part of what is signed. */
  signatureReturned: z.strictObject({ role: $SignatureRole, reason: z.string().max(5000), at: $IsoInstant }).nullable().optional(),
});
export type SessionContentV1 = z.infer<typeof $SessionContentV1>;

/** Every stage of the model empty (the 4x4x4 cycle's when no model is given). */
export function emptyStages(model?: ReflectiveModelV1): CaseDiscussionV1['stages'] {
  return model ? emptyStagesOf(model) : { experience: {}, reflection: {}, analysis: {}, actionPlanning: {} };
}

export function stageHasAnswer(answers: Record<string, string> | undefined): boolean {
  return Object.values(answers ?? {}).some((text) => text.trim().length > 0);
}

export function nextStage(model: ReflectiveModelV1, stage: string): string | null {
  const index = model.stages.findIndex((s) => s.id === stage);
  return index === -1 ? null : (model.stages[index + 1]?.id ?? null);
}
