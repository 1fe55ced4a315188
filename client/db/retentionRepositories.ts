/**
 * Retention, subject access, supervisees who have left, and backup reminders (issue 17, points 7
 * and 8), on database version 15. The rules are pure (machines/retention/retention.ts); this reads
 * the dates they need from indexes where it can (no record is opened to learn it is not due),
 * keeps the decisions, and destroys.
 *
 * Destruction is refused unless every record asked for is past its period now and an export of
 * exactly those records was made first (`exportForDestruction` hands back the token `destroy`
 * asks for). It removes every row made from each record in one transaction, with the log entry
 * (counts and dates only) and the relay copies still to delete; those are then deleted on the relay
 * and kept on the list while it cannot be reached.
 */
import Dexie from 'dexie';
import { keptUntilChanged } from './keptUntilChanged.ts';
import { storageCopy } from '../content/storageCopy.ts';
import { z } from 'zod';
import { $IsoDate, isOneToOneSupervisee, type PersonV1, type SessionContentV1 } from '../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import { buildRecordDocument } from '../../machines/record/document.ts';
import { recordDocumentToText } from '../../machines/record/text.ts';
import { compareDates } from '../../machines/compliance/dates.ts';
import {
  $DepartureV1,
  $RetentionHoldV1,
  $DestructionEntryV1,
  $ReminderSettingsV1,
  $RetentionSettingsV1,
  backupReminder,
  checkHold,
  DEFAULT_REMINDER,
  destructionEntry,
  dueForReview,
  effectiveYears,
  itemKey,
  recordKinds,
  type BackupReminder,
  type DestructionEntryV1,
  type DueItem,
  type RecordKind,
  type ReminderSettingsV1,
  type RetentionHold,
  type RetentionItem,
  type RetentionSettingsV1,
  type RetentionYears,
} from '../../machines/retention/retention.ts';
import { localIsoDate } from '../content/format.ts';
import { ukDateAndTime } from '../../machines/dates/format.ts';
import type { SupervisionDB } from './db.ts';
import type { Result } from './result.ts';
import { subjectAccessHtml, type ExportPart } from './subjectAccess.ts';

