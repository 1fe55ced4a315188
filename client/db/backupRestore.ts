/**
 * Restoring a backup (opened and checked by backupFormat.ts `openBackup`): adds, in one
 * transaction, only what is not here yet: importing the same backup twice duplicates nothing, and
 * where this device already holds a different version of a record, the local one is kept, never
 * overwritten, and the backup's is kept beside it as a copy (anything else that differs keeps this
 * device's version and is counted as refused). The rows here are read as stored on a connection
 * of its own and opened after it; the backup's are sealed with WebCrypto before the transaction
 * that writes (client/db/atRestBulk.ts), which awaits nothing but IndexedDB.
 *
 * A version 3 file's records are written first, marking the supervisees whose sessions it added
 * (`derivedPending`); their derived rows (cases, actions, signatures) are then rebuilt from the
 * sessions and written one supervisee at a time after it (readers wait for them, or rebuild a
 * supervisee left marked: derivedRows.ts).
 */
import canonicalize from 'canonicalize';
import { $SessionContentV1 } from '../../machines/model/record.ts';
import { storageCopy } from '../content/storageCopy.ts';
import { phase } from '../perf/phases.ts';
import { isSealed } from './atRest.ts';
import type { BulkCodec, Row } from './atRestBulk.ts';
import { backupTables, primaryKeyOf, rebuildsDerivedRows, rowSchemas, type BackupContents, type BackupTable, type RestoreReport } from './backupFormat.ts';
import type { RestoredCopyV1, SupervisionDB } from './db.ts';
import { deriveRows, derivedTables, trackDerivedWrite, type DerivableSession, type DerivedTable } from './derivedRows.ts';
import { STRICT_TRANSACTION } from './durability.ts';
import { addAll, announceChanged, isConflict, rawConnection, request, transactionDone } from './idb.ts';

/** Tables whose rows belong to one session (by `sessionId`): a copy's go with the copy. */
const sessionAttached: ReadonlySet<BackupTable> = new Set(['cases', 'actions', 'signatures', 'snapshots', 'amendments', 'recordSignatures', 'signatureRequests', 'childRecordChoices']);

/** The same row (as written, or in canonical form). */
function same(a: Row, b: Row): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || canonicalize(a) === canonicalize(b);
}

/**
 * Whether a stored mark is the one written (the very same seal: a fresh IV is drawn for every
 * seal; unsealed, in a database without encryption at rest: the same restore's id).
 */
function sameSeal(stored: unknown, ours: Row | undefined): boolean {
  const a = (stored as Row | undefined)?.['sealed'];
  const b = ours?.['sealed'];
  if (a === undefined && b === undefined) return stored !== undefined && (stored as Row)['restoreId'] === ours?.['restoreId'];
  if (!isSealed(a) || !isSealed(b) || a.iv.length !== b.iv.length) return false;
  return a.iv.every((byte, i) => byte === b.iv[i]) && a.ct.length === b.ct.length && a.ct.every((byte, i) => byte === b.ct[i]);
}

/**
 * `restore`: adds a backup's rows (see the header); `derivedWritten`: settles when the derived
 * rows of the last restore here are written (or left marked).
 */
