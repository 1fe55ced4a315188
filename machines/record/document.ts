/**
 * The supervision record as a document: plain data, with its words and dates already
 * written, that the screen, the print view and the text download all render the same way.
 * Sections follow the template exactly (its headings, its order for the session type);
 * escalations, the seal and amendments follow the signed content and are never merged in
 * (a section the form gives to escalation shows the concerns too, as well as the log).
 */
import { supervisionRecordLines } from '../noticings/followUp.ts';
import { noticingsLine } from '../noticings/settings.ts';
import { sectionsOfSession } from '../session/sections.ts';
import type { RecordTemplateV1, SectionKind, SectionV1 } from '../model/template.ts';
import { caseModelRef, defaultModelRef, sameRef, type ModelStageV1, type ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { defaultModelOf, isStandIn, modelOfCase, models as shippedModels } from '../models/index.ts';
import type {
  ActionOwner,
  CaseDiscussionV1,
  ReviewOutcome,
  SessionContentV1,
  SignatureRole,
  SignatureV1,
} from '../model/record.ts';
import { fingerprintOf } from '../model/keys.ts';
import { driftFlags, isAnswered, timesCarriedForwardOf, type DriftFlag } from '../review/drift.ts';
import { amendmentsOf, type AmendmentV1 } from './amendment.ts';
import { formatDate, formatInstant } from '../dates/format.ts';
import { recordWording as w } from './wording.ts';

export type RecordRow = { label: string; value: string };

/** A drift flag raised in the session, with the supervisor's response, where it was raised. */
export type DriftEntry = {
  /** "Drift flagged: overdue", "Drift flagged: carried forward 3 times", … */
  flagged: RecordRow;
  /** "Escalate — escalate to team manager", or that no response was recorded. */
  response: RecordRow;
  answered: boolean;
};

export type PreviousActionEntry = {
  what: string;
  owner: string;
  dueDate: string;
  raisedOn: string;
  caseLabel: string | null;
  timesCarriedForward: number;
  outcome: ReviewOutcome | null;
  outcomeText: string;
  drift: DriftEntry[];
};

export type KeyIssueEntry = { number: number; text: string };

export type StageEntry = {
  /** The stage id in the case's model. */
  stage: string;
  title: string;
  question: string;
  /** Each answer under the policy's field label for the stage, or the stage's question. */
  answers: RecordRow[];
  skippedReason: string | null;
  /** "Skipped — reason: …" when the stage was skipped. */
  skippedText: string | null;
  /**
   * The assistant's follow-ups at this stage, as the record gives them (issue 21;
   * followUp.ts: supervisionRecordLines): "Follow-up: question — answer", and "Follow-up not
   * relevant: question — reason". Absent where none was answered or dismissed.
   */
  followUps?: string[];
};

export type CaseEntry = {
  id: string;
  label: string;
  /** The label under the policy's wording, e.g. "Name of Student:" / "Baby T". */
  labelRow: RecordRow;
  /** The policy's name for its per-case structure, e.g. "Appendix 3". */
  structureHeading: string | null;
  /** "Lead Designate (supervisor)" when the policy asks who chose the case. */
  chosenBy: string | null;
  /**
   * "Reflective model: Gibbs' reflective cycle (version 1.0.0)": which model the case ran with.
   * Absent only where both the case and the template's default are the 4x4x4 cycle 1.0.0, as every
   * record was before models were data (so those records read exactly as they did).
   */
  modelRow: RecordRow | null;
  complete: boolean;
  /** Set when the discussion stopped before action planning. */
  incompleteText: string | null;
  stages: StageEntry[];
  drift: DriftEntry[];
};

export type ActionEntry = { number: number; what: string; owner: string; dueDate: string; caseLabel: string; caseId: string | null };

export type SignatureEntry = {
  role: SignatureRole;
  /** The policy's own words beside the signature. */
  caption: string;
  partyTitle: string;
  signed: boolean;
  fullName: string;
  signedAt: string;
  /** A PNG data URL, only ever one (anything else is dropped). */
  drawing: string | null;
  /** The signer's comment or disagreement, given with their signature (signed with it). */
  comment: RecordRow | null;
  /** The fingerprint of the key that signed it on the signer's own device ("key 1a2b …"); null when signed by hand only. */
  deviceKey: string | null;
};

export type RecordBlock =
  | { kind: 'text'; text: string; recorded: boolean }
  | { kind: 'rows'; rows: RecordRow[] }
  | { kind: 'previousActions'; items: PreviousActionEntry[]; emptyText: string }
  | { kind: 'keyIssues'; issues: KeyIssueEntry[]; emptyText: string; priorityAgreed: boolean; priorityText: string }
  | { kind: 'case'; entry: CaseEntry }
  | { kind: 'noCases'; text: string }
  | { kind: 'actions'; items: ActionEntry[]; emptyText: string }
  /** The concerns escalated during the session, under a section that records them (also in the log after the signatures). */
  | { kind: 'escalations'; heading: string; note: string; items: EscalationEntry[]; emptyText: string }
  | { kind: 'signatures'; signatures: SignatureEntry[] };

export type RecordSection = {
  id: string;
  kind: SectionKind;
  heading: string;
  policyWording: string | null;
  addedByProduct: boolean;
  blocks: RecordBlock[];
};

export type EscalationEntry = { raisedAt: string; raisedDuring: string; caseLabel: string | null; concern: string; actionTaken: string };
export type AmendmentEntry = { id: string; madeAt: string; madeBy: string; concerns: string; text: string };

export type RecordDocument = {
  sessionId: string;
  /** The supervision date as stored (YYYY-MM-DD), for file names. */
  date: string;
  title: string;
  marking: string | null;
  source: string;
  /** Anything a reader must know about how the record is shown (e.g. a template version difference). */
  notices: string[];
  meta: RecordRow[];
  sections: RecordSection[];
  escalations: { heading: string; emptyText: string; items: EscalationEntry[] };
  seal: { heading: string; contentHash: string | null; text: string };
  contentHash: string | null;
  amendments: { heading: string; note: string; emptyText: string; items: AmendmentEntry[] };
};

const pngDataUrl = /^data:image\/png;base64,[A-Za-z0-9+/=]+$/;

/** A drawn signature is shown only as a PNG data URL; nothing else may become an image source. */
export function safeSignatureDrawing(drawing: string): string | null {
  return pngDataUrl.test(drawing) ? drawing : null;
}

function textOr(value: string | undefined, fallback: string = w.nothingRecorded): { text: string; recorded: boolean } {
  const text = value?.trim() ?? '';
  return text ? { text, recorded: true } : { text: fallback, recorded: false };
}

function dateOr(iso: string, fallback: string): string {
  return iso ? formatDate(iso) : fallback;
}

export function caseLabelOf(discussion: CaseDiscussionV1): string {
  return discussion.label.trim() || w.cases.unnamed;
}

/** Who owns an action, in the template's titles: "Lead Designate (Sam Supervisor)". */
export function actionOwnerText(template: RecordTemplateV1, content: SessionContentV1, owner: ActionOwner): string {
  switch (owner.kind) {
    case 'supervisor':
      return w.actions.ownedBy(template.parties.supervisor.title, content.parties.supervisor.name);
    case 'supervisee':
      return w.actions.ownedBy(template.parties.supervisee.title, content.parties.supervisee.name);
    case 'other':
      return owner.name.trim() || w.actions.otherUnnamed;
    default:
      return w.actions.noOwner;
  }
}

export function actionDueText(dueDate: string): string {
  return dateOr(dueDate, w.actions.noDueDate);
}

/** One stage's answers, under the policy's field labels where it has them. */
export function stageEntry(template: RecordTemplateV1, discussion: CaseDiscussionV1, modelStage: ModelStageV1): StageEntry {
  const { id: stage, name: title, question } = modelStage;
  const answers = discussion.stages[stage] ?? {};
  const skippedReason = discussion.skipped[stage]?.trim() || null;
  const structured = (template.caseStructure?.fields ?? []).filter((f) => f.stage === stage);
  const structuredIds = new Set(structured.map((f) => f.id));
  const rows: RecordRow[] = [];
  for (const field of structured) {
    const value = answers[field.id]?.trim() ?? '';
    // A skipped stage lists only what was written; an unskipped one shows every policy field.
    if (value || !skippedReason) rows.push({ label: field.label, value: value || w.nothingRecorded });
  }
  for (const [fieldId, text] of Object.entries(answers)) {
    if (structuredIds.has(fieldId) || !text.trim()) continue;
    rows.push({ label: question, value: text.trim() });
  }
  if (rows.length === 0 && !skippedReason) rows.push({ label: question, value: w.nothingRecorded });
  const followUps = supervisionRecordLines(discussion.followUps?.[stage] ?? []);
  return {
    stage,
    title,
    question,
    answers: rows,
    skippedReason,
    skippedText: skippedReason ? w.cases.skipped(skippedReason) : null,
    ...(followUps.length > 0 ? { followUps } : {}),
  };
}

/** "CP Designate (supervisee)", but plain "Supervisee" where the title already says it. */
function chooserText(title: string, role: SignatureRole): string {
  return title.toLowerCase() === role ? title : `${title} (${role})`;
}

/**
 * The drift flags of a record with the supervisor's responses. A record made before drift was
 * checked (it has no `driftResponses`) raised none, and none is shown as if it had.
 */
function driftOf(content: SessionContentV1, available: readonly ReflectiveModelV1[] = shippedModels): (subject: (flag: DriftFlag) => boolean) => DriftEntry[] {
  const flags = content.driftResponses === undefined ? [] : driftFlags(content, available);
  return (subject) => flags.filter(subject).map((flag) => driftEntry(flag, content));
}

function driftEntry(flag: DriftFlag, content: SessionContentV1): DriftEntry {
  const kind = w.drift.kind(flag.kind, timesCarriedForwardOf(flag, content));
  const given = content.driftResponses?.[flag.id];
  const answered = isAnswered(given);
  const response = given
    ? w.drift.responseText(w.drift.responses[given.response], given.reason.trim() || (answered ? '' : w.drift.noReason))
    : w.drift.noResponse;
  return { flagged: { label: w.drift.flagged(kind), value: flag.message }, response: { label: w.drift.response, value: response }, answered };
}

/** The row naming a case's model (see CaseEntry.modelRow). */
export function modelRowOf(template: RecordTemplateV1, discussion: CaseDiscussionV1, available: readonly ReflectiveModelV1[] = shippedModels): RecordRow | null {
  const ref = caseModelRef(discussion);
  const templateDefault = defaultModelOf(template, available);
  if (sameRef(ref, defaultModelRef) && sameRef(templateDefault, defaultModelRef)) return null;
  const model = modelOfCase(discussion, available);
  const title = isStandIn(model, available) ? w.cases.modelNotHere(ref.id) : model.title;
  return { label: w.cases.model, value: w.cases.modelVersion(title, ref.version) };
}

export function caseEntry(
  template: RecordTemplateV1,
  discussion: CaseDiscussionV1,
  drift: DriftEntry[] = [],
  available: readonly ReflectiveModelV1[] = shippedModels,
): CaseEntry {
  const label = caseLabelOf(discussion);
  const model = modelOfCase(discussion, available);
  const chooser = discussion.chosenBy ? chooserText(template.parties[discussion.chosenBy].title, discussion.chosenBy) : null;
  return {
    id: discussion.id,
    label,
    labelRow: { label: template.caseStructure?.caseLabel ?? w.cases.defaultLabel, value: label },
    structureHeading: template.caseStructure?.heading ?? null,
    chosenBy: chooser,
    modelRow: modelRowOf(template, discussion, available),
    complete: discussion.complete,
    incompleteText: discussion.complete ? null : w.cases.setAside,
    stages: model.stages.map((stage) => stageEntry(template, discussion, stage)),
    drift,
  };
}

function previousActionEntries(content: SessionContentV1): PreviousActionEntry[] {
  const drift = driftOf(content);
  return content.previousActions.map((action) => {
    const review = content.reviews[action.id];
    const outcome = review?.outcome ?? null;
    let outcomeText: string;
    switch (outcome) {
      case 'done':
        outcomeText = w.previousActions.done;
        break;
      case 'notDone':
        outcomeText = w.previousActions.notDone(review?.reason ?? '');
        break;
      case 'carriedForward':
        outcomeText = w.previousActions.carriedForward(review?.newDueDate ? formatDate(review.newDueDate) : '', review?.reason ?? '');
        break;
      default:
        outcomeText = w.previousActions.notReviewed;
    }
    return {
      what: action.what.trim() || w.nothingRecorded,
      owner: action.ownerLabel.trim() || w.actions.noOwner,
      dueDate: actionDueText(action.dueDate),
      raisedOn: formatDate(action.raisedOn),
      caseLabel: action.caseLabel?.trim() || null,
      timesCarriedForward: action.timesCarriedForward,
      outcome,
      outcomeText,
      drift: drift((flag) => flag.subject.type === 'action' && flag.subject.actionId === action.id),
    };
  });
}

function actionEntries(template: RecordTemplateV1, content: SessionContentV1): ActionEntry[] {
  return content.actions.map((action, index) => {
    const discussion = action.caseId === null ? null : content.cases.find((c) => c.id === action.caseId);
    return {
      number: index + 1,
      what: action.what.trim() || w.nothingRecorded,
      owner: actionOwnerText(template, content, action.owner),
      dueDate: actionDueText(action.dueDate),
      caseLabel: action.caseId === null ? w.actions.general : discussion ? caseLabelOf(discussion) : w.actions.unknownCase,
      caseId: action.caseId,
    };
  });
}

function signatureEntry(role: SignatureRole, caption: string, template: RecordTemplateV1, content: SessionContentV1): SignatureEntry {
  const signature = content.signatures[role];
  const comment = signature ? content.signerComments?.[role] : undefined;
  const keySignature = signature ? content.keySignatures?.[role] : undefined;
  return {
    role,
    caption,
    partyTitle: template.parties[role].title,
    signed: signature !== null,
    fullName: signature?.fullName ?? w.signatures.notSigned,
    signedAt: signature ? formatInstant(signature.signedAt) : w.signatures.notSigned,
    drawing: signature ? safeSignatureDrawing(signature.drawing) : null,
    comment: comment ? { label: comment.kind === 'comment' ? w.signatures.comment : w.signatures.disagreement, value: comment.text.trim() } : null,
    deviceKey: keySignature ? w.signatures.key(fingerprintOf(keySignature.publicKey)) : null,
  };
}

function sectionBlocks(
  section: SectionV1,
  template: RecordTemplateV1,
  content: SessionContentV1,
  escalations: EscalationEntry[],
  available: readonly ReflectiveModelV1[],
): RecordBlock[] {
  const blocks = collectedBlocks(section, template, content, available);
  if (!section.recordsEscalations) return blocks;
  return [
    ...blocks,
    { kind: 'escalations', heading: w.escalations.inSection, note: w.escalations.inSectionNote, items: escalations, emptyText: w.escalations.none },
  ];
}

function collectedBlocks(section: SectionV1, template: RecordTemplateV1, content: SessionContentV1, available: readonly ReflectiveModelV1[]): RecordBlock[] {
  const collects = section.collects;
  switch (collects.kind) {
    case 'freeText':
      return [{ kind: 'text', ...textOr(content.answers[section.id]) }];
    case 'fields':
      return [
        {
          kind: 'rows',
          rows: collects.fields.map((field) => ({ label: field.label, value: textOr(content.fields[section.id]?.[field.id]).text })),
        },
      ];
    case 'previousActions':
      return [{ kind: 'previousActions', items: previousActionEntries(content), emptyText: w.previousActions.none }];
    case 'keyIssues':
      return [
        {
          kind: 'keyIssues',
          issues: content.keyIssues
            .filter((issue) => issue.text.trim())
            .map((issue, index) => ({ number: index + 1, text: issue.text.trim() })),
          emptyText: w.keyIssues.none,
          priorityAgreed: content.priorityAgreed,
          priorityText: content.priorityAgreed ? w.keyIssues.agreed : w.keyIssues.notAgreed,
        },
      ];
    case 'cases': {
      const drift = driftOf(content, available);
      const blocks: RecordBlock[] = content.cases.map((discussion) => ({
        kind: 'case',
        entry: caseEntry(template, discussion, drift((flag) => flag.subject.type === 'case' && flag.subject.caseId === discussion.id), available),
      }));
      if (content.noCasesReason.trim()) blocks.push({ kind: 'noCases', text: w.cases.noCases(content.noCasesReason.trim()) });
      if (blocks.length === 0) blocks.push({ kind: 'text', text: w.cases.noneRecorded, recorded: false });
      return blocks;
    }
    case 'actions':
      return [{ kind: 'actions', items: actionEntries(template, content), emptyText: w.actions.none }];
    case 'nextMeeting':
      return [
        {
          kind: 'rows',
          rows: [
            { label: w.nextMeeting.date, value: dateOr(content.nextMeeting.date, w.notRecorded) },
            { label: w.nextMeeting.time, value: content.nextMeeting.time || w.notRecorded },
            { label: w.nextMeeting.venue, value: content.nextMeeting.venue.trim() || w.notRecorded },
          ],
        },
      ];
    case 'signatures':
      return [
        {
          kind: 'signatures',
          signatures: [
            signatureEntry('supervisor', collects.supervisor, template, content),
            signatureEntry('supervisee', collects.supervisee, template, content),
          ],
        },
      ];
  }
}

function sectionHeadingOf(sections: readonly SectionV1[], sectionId: string | null): string {
  if (sectionId === null) return w.amendments.whole;
  return sections.find((s) => s.id === sectionId)?.heading ?? w.amendments.unknownSection(sectionId);
}

/** How the supervision agreement stood when the session began: every record says so. */
export const agreementWording = {
  label: 'Supervision agreement',
  status: (agreement: NonNullable<SessionContentV1['agreement']>): string => {
    const due = agreement.reviewDue ? formatDate(agreement.reviewDue) : '';
    switch (agreement.status) {
      case 'none':
        return 'None in force when the session began';
      case 'inForce':
        return `In force (review due ${due})`;
      case 'reviewDue':
        return `In force, review due soon (${due})`;
      case 'overdue':
        return `Past its review date (${due}): review it`;
    }
  },
};

export function buildRecordDocument(
  template: RecordTemplateV1,
  content: SessionContentV1,
  amendments: AmendmentV1[] = [],
  /** The reflective models the cases may have run with: the session's saved copies and any on this device (the shipped ones by default). */
  available: readonly ReflectiveModelV1[] = shippedModels,
): RecordDocument {
  if (template.id !== content.templateId) {
    throw new Error(`The record was made with template "${content.templateId}", not "${template.id}"`);
  }
  const sections = sectionsOfSession(template, content);
  const sessionType = template.sessionTypes.find((t) => t.id === content.sessionType)?.label ?? content.sessionType;
  const { supervisor, supervisee } = content.parties;
  const caseLabel = (caseId: string | null) => {
    if (caseId === null) return null;
    const discussion = content.cases.find((c) => c.id === caseId);
    return discussion ? caseLabelOf(discussion) : w.actions.unknownCase;
  };
  const escalations: EscalationEntry[] = content.escalations.map((e) => ({
    raisedAt: formatInstant(e.raisedAt),
    raisedDuring: e.raisedDuring.trim() || w.notRecorded,
    caseLabel: caseLabel(e.caseId),
    concern: e.concern.trim(),
    actionTaken: e.actionTaken.trim() || w.escalations.noAction,
  }));

  return {
    sessionId: content.sessionId,
    date: content.date,
    title: template.title,
    marking: template.marking ?? null,
    source: w.source(template.source.organisation, template.source.policy, template.source.appendix, template.version),
    notices:
      content.templateVersion === template.version ? [] : [w.templateVersionNotice(content.templateVersion, template.version)],
    meta: [
      { label: template.dateHeading, value: formatDate(content.date) },
      { label: w.sessionType, value: sessionType },
      { label: template.parties.supervisor.heading, value: w.person(supervisor.name, supervisor.role) },
      { label: template.parties.supervisee.heading, value: w.person(supervisee.name, supervisee.role) },
      ...(content.agreement ? [{ label: agreementWording.label, value: agreementWording.status(content.agreement) }] : []),
      // Which noticings were on (a record made before them has none, and says nothing).
      ...(content.noticings ? [{ label: w.cases.noticings, value: noticingsLine(content.noticings) }] : []),
    ],
    sections: sections.map((section) => ({
      id: section.id,
      kind: section.collects.kind,
      heading: section.heading,
      policyWording: section.policyWording ?? null,
      addedByProduct: section.addedByProduct,
      blocks: sectionBlocks(section, template, content, escalations, available),
    })),
    escalations: {
      heading: w.escalations.heading,
      emptyText: w.escalations.none,
      items: escalations,
    },
    seal: {
      heading: w.seal.heading,
      contentHash: content.contentHash,
      text: content.contentHash ? w.seal.sealed(content.contentHash) : w.seal.unsealed,
    },
    contentHash: content.contentHash,
    amendments: {
      heading: w.amendments.heading,
      note: w.amendments.note,
      emptyText: w.amendments.none,
      items: amendmentsOf(content.sessionId, amendments).map((a) => ({
        id: a.id,
        madeAt: formatInstant(a.madeAt),
        madeBy: a.madeBy.trim(),
        concerns: sectionHeadingOf(template.sections, a.sectionId),
        text: a.text.trim(),
      })),
    },
  };
}