const $LastBackup = z.strictObject({ at: z.iso.datetime({ offset: true }) });
const $Revocation = z.strictObject({ shareId: z.string().regex(/^[A-Za-z0-9_-]{22}$/), revokeToken: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
type Revocation = z.infer<typeof $Revocation>;

const SETTING = { retention: 'retention', reminder: 'backupReminder', lastBackup: 'lastBackup' } as const;

export type DueRecord = DueItem & { who: string };
export type RelayFetch = typeof fetch;

/** Every { id, revokeToken } held anywhere in a row's content: the relay copies this device may delete. */
export function revocationsIn(value: unknown, found: Revocation[] = []): Revocation[] {
  if (Array.isArray(value)) for (const v of value) revocationsIn(v, found);
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    const held = $Revocation.safeParse({ shareId: record['id'], revokeToken: record['revokeToken'] });
    if (held.success) found.push(held.data);
    for (const v of Object.values(record)) revocationsIn(v, found);
  }
  return found;
}

/** The UK calendar day of a stored instant (the one date module decides it, as everywhere else). */
const dateOf = (instant: string) => ukDateAndTime(instant)?.date ?? instant.slice(0, 10);

export function createRetentionRepositories(
  db: SupervisionDB,
  deps: { now: () => Date; newId: () => string; listPeople: () => Promise<PersonV1[]>; today: () => string },
) {
  const { now, newId, today } = deps;
  /** Exports made for destruction in this tab: token → the record keys it holds. */
  const exported = new Map<string, Set<string>>();

  async function setting<T>(id: string, schema: z.ZodType<T>): Promise<T | null> {
    const row = await db.settings.get(id);
    if (!row) return null;
    const parsed = schema.safeParse(row.content);
    return parsed.success ? parsed.data : null;
  }
  async function putSetting(id: string, content: unknown): Promise<void> {
    await db.settings.put({ id, updatedAt: now().toISOString(), content });
  }

  const departures = {
    async all(): Promise<Map<string, string>> {
      const rows = await db.departures.toArray();
      const left = new Map<string, string>();
      for (const row of rows) {
        const parsed = $DepartureV1.safeParse(row.content);
        if (parsed.success) left.set(row.personId, parsed.data.leftOn);
      }
      return left;
    },
    async leftOn(personId: string): Promise<string | null> {
      const row = await db.departures.get(personId);
      const parsed = row ? $DepartureV1.safeParse(row.content) : null;
      return parsed?.success ? parsed.data.leftOn : null;
    },
    /** Marks a supervisee as having left on a date (not in the future): their retention clock starts. */
    async markLeft(personId: string, leftOn: string): Promise<Result<string>> {
      const parsed = $IsoDate.safeParse(leftOn);
      if (!parsed.success || Number.isNaN(Date.parse(`${leftOn}T00:00:00Z`))) return { ok: false, message: storageCopy.retention.enterLeftOn };
      if (compareDates(leftOn, today()) > 0) return { ok: false, message: storageCopy.retention.leftOnInFuture };
      if (!(await db.people.get(personId))) return { ok: false, message: storageCopy.retention.noSuchPerson };
      await db.departures.put({ personId, updatedAt: now().toISOString(), content: { leftOn } });
      return { ok: true, value: leftOn };
    },
    /** Undoes "left": they are supervised again, and their records' clock stops. */
    async undo(personId: string): Promise<void> {
      await db.departures.delete(personId);
    },
    /** The people still supervised (those who have left are on their own list). */
    async current(): Promise<PersonV1[]> {
      const [people, left] = await Promise.all([deps.listPeople(), departures.all()]);
      return people.filter((person) => !left.has(person.id));
    },
    /**
     * The one-to-one supervisees still supervised: the one-to-one lists and compliance (group
     * members, facilitators and your own supervisor are left out; `current()` has everyone). Anyone
     * with one-to-one arrangements here (a session record, an agreement, an appointment or a
     * frequency rule) is listed whatever their relation, so compliance never loses them (H38).
     */
    async supervisees(): Promise<PersonV1[]> {
      const current = await departures.current();
      const kept = await Promise.all(current.map(async (person) => isOneToOneSupervisee(person) || (await hasOneToOne(person.id))));
      return current.filter((_person, i) => kept[i]);
    },
    async left(): Promise<{ person: PersonV1; leftOn: string }[]> {
      const [people, left] = await Promise.all([deps.listPeople(), departures.all()]);
      return people.flatMap((person) => {
        const leftOn = left.get(person.id);
        return leftOn === undefined ? [] : [{ person, leftOn }];
      });
    },
  };

  /** Whether this device holds one-to-one arrangements for a person (keys only: nothing decrypted). */
  async function hasOneToOne(personId: string): Promise<boolean> {
    if ((await db.frequencyRules.where('personId').equals(personId).count()) > 0) return true;
    const counts = await Promise.all([db.sessions, db.agreements, db.appointments].map((table) => table.where('personId').equals(personId).count()));
    return counts.some((count) => count > 0);
  }

  const settings = {
    async retention(): Promise<RetentionSettingsV1 | null> {
      return setting(SETTING.retention, $RetentionSettingsV1);
    },
    async years(): Promise<RetentionYears> {
      return effectiveYears(await settings.retention());
    },
    /** Saves the periods (whole years); anything invalid changes nothing. */
    async setYears(years: Partial<Record<RecordKind, number>>): Promise<Result<RetentionYears>> {
      const parsed = $RetentionSettingsV1.safeParse({ version: 1, years });
      if (!parsed.success) return { ok: false, message: storageCopy.retention.yearsInvalid };
      await putSetting(SETTING.retention, parsed.data);
      return { ok: true, value: effectiveYears(parsed.data) };
    },
    async reminder(): Promise<ReminderSettingsV1> {
      return (await setting(SETTING.reminder, $ReminderSettingsV1)) ?? { version: 1, ...DEFAULT_REMINDER };
    },
    async setReminder(input: { days: number; signedRecords: number }): Promise<Result<ReminderSettingsV1>> {
      const parsed = $ReminderSettingsV1.safeParse({ version: 1, ...input });
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? storageCopy.retention.notValid };
      await putSetting(SETTING.reminder, parsed.data);
      return { ok: true, value: parsed.data };
    },
  };

  const backups = {
    /** Called once a backup file has been made and handed to the browser to save. */
    async made(at: Date = now()): Promise<void> {
      await putSetting(SETTING.lastBackup, { at: at.toISOString() });
    },
    async last(): Promise<string | null> {
      return (await setting(SETTING.lastBackup, $LastBackup))?.at ?? null;
    },
    /** The last backup, signed records since (read from indexes only), and whether to remind. */
    async status(): Promise<{ lastBackupAt: string | null; signedSince: number; reminder: BackupReminder; settings: ReminderSettingsV1 }> {
      const [lastBackupAt, reminderSettings] = await Promise.all([backups.last(), settings.reminder()]);
      // Counted, not listed: the start page asks on every visit, and a decade holds 20,000 signed
      // records. Since a backup, only the rows changed after it are read (a few, as a rule).
      const signedSince =
        lastBackupAt === null
          ? await keptUntilChanged(db, 'signedSessions', ['sessions'], () => db.sessions.where('[status+date]').between(['signed', Dexie.minKey], ['signed', Dexie.maxKey]).count())
          : await db.sessions
              .where('updatedAt')
              .above(lastBackupAt)
              .filter((row) => row.status === 'signed')
              .count();
      const lastBackupOn = lastBackupAt === null ? null : localIsoDate(new Date(lastBackupAt));
      return { lastBackupAt, signedSince, settings: reminderSettings, reminder: backupReminder({ lastBackupOn, signedSince, settings: reminderSettings, today: today() }) };
    },
  };

  /** Every record retention looks at: the left supervisees' records (from indexes and a few small rows), group records and practice sessions. */
  async function items(left: ReadonlyMap<string, string>): Promise<RetentionItem[]> {
    const found: RetentionItem[] = [];
    for (const personId of left.keys()) {
      const range = db.sessions.where('[personId+date]').between([personId, Dexie.minKey], [personId, Dexie.maxKey]);
      const [keys, ids] = await Promise.all([range.keys(), range.primaryKeys()]);
      ids.forEach((id, i) => found.push({ kind: 'session', id: String(id), personId, date: String((keys[i] as unknown as [string, string])[1]) }));
      for (const row of await db.agreements.where('personId').equals(personId).toArray()) {
        found.push({ kind: 'agreement', id: row.id, personId, date: row.content.agreedOn ?? dateOf(row.updatedAt) });
      }
      for (const row of await db.preparations.where('personId').equals(personId).toArray()) {
        // A preparation brought into a session is part of that record: it goes with it.
        if (row.status === 'draft') found.push({ kind: 'preparation', id: row.id, personId, date: dateOf(row.updatedAt) });
      }
    }
    const groupRange = db.groupSessions.orderBy('date');
    const [groupDates, groupIds] = await Promise.all([groupRange.keys(), groupRange.primaryKeys()]);
    groupIds.forEach((id, i) => found.push({ kind: 'groupSession', id: String(id), personId: null, date: String(groupDates[i]) }));
    const practiceRange = db.practiceSessions.orderBy('updatedAt');
    const [practiceAt, practiceIds] = await Promise.all([practiceRange.keys(), practiceRange.primaryKeys()]);
    practiceIds.forEach((id, i) => found.push({ kind: 'practice', id: String(id), personId: null, date: dateOf(String(practiceAt[i])) }));
    return found;
  }

  async function holds(): Promise<Map<string, RetentionHold>> {
    const map = new Map<string, RetentionHold>();
    for (const row of await db.retentionHolds.toArray()) {
      const parsed = $RetentionHoldV1.safeParse(row.content);
      if (parsed.success) map.set(row.id, parsed.data);
    }
    return map;
  }

  /** Every table whose rows decide what is due for review (dueNow reads these and no other). */
  const retentionTables = ['departures', 'settings', 'retentionHolds', 'sessions', 'agreements', 'preparations', 'groupSessions', 'practiceSessions'] as const;

  async function dueNow(): Promise<DueItem[]> {
    const [left, years, held] = await Promise.all([departures.all(), settings.years(), holds()]);
    return dueForReview(await items(left), years, left, held, today());
  }

  async function whoFor(item: RetentionItem, names: Map<string, string>): Promise<string> {
    if (item.personId !== null) return names.get(item.personId) ?? storageCopy.retention.unknownSupervisee;
    if (item.kind === 'groupSession') return (await db.groupSessions.get(item.id))?.content.groupName ?? 'Group';
    return storageCopy.retention.practiceOwner;
  }

  const review = {
    /** How many records are past their period now (for the dashboard). */
    async dueCount(): Promise<number> {
      // Kept until a table it reads changes (keptUntilChanged.ts), and for today only: the dashboard asks on every visit.
      return keptUntilChanged(db, `retentionDue:${today()}`, retentionTables, async () => (await dueNow()).length);
    },
    /** The records past their period, each with whose it is. */
    async due(): Promise<DueRecord[]> {
      const [due, people] = await Promise.all([dueNow(), deps.listPeople()]);
      const names = new Map(people.map((p) => [p.id, p.name]));
      return Promise.all(due.map(async (item) => ({ ...item, who: await whoFor(item, names) })));
    },
    /** Keeps a record for longer: a reason and a date to review it again (after today). */
    async keep(key: string, input: { reason: string; reviewOn: string }): Promise<Result<RetentionHold>> {
      const checked = checkHold(input, today());
      if (!checked.ok) return { ok: false, message: checked.message };
      if (!(await dueNow()).some((item) => itemKey(item) === key)) return { ok: false, message: storageCopy.retention.notDue };
      const hold: RetentionHold = { ...checked.value, decidedAt: now().toISOString() };
      await db.retentionHolds.put({ id: key, updatedAt: hold.decidedAt, content: hold });
      return { ok: true, value: hold };
    },
  };

  /** What is exported about records: each as readable text and as data. */
  async function partsFor(items: readonly RetentionItem[]): Promise<ExportPart[]> {
    const parts: ExportPart[] = [];
    for (const item of items) {
      if (item.kind === 'session') {
        const row = await db.sessions.get(item.id);
        if (!row) continue;
        const { template, record } = row.content as { template: RecordTemplateV1; record: SessionContentV1 };
        const amendments = (await db.amendments.where('sessionId').equals(item.id).toArray()).map((a) => a.content);
        const actions = (await db.actions.where('sessionId').equals(item.id).toArray()).map((a) => ({ status: a.status, dueDate: a.dueDate, ...a.content }));
        let text: string;
        try {
          text = recordDocumentToText(buildRecordDocument(template, record, amendments));
        } catch {
          text = JSON.stringify(record, null, 2);
        }
        parts.push({ heading: storageCopy.retention.sessionHeading(item.date), text, data: { kind: 'session', status: row.status, record, amendments, actions } });
      } else if (item.kind === 'agreement') {
        const row = await db.agreements.get(item.id);
        if (row) parts.push({ heading: storageCopy.retention.agreementHeading(item.date), text: JSON.stringify(row.content, null, 2), data: { kind: 'agreement', status: row.status, agreement: row.content } });
      } else if (item.kind === 'preparation') {
        const row = await db.preparations.get(item.id);
        if (row) parts.push({ heading: storageCopy.retention.preparationHeading(item.date), text: JSON.stringify(row.content, null, 2), data: { kind: 'preparation', status: row.status, preparation: row.content } });
      } else if (item.kind === 'groupSession') {
        const row = await db.groupSessions.get(item.id);
        if (row) parts.push({ heading: storageCopy.retention.groupSessionHeading(item.date), text: JSON.stringify(row.content, null, 2), data: { kind: 'groupSession', groupSession: row.content } });
      } else {
        const row = await db.practiceSessions.get(item.id);
        if (row) parts.push({ heading: storageCopy.retention.practiceHeading(item.date), text: JSON.stringify(row.content, null, 2), data: { kind: 'practice', practice: row.content } });
      }
    }
    return parts;
  }

  /** The rows made from one record, and the relay copies its rows hold delete keys for. */
  async function removeRecord(item: RetentionItem, revocations: Revocation[]): Promise<void> {
    const bySession = async (table: Dexie.Table<{ content?: unknown }, string>) => {
      const rows = await table.where('sessionId').equals(item.id).toArray();
      for (const row of rows) revocationsIn(row.content, revocations);
      await table.where('sessionId').equals(item.id).delete();
    };
    if (item.kind === 'session') {
      for (const table of [db.cases, db.actions, db.signatures, db.amendments, db.signatureRequests] as unknown as Dexie.Table<{ content?: unknown }, string>[]) await bySession(table);
      await Promise.all([db.sessions.delete(item.id), db.snapshots.delete(item.id), db.childRecordChoices.delete(item.id), db.recordSignatures.delete(item.id)]);
      if (item.personId !== null) {
        const preparations = await db.preparations.where('personId').equals(item.personId).toArray();
        await db.preparations.bulkDelete(preparations.filter((p) => p.broughtInto === item.id).map((p) => p.id));
        // The supervisee's case index is derived from their records: rebuilt, without this one, when next read.
        await db.caseIndex.delete(item.personId);
      }
    } else if (item.kind === 'agreement') {
      await bySession(db.signatureRequests as unknown as Dexie.Table<{ content?: unknown }, string>);
      await Promise.all([db.agreements.delete(item.id), db.snapshots.delete(item.id)]);
    } else if (item.kind === 'groupSession') {
      await Promise.all([db.groupSessions.delete(item.id), db.snapshots.delete(item.id)]);
    } else if (item.kind === 'preparation') {
      await db.preparations.delete(item.id);
    } else {
      await db.practiceSessions.delete(item.id);
    }
    await db.retentionHolds.delete(itemKey(item));
  }

  async function byName(): Promise<string> {
    const content = (await db.profile.get('me'))?.content as { name?: unknown } | undefined;
    return typeof content?.name === 'string' && content.name.trim() !== '' ? content.name : storageCopy.retention.unnamedUser;
  }

  const destruction = {
    /**
     * The export of records about to be destroyed: one HTML document (readable text and the data),
     * and the token `destroy` needs. Only records due now; anything else is refused.
     */
    async exportForDestruction(keys: readonly string[]): Promise<Result<{ token: string; html: string; fileName: string }>> {
      const chosen = await dueChosen(keys);
      if (!chosen.ok) return chosen;
      const token = newId();
      exported.set(token, new Set(keys));
      const html = subjectAccessHtml({ title: storageCopy.retention.destructionTitle, madeAt: now().toISOString(), kind: 'destruction', parts: await partsFor(chosen.value) });
      return { ok: true, value: { token, html, fileName: `records-before-destruction-${today()}.html` } };
    },
    /**
     * Destroys the records exported with `token` (all still due): every row made from them, in one
     * transaction with the log entry and the relay copies to delete; then deletes those on the relay.
     */
    async destroy(keys: readonly string[], token: string, fetcher?: RelayFetch): Promise<Result<{ entry: DestructionEntryV1; relay: { deleted: number; pending: number } }>> {
      const made = exported.get(token);
      if (!made || made.size !== keys.length || !keys.every((key) => made.has(key))) return { ok: false, message: storageCopy.retention.exportFirst };
      const chosen = await dueChosen(keys);
      if (!chosen.ok) return chosen;
      const entry = destructionEntry(chosen.value, now().toISOString(), await byName(), 0);
      const tables = [db.sessions, db.cases, db.actions, db.signatures, db.amendments, db.snapshots, db.childRecordChoices, db.recordSignatures, db.signatureRequests, db.preparations, db.caseIndex, db.agreements, db.groupSessions, db.practiceSessions, db.retentionHolds, db.destructionLog, db.pendingRevocations];
      const revocations: Revocation[] = [];
      await db.transaction('rw', tables, async () => {
        for (const item of chosen.value) await removeRecord(item, revocations);
        entry.relayCopies = revocations.length;
        await db.destructionLog.add({ id: newId(), at: entry.at, content: $DestructionEntryV1.parse(entry) });
        for (const revocation of revocations) await db.pendingRevocations.put({ id: revocation.shareId, updatedAt: entry.at, content: revocation });
      });
      exported.delete(token);
      const relay = await destruction.retryRelay(fetcher);
      return { ok: true, value: { entry, relay } };
    },
    /** Deletes on the relay the copies still listed; those it cannot reach stay listed. */
    async retryRelay(fetcher?: RelayFetch): Promise<{ deleted: number; pending: number }> {
      const rows = await db.pendingRevocations.toArray();
      if (rows.length === 0) return { deleted: 0, pending: 0 };
      const { revokeShare } = await import('../share/share.ts');
      let deleted = 0;
      for (const row of rows) {
        const parsed = $Revocation.safeParse(row.content);
        if (!parsed.success) continue;
        const result = await revokeShare(parsed.data.shareId, parsed.data.revokeToken, fetcher ?? fetch);
        if (result.ok) {
          await db.pendingRevocations.delete(row.id);
          deleted += 1;
        }
      }
      return { deleted, pending: rows.length - deleted };
    },
    async pendingRelay(): Promise<number> {
      return db.pendingRevocations.count();
    },
    /** The destruction log, newest first. */
    async log(): Promise<DestructionEntryV1[]> {
      const rows = await db.destructionLog.orderBy('at').reverse().toArray();
      return rows.flatMap((row) => {
        const parsed = $DestructionEntryV1.safeParse(row.content);
        return parsed.success ? [parsed.data] : [];
      });
    },
  };

  async function dueChosen(keys: readonly string[]): Promise<Result<DueItem[]>> {
    if (keys.length === 0) return { ok: false, message: storageCopy.retention.chooseRecords };
    const due = new Map((await dueNow()).map((item) => [itemKey(item), item]));
    const chosen = keys.map((key) => due.get(key));
    if (chosen.some((item) => item === undefined) || new Set(keys).size !== keys.length) return { ok: false, message: storageCopy.retention.notPastPeriod };
    return { ok: true, value: chosen as DueItem[] };
  }

  /**
   * Everything about one supervisee, for a subject access request: their details, when they left,
   * their records (with amendments and actions), agreements, preparations, appointments, frequency
   * rule and the group records they are on the register of. Nothing filed under anyone else.
   */
  async function subjectAccess(personId: string): Promise<Result<{ html: string; fileName: string }>> {
    const person = await db.people.get(personId);
    if (!person) return { ok: false, message: storageCopy.retention.noSuchPerson };
    const sessionIds = await db.sessions.where('personId').equals(personId).primaryKeys();
    const sessionRows = await db.sessions.bulkGet(sessionIds);
    const records: RetentionItem[] = sessionRows.flatMap((row) => (row ? [{ kind: 'session' as const, id: row.id, personId, date: row.date }] : []));
    records.sort((a, b) => compareDates(a.date, b.date));
    for (const row of await db.agreements.where('personId').equals(personId).toArray()) records.push({ kind: 'agreement', id: row.id, personId, date: row.content.agreedOn ?? dateOf(row.updatedAt) });
    for (const row of await db.preparations.where('personId').equals(personId).toArray()) records.push({ kind: 'preparation', id: row.id, personId, date: dateOf(row.updatedAt) });
    const groups = (await db.groupSessions.toArray()).filter((row) => row.content.members.some((m) => m.personId === personId) || row.content.facilitator.personId === personId);
    for (const row of groups) records.push({ kind: 'groupSession', id: row.id, personId: null, date: row.date });
    const parts = await partsFor(records);
    const appointments = (await db.appointments.where('personId').equals(personId).toArray()).map((row) => row.content);
    const frequency = (await db.frequencyRules.get(personId))?.content ?? null;
    const leftOn = await departures.leftOn(personId);
    const details = { ...(person.content as object), leftOn };
    parts.unshift({ heading: storageCopy.retention.personHeading, text: JSON.stringify(details, null, 2), data: { kind: 'person', person: details } });
    parts.push({ heading: storageCopy.retention.arrangementsHeading, text: JSON.stringify({ appointments, frequency }, null, 2), data: { kind: 'arrangements', appointments, frequency } });
    const html = subjectAccessHtml({ title: storageCopy.retention.subjectAccessTitle, madeAt: now().toISOString(), kind: 'subjectAccess', parts });
    return { ok: true, value: { html, fileName: `subject-access-${today()}.html` } };
  }

  return { departures, settings, backups, review, destruction, subjectAccess, kinds: async () => recordKinds };
}

export type RetentionRepositories = ReturnType<typeof createRetentionRepositories>;
