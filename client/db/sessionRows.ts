/**
 * Reading session rows, for every repository that reads them: a row's content parsed (one that
 * does not parse is reported, never half-used), a supervisee's signed sessions from the index, and
 * the rows derived from their records made ready before they are read.
 */
import Dexie from 'dexie';
import { z } from 'zod';
import { $SessionContentV1, type SessionContentV1 } from '../../machines/model/record.ts';
import { $RecordTemplateV1, type RecordTemplateV1 } from '../../machines/model/template.ts';
import { $ReflectiveModelV1, type ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { savingCopy } from '../content/savingCopy.ts';
import { readEach } from './damage.ts';
import type { RestoredCopyV1, SessionRow, SupervisionDB } from './db.ts';
import { deriveRows, derivedWriteSettled } from './derivedRows.ts';
import { firstMessage } from './parsing.ts';
import { $RestoredCopyV1 } from './restoredCopy.ts';

export class StoredRecordError extends Error {
  override name = 'StoredRecordError';
}

/**
 * A session row's content: the template copy it ran with, its record, and copies of the reflective
 * models its cases used that are not shipped (`models`, beside the template copy and never inside
 * the hashed record), so the session opens and its record renders on a device without them.
 */
const $SessionRowContent = z.strictObject({
  template: $RecordTemplateV1,
  record: $SessionContentV1,
  models: z.array($ReflectiveModelV1).optional(),
  restoredCopy: $RestoredCopyV1.optional(),
});

export type StoredSession = {
  row: SessionRow;
  template: RecordTemplateV1;
  record: SessionContentV1;
  /** Copies of the models its cases used that are not shipped (absent when none). */
  models?: ReflectiveModelV1[];
  restoredCopy?: RestoredCopyV1;
};

export function readSession(row: SessionRow): StoredSession {
  const parsed = $SessionRowContent.safeParse(row.content);
  if (!parsed.success) throw new StoredRecordError(savingCopy.saving.sessionUnreadable(row.date, firstMessage(parsed.error)));
  const { template, record, restoredCopy, models } = parsed.data;
  return { row, template, record, ...(models && models.length > 0 ? { models } : {}), ...(restoredCopy ? { restoredCopy } : {}) };
}

/** Sessions read from a list: one that cannot be read is left out and reported (damage.ts). */
export function readSessions(db: SupervisionDB, rows: readonly SessionRow[]): StoredSession[] {
  return readEach(db, 'sessions', rows, readSession);
}

/** This supervisee's signed sessions in date order, as an index range (keys: [personId, 'signed', date]). */
export function signedOf(db: SupervisionDB, personId: string) {
  return db.sessions.where('[personId+status+date]').between([personId, 'signed', Dexie.minKey], [personId, 'signed', Dexie.maxKey]);
}

/**
 * A supervisee's rows derived from their records (cases, actions, signatures) are read only when
 * all are written. After a restore of a version 3 backup they may still be being written in this
 * tab (waited for), or be missing: the supervisee is then marked (`derivedPending`) and the rows
 * are rebuilt here from their sessions (client/db/derivedRows.ts).
 */
export function createDerived(db: SupervisionDB) {
  const derived = {
    async ready(personId: string): Promise<void> {
      await derivedWriteSettled(db, personId);
      if (await db.derivedPending.get(personId)) await db.transaction('rw', [db.sessions, db.cases, db.actions, db.signatures, db.derivedPending], () => derived.rebuildIfMarked(personId));
    },
    /** In a transaction over the sessions, the derived tables and the marks. */
    async rebuildIfMarked(personId: string): Promise<void> {
      if (!(await db.derivedPending.get(personId))) return;
      const rows = deriveRows(readSessions(db, await db.sessions.where('personId').equals(personId).toArray()).filter((s) => s.row.status !== 'copy'));
      await db.cases.bulkPut(rows.cases);
      await db.actions.bulkPut(rows.actions);
      await db.signatures.bulkPut(rows.signatures);
      await db.derivedPending.delete(personId);
    },
  };
  return derived;
}

export type Derived = ReturnType<typeof createDerived>;

/** What repositories share: the database's clock and ids, as the tests set them. */
export type Stamps = { now: () => Date; newId: () => string };