export function createRestore(db: SupervisionDB, { codec, now }: { codec: BulkCodec; now: () => Date }) {
  /** Sessions of a version 3 backup added by its restore: their supervisees' derived rows are written after it. */
  type Added = { sessions: Row[]; personIds: string[]; marks: Map<string, Row> };

  async function restoreOnce(backup: BackupContents): Promise<{ report: RestoreReport; added: Added }> {
    const report: RestoreReport = { added: 0, identical: 0, keptAsCopy: 0, refused: 0 };
    const added: Added = { sessions: [], personIds: [], marks: new Map() };
    const { raw, schemaOf } = await rawConnection(db);
    try {
      // Which rows are here already: read as stored in one transaction, opened after it.
      const here = {} as Record<BackupTable, unknown[]>;
      let copiesHere: unknown[] = [];
      await phase('backup:restore-read', () =>
        raw.transaction('r', backupTables.map((name) => raw.table(name)), async () => {
          for (const name of backupTables) {
            const keyPath = primaryKeyOf(name);
            const keys = new Set((await raw.table(name).toCollection().primaryKeys()).map(String));
            const overlapping = backup.tables[name].flatMap((row) => (keys.has(String(row[keyPath])) ? [row[keyPath] as string] : []));
            if (overlapping.length === 0) here[name] = [];
            // Many (a backup restored again): one read of the whole table beats a request per key.
            else if (overlapping.length > keys.size / 4) here[name] = await raw.table(name).toArray();
            else here[name] = (await raw.table(name).bulkGet(overlapping)).filter((row) => row !== undefined);
          }
          // Copies kept by an earlier restore: a record already kept as a copy is not copied again.
          copiesHere = await raw.table('sessions').where('status').equals('copy').toArray();
        }),
      );
      const toAdd = {} as Record<BackupTable, Row[]>;
      await phase('backup:restore-compare-and-seal', async () => {
        // (compare: only rows already here, none on a new device; seal: WebCrypto, batch by batch)
        // A row here that does not open counts as differing: it is left as it is, and the backup's kept beside it.
        const local = {} as Record<BackupTable, Map<string, Row | null>>;
        for (const name of backupTables) {
          const keyPath = primaryKeyOf(name);
          const opened = await codec.openOrNull(schemaOf(name), here[name]);
          local[name] = new Map(here[name].map((row, i) => [String((row as Row)[keyPath]), opened[i] ?? null]));
        }
        const copies = planCopies(backup, local, (await codec.openOrNull(schemaOf('sessions'), copiesHere)).filter((row): row is Row => row !== null));
        for (const name of backupTables) {
          const keyPath = primaryKeyOf(name);
          const missing: Row[] = [];
          const copiesMade: Row[] = [];
          for (const row of backup.tables[name]) {
            const copy = name === 'sessions' ? copies.get(String(row['id'])) : sessionAttached.has(name) ? copies.get(String(row['sessionId'])) : undefined;
            if (copy && name === 'sessions') {
              // Kept beside this device's record (or kept so by an earlier restore already).
              if (copy.row) copiesMade.push(copy.row);
              else report.identical += 1;
              continue;
            }
            if (copy) {
              // A row of a record kept as a copy goes with the copy, never to this device's record:
              // its amendments are filed under the copy; its signature and choices are in it.
              if (name === 'amendments') {
                const existing = local.amendments.get(String(row['id']));
                if (existing !== undefined && existing !== null && same(existing, row)) report.identical += 1;
                else if (copy.row) missing.push({ ...row, id: existing === undefined ? row['id'] : crypto.randomUUID(), sessionId: copy.row['id'] });
              }
              continue;
            }
            const existing = local[name].get(String(row[keyPath]));
            if (existing === undefined) missing.push(row);
            else if (existing !== null && same(existing, row)) report.identical += 1;
            else report.refused += 1;
          }
          report.added += missing.length;
          report.keptAsCopy += copiesMade.length;
          toAdd[name] = await codec.seal(schemaOf(name), [...missing, ...copiesMade]);
          if (name === 'sessions' && rebuildsDerivedRows(backup)) added.sessions = missing.filter((row) => row['status'] !== 'copy');
        }
      });
      // Their derived rows are written after this transaction; until then they are marked missing.
      added.personIds = [...new Set(added.sessions.map((row) => String(row['personId'])))];
      const markedAt = now().toISOString();
      const restoreId = crypto.randomUUID();
      const marks = await codec.seal(raw.core.table('derivedPending').schema, added.personIds.map((personId) => ({ personId, markedAt, restoreId })));
      for (const mark of marks) added.marks.set(String(mark['personId']), mark);
      // One transaction, awaiting nothing but IndexedDB: every row is added, or none.
      // A restore commits strictly (on the disk before it is reported done); a supervisee still
      // marked by an earlier restore stays marked (put); every record is added.
      await phase('backup:restore-write', () => addAll(raw.backendDB(), { ...toAdd, derivedPending: marks }, { putInto: ['derivedPending'], durability: STRICT_TRANSACTION, abortedBecause: storageCopy.failures.restoreNotWritten }));
      announceChanged(db, backupTables.filter((name) => toAdd[name].length > 0));
    } finally {
      raw.close();
    }
    return { report, added };
  }

  /**
   * The records of the backup to keep as copies (by the id they differ from): each session that
   * differs from this device's (or whose row here does not open), and each whose saved progress
   * differs. `row` is the copy to add, or null when an earlier restore kept the same copy already.
   */
  function planCopies(backup: BackupContents, local: Record<BackupTable, Map<string, Row | null>>, copiesHere: readonly Row[]): Map<string, { row: Row | null }> {
    const incoming = new Map(backup.tables.sessions.map((row) => [String(row['id']), row]));
    const differing = new Set<string>();
    for (const [id, row] of incoming) {
      const here = local.sessions.get(id);
      if (here !== undefined && (here === null || !same(here, row)) && row['status'] !== 'copy') differing.add(id);
    }
    // Progress saved as it was typed (the snapshot's record) that differs from this device's.
    const progress = new Map<string, unknown>();
    for (const row of backup.tables.snapshots) {
      const id = String(row['sessionId']);
      const record = (row['envelope'] as { snapshot?: { context?: unknown } } | undefined)?.snapshot?.context;
      const session = incoming.get(id);
      if (!session || session['status'] !== 'inProgress' || (record as { sessionId?: unknown } | undefined)?.sessionId !== id) continue;
      progress.set(id, record);
      const here = local.snapshots.get(id);
      if (here !== undefined && local.sessions.has(id) && (here === null || !same(here, row))) differing.add(id);
    }
    const restoredAt = now().toISOString();
    const copies = new Map<string, { row: Row | null }>();
    for (const id of differing) {
      const session = incoming.get(id)!;
      const content = session['content'] as { template: unknown; record: unknown; models?: unknown };
      const record = progress.get(id) ?? content.record;
      if (!$SessionContentV1.safeParse(record).success) continue;
      if (copiesHere.some((copy) => (copy['content'] as { restoredCopy?: RestoredCopyV1 }).restoredCopy?.of === id && canonicalize((copy['content'] as { record: unknown }).record) === canonicalize(record))) {
        copies.set(id, { row: null });
        continue;
      }
      const signature = backup.tables.recordSignatures.find((row) => String(row['sessionId']) === id);
      const choices = backup.tables.childRecordChoices.find((row) => String(row['sessionId']) === id);
      const restoredCopy: RestoredCopyV1 = {
        of: id,
        backupCreatedAt: backup.createdAt,
        restoredAt,
        status: session['status'] === 'signed' ? 'signed' : 'inProgress',
        ...(signature ? { recordSignature: signature } : {}),
        ...(choices ? { childRecordChoices: choices } : {}),
      };
      copies.set(id, { row: { id: crypto.randomUUID(), personId: session['personId'], status: 'copy', date: session['date'], updatedAt: session['updatedAt'], content: { template: content.template, record, ...(content.models ? { models: content.models } : {}), restoredCopy } } });
    }
    return copies;
  }

  /**
   * Writes the derived rows of a supervisee whose sessions a restore added: built from those
   * sessions and any of theirs already here, sealed, then put in one transaction that also clears
   * the supervisee's mark, only if the mark is still there (if it is gone, the repositories rebuilt
   * them meanwhile from what is stored, which is never older than this).
   */
  async function prepareDerived(personId: string, restored: readonly Row[]): Promise<Record<DerivedTable, Row[]>> {
    await db.open();
    const idb = db.backendDB();
    const schemaOf = (name: BackupTable | 'derivedPending') => db.core.table(name).schema;
    const restoredIds = new Set(restored.map((row) => String(row['id'])));
    const stored = await request<unknown[]>(idb, 'sessions', (store) => store.index('personId').getAllKeys(personId));
    const others = stored.map(String).filter((id) => !restoredIds.has(id));
    const opened = others.length === 0 ? [] : await codec.open(schemaOf('sessions'), await Promise.all(others.map((id) => request<unknown>(idb, 'sessions', (store) => store.get(id)))));
    // Copies restored from a backup have no derived rows.
    const local = opened.filter((row) => row['status'] !== 'copy');
    // The restored sessions were checked as the file was opened; those already here are checked now.
    const here = local.map((row): DerivableSession => {
      const checked = rowSchemas.sessions.safeParse(row);
      if (!checked.success) throw new Error(storageCopy.failures.sessionUnreadable);
      return (checked.data as { content: DerivableSession }).content;
    });
    const sessions = [...restored.map((row) => row['content'] as DerivableSession), ...here];
    const rows = deriveRows(sessions);
    return { cases: await codec.seal(schemaOf('cases'), rows.cases), actions: await codec.seal(schemaOf('actions'), rows.actions), signatures: await codec.seal(schemaOf('signatures'), rows.signatures) };
  }

  /**
   * Writes a supervisee's derived rows and clears their mark, only if the mark is still the one
   * this restore wrote (the same seal): if it is gone, the repositories rebuilt the rows from what
   * is stored; if another restore marked them since, that restore's rows (built after this one's
   * records were written) replace these.
   */
  async function commitDerived(personId: string, sealed: Record<DerivedTable, Row[]>, ours: Row | undefined): Promise<void> {
    const idb = db.backendDB();
    const transaction = idb.transaction([...derivedTables, 'derivedPending'], 'readwrite');
    // Aborted here when the mark is no longer ours: nothing to write, and no failure.
    const done = transactionDone(transaction, storageCopy.failures.derivedNotWritten, { abortIsDone: true });
    const marks = transaction.objectStore('derivedPending');
    const mark = marks.get(personId);
    mark.onsuccess = () => {
      if (!sameSeal(mark.result, ours)) return transaction.abort();
      for (const name of derivedTables) {
        const store = transaction.objectStore(name);
        for (const row of sealed[name]) store.put(row);
      }
      marks.delete(personId);
    };
    await done;
    announceChanged(db, derivedTables);
  }

  /**
   * Each supervisee's derived rows in turn (readers of one wait only for theirs: derivedRows.ts),
   * the next supervisee's built and sealed while this one's are written (never more than one ahead).
   */
  function writeDerived(added: Added): Promise<void> {
    const bySupervisee = new Map<string, Row[]>();
    for (const row of added.sessions) bySupervisee.set(String(row['personId']), [...(bySupervisee.get(String(row['personId'])) ?? []), row]);
    const settle = (work: Promise<unknown>) => work.then(() => undefined, () => undefined);
    let prepared: Promise<unknown> = Promise.resolve();
    const written: Promise<void>[] = [];
    for (const [i, personId] of added.personIds.entries()) {
      const rows = Promise.all([settle(prepared), settle(written[i - 2] ?? Promise.resolve())]).then(() => prepareDerived(personId, bySupervisee.get(personId) ?? []));
      // A supervisee whose rows could not be written stays marked: the repositories rebuild them.
      const mine = Promise.all([rows, settle(written[i - 1] ?? Promise.resolve())]).then(([sealed]) => commitDerived(personId, sealed, added.marks.get(personId)));
      trackDerivedWrite(db, personId, mine);
      prepared = rows;
      written.push(mine);
    }
    return phase('backup:restore-derived', () => Promise.all(written.map(settle)).then(() => undefined));
  }
  let derivedWrites: Promise<void> = Promise.resolve();

  return {
    derivedWritten(): Promise<void> {
      return derivedWrites;
    },

  /**
   * Adds what is not here yet, in one transaction; a record that differs here is kept as it is
   * here and the backup's beside it as a copy (see ARCHITECTURE.md, "Failure model"). Should
   * another screen add one of the rows meanwhile, the write adds nothing and the restore is
   * planned again.
   */
  async restore(backup: BackupContents): Promise<RestoreReport> {
    for (let attempt = 1; ; attempt++) {
      try {
        const { report, added } = await restoreOnce(backup);
        // The case indexes are derived from the records and not in a backup: records added
        // here make them incomplete, so they are dropped and rebuilt on the next search.
        if (report.added > 0) await db.caseIndex.clear();
        // A version 3 backup's derived rows are written after the records, not waited for here.
        if (added.personIds.length > 0) derivedWrites = writeDerived(added);
        return report;
      } catch (error) {
        if (attempt >= 3 || !isConflict(error)) throw error;
      }
    }
  },
  };
}
