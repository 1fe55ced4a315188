/**
 * Repositories: the only code that reads or writes the database. Everything read is
 * parsed with zod (a row that does not parse is reported, never half-used); everything
 * written comes from the machines' typed content.
 */
import { strictlyIf } from './durability.ts';
import { z } from 'zod';
import type { Snapshot } from 'xstate';
import {
  $PersonV1,
  $SessionContentV1,
  relationOf,
  type PersonRelation,
  type PersonV1,
  type PreviousActionV1,
  type SessionContentV1,
} from '../../machines/model/record.ts';
import { $RecordTemplateV1, type RecordTemplateV1 } from '../../machines/model/template.ts';
import { $ReflectiveModelV1, type ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { listModels, modelsToKeep } from '../content/models.ts';
import { $SessionSnapshotEnvelopeV1, envelopeOf, envelopeWithoutRecord, type SessionSnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';
import { $AmendmentV1, type AmendmentV1 } from '../../machines/record/amendment.ts';
import { $ChildRecordChoicesV1, childRecordExtras, type ChildRecordExtra } from '../../machines/record/child-record-choices.ts';
import { $PreparationV1, broughtFrom, type PreparationV1 } from '../../machines/model/preparation.ts';
import type { BroughtV1 } from '../../machines/model/record.ts';
import { broughtAnything } from '../../machines/session/sections.ts';
import { buildHistory, caseHistoryOf, type SupervisionHistory } from '../../machines/review/history.ts';
import Dexie from 'dexie';
import type { CaseIndexEntry, PreparationRow, RestoredCopyV1, SessionRow, SnapshotRow, SupervisionDB } from './db.ts';
import type { createGroupRepositories } from './groupRepositories.ts';
import type { createAgreementRepositories } from './agreementRepositories.ts';
import type { createScheduleRepositories } from './scheduleRepositories.ts';
import type { createPracticeRepositories } from './practiceRepositories.ts';
import type { createSignatureRepositories } from './signatureRepositories.ts';
import type { createTrustRepositories } from './trustRepositories.ts';
import type { createRetentionRepositories } from './retentionRepositories.ts';
import type { createAuthoringRepositories } from './authoringRepositories.ts';
import type { ShareContent, SharePayloadV1 } from '../share/share.ts';
import type { TrustRepositories } from './trustRepositories.ts';
import type { SenderV1 } from '../../machines/model/trust.ts';
import { lazyRepository, once } from './lazyRepository.ts';
import { readEach } from './damage.ts';
import { keptFiguresChanges, keptUntilChanged } from './keptUntilChanged.ts';
import { $RestoredCopyV1 } from './restoredCopy.ts';
import { createNoticingSettings } from './noticingSettings.ts';
import { actionRowsOf, caseRowsOf, deriveRows, derivedWriteSettled, reviewedAction, signatureRowsOf } from './derivedRows.ts';

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

/** Resolves when a native transaction commits; rejects with its error when it fails or is aborted. */
function transactionDone(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.addEventListener('complete', () => resolve(), { once: true });
    transaction.addEventListener('error', () => reject(transaction.error ?? new Error('The save failed')), { once: true });
    transaction.addEventListener('abort', () => reject(transaction.error ?? new Error('The save was aborted')), { once: true });
  });
}

export class StoredRecordError extends Error {
  override name = 'StoredRecordError';
}

/** Thrown inside a save's transaction to abort it: the record is signed here already. */
class AlreadySigned extends Error {
  override name = 'AlreadySigned';
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
const $CaseIndexContent = z.strictObject({ version: z.literal(1), entries: z.array(z.tuple([z.string(), z.string(), z.string()])) });

/** A signed record's entries in its supervisee's case index (cases without a label are not findable). */
export function caseIndexEntriesOf(record: SessionContentV1): CaseIndexEntry[] {
  return record.cases.flatMap((c): CaseIndexEntry[] => (c.label.trim() === '' ? [] : [[c.label.trim(), record.sessionId, record.date]]));
}

function firstMessage(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'That is not valid';
}

export type StoredSession = {
  row: SessionRow;
  template: RecordTemplateV1;
  record: SessionContentV1;
  /** Copies of the models its cases used that are not shipped (absent when none). */
  models?: ReflectiveModelV1[];
  restoredCopy?: RestoredCopyV1;
};

export function createRepositories(db: SupervisionDB, deps: { now?: () => Date; newId?: () => string } = {}) {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());

