/**
 * Sessions: each one-to-one session's row (its template copy and record), its snapshot's
 * envelope, and the rows other screens query (cases, actions, signatures), written as the users
 * type; its amendments; and what each child-record entry of a signed record carries. Rows in,
 * rows out: what is written comes from the live document (client/live/session.ts), everything
 * read is parsed with zod.
 */
import Dexie from 'dexie';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { $SessionSnapshotEnvelopeV1, envelopeOf, envelopeWithoutRecord, type SessionSnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';
import { $AmendmentV1, type AmendmentV1 } from '../../machines/record/amendment.ts';
import { $ChildRecordChoicesV1, childRecordExtras, type ChildRecordExtra } from '../../machines/record/childRecordChoices.ts';
import { listModels, modelsToKeep } from '../content/models.ts';
import { savingCopy } from '../content/savingCopy.ts';
import type { CaseIndexRepositories } from './caseIndexRepositories.ts';
import { readEach } from './damage.ts';
import type { SnapshotRow, SupervisionDB } from './db.ts';
import { actionRowsOf, caseRowsOf, derivedWriteSettled, reviewedAction, signatureRowsOf } from './derivedRows.ts';
import { strictlyIf } from './durability.ts';
import { keptUntilChanged } from './keptUntilChanged.ts';
import { firstMessage } from './parsing.ts';
import type { Result } from './result.ts';
import type { createScheduleRepositories } from './scheduleRepositories.ts';
import { readSession, readSessions, signedOf, type Derived, type Stamps, type StoredSession } from './sessionRows.ts';
import type { createSignatureRepositories } from './signatureRepositories.ts';
import { transactionDone } from './idb.ts';

/** Thrown inside a save's transaction to abort it: the record is signed here already. */
class AlreadySigned extends Error {
  override name = 'AlreadySigned';
}

type Deps = Stamps & {
  derived: Derived;
  caseIndex: Pick<CaseIndexRepositories, 'addSigned'>;
  /** Loaded on first use: appointments made from a sealed record's next meeting. */
  scheduleModule: () => Promise<ReturnType<typeof createScheduleRepositories>>;
  /** Loaded on first use: the device's signature on a sealed record's chain link. */
  signatureModule: () => Promise<ReturnType<typeof createSignatureRepositories>>;
};

export function createSessionRepositories(db: SupervisionDB, { now, newId, derived, caseIndex, scheduleModule, signatureModule }: Deps) {
  /** What each session's last committed save here wrote (by reference), to write only what changed next time. */
  const written = new Map<string, Pick<SessionContentV1, 'cases' | 'actions' | 'signatures'>>();

  const sessions = {
    /**
     * Makes what was just typed durable with the least work: the machine's snapshot with the
     * record inside (its envelope), one row in a transaction over one store, nothing read. A
     * session being restored takes the record from this envelope (see `withRecord`), so a tab
     * killed now resumes exactly here. `save` must follow (the session screen runs it once the
     * typing pauses, and when the screen is left or the app locks): it brings the session row and
     * the rows other screens query up to date. A sealed record is never written this way (sealing is one
     * transaction with everything it changes); an envelope written by a tab that did not know the
     * record had been signed elsewhere is ignored on restore, and the signed row is untouched.
     */
    async saveAnswer(record: SessionContentV1, snapshot: unknown): Promise<void> {
      if (record.contentHash !== null) return;
      const savedAt = now().toISOString();
      const row: SnapshotRow = { sessionId: record.sessionId, savedAt, envelope: envelopeOf(snapshot, savedAt) };
      if (!db.isOpen()) return void (await db.snapshots.put(row));
      // Sealed first, off the page's thread (db.storedForm: WebCrypto, the middleware's own seal;
      // the cipher is asked for within the caller's task). Then written on the native connection,
      // not through Dexie's promise-scheduled transactions: the put is asked for and committed in
      // the same task, so IndexedDB writes it at once rather than once this page is free again.
      // Dexie's live queries do not see this write: nothing watches the snapshots table live.
      // (Opening the transaction before the seal, kept alive with reads until it is ready,
      // measured no faster.)
      const stored = await db.storedForm('snapshots', row);
      const transaction = db.backendDB().transaction('snapshots', 'readwrite');
      const committed = transactionDone(transaction, savingCopy.saving.saveAborted);
      transaction.objectStore('snapshots').put(stored);
      transaction.commit?.();
      await committed;
    },

    /**
     * Save the session as it stands: its snapshot, its record, and the rows other sessions
     * query (cases, actions, signatures), in one transaction. When the record has just been
     * sealed, the session is marked signed, its actions open, and its reviews of earlier
     * actions are applied to those actions.
     */
    /** `models`: the models this session may use beyond this device's (its saved copies); the ones its cases used and that are not shipped are kept with it. */
    async save(template: RecordTemplateV1, record: SessionContentV1, snapshot: unknown, models: readonly ReflectiveModelV1[] = []): Promise<void> {
      const savedAt = now().toISOString();
      const kept = modelsToKeep(record.cases, [...models, ...listModels()]);
      const personId = record.parties.supervisee.personId;
      const sealed = record.contentHash !== null;
      // Loaded before the transaction (a transaction must not wait on anything but the database).
      const schedule = sealed ? await scheduleModule() : null;
      // What the last committed save here wrote; forgotten until this one commits (if it fails,
      // the next save writes every row again).
      const before = written.get(record.sessionId);
      written.delete(record.sessionId);
      // A plain answer changes only the record and the position: its transaction holds the two
      // stores it writes. The rows other screens query join it when they may have changed.
      const plain = !sealed && before !== undefined && before.cases === record.cases && before.actions === record.actions && before.signatures === record.signatures;
      // After a restore, this supervisee's derived rows may still be being written in this tab.
      if (!plain) await derivedWriteSettled(db, personId);
      const stores = plain ? [db.sessions, db.snapshots] : [db.sessions, db.snapshots, db.cases, db.actions, db.signatures, db.appointments, db.caseIndex, db.derivedPending];
      try {
        // Sealing commits strictly (on the disk before it is acknowledged); an answer, relaxed.
        await strictlyIf(sealed, () => db.transaction('rw', stores, async () => {
          // A signed record is never rewritten (amendments are separate). Whether this one is signed
          // is read from the index keys alone, nothing decrypted: the row's person and date are the
          // record's own, which never change. The writes are asked for at once; the transaction is
          // aborted (undoing them) before it can commit if the record turns out to be signed.
          const signed = db.sessions.where('[personId+status+date]').equals([personId, 'signed', record.date]).primaryKeys();
          const rows = Promise.all([
            db.snapshots.put({ sessionId: record.sessionId, savedAt, envelope: envelopeWithoutRecord(snapshot, savedAt) }),
            db.sessions.put({
              id: record.sessionId,
              personId,
              status: sealed ? 'signed' : 'inProgress',
              date: record.date,
              updatedAt: savedAt,
              content: { template, record, ...(kept.length > 0 ? { models: kept } : {}) },
            }),
          ]);
          rows.catch(() => undefined); // its failure is the transaction's, reported below
          if ((await signed).includes(record.sessionId)) throw new AlreadySigned();
          await rows;
          if (plain) return;
          // This supervisee's derived rows are complete before this session's are written over them.
          await derived.rebuildIfMarked(personId);
          // The rows other screens query are rewritten only where they changed since this
          // session's last save here (the machines' context is immutable: an unchanged part
          // is the same object), so typing in one case does not re-seal every case.
          if (!before) {
            await db.cases.where('sessionId').equals(record.sessionId).delete();
            await db.cases.bulkPut(caseRowsOf(record));
          } else if (before.cases !== record.cases) {
            const previous = new Map(before.cases.map((c) => [c.id, c]));
            const current = new Set(record.cases.map((c) => c.id));
            await db.cases.bulkDelete([...previous.keys()].filter((id) => !current.has(id)));
            await db.cases.bulkPut(caseRowsOf(record, record.cases.filter((c) => previous.get(c.id) !== c)));
          }
          const actionsChanged = !before || sealed || before.actions !== record.actions || before.cases !== record.cases;
          if (actionsChanged) await db.actions.where('sessionId').equals(record.sessionId).delete();
          if (actionsChanged) await db.actions.bulkPut(actionRowsOf(record, template));
          if (!before || before.signatures !== record.signatures) {
            await db.signatures.where('sessionId').equals(record.sessionId).delete();
            await db.signatures.bulkPut(signatureRowsOf(record));
          }
          if (sealed) await caseIndex.addSigned(personId, record, savedAt);
          if (sealed && schedule) {
            await schedule.appointments.fromSignedSession({ sessionId: record.sessionId, personId, date: record.date, nextMeeting: record.nextMeeting });
          }
          if (sealed) {
            for (const previous of record.previousActions) {
              const row = await db.actions.get(previous.id);
              if (!row || !record.reviews[previous.id]?.outcome) continue;
              await db.actions.put(reviewedAction(row, record));
            }
          }
        }));
      } catch (error) {
        if (!(error instanceof AlreadySigned)) throw error;
      }
      written.set(record.sessionId, { cases: record.cases, actions: record.actions, signatures: record.signatures });
      // The device signs the sealed record's chain link once it is written (idempotent: a save of
      // an already signed record, or a retry, signs nothing twice).
      if (sealed) await (await signatureModule()).sign(record.sessionId);
    },

    /** This supervisee's signed sessions, read and parsed. */
    async signedFor(personId: string): Promise<StoredSession[]> {
      return readSessions(db, await signedOf(db, personId).toArray());
    },

    async get(sessionId: string): Promise<StoredSession | undefined> {
      const row = await db.sessions.get(sessionId);
      return row ? readSession(row) : undefined;
    },

    async snapshot(sessionId: string): Promise<SessionSnapshotEnvelopeV1 | undefined> {
      const row = await db.snapshots.get(sessionId);
      if (!row) return undefined;
      const parsed = $SessionSnapshotEnvelopeV1.safeParse(row.envelope);
      return parsed.success ? parsed.data : undefined;
    },

    async list(): Promise<StoredSession[]> {
      const rows = await db.sessions.orderBy('updatedAt').reverse().toArray();
      return readSessions(db, rows);
    },

    /** Sessions not yet signed, latest change first (few: only these are read). */
    async inProgress(): Promise<StoredSession[]> {
      const rows = await db.sessions.where('status').equals('inProgress').toArray();
      return readSessions(db, rows).sort((a, b) => b.row.updatedAt.localeCompare(a.row.updatedAt));
    },

    /** The latest signed records (by date of the supervision), and how many there are in all. */
    async recentSigned(limit: number): Promise<{ sessions: StoredSession[]; total: number }> {
      const signed = db.sessions.where('[status+date]').between(['signed', Dexie.minKey], ['signed', Dexie.maxKey]);
      const rows = await signed.clone().reverse().limit(limit).toArray();
      // Counted once and kept until the sessions change (keptUntilChanged.ts): the start page asks on every visit.
      const total = await keptUntilChanged(db, 'signedSessions', ['sessions'], () => signed.count());
      return { sessions: readSessions(db, rows), total };
    },

    /** The dates of a supervisee's signed sessions, oldest first, from the index alone (nothing is decrypted). */
    async signedDates(personId: string): Promise<string[]> {
      const keys = await signedOf(db, personId).keys();
      return keys.map((key) => (Array.isArray(key) ? String(key[2]) : ''));
    },

    /** The date of a supervisee's last signed session on or before `date`, from the index alone. */
    async lastSignedOnOrBefore(personId: string, date: string): Promise<string | null> {
      const keys = await db.sessions
        .where('[personId+status+date]')
        .between([personId, 'signed', Dexie.minKey], [personId, 'signed', date], true, true)
        .reverse()
        .limit(1)
        .keys();
      const key = keys[0];
      return Array.isArray(key) ? String(key[2]) : null;
    },

    /** The ids of a supervisee's signed sessions from `from` to `to` (inclusive), from the index alone. */
    async signedIdsBetween(personId: string, from: string, to: string): Promise<string[]> {
      const keys = await db.sessions.where('[personId+status+date]').between([personId, 'signed', from], [personId, 'signed', to], true, true).primaryKeys();
      return keys.map(String);
    },

    /** A supervisee's signed sessions with dates from `from` to `to` (inclusive), oldest first. */
    async signedBetween(personId: string, from: string, to: string): Promise<StoredSession[]> {
      const rows = await db.sessions.where('[personId+status+date]').between([personId, 'signed', from], [personId, 'signed', to], true, true).toArray();
      return readSessions(db, rows);
    },

    /** A supervisee's sessions, latest first, a page at a time; `total` counts them all. */
    async pageFor(personId: string, page: { offset: number; limit: number }): Promise<{ sessions: StoredSession[]; total: number }> {
      const mine = db.sessions.where('[personId+date]').between([personId, Dexie.minKey], [personId, Dexie.maxKey]);
      const [rows, total] = await Promise.all([mine.clone().reverse().offset(page.offset).limit(page.limit).toArray(), mine.count()]);
      return { sessions: readSessions(db, rows), total };
    },

    async amendments(sessionId: string): Promise<AmendmentV1[]> {
      const rows = await db.amendments.where('sessionId').equals(sessionId).sortBy('madeAt');
      return readEach(db, 'amendments', rows, (row) => $AmendmentV1.parse(row.content));
    },

    /** A later change to a signed record: stored beside it, dated, never merged into it. */
    async amend(sessionId: string, input: { madeBy: string; sectionId: string | null; text: string }): Promise<Result<AmendmentV1>> {
      const row = await db.sessions.get(sessionId);
      if (!row || row.status !== 'signed') return { ok: false, message: savingCopy.saving.amendSignedOnly };
      const parsed = $AmendmentV1.safeParse({ id: newId(), sessionId, madeAt: now().toISOString(), madeBy: input.madeBy, sectionId: input.sectionId, text: input.text });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      await db.amendments.add({ id: parsed.data.id, sessionId, madeAt: parsed.data.madeAt, content: parsed.data });
      return { ok: true, value: parsed.data };
    },
  };

  /**
   * What each child-record entry of a signed session carries beyond its default, case by case
   * (machines/record/childSummary.ts). Kept beside the record in `childRecordChoices`, never in
   * it: choosing changes what is copied out, never what was signed.
   */
  const childRecordChoices = {
    /** Each case's choice by case id; a case never chosen for is absent (its entry carries the default). */
    async of(sessionId: string): Promise<Result<Record<string, ChildRecordExtra[]>>> {
      const row = await db.childRecordChoices.get(sessionId);
      if (!row) return { ok: true, value: {} };
      const parsed = $ChildRecordChoicesV1.safeParse(row.content);
      if (!parsed.success || parsed.data.sessionId !== sessionId) return { ok: false, message: savingCopy.saving.choicesUnreadable };
      return { ok: true, value: Object.fromEntries(Object.entries(parsed.data.cases).map(([caseId, choice]) => [caseId, choice.include])) };
    },

    /** Keeps what one case's entry carries beyond its default (none: the default again). */
    async choose(sessionId: string, caseId: string, include: readonly ChildRecordExtra[]): Promise<Result<ChildRecordExtra[]>> {
      const chosen = childRecordExtras.filter((stage) => include.includes(stage));
      return db.transaction('rw', [db.sessions, db.childRecordChoices], async (): Promise<Result<ChildRecordExtra[]>> => {
        const row = await db.sessions.get(sessionId);
        if (!row || row.status !== 'signed') return { ok: false, message: savingCopy.saving.choicesSignedOnly };
        if (!readSession(row).record.cases.some((c) => c.id === caseId)) return { ok: false, message: savingCopy.saving.caseNotInSession };
        const stored = await db.childRecordChoices.get(sessionId);
        const earlier = stored ? $ChildRecordChoicesV1.safeParse(stored.content) : null;
        // A row that cannot be read is written afresh: the other cases' entries fall back to their
        // default, which carries less, never more, than was chosen.
        const cases = earlier?.success ? { ...earlier.data.cases } : {};
        const at = now().toISOString();
        cases[caseId] = { include: chosen, changedAt: at };
        await db.childRecordChoices.put({ sessionId, updatedAt: at, content: $ChildRecordChoicesV1.parse({ version: 1, sessionId, cases }) });
        return { ok: true, value: chosen };
      });
    },
  };
  return { sessions, childRecordChoices };
}

export type SessionRepositories = ReturnType<typeof createSessionRepositories>;
