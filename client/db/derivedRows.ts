/**
 * The rows derived from session records: each session's case discussions (`cases`), actions
 * (`actions`, with the reviews later sealed sessions made of them applied) and signatures
 * (`signatures`). `sessions.save` writes them as a session is saved; `deriveRows` builds the same
 * rows from a supervisee's sessions alone, for a restore (a version 3 backup does not carry them)
 * or for a supervisee whose rows are marked missing (`derivedPending`, database version 12).
 *
 * Reviews are applied in the order the sessions were sealed: the seal is made when the second
 * signature is added, so a sealed record's sealing time is its later signature's `signedAt`.
 */
import type { ReviewOutcome, SessionContentV1 } from '../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { ActionRow, CaseRow, SignatureRow, SupervisionDB } from './db.ts';
import { storageCopy } from '../content/storageCopy.ts';

/** A session as the derivation needs it: its template and record (sealed when `contentHash` is set). */
export type DerivableSession = { template: RecordTemplateV1; record: SessionContentV1 };
export type DerivedRows = { cases: CaseRow[]; actions: ActionRow[]; signatures: SignatureRow[] };
/** The tables derived from the session records. */
export const derivedTables = ['cases', 'actions', 'signatures'] as const;
export type DerivedTable = (typeof derivedTables)[number];

const isSealed = (record: SessionContentV1) => record.contentHash !== null;

function ownerLabel(record: SessionContentV1, template: RecordTemplateV1, owner: { kind: string | null; name: string }): string {
  if (owner.kind === 'supervisor') return `${template.parties.supervisor.title} (${record.parties.supervisor.name})`;
  if (owner.kind === 'supervisee') return `${template.parties.supervisee.title} (${record.parties.supervisee.name})`;
  return owner.name || storageCopy.noOwner;
}

export function caseRowsOf(record: SessionContentV1, cases = record.cases): CaseRow[] {
  const personId = record.parties.supervisee.personId;
  return cases.map((c) => ({ id: c.id, sessionId: record.sessionId, personId, content: c }));
}

/** A session's own actions: drafts until it is sealed, then open, with no review yet. */
export function actionRowsOf(record: SessionContentV1, template: RecordTemplateV1): ActionRow[] {
  const personId = record.parties.supervisee.personId;
  return record.actions.map((action) => ({
    id: action.id,
    sessionId: record.sessionId,
    personId,
    status: isSealed(record) ? 'open' : 'draft',
    dueDate: action.dueDate,
    content: {
      action,
      raisedOn: record.date,
      caseLabel: record.cases.find((c) => c.id === action.caseId)?.label ?? null,
      ownerLabel: ownerLabel(record, template, action.owner),
      reviews: [],
    },
  }));
}

export function signatureRowsOf(record: SessionContentV1): SignatureRow[] {
  const signatures = [record.signatures.supervisor, record.signatures.supervisee].flatMap((s) => (s ? [s] : []));
  return signatures.map((s) => ({ id: `${record.sessionId}-${s.role}`, sessionId: record.sessionId, signedAt: s.signedAt, content: s }));
}

/** An earlier action as a sealed record's review of it leaves it (unchanged without an outcome). */
export function reviewedAction(row: ActionRow, record: SessionContentV1): ActionRow {
  const review = record.reviews[row.id];
  if (!review?.outcome) return row;
  const outcome: ReviewOutcome = review.outcome;
  const entry = { sessionId: record.sessionId, date: record.date, outcome, reason: review.reason, newDueDate: review.newDueDate };
  return {
    ...row,
    status: outcome === 'done' ? 'done' : outcome === 'notDone' ? 'notDone' : 'open',
    dueDate: outcome === 'carriedForward' && review.newDueDate ? review.newDueDate : row.dueDate,
    content: { ...row.content, reviews: [...row.content.reviews, entry] },
  };
}

/** When a sealed record was sealed: its later signature (the seal is made as it is added). */
function sealedAt(record: SessionContentV1): string {
  const times = [record.signatures.supervisor?.signedAt ?? '', record.signatures.supervisee?.signedAt ?? ''];
  return times[0]! > times[1]! ? times[0]! : times[1]!;
}

/**
 * Every derived row of these sessions (a supervisee's, or several supervisees'), as saving them
 * one by one in the order they were sealed would have left them.
 */
export function deriveRows(sessions: readonly DerivableSession[]): DerivedRows {
  const cases: CaseRow[] = [];
  const signatures: SignatureRow[] = [];
  const actions = new Map<string, ActionRow>();
  for (const { template, record } of sessions) {
    cases.push(...caseRowsOf(record));
    signatures.push(...signatureRowsOf(record));
    for (const row of actionRowsOf(record, template)) actions.set(row.id, row);
  }
  const sealed = sessions
    .map((s) => s.record)
    .filter(isSealed)
    .sort((a, b) => sealedAt(a).localeCompare(sealedAt(b)) || a.date.localeCompare(b.date) || a.sessionId.localeCompare(b.sessionId));
  for (const record of sealed) {
    for (const previous of record.previousActions) {
      const row = actions.get(previous.id);
      if (row) actions.set(row.id, reviewedAction(row, record));
    }
  }
  return { cases, actions: [...actions.values()], signatures };
}

/**
 * Derived rows being written for a supervisee after a restore in this tab (see backup.ts):
 * readers of those rows wait for the write rather than rebuilding them themselves.
 */
const writing = new WeakMap<SupervisionDB, Map<string, Promise<void>>>();

export function trackDerivedWrite(db: SupervisionDB, personId: string, write: Promise<void>): void {
  const mine = writing.get(db) ?? new Map<string, Promise<void>>();
  writing.set(db, mine);
  const settled = write.catch(() => undefined);
  mine.set(personId, settled);
  void settled.then(() => {
    if (mine.get(personId) === settled) mine.delete(personId);
  });
}

/** Resolves when no derived write for this supervisee is running in this tab (never rejects). */
export function derivedWriteSettled(db: SupervisionDB, personId: string): Promise<void> {
  return writing.get(db)?.get(personId) ?? Promise.resolve();
}