  function readSession(row: SessionRow): StoredSession {
    const parsed = $SessionRowContent.safeParse(row.content);
    if (!parsed.success) throw new StoredRecordError(`The session record saved on ${row.date} could not be read: ${firstMessage(parsed.error)}`);
    const { template, record, restoredCopy, models } = parsed.data;
    return { row, template, record, ...(models && models.length > 0 ? { models } : {}), ...(restoredCopy ? { restoredCopy } : {}) };
  }
  /** Sessions read from a list: one that cannot be read is left out and reported (damage.ts). */
  const readSessions = (rows: readonly SessionRow[]): StoredSession[] => readEach(db, 'sessions', rows, readSession);

  const people = {
    /** Adds a person; without a relation they are a one-to-one supervisee. */
    async add(input: { name: string; role: string; relation?: PersonRelation }): Promise<Result<PersonV1>> {
      const parsed = $PersonV1.safeParse({ id: newId(), name: input.name, role: input.role, ...(input.relation ? { relation: input.relation } : {}) });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const { id, ...content } = parsed.data;
      await db.people.add({ id, updatedAt: now().toISOString(), content });
      return { ok: true, value: parsed.data };
    },
    /** Sets (or, given "", removes) a person's email address, used for calendar invitations. */
    async setEmail(id: string, email: string): Promise<Result<PersonV1>> {
      const row = await db.people.get(id);
      if (!row) return { ok: false, message: 'There is no such person on this device' };
      const { email: _old, ...rest } = $PersonV1.parse({ id, ...row.content });
      const parsed = $PersonV1.safeParse(email.trim() ? { ...rest, email: email.trim() } : rest);
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const { id: _id, ...content } = parsed.data;
      await db.people.put({ ...row, updatedAt: now().toISOString(), content });
      return { ok: true, value: parsed.data };
    },
    /** Sets who a person is to you (a one-to-one session started with them makes them a supervisee). */
    async setRelation(id: string, relation: PersonRelation): Promise<Result<PersonV1>> {
      const row = await db.people.get(id);
      if (!row) return { ok: false, message: 'There is no such person on this device' };
      const parsed = $PersonV1.safeParse({ ...$PersonV1.parse({ id, ...row.content }), relation });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const { id: _id, ...content } = parsed.data;
      await db.people.put({ ...row, updatedAt: now().toISOString(), content });
      return { ok: true, value: parsed.data };
    },
    async list(): Promise<PersonV1[]> {
      const rows = await db.people.toArray();
      return readEach(db, 'people', rows, (row) => $PersonV1.parse({ id: row.id, ...row.content }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async get(id: string): Promise<PersonV1 | undefined> {
      const row = await db.people.get(id);
      return row ? $PersonV1.parse({ id: row.id, ...row.content }) : undefined;
    },
    /**
     * Adds a person under the id another device files them by (a supervision's id is the same on
     * both devices: records travel with it). An id already here is left as it is.
     */
    async addAs(id: string, input: { name: string; role: string }): Promise<Result<PersonV1>> {
      const parsed = $PersonV1.safeParse({ id, name: input.name, role: input.role });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const existing = await people.get(id);
      if (existing) return { ok: true, value: existing };
      const { id: _id, ...content } = parsed.data;
      await db.people.add({ id, updatedAt: now().toISOString(), content });
      return { ok: true, value: parsed.data };
    },
    /**
     * Files a person under another id: the supervisor's device's id for the supervision, which the
     * supervisee's device takes when they connect (records travel filed by it). Their preparations
     * move with them. A person with anything else here that names their id (records, agreements,
     * appointments, a frequency rule, pins) is not moved: those name it in what was signed or agreed.
     */
    async moveTo(fromId: string, toId: string): Promise<Result<PersonV1>> {
      const tables = [db.sessions, db.agreements, db.appointments, db.pins] as const;
      return db.transaction('rw', [db.people, db.preparations, db.frequencyRules, ...tables], async (): Promise<Result<PersonV1>> => {
        const row = await db.people.get(fromId);
        if (!row) return { ok: false, message: 'There is no such person on this device' };
        if (fromId === toId) return { ok: true, value: $PersonV1.parse({ id: toId, ...row.content }) };
        if (await db.people.get(toId)) return { ok: false, message: 'That person is already on this device under the other id' };
        const held = await Promise.all(tables.map((table) => table.where('personId').equals(fromId).count()));
        if (held.some((count) => count > 0) || (await db.frequencyRules.get(fromId))) {
          return { ok: false, message: 'This device holds supervision records or arrangements for this person, so they cannot be filed again. Make the connection from this device instead.' };
        }
        await db.people.add({ ...row, id: toId });
        await db.people.delete(fromId);
        await db.preparations.where('personId').equals(fromId).modify({ personId: toId });
        return { ok: true, value: $PersonV1.parse({ id: toId, ...row.content }) };
      });
    },
  };

  /**
   * A supervisee's rows derived from their records (cases, actions, signatures) are read only when
   * all are written. After a restore of a version 3 backup they may still be being written in this
   * tab (waited for), or be missing: the supervisee is then marked (`derivedPending`) and the rows
   * are rebuilt here from their sessions (client/db/derivedRows.ts).
   */
  const derived = {
    async ready(personId: string): Promise<void> {
      await derivedWriteSettled(db, personId);
      if (await db.derivedPending.get(personId)) await db.transaction('rw', [db.sessions, db.cases, db.actions, db.signatures, db.derivedPending], () => derived.rebuildIfMarked(personId));
    },
    /** In a transaction over the sessions, the derived tables and the marks. */
    async rebuildIfMarked(personId: string): Promise<void> {
      if (!(await db.derivedPending.get(personId))) return;
      const rows = deriveRows(readSessions(await db.sessions.where('personId').equals(personId).toArray()).filter((s) => s.row.status !== 'copy'));
      await db.cases.bulkPut(rows.cases);
      await db.actions.bulkPut(rows.actions);
      await db.signatures.bulkPut(rows.signatures);
      await db.derivedPending.delete(personId);
    },
  };

  const actions = {
    /** Open actions from this supervisee's signed sessions, oldest first, for review. */
    async openFor(personId: string): Promise<PreviousActionV1[]> {
      await derived.ready(personId);
      const rows = await db.actions.where('[personId+status]').equals([personId, 'open']).toArray();
      return rows
        .map((row) => ({
          id: row.id,
          what: row.content.action.what,
          ownerLabel: row.content.ownerLabel,
          dueDate: row.dueDate,
          raisedOn: row.content.raisedOn,
          caseLabel: row.content.caseLabel,
          timesCarriedForward: row.content.reviews.filter((r) => r.outcome === 'carriedForward').length,
        }))
        .sort((a, b) => a.raisedOn.localeCompare(b.raisedOn) || a.dueDate.localeCompare(b.dueDate));
    },
    /**
     * How many of this supervisee's actions are open, and how many of those are past their due date
     * (before `today`), read from the index alone: no row is opened (the dashboard, every visit).
     */
    async countsFor(personId: string, today: string): Promise<{ open: number; overdue: number }> {
      await derived.ready(personId);
      // Kept until the actions change (keptUntilChanged.ts), for today. The keys come from the index
      // version 16 added: Chromium keeps stale entries under an index until the database is swept,
      // and [personId+status] had one for every action ever open.
      return keptUntilChanged(db, `openActions:${personId}:${today}`, ['actions'], async () => {
        const keys = await db.actions
          .where('[personId+status+dueDate]')
          .between([personId, 'open', Dexie.minKey], [personId, 'open', Dexie.maxKey])
          .keys();
        const dueDates = keys.map((key) => String((key as unknown as [string, string, string])[2]));
        return { open: dueDates.length, overdue: dueDates.filter((due) => due !== '' && due < today).length };
      });
    },
  };

  /** This supervisee's signed sessions in date order, as an index range (keys: [personId, 'signed', date]). */
  function signedOf(personId: string) {
    return db.sessions.where('[personId+status+date]').between([personId, 'signed', Dexie.minKey], [personId, 'signed', Dexie.maxKey]);
  }

  /** This supervisee's signed sessions, read and parsed. */
  async function signedFor(personId: string): Promise<StoredSession[]> {
    return readSessions(await signedOf(personId).toArray());
  }

  /**
   * Each supervisee's case index: where each case label was discussed in their signed records.
   * Kept as records are signed; a supervisee whose records were written before it existed (or
   * restored from a backup) has none until the first search builds it from their case rows.
   */
  const caseIndex = {
    /** Called in the transaction that seals a record. */
    async addSigned(personId: string, record: SessionContentV1, at: string): Promise<void> {
      const entries = caseIndexEntriesOf(record);
      const existing = await db.caseIndex.get(personId);
      if (existing) {
        const kept = existing.content.entries.filter((entry) => entry[1] !== record.sessionId);
        await db.caseIndex.put({ personId, updatedAt: at, content: { version: 1, entries: [...kept, ...entries] } });
      } else if ((await signedOf(personId).count()) === 1) {
        // Their first signed record: the index is complete with it alone.
        await db.caseIndex.put({ personId, updatedAt: at, content: { version: 1, entries } });
      }
    },

    /** Every supervisee's index, building any that is missing (one transaction each). */
    async all(personIds: readonly string[]): Promise<Map<string, CaseIndexEntry[]>> {
      const rows = await db.caseIndex.bulkGet([...personIds]);
      const found = new Map<string, CaseIndexEntry[]>();
      for (const [i, personId] of personIds.entries()) {
        const row = rows[i];
        const parsed = row ? $CaseIndexContent.safeParse(row.content) : null;
        found.set(personId, parsed?.success ? parsed.data.entries : await caseIndex.rebuild(personId));
      }
      return found;
    },

    /** Builds a supervisee's index from their case rows and signed sessions. */
    async rebuild(personId: string): Promise<CaseIndexEntry[]> {
      await derived.ready(personId);
      return db.transaction('rw', [db.sessions, db.cases, db.caseIndex], async () => {
        const signed = signedOf(personId);
        const [ids, keys] = await Promise.all([signed.clone().primaryKeys(), signed.clone().keys()]);
        const dates = new Map(ids.map((id, i) => [String(id), String((keys[i] as unknown[])[2])]));
        const cases = await db.cases.where('personId').equals(personId).toArray();
        const entries: CaseIndexEntry[] = cases.flatMap((row): CaseIndexEntry[] => {
          const date = dates.get(row.sessionId);
          const label = row.content.label.trim();
          return date === undefined || label === '' ? [] : [[label, row.sessionId, date]];
        });
        await db.caseIndex.put({ personId, updatedAt: now().toISOString(), content: { version: 1, entries } });
        return entries;
      });
    },
  };

  // Features beyond the one-to-one session load their repositories on first use (first screen stays small).
  const featureDeps = { now, newId, person: people.get };
  const noticingSettings = createNoticingSettings(db, { now });
  // Your organisation's own templates, agreements and models (database version 16; loaded on first use).
  const authoringModule = once(() => import('./authoringRepositories.ts').then((m): ReturnType<typeof createAuthoringRepositories> => m.createAuthoringRepositories(db, { now, newId })));

  const agreementModule = once(() =>
    import('./agreementRepositories.ts').then((m): ReturnType<typeof createAgreementRepositories> =>
      m.createAgreementRepositories(db, {
        ...featureDeps,
        own: {
          find: async (id) => (await authoringModule()).agreements.find(id),
          markUsed: async (id, version) => (await authoringModule()).agreements.markUsed(id, version),
        },
      }),
    ),
  );
  const groupModule = once(() => import('./groupRepositories.ts').then((m): ReturnType<typeof createGroupRepositories> => m.createGroupRepositories(db, featureDeps)));
  const scheduleModule = once(() => import('./scheduleRepositories.ts').then((m): ReturnType<typeof createScheduleRepositories> => m.createScheduleRepositories(db, featureDeps)));
  const practiceModule = once(() => import('./practiceRepositories.ts').then((m): ReturnType<typeof createPracticeRepositories> => m.createPracticeRepositories(db, { now, newId })));
  const trustModule = once(() => import('./trustRepositories.ts').then((m): ReturnType<typeof createTrustRepositories> => m.createTrustRepositories(db, { now, newId })));
  // Retention, subject access, who has left, backup reminders (database version 15; loaded on first use).
  const retentionModule = once(() =>
    Promise.all([import('./retentionRepositories.ts'), import('../content/format.ts')]).then(([m, format]): ReturnType<typeof createRetentionRepositories> =>
      m.createRetentionRepositories(db, { now, newId, listPeople: () => people.list(), today: () => format.localIsoDate(now()) }),
    ),
  );
  const signatureModule = once(() =>
    Promise.all([import('./signatureRepositories.ts'), trustModule()]).then(([m, trust]): ReturnType<typeof createSignatureRepositories> => m.createSignatureRepositories(db, { now, trust })),
  );
  const agreements = lazyRepository(() => agreementModule().then((r) => r.agreements));

  /** Each session links to the agreement in force on its date, or records that there was none. */
  async function agreementFor(personId: string, date: string): Promise<NonNullable<SessionContentV1['agreement']>> {
    const found = await agreements.inForce(personId, date);
    if (!found || found.status === 'draft') return { agreementId: null, status: 'none', reviewDue: '' };
    return { agreementId: found.agreement.id, status: found.status, reviewDue: found.agreement.reviewDue ?? '' };
  }

  /** What each session's last committed save here wrote (by reference), to write only what changed next time. */
  const written = new Map<string, Pick<SessionContentV1, 'cases' | 'actions' | 'signatures'>>();

  const sessions = {
    /** Start a session: the machine's first snapshot is saved before anything is shown. */
    async create(input: {
      template: RecordTemplateV1;
      sessionType: string;
      date: string;
      personId: string;
      supervisor: { name: string; role: string };
      /** The supervisee's preparation to bring in: only the items they marked to bring come. */
      preparationId?: string | null;
    }): Promise<Result<string>> {
      const supervisee = await people.get(input.personId);
      if (!supervisee) return { ok: false, message: 'Choose the supervisee' };
      if (!input.supervisor.name.trim()) return { ok: false, message: 'Enter the supervisor’s name' };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) return { ok: false, message: 'Enter the date of the supervision' };
      if (!input.template.sessionTypes.some((t) => t.id === input.sessionType)) return { ok: false, message: 'Choose the session type' };
      // A one-to-one session makes them a one-to-one supervisee, even if they were added as a group member.
      if (relationOf(supervisee) !== 'supervisee') {
        const made = await people.setRelation(supervisee.id, 'supervisee');
        if (!made.ok) return made;
      }
      let brought: BroughtV1 | null = null;
      if (input.preparationId) {
        const row = await db.preparations.get(input.preparationId);
        if (!row || row.personId !== supervisee.id) return { ok: false, message: 'That preparation is not this supervisee’s' };
        const chosen = broughtFrom(row.content);
        brought = {
          preparationId: row.id,
          issues: chosen.issues.map((i) => ({ id: i.id, text: i.text })),
          cases: chosen.cases.map((c) => ({ id: c.id, label: c.label, stages: c.stages, ...(c.model ? { model: c.model } : {}), ...(c.followUps ? { followUps: c.followUps } : {}) })),
        };
        if (!broughtAnything(brought)) brought = null;
      }
      const sessionId = newId();
      // Loaded on demand: the machines are not needed until a session starts (keeps first load small).
      const [{ createActor }, { createSessionMachine }] = await Promise.all([import('xstate'), import('../../machines/session/session.machine.ts')]);
      const machine = createSessionMachine(input.template, input.sessionType, { focus: broughtAnything(brought), models: listModels() });
      const actor = createActor(machine, {
        input: {
          sessionId,
          sessionType: input.sessionType,
          date: input.date,
          parties: {
            supervisor: { name: input.supervisor.name.trim(), role: input.supervisor.role.trim() },
            supervisee: { personId: supervisee.id, name: supervisee.name, role: supervisee.role },
          },
          previousActions: await actions.openFor(supervisee.id),
          brought,
          caseHistory: caseHistoryOf((await signedFor(supervisee.id)).map((s) => s.record)),
          agreement: await agreementFor(supervisee.id, input.date),
          noticings: await noticingSettings.inForceFor(input.template),
        },
      });
      actor.start();
      await sessions.save(input.template, actor.getSnapshot().context, actor.getPersistedSnapshot());
      actor.stop();
      // An own template used by a session is kept as it is: an edit to it is saved as a new version.
      await (await authoringModule()).templates.markUsed(input.template.id, input.template.version);
      if (input.preparationId && brought) {
        await db.preparations.update(input.preparationId, { status: 'brought', broughtInto: sessionId, updatedAt: now().toISOString() });
      }
      return { ok: true, value: sessionId };
    },

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
    async saveAnswer(record: SessionContentV1, snapshot: Snapshot<unknown>): Promise<void> {
      if (record.contentHash !== null) return;
      const savedAt = now().toISOString();
      const row: SnapshotRow = { sessionId: record.sessionId, savedAt, envelope: envelopeOf(snapshot, savedAt) };
      if (!db.isOpen()) return void (await db.snapshots.put(row));
      // Sealed first, off the page's thread (db.storedForm: WebCrypto; the cipher is asked for
      // within the keystroke's event). Then written on the native connection, not through Dexie's
      // promise-scheduled transactions: the put is asked for and committed in the same task, so
      // IndexedDB writes it at once rather than once this page is free again. Nothing watches the
      // snapshots table live, so no change notification is missed. (Opening the transaction
      // before the seal, kept alive with reads until it is ready, measured no faster.)
      const stored = await db.storedForm('snapshots', row);
      const transaction = db.backendDB().transaction('snapshots', 'readwrite');
      const committed = transactionDone(transaction);
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
    async save(template: RecordTemplateV1, record: SessionContentV1, snapshot: Snapshot<unknown>, models: readonly ReflectiveModelV1[] = []): Promise<void> {
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
      return readSessions(rows);
    },

    /** Sessions not yet signed, latest change first (few: only these are read). */
    async inProgress(): Promise<StoredSession[]> {
      const rows = await db.sessions.where('status').equals('inProgress').toArray();
      return readSessions(rows).sort((a, b) => b.row.updatedAt.localeCompare(a.row.updatedAt));
    },

    /** The latest signed records (by date of the supervision), and how many there are in all. */
    async recentSigned(limit: number): Promise<{ sessions: StoredSession[]; total: number }> {
      const signed = db.sessions.where('[status+date]').between(['signed', Dexie.minKey], ['signed', Dexie.maxKey]);
      const rows = await signed.clone().reverse().limit(limit).toArray();
      // Counted once and kept until the sessions change (keptUntilChanged.ts): the start page asks on every visit.
      const total = await keptUntilChanged(db, 'signedSessions', ['sessions'], () => signed.count());
      return { sessions: readSessions(rows), total };
    },

    /** The dates of a supervisee's signed sessions, oldest first, from the index alone (nothing is decrypted). */
    async signedDates(personId: string): Promise<string[]> {
      const keys = await signedOf(personId).keys();
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
      return readSessions(rows);
    },

    /** A supervisee's sessions, latest first, a page at a time; `total` counts them all. */
    async pageFor(personId: string, page: { offset: number; limit: number }): Promise<{ sessions: StoredSession[]; total: number }> {
      const mine = db.sessions.where('[personId+date]').between([personId, Dexie.minKey], [personId, Dexie.maxKey]);
      const [rows, total] = await Promise.all([mine.clone().reverse().offset(page.offset).limit(page.limit).toArray(), mine.count()]);
      return { sessions: readSessions(rows), total };
    },

    async amendments(sessionId: string): Promise<AmendmentV1[]> {
      const rows = await db.amendments.where('sessionId').equals(sessionId).sortBy('madeAt');
      return readEach(db, 'amendments', rows, (row) => $AmendmentV1.parse(row.content));
    },

    /** A later change to a signed record: stored beside it, dated, never merged into it. */
    async amend(sessionId: string, input: { madeBy: string; sectionId: string | null; text: string }): Promise<Result<AmendmentV1>> {
      const row = await db.sessions.get(sessionId);
      if (!row || row.status !== 'signed') return { ok: false, message: 'Only a signed record can be amended' };
      const parsed = $AmendmentV1.safeParse({ id: newId(), sessionId, madeAt: now().toISOString(), madeBy: input.madeBy, sectionId: input.sectionId, text: input.text });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      await db.amendments.add({ id: parsed.data.id, sessionId, madeAt: parsed.data.madeAt, content: parsed.data });
      return { ok: true, value: parsed.data };
    },
  };

  /**
   * What each child-record entry of a signed session carries beyond its default, case by case
   * (machines/record/child-summary.ts). Kept beside the record in `childRecordChoices`, never in
   * it: choosing changes what is copied out, never what was signed.
   */
  const childRecordChoices = {
    /** Each case's choice by case id; a case never chosen for is absent (its entry carries the default). */
    async of(sessionId: string): Promise<Result<Record<string, ChildRecordExtra[]>>> {
      const row = await db.childRecordChoices.get(sessionId);
      if (!row) return { ok: true, value: {} };
      const parsed = $ChildRecordChoicesV1.safeParse(row.content);
      if (!parsed.success || parsed.data.sessionId !== sessionId) return { ok: false, message: 'The choices made for these entries could not be read' };
      return { ok: true, value: Object.fromEntries(Object.entries(parsed.data.cases).map(([caseId, choice]) => [caseId, choice.include])) };
    },

    /** Keeps what one case's entry carries beyond its default (none: the default again). */
    async choose(sessionId: string, caseId: string, include: readonly ChildRecordExtra[]): Promise<Result<ChildRecordExtra[]>> {
      const chosen = childRecordExtras.filter((stage) => include.includes(stage));
      return db.transaction('rw', [db.sessions, db.childRecordChoices], async (): Promise<Result<ChildRecordExtra[]>> => {
        const row = await db.sessions.get(sessionId);
        if (!row || row.status !== 'signed') return { ok: false, message: 'Entries are chosen for a signed record only' };
        if (!readSession(row).record.cases.some((c) => c.id === caseId)) return { ok: false, message: 'That case was not discussed in this session' };
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

  const preparations = {
    /** A new, empty preparation for a supervisee, saved at once. */
    async create(personId: string, forDate = ''): Promise<Result<PreparationV1>> {
      const person = await people.get(personId);
      if (!person) return { ok: false, message: 'Choose whose preparation this is' };
      const at = now().toISOString();
      const preparation: PreparationV1 = {
        schema: 'preparation/v1',
        id: newId(),
        supervisee: { name: person.name, role: person.role },
        forDate,
        createdAt: at,
        updatedAt: at,
        issues: [],
        cases: [],
      };
      await db.preparations.add({ id: preparation.id, personId, status: 'draft', updatedAt: at, broughtInto: null, content: preparation });
      return { ok: true, value: preparation };
    },
    /** Saves what the supervisee has written (validated; an invalid preparation changes nothing). */
    async save(personId: string, preparation: PreparationV1): Promise<Result<PreparationV1>> {
      const parsed = $PreparationV1.safeParse({ ...preparation, updatedAt: now().toISOString() });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const existing = await db.preparations.get(parsed.data.id);
      if (existing && existing.personId !== personId) return { ok: false, message: 'That preparation belongs to someone else' };
      await db.preparations.put({
        id: parsed.data.id,
        personId,
        status: existing?.status ?? 'draft',
        broughtInto: existing?.broughtInto ?? null,
        updatedAt: parsed.data.updatedAt,
        content: parsed.data,
      });
      return { ok: true, value: parsed.data };
    },
    async listFor(personId: string): Promise<PreparationRow[]> {
      const rows = await db.preparations.where('personId').equals(personId).toArray();
      return readEach(db, 'preparations', rows, (row) => ({ ...row, content: $PreparationV1.parse(row.content) })).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    },
    async get(id: string): Promise<PreparationRow | undefined> {
      const row = await db.preparations.get(id);
      return row ? { ...row, content: $PreparationV1.parse(row.content) } : undefined;
    },
    async remove(id: string): Promise<void> {
      await db.preparations.delete(id);
    },
  };

  const history = {
    /** The history, and the copies of the models its sessions used that are not shipped (a record made on another device names its stages from them). */
    async of(personId: string): Promise<SupervisionHistory & { models: ReflectiveModelV1[] }> {
      await derived.ready(personId);
      const rows = await db.sessions.where('personId').equals(personId).toArray();
      const actionRows = await db.actions.where('personId').equals(personId).toArray();
      // Copies restored from a backup are listed with the sessions, never counted in the history.
      const stored = readSessions(rows).filter((s) => s.row.status !== 'copy');
      const models = stored.flatMap((s) => s.models ?? []);
      const built = buildHistory(
        stored.map((s) => ({ record: s.record, templateTitle: s.template.title, status: s.row.status })),
        actionRows
          .filter((row) => row.status !== 'draft')
          .map((row) => ({
            id: row.id,
            sessionId: row.sessionId,
            what: row.content.action.what,
            ownerLabel: row.content.ownerLabel,
            raisedOn: row.content.raisedOn,
            dueDate: row.dueDate,
            caseLabel: row.content.caseLabel,
            status: row.status,
            reviews: row.content.reviews,
          })),
      );
      return { ...built, models };
    },
  };

  const groups = lazyRepository(() => groupModule().then((r) => r.groups));
  const groupSessions = lazyRepository(() => groupModule().then((r) => r.groupSessions));


  const frequencyRules = lazyRepository(() => scheduleModule().then((r) => r.frequencyRules));
  const appointments = lazyRepository(() => scheduleModule().then((r) => r.appointments));

  // Training: stored apart from every real record (see practiceRepositories.ts).
  const practice = lazyRepository(() => practiceModule().then((r) => r.practice));
  const practiceScenarios = lazyRepository(() => practiceModule().then((r) => r.practiceScenarios));

  const signatures = lazyRepository(() => signatureModule());

  /** A signed record as it travels to the other party's device, and its arrival there. */
  /** This device's person as a sender (null without a profile: what they send then says nobody sent it). */
  async function senderHere(): Promise<{ trust: TrustRepositories; from: SenderV1 } | null> {
    const trust = await trustModule();
    const from = await trust.sender();
    return from ? { trust, from } : null;
  }

  const shares = {
    /** A signed record as it goes in a link: signed by this device's person with their chain head (version 2), or, without a profile, version 1. */
    async payload(sessionId: string): Promise<ShareContent | undefined> {
      const plain = await shares.recordPayload(sessionId);
      if (!plain) return undefined;
      const sender = await senderHere();
      if (!sender) return plain;
      const head = await sender.trust.heads.own(plain.record.parties.supervisee.personId);
      const { signEnvelope } = await import('../trust/signing.ts');
      return signEnvelope({ ...plain, version: 2 as const, from: sender.from, chainHead: head }, await sender.trust.ownKey());
    },
    /** The record, its amendments and its chain signature, as they are imported. */
    async recordPayload(sessionId: string): Promise<SharePayloadV1 | undefined> {
      const stored = await sessions.get(sessionId);
      if (!stored || stored.row.status !== 'signed') return undefined;
      await signatures.sign(sessionId);
      const signature = await signatures.get(sessionId);
      if (!signature) return undefined;
      return { format: 'safeguarding-supervision/share', version: 1, kind: 'record', template: stored.template, record: stored.record, amendments: await sessions.amendments(sessionId), signature, ...(stored.models ? { models: stored.models } : {}) };
    },
    /** A preparation as it goes in a link: only what is marked to bring, signed by this device's person (version 2) when it has one. */
    async preparationPayload(personId: string, preparation: PreparationV1): Promise<ShareContent> {
      // Loaded on first use, as the rest of sharing is.
      const [{ preparationShare }, { signEnvelope }] = await Promise.all([import('../share/share.ts'), import('../trust/signing.ts')]);
      const plain = preparationShare(preparation);
      const sender = await senderHere();
      if (!sender) return plain;
      return signEnvelope({ ...plain, version: 2 as const, from: sender.from, personId }, await sender.trust.ownKey());
    },

    /**
     * Imports a received, verified record: the supervisee (if new here), the sender's signature,
     * the record (with its actions, as if signed here) and its amendments. Importing it again
     * changes nothing; a different record already here under the same id is kept as it is.
     */
    async import(payload: SharePayloadV1): Promise<'imported' | 'alreadyHere' | 'keptLocal'> {
      const { record } = payload;
      const existing = await sessions.get(record.sessionId);
      if (existing) return existing.record.contentHash === record.contentHash ? 'alreadyHere' : 'keptLocal';
      const { personId, name, role } = record.parties.supervisee;
      if (!(await people.get(personId))) {
        const { id: _id, ...person } = $PersonV1.parse({ id: personId, name, role });
        await db.people.add({ id: personId, updatedAt: now().toISOString(), content: person });
      }
      await signatures.keep(record.sessionId, personId, now().toISOString(), payload.signature);
      // No machine snapshot travels: opening the record later rebuilds one from the record.
      await sessions.save(payload.template, record, { status: 'done', output: undefined, error: undefined } as Snapshot<unknown>, payload.models ?? []);
      for (const amendment of payload.amendments) {
        if (!(await db.amendments.get(amendment.id))) await db.amendments.add({ id: amendment.id, sessionId: amendment.sessionId, madeAt: amendment.madeAt, content: $AmendmentV1.parse(amendment) });
      }
      return 'imported';
    },
  };

  return {
    /** Rows read here that could not be opened (see damage.ts): the screens' notice follows it. */
    damage: db.damage,
    people,
    sessions,
    childRecordChoices,
    actions,
    preparations,
    history,
    caseIndex,
    groups,
    groupSessions,
    agreements,
    frequencyRules,
    appointments,
    practice,
    practiceScenarios,
    signatures,
    shares,
    /** Who signs here and whose keys are pinned (loaded on first use; see trustRepositories.ts). */
    trust: trustModule,
    /** Retention, subject access, supervisees who have left and backup reminders (see retentionRepositories.ts). */
    retention: retentionModule,
    /** Your organisation's own templates, agreements and reflective models (loaded on first use; see authoringRepositories.ts). */
    authoring: authoringModule,
    /** The supervisor's own choice of the assistant's noticings (see noticingSettings.ts). */
    noticingSettings,
    /**
     * A figure worked out from many rows, kept until Dexie reports a change to one of `tables`
     * (keptUntilChanged.ts): for screens that ask for the same figures on every visit.
     */
    keptUntilChanged<T>(name: string, tables: readonly string[], read: () => Promise<T>): Promise<T> {
      return keptUntilChanged(db, name, tables, read);
    },
    /** Moves whenever a kept figure is forgotten: screens showing kept figures follow it (useKeptFigures.ts). */
    keptFigures: keptFiguresChanges(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
