/**
 * The fixed words of the record outputs (the document, its text form and the child-record
 * summary). They live with the pure builders because the outputs are data with their
 * words already in them; the screens add only their own controls' copy.
 */
import type { DriftKind } from '../review/drift.ts';

export const recordWording = {
  nothingRecorded: 'Nothing recorded',
  notRecorded: 'Not recorded',
  source: (organisation: string, policy: string, appendix: string, version: string) =>
    `${organisation} — ${policy}, ${appendix}. Template version ${version}.`,
  templateVersionNotice: (recorded: string, shown: string) =>
    `Recorded with template version ${recorded}; shown with template version ${shown}.`,
  sessionType: 'Type of session',
  person: (name: string, role: string) => (role.trim() ? `${name}, ${role.trim()}` : name),
  previousActions: {
    none: 'There were no open actions from earlier sessions to review.',
    owner: 'Owner',
    due: 'Due',
    raised: 'Agreed on',
    case: 'Case',
    outcome: 'Outcome',
    carriedBefore: 'Carried forward before',
    times: (n: number) => `${n} ${n === 1 ? 'time' : 'times'}`,
    done: 'Done',
    notDone: (reason: string) => `Not done — ${reason.trim() || 'no reason recorded'}`,
    /** A record signed before a reason was asked for has none: it reads as it did. */
    carriedForward: (newDueDate: string, reason: string) =>
      `${newDueDate ? `Carried forward (new due date ${newDueDate})` : 'Carried forward'}${reason.trim() ? ` — ${reason.trim()}` : ''}`,
    notReviewed: 'Not reviewed',
  },
  drift: {
    /** Each kind named apart, so an action overdue and one carried forward again never read alike. */
    flagged: (kind: string) => `Drift flagged (${kind})`,
    kind: (kind: DriftKind, timesCarriedForward: number | null): string => {
      switch (kind) {
        case 'carriedForward':
          return timesCarriedForward === null ? 'carried forward twice or more' : `carried forward ${timesCarriedForward} times`;
        case 'overdue':
          return 'overdue';
        case 'staticPlan':
          return 'plan unchanged';
        case 'skippedAnalysis':
          return 'analysis skipped';
      }
    },
    response: 'Supervisor’s response',
    responses: { revise: 'Revise the plan', escalate: 'Escalate', close: 'Close it', continue: 'Continue unchanged' },
    responseText: (response: string, reason: string) => (reason.trim() ? `${response} — ${reason.trim()}` : response),
    noResponse: 'No response recorded',
    noReason: 'no reason recorded',
  },
  keyIssues: {
    none: 'No issues were brought.',
    agreed: 'The supervisor and supervisee agreed this order of priority.',
    notAgreed: 'The order of priority was not agreed.',
  },
  cases: {
    defaultLabel: 'Child or family',
    unnamed: 'Unnamed child or family',
    chosenBy: 'Chosen by',
    model: 'Reflective model',
    modelVersion: (title: string, version: string) => `${title} (version ${version})`,
    modelNotHere: (id: string) => `“${id}” (not on this device: its stages are shown as the record holds them)`,
    structure: (heading: string) => `Recorded using ${heading}`,
    setAside: 'This discussion was set aside before action planning.',
    skipped: (reason: string) => `Skipped — reason: ${reason}`,
    /** The record's line naming the assistant's noticings that were on (issue 21). */
    noticings: 'The assistant’s noticings',
    noCases: (reason: string) => `No case discussed — reason: ${reason}`,
    noneRecorded: 'No case discussion was recorded.',
  },
  actions: {
    none: 'No actions were agreed.',
    owner: 'Owner',
    due: 'Due',
    case: 'Case',
    general: 'Not about one case',
    unknownCase: 'A case no longer in this record',
    noOwner: 'No owner recorded',
    otherUnnamed: 'Another person (not named)',
    noDueDate: 'No due date recorded',
    ownedBy: (title: string, name: string) => `${title} (${name})`,
  },
  nextMeeting: { date: 'Date', time: 'Time', venue: 'Venue' },
  signatures: {
    signatureImage: (name: string) => `Signature of ${name}`,
    fullName: 'Full name',
    signedAt: 'Signed',
    notSigned: 'Not signed',
    drawingHeld: 'Drawn signature held in the electronic record',
    comment: 'Comment',
    disagreement: 'Disagrees with part of the record',
    deviceKey: 'Signed on their own device',
    key: (fingerprint: string) => `key ${fingerprint}`,
  },
  escalations: {
    heading: 'Immediate concerns escalated during the session',
    /** Under the form's own escalation heading (a section that records escalations). */
    inSection: 'Concerns escalated during this session',
    inSectionNote: 'The same concerns are listed after the signatures, with every concern escalated during the session.',
    none: 'No immediate concern was escalated during this session.',
    raisedAt: 'Raised',
    raisedDuring: 'During',
    case: 'Case',
    concern: 'Concern',
    actionTaken: 'Action taken',
    noAction: 'No action recorded',
  },
  addedByProduct: 'Added by this product: not a heading on the policy’s form.',
  policyWording: 'The policy’s wording',
  seal: {
    heading: 'Seal',
    sealedLabel: 'Content hash (SHA-256), sealed at the second signature',
    sealed: (hash: string) => `Content hash (SHA-256), sealed at the second signature: ${hash}`,
    unsealed: 'Not sealed: the record has not been signed by both.',
  },
  amendments: {
    heading: 'Amendments after signing',
    note: 'Amendments are added after the record was signed. They do not change the signed content above.',
    none: 'No amendments.',
    madeAt: 'Date',
    madeBy: 'By',
    concerns: 'Concerns',
    whole: 'The record as a whole',
    unknownSection: (id: string) => `A section not in this template (${id})`,
  },
  verification: {
    unsigned: 'Draft — not yet signed',
    unsignedText: 'This record has not been signed by both the supervisor and the supervisee.',
    valid: 'Signed and sealed',
    validText: 'The signed content matches the hash sealed when both signed:',
    amended: (n: number) => `Signed and sealed, with ${n} ${n === 1 ? 'amendment' : 'amendments'}`,
    amendedText: 'The signed content is unchanged and matches its seal. Amendments are shown after it. Seal:',
    invalid: 'Warning: this record has changed since it was signed',
    invalidTag: 'Does not match its seal',
    invalidText:
      'The content no longer matches its signed hash. Something in it has been changed since both signed, so it cannot be relied on as the signed record. Keep this copy as it is and tell your safeguarding lead.',
    expected: 'Hash sealed at signing',
    actual: 'Hash of the content now',
  },
  childSummary: {
    heading: (label: string) => `Safeguarding supervision — entry for ${label}`,
    date: 'Date of supervision',
    sessionType: 'Type of supervision',
    tookPlace: 'A safeguarding supervision discussion took place about this child or family.',
    summaryHeading: 'Summary of the discussion',
    setAside: 'The discussion was set aside before action planning was completed.',
    actionsHeading: 'Agreed actions and timescales',
    noActions: 'No actions were agreed for this child or family in this supervision.',
    due: (date: string) => `by ${date}`,
    noDueDate: 'no due date recorded',
    escalationsHeading: 'Immediate concerns escalated',
    escalation: (time: string, concern: string, actionTaken: string) =>
      `${time}: ${sentence(concern)} Action taken: ${sentence(actionTaken)}`,
  },
} as const;

/**
 * Joins a policy's label and a value as the policy would read, e.g. "Name of Student:
 * Baby T" and "Actions taken? None", but "Venue: Room 4".
 */
export function labelled(label: string, value: string): string {
  const trimmed = label.trimEnd();
  return /[:?]$/.test(trimmed) ? `${trimmed} ${value}` : `${trimmed}: ${value}`;
}

/** Ends a typed phrase as a sentence unless it already ends with punctuation. */
export function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…:;)"”’]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
