/**
 * Backup and restore: every record on the device in one file sealed with a passphrase (the
 * shared passphrase file: PBKDF2-SHA-256 600,000 rounds → AES-GCM-256). Restoring validates the
 * file and every row with zod before anything is written, then adds in one transaction only
 * what is not here yet: importing the same backup twice duplicates nothing, and where this
 * device already holds a different version of a record, the local one is kept, never overwritten,
 * and the backup's is kept beside it as a copy (anything else that differs keeps this device's
 * version and is counted as refused). A wrong passphrase or a damaged file changes nothing and
 * says why. Export leaves out a row that does not open here and names it in the file
 * (`notIncluded`) and in its result.
 *
 * Device keys are not in a backup (they cannot leave the device): signatures already made stay
 * verifiable (each keeps its public key) and this device signs what it seals from then on.
 *
 * Version 3 (written now; versions 1 and 2 are still opened): the content is JSON, gzip-compressed
 * (the browser's CompressionStream; the JSON is built and compressed in a Worker where there is
 * one: client/db/backupContent.ts), then sealed. It is the rows as
 * the app reads them, except: each distinct template is stored once (`templates`) and a session
 * row's `content.template` is its index there (restored as the very same template); the machine
 * snapshots of signed sessions are left out (a signed record opens on the record screen, never
 * from its snapshot); and the rows derived from the session records (cases, actions with their
 * reviews, signatures: client/db/derivedRows.ts) are left out (version 2 carried them). Restoring a
 * version 3 file writes the records in one transaction, marking the supervisees whose sessions it
 * added (`derivedPending`); their derived rows are then rebuilt from the sessions and written one
 * supervisee at a time after it (readers wait for them, or rebuild a supervisee left marked). It is
 * not canonical JSON: the file's integrity is AES-GCM's, and signed records keep their own hashes.
 * Rows are read raw (still sealed at rest) in one transaction, a batch at a time, each batch opened
 * with WebCrypto as it arrives (nothing in the transaction waits for it); restore seals with
 * WebCrypto before the transactions that write (client/db/atRestBulk.ts).
 */
import canonicalize from 'canonicalize';
import Dexie, { RangeSet, type DBCoreTableSchema, type ObservabilitySet } from 'dexie';
import { z } from 'zod';
import { $IsoInstant, $PersonV1, $SessionContentV1 } from '../../machines/model/record.ts';
import { $RecordTemplateV1 } from '../../machines/model/template.ts';
import { $ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { $PreparationV1 } from '../../machines/model/preparation.ts';
import { $AgreementV1 } from '../../machines/model/agreement.ts';
import { $GroupSessionContentV1, $GroupV1 } from '../../machines/model/group.ts';
import { $AppointmentV1 } from '../../machines/compliance/schedule.ts';
import { $ScenarioV1 } from '../../machines/practice/scenario.ts';
import { $PracticeContentV1 } from '../../machines/practice/state.ts';
import { parseJsonSafely } from '../crypto/encoding.ts';
import { STRICT_TRANSACTION } from './durability.ts';
import { createPassphraseFile, type OpenDeps, type OpenFailureReason, type SealDeps, type SealFailureReason, MINIMUM_PASSPHRASE_LENGTH } from '../crypto/passphraseFile.ts';
import { isSealed, type Keyring } from './atRest.ts';
import { BULK_BATCH_ROWS, bulkCodec, type Row } from './atRestBulk.ts';
import { concat, contentWriter, MAX_BACKUP_UNPACKED_BYTES, type ContentResult, type ContentStep, type NotIncludedV1 } from './backupContent.ts';
import { damagedThing } from '../content/damageCopy.ts';
import { $RestoredCopyV1 } from './restoredCopy.ts';
import type { RestoredCopyV1 } from './db.ts';
import { storesV16, SupervisionDB } from './db.ts';
import { ownRowContentSchemas } from './ownRows.ts';
import { $DepartureV1, $DestructionEntryV1, $RetentionHoldV1 } from '../../machines/retention/retention.ts';
import { $PinV1 } from '../../machines/model/trust.ts';
import { $ChildRecordChoicesV1 } from '../../machines/record/child-record-choices.ts';
import { deriveRows, derivedTables, trackDerivedWrite, type DerivableSession, type DerivedTable } from './derivedRows.ts';

export const BACKUP_FORMAT = 'safeguarding-supervision/backup';
export const BACKUP_VERSION = 3;
export const BACKUP_EXTENSION = '.ssbk';
/** A decade of a busy supervisor's records fits well inside this (compressed, about a tenth of it). */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
export { MAX_BACKUP_UNPACKED_BYTES };

export const backupMessages = {
  'passphrase-too-short': `Use a passphrase of at least ${MINIMUM_PASSPHRASE_LENGTH} characters for the backup.`,
  'invalid-value': 'The records on this device could not be backed up because one of them is not valid.',
  'file-too-large': 'This file is too large to be a backup (the limit is 256 MB).',
  'crypto-unavailable': 'This browser cannot protect files with a passphrase here. Open the app from its secure (https) address.',
  'not-this-kind-of-file': 'This file is not a backup of supervision records.',
  'damaged-file': 'This backup is damaged: it may have been cut short or changed. Nothing has been restored.',
  'newer-version': 'This backup was made by a newer version of the app. Update the app on this device, then restore it.',
  'iterations-too-low': 'This backup is not protected strongly enough to be opened.',
  'wrong-passphrase-or-changed':
    'The passphrase is wrong, or the backup has been changed since it was made. The app cannot tell these apart. Nothing has been restored.',
  'invalid-contents': 'The backup’s contents are not valid. Nothing has been restored.',
  'unpacked-too-large': 'This backup unpacks to more than the app can restore (500 MB, or a hundred times the file’s size). It is damaged or was not made by this app. Nothing has been restored.',
  'too-many-records': 'The records on this device are more than one backup file can hold (500 MB before compression).',
} as const;

export type BackupSealFailureReason = SealFailureReason | 'too-many-records';
export type BackupOpenFailureReason = OpenFailureReason | 'unpacked-too-large';
export type BackupResult<T, Reason extends keyof typeof backupMessages> = { ok: true; value: T } | { ok: false; reason: Reason; message: string };

const $Key = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'An opaque id');
/** A row: its key fields checked, any other field allowed (rows are kept exactly as written). */
const $Row = (fields: z.ZodRawShape) => z.looseObject(fields);
const $AnyContent = z.record(z.string(), z.unknown());
const sessionKeys = { id: $Key, personId: $Key, status: z.enum(['inProgress', 'signed', 'copy']), date: z.string(), updatedAt: z.string() };
/**
 * A copy restored from an earlier backup travels as it is, its mark with it; so do the copies of
 * the reflective models its cases used that are not shipped (kept beside the template copy).
 */
const copyMark = { restoredCopy: $RestoredCopyV1.optional(), models: z.array($ReflectiveModelV1).optional() };

/** What each table's rows must be. Content is checked with the record's own schema where it has one. */
const rowSchemas = {
  people: $Row({ id: $Key, updatedAt: z.string(), content: z.unknown() }),
  sessions: $Row({ ...sessionKeys, content: z.strictObject({ template: $RecordTemplateV1, record: $SessionContentV1, ...copyMark }) }),
  cases: $Row({ id: $Key, sessionId: $Key, personId: $Key, content: $AnyContent }),
  actions: $Row({ id: $Key, sessionId: $Key, personId: $Key, status: z.string(), dueDate: z.string(), content: $AnyContent }),
  signatures: $Row({ id: $Key, sessionId: $Key, signedAt: z.string(), content: $AnyContent }),
  snapshots: $Row({ sessionId: $Key, savedAt: z.string(), envelope: $AnyContent }),
  amendments: $Row({ id: $Key, sessionId: $Key, madeAt: z.string(), content: $AnyContent }),
  preparations: $Row({ id: $Key, personId: $Key, status: z.string(), updatedAt: z.string(), content: $PreparationV1 }),
  groups: $Row({ id: $Key, updatedAt: z.string(), content: $GroupV1 }),
  groupSessions: $Row({ id: $Key, groupId: $Key, status: z.string(), date: z.string(), updatedAt: z.string(), content: $GroupSessionContentV1 }),
  agreements: $Row({ id: $Key, personId: $Key, status: z.string(), reviewDue: z.string(), updatedAt: z.string(), content: $AgreementV1 }),
  appointments: $Row({ id: $Key, personId: $Key, date: z.string(), status: z.string(), updatedAt: z.string(), content: $AppointmentV1 }),
  frequencyRules: $Row({ personId: $Key, updatedAt: z.string(), content: $AnyContent }),
  practiceSessions: $Row({ id: $Key, status: z.string(), updatedAt: z.string(), content: $PracticeContentV1 }),
  practiceScenarios: $Row({ id: $Key, updatedAt: z.string(), content: $ScenarioV1 }),
  recordSignatures: $Row({ sessionId: $Key, personId: $Key, signedAt: z.string(), content: $AnyContent }),
  // Database version 13: who signs here and whose keys are pinned (a restored device keeps trusting
  // them, and knows the keys of the devices it replaces), the other parties' chain heads, and the
  // requests for signatures sent or received. Key exchanges under way (`connections`) are not kept.
  profile: $Row({ id: $Key, updatedAt: z.string(), content: $AnyContent }),
  pins: $Row({ id: $Key, personId: $Key, content: $PinV1 }),
  chainHeads: $Row({ personId: $Key, updatedAt: z.string(), content: $AnyContent }),
  signatureRequests: $Row({ id: $Key, sessionId: $Key, direction: z.enum(['outgoing', 'incoming']), status: z.string(), updatedAt: z.string(), content: $AnyContent }),
  // Database version 14: what each child-record entry carries beyond its default (a backup made
  // before it has none: every entry opens with its default).
  childRecordChoices: $Row({ sessionId: $Key, updatedAt: z.string(), content: $ChildRecordChoicesV1 }),
  // Database version 15: who has left (their retention clock), decisions to keep records longer
  // (keyed by kind and id), and the destruction log. The settings (periods, reminders, the last
  // backup's date) stay with the device; relay deletes still to make are the sender's alone.
  departures: $Row({ personId: $Key, updatedAt: z.string(), content: $DepartureV1 }),
  retentionHolds: $Row({ id: z.string().regex(/^[a-zA-Z]{1,32}:[A-Za-z0-9_-]{1,128}$/, 'A record kind and opaque id'), updatedAt: z.string(), content: $RetentionHoldV1 }),
  destructionLog: $Row({ id: $Key, at: z.string(), content: $DestructionEntryV1 }),
  // Database version 16: the organisation's own templates, agreements and models (each saved version
  // checked with the item's own schema; a draft as typed). Records made with them keep their own copy.
  ownTemplates: $Row({ id: $Key, updatedAt: z.string(), content: ownRowContentSchemas.ownTemplates }),
  ownAgreements: $Row({ id: $Key, updatedAt: z.string(), content: ownRowContentSchemas.ownAgreements }),
  ownModels: $Row({ id: $Key, updatedAt: z.string(), content: ownRowContentSchemas.ownModels }),
} as const;
export type BackupTable = keyof typeof rowSchemas;
export const backupTables = Object.keys(rowSchemas) as BackupTable[];

/** In version 2 a session's template is an index into the file's `templates`, each checked once. */
const $TemplateIndex = z.number().int().min(0);
const rowSchemasV2: Record<BackupTable, z.ZodType> = {
  ...rowSchemas,
  sessions: $Row({ ...sessionKeys, content: z.strictObject({ template: $TemplateIndex, record: $SessionContentV1, ...copyMark }) }),
};

/** Tables whose rows belong to one session (by `sessionId`): a copy's go with the copy. */
const sessionAttached: ReadonlySet<BackupTable> = new Set(['cases', 'actions', 'signatures', 'snapshots', 'amendments', 'recordSignatures', 'signatureRequests', 'childRecordChoices']);

/** The same row (as written, or in canonical form). */
function same(a: Row, b: Row): boolean {
  return JSON.stringify(a) === JSON.stringify(b) || canonicalize(a) === canonicalize(b);
}

/** Each table's primary key, as the database declares it (the first field of its store). */
const primaryKeyOf = (name: BackupTable): string => storesV16[name].split(',')[0]?.trim() ?? 'id';

/** What version 3 carries: every table but those derived from the session records (restore rebuilds them). */
export const recordTables = backupTables.filter((name): name is Exclude<BackupTable, DerivedTable> => !(derivedTables as readonly string[]).includes(name));

const $RawRows = z.array(z.record(z.string(), z.unknown())).max(2_000_000).default([]);
const $Tables = z.strictObject(Object.fromEntries(backupTables.map((name) => [name, $RawRows])) as Record<BackupTable, typeof $RawRows>);

/**
 * Every row valid for its table, and no id twice in a table. Stops at the first problem: a hostile
 * file of two million bad rows is refused at its first, not after all of them.
 */
function checkRows(tables: Record<BackupTable, Row[]>, schemas: Record<BackupTable, z.ZodType>, ctx: z.RefinementCtx): void {
  for (const name of backupTables) {
    const seen = new Set<string>();
    const keyPath = primaryKeyOf(name);
    for (const [index, row] of tables[name].entries()) {
      const checked = schemas[name].safeParse(row);
      if (!checked.success) {
        ctx.addIssue({ code: 'custom', path: ['tables', name, index], message: `A row of ${name} is not valid: ${checked.error.issues[0]?.message ?? ''}` });
        return;
      }
      const key = String(row[keyPath]);
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['tables', name, index], message: `The id ${key} appears twice in ${name}` });
        return;
      }
      seen.add(key);
    }
  }
  for (const row of tables.people) {
    const person = $PersonV1.safeParse({ ...(row['content'] as object), id: row['id'] });
    if (!person.success) {
      ctx.addIssue({ code: 'custom', path: ['tables', 'people'], message: 'A person is not valid' });
      return;
    }
  }
}

/**
 * Rows are checked with their table's schema but kept exactly as they were written: parsing must
 * not add a default to a signed record (its hash would no longer match).
 */
export const $BackupV1 = z.strictObject({ createdAt: $IsoInstant, tables: $Tables }).superRefine((backup, ctx) => checkRows(backup.tables, rowSchemas, ctx));
/** What a backup holds once opened (either version): every table's rows as the app reads them. */
export type BackupV1 = z.infer<typeof $BackupV1>;
export type BackupContents = BackupV1;

/** Version 2's content (see the header): templates once each, sessions referring to them by index. */
function checkTemplated(backup: { tables: Record<BackupTable, Row[]>; templates: readonly unknown[] }, ctx: z.RefinementCtx): void {
  backup.templates.forEach((template, index) => {
    if (!$RecordTemplateV1.safeParse(template).success) ctx.addIssue({ code: 'custom', path: ['templates', index], message: 'A template is not valid' });
  });
  checkRows(backup.tables, rowSchemasV2, ctx);
  backup.tables.sessions.forEach((row, index) => {
    const template = (row['content'] as { template?: unknown } | undefined)?.template;
    if (typeof template === 'number' && template >= backup.templates.length) ctx.addIssue({ code: 'custom', path: ['tables', 'sessions', index], message: 'A session refers to a template the backup does not hold' });
  });
}

export const $BackupV2 = z
  .strictObject({ createdAt: $IsoInstant, tables: $Tables, templates: z.array(z.unknown()).max(100_000) })
  .superRefine((backup, ctx) => checkTemplated(backup, ctx));

/** Version 3's content: version 2's without the derived tables (an unknown or derived table is refused). */
const $TablesV3 = z.strictObject(Object.fromEntries(recordTables.map((name) => [name, $RawRows])) as Record<(typeof recordTables)[number], typeof $RawRows>);
const noDerivedRows = Object.fromEntries(derivedTables.map((name) => [name, [] as Row[]])) as Record<DerivedTable, Row[]>;
/** What the device that made a backup could not include (its rows did not open there). */
const $NotIncluded = z.array(z.strictObject({ table: z.string().max(64), key: z.string().max(256), what: z.string().max(500) })).max(2_000_000);
export const $BackupV3 = z
  .strictObject({ createdAt: $IsoInstant, tables: $TablesV3, templates: z.array(z.unknown()).max(100_000), notIncluded: $NotIncluded.optional() })
  .superRefine((backup, ctx) => checkTemplated({ ...backup, tables: { ...backup.tables, ...noDerivedRows } }, ctx));

/**
 * Contents opened from a version 3 file: its derived rows are to be rebuilt from its sessions
 * (a version 1 or 2 file carries them, and they are restored as they are).
 */
const rebuildsDerived = new WeakSet<BackupContents>();

const backupFile = createPassphraseFile<unknown>({
  format: BACKUP_FORMAT,
  version: BACKUP_VERSION,
  oldestVersion: 1,
  maxBytes: MAX_BACKUP_BYTES,
  schema: z.unknown(),
  messages: backupMessages,
});

/**
 * What a restore did with the backup's rows: `added` (not here before), `identical` (here already,
 * the same), `keptAsCopy` (records that differ from this device's: each kept beside it as a copy,
 * its own rows with it), `refused` (other rows that differ from this device's, where a second
 * version cannot stand beside the first — a person's details, settings, keys: this device's kept).
 */
export type RestoreReport = { added: number; identical: number; keptAsCopy: number; refused: number };
export type BackupDeps = SealDeps;
export type { NotIncludedV1 };
export type ExportResult = { ok: true; value: string; notIncluded: readonly NotIncludedV1[] } | Failure<BackupSealFailureReason>;

type Failure<R extends keyof typeof backupMessages> = { ok: false; reason: R; message: string };
const fail = <R extends keyof typeof backupMessages>(reason: R): Failure<R> => ({ ok: false, reason, message: backupMessages[reason] });

/** Marks for the bench (performance.measure entries named backup:…); nothing else reads them. */
function record(name: string, start: number, end = performance.now()): void {
  try {
    performance.measure(`backup:${name}`, { start, end });
  } catch {
    // Measuring is optional.
  }
}

function measured<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  return work().finally(() => record(name, start));
}

/**
 * The most a backup's compressed content may unpack to: MAX_BACKUP_UNPACKED_BYTES, and no more
 * than MAX_UNPACK_RATIO times its real size (the app's JSON compresses about tenfold; gzip can
 * reach a thousandfold, so a small zip bomb is refused after a fifth of the work at most).
 */
export const MAX_UNPACK_RATIO = 100;
const unpackLimitOf = (compressedBytes: number) => Math.min(MAX_BACKUP_UNPACKED_BYTES, Math.max(32 * 1024 * 1024, compressedBytes * MAX_UNPACK_RATIO));

/** Gunzips, stopping past the limit: 'too-large' then, 'damaged' for data that is not gzip. */
async function gunzip(bytes: ArrayBuffer): Promise<Uint8Array<ArrayBuffer> | 'too-large' | 'damaged'> {
  const limit = unpackLimitOf(bytes.byteLength);
  const stream = new DecompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  // Errors surface on the reader; the writer's own promises are not waited on.
  writer.write(new Uint8Array(bytes)).catch(() => undefined);
  writer.close().catch(() => undefined);
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => undefined);
        return 'too-large';
      }
      chunks.push(value);
    }
  } catch {
    return 'damaged';
  }
  return concat(chunks);
}

/** A second connection to the same database, without the at-rest middleware: rows as stored. */
async function rawConnection(db: SupervisionDB, version: 'current' | 'asInstalled' = 'current'): Promise<{ raw: Dexie; schemaOf: (name: BackupTable) => DBCoreTableSchema }> {
  const raw = version === 'current' ? new SupervisionDB(db.name) : new Dexie(db.name);
  await raw.open();
  return { raw, schemaOf: (name) => raw.core.table(name).schema };
}

/** Items handed over as they come, taken in order by one reader. */
function channel<T>() {
  const items: T[] = [];
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(item: T): void {
      items.push(item);
      notify();
    },
    end(): void {
      ended = true;
      notify();
    },
    fail(error: unknown): void {
      failure ??= { error };
      notify();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      for (;;) {
        const item = items.shift();
        if (item !== undefined) yield item;
        else if (failure) throw failure.error;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/**
 * Reads every table a backup carries as stored, in one transaction, a batch of rows at a time
 * (each table's keys first, then all its batches asked for at once), handing each batch to `opened` as it arrives: the page opens and compresses what has arrived
 * while the browser reads the rest. A signed session's snapshot is not read (see the header): the
 * signed sessions' ids come from the status index, readable as stored.
 */
function readInBatches<T>(idb: IDBDatabase, opened: (name: BackupTable, rows: unknown[]) => Promise<T>) {
  // A database of an earlier version (its upgrade failed: legacyBackup.ts) lacks the later tables: they are empty.
  const present = recordTables.filter((name) => idb.objectStoreNames.contains(name));
  const transaction = idb.transaction(present, 'readonly');
  const channels = new Map<BackupTable, ReturnType<typeof channel<Promise<T>>>>(recordTables.map((name) => [name, channel<Promise<T>>()]));
  const hand = (name: BackupTable, rows: unknown[]) => {
    const batch = opened(name, rows);
    batch.catch(() => undefined);
    channels.get(name)?.push(batch);
  };
  const done = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => {
      const error = transaction.error ?? new DOMException('The records could not be read', 'AbortError');
      for (const each of channels.values()) each.fail(error);
      reject(error);
    };
  });
  done.catch(() => undefined);
  for (const name of recordTables) {
    const channel = channels.get(name)!;
    if (!present.includes(name)) {
      channel.end();
      continue;
    }
    const store = transaction.objectStore(name);
    if (name === 'snapshots') {
      const signed = transaction.objectStore('sessions').index('status').getAllKeys(IDBKeyRange.only('signed'));
      signed.onsuccess = () => {
        const left = new Set(signed.result.map(String));
        const keys = store.getAllKeys();
        keys.onsuccess = () => {
          const wanted = keys.result.filter((key) => !left.has(String(key)));
          const rows: unknown[] = [];
          let answered = 0;
          if (wanted.length === 0) return channel.end();
          for (const key of wanted) {
            const row = store.get(key);
            row.onsuccess = () => {
              if (row.result !== undefined) rows.push(row.result);
              if (++answered < wanted.length) return;
              hand(name, rows);
              channel.end();
            };
          }
        };
      };
      continue;
    }
    // The keys first (key-only, quick), then every batch asked for at once: the browser reads on
    // without waiting for this page to take in each batch.
    const keys = store.getAllKeys();
    keys.onsuccess = () => {
      const all = keys.result;
      if (all.length === 0) return channel.end();
      for (let i = 0; i < all.length; i += BULK_BATCH_ROWS) {
        const last = Math.min(i + BULK_BATCH_ROWS, all.length) - 1;
        const batch = store.getAll(IDBKeyRange.bound(all[i], all[last]));
        batch.onsuccess = () => {
          if (batch.result.length > 0) hand(name, batch.result);
          if (last === all.length - 1) channel.end();
        };
      }
    };
  }
  return {
    of: (name: BackupTable): AsyncIterable<T> => ({
      async *[Symbol.asyncIterator]() {
        for await (const batch of channels.get(name)!) yield await batch;
      },
    }),
    done,
  };
}

/**
 * The content writer (backupContent.ts): in a Worker where there is one, each step posted to it
 * (the rows' decrypted bytes transferred); else on this thread, step after step.
 */
function openContentWriter(): { send(step: ContentStep): void; result(): Promise<ContentResult> } {
  let worker: Worker | null = null;
  try {
    worker = typeof Worker === 'function' ? new Worker(new URL('./backupContent.worker.ts', import.meta.url), { type: 'module' }) : null;
  } catch {
    worker = null;
  }
  if (worker) {
    const running = worker;
    const result = new Promise<ContentResult>((resolve) => {
      running.onmessage = (event: MessageEvent<ContentResult>) => resolve(event.data);
      running.onerror = (event) => resolve({ kind: 'failed', message: `The backup could not be written: ${event.message}` });
    });
    return {
      send(step) {
        running.postMessage(step, step.kind === 'rows' ? { transfer: [...new Set(step.rows.map((row) => row.secret.buffer))] } : {});
      },
      async result() {
        try {
          return await result;
        } finally {
          running.terminate();
        }
      },
    };
  }
  const writer = contentWriter();
  let queue: Promise<ContentResult | null> = Promise.resolve(null);
  return {
    send(step) {
      queue = queue.then(() => writer.step(step));
    },
    async result() {
      return (await queue) ?? { kind: 'failed', message: 'The backup was not finished.' };
    },
  };
}

/** A write that found a row the plan did not (added meanwhile by another tab or screen). */
function isConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'name' in error && error.name === 'ConstraintError';
}

/**
 * Adds every row in one IndexedDB transaction on the connection's own IDBDatabase (Dexie's bulk
 * add makes the same requests with its change tracking on top: about a fifth slower at 260,000
 * rows). Any failure (a key added meanwhile: ConstraintError) aborts it, so nothing is
 * written. Awaits nothing but IndexedDB.
 */
function addAll(idb: IDBDatabase, rows: Partial<Record<BackupTable | 'derivedPending', readonly Row[]>>): Promise<void> {
  const names = ([...backupTables, 'derivedPending'] as const).filter((name) => (rows[name]?.length ?? 0) > 0);
  if (names.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // A restore commits strictly (on the disk before it is reported done).
    const transaction = idb.transaction(names, 'readwrite', STRICT_TRANSACTION);
    transaction.oncomplete = () => resolve();
    transaction.onabort = () => reject(transaction.error ?? new DOMException('The restore was not written', 'AbortError'));
    try {
      for (const name of names) {
        const store = transaction.objectStore(name);
        // A supervisee still marked by an earlier restore stays marked (put); every record is added.
        if (name === 'derivedPending') for (const row of rows[name] ?? []) store.put(row);
        else for (const row of rows[name] ?? []) store.add(row);
      }
    } catch (error) {
      // A row IndexedDB cannot take: none of those already asked for may be committed.
      transaction.abort();
      reject(error);
    }
  });
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

/** One request in its own transaction: its result. */
function request<T>(idb: IDBDatabase, name: string, make: (store: IDBObjectStore) => IDBRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const asked = make(idb.transaction(name, 'readonly').objectStore(name));
    asked.onsuccess = () => resolve(asked.result as T);
    asked.onerror = () => reject(asked.error);
  });
}

/** Tells the app's live queries (Dexie's, over every connection) that these tables changed. */
function announceChanged(db: SupervisionDB, names: readonly BackupTable[]): void {
  const everything: ObservabilitySet = {};
  for (const name of names) {
    const prefix = `idb://${db.name}/${name}/`;
    for (const index of db.table(name).schema.indexes) if (index.name) everything[`${prefix}${index.name}`] = new RangeSet(-Infinity, [[[]]]);
    everything[prefix] = new RangeSet(-Infinity, [[[]]]);
  }
  Dexie.on.storagemutated.fire(everything);
}

/**
 * `keyring`: the keyring the database's rows are sealed with (null for a database without
 * encryption at rest). Backup reads and restore writes the stored rows through a connection of
 * their own and seal or open them in bulk with this keyring's key.
 */
export function createBackup(db: SupervisionDB, { now, keyring }: { now: () => Date; keyring: Keyring | null }) {
  const codec = bulkCodec(keyring);

  async function exportContent(): Promise<{ bytes: Uint8Array<ArrayBuffer>; notIncluded: NotIncludedV1[] } | 'too-many-records'> {
    // Opened at the version installed, never upgrading it: a backup can be made after a failed upgrade.
    const { raw, schemaOf } = await measured('connect', () => rawConnection(db, 'asInstalled'));
    const readStart = performance.now();
    const notIncluded: NotIncludedV1[] = [];
    // Each batch is opened (on WebCrypto's threads) as soon as it is read, while the browser reads the next.
    // A row that does not open is left out, reported, and named in the file (never its content).
    const batches = readInBatches(raw.backendDB(), async (name, rows) => {
      const schema = schemaOf(name);
      const { opened, unopened } = await codec.openBytesSkipping(schema, rows);
      for (const clear of unopened) {
        const key = String(clear[primaryKeyOf(name)]);
        db.damage.report({ table: name, key, clear, cause: 'sealed' });
        notIncluded.push({ table: name, key, what: damagedThing({ table: name, clear }) });
      }
      return opened;
    });
    void batches.done.finally(() => {
      record('read', readStart);
      raw.close();
    });
    const content = openContentWriter();
    content.send({ kind: 'begin', createdAt: now().toISOString() });
    await measured('read-and-open', async () => {
      for (const name of recordTables) {
        content.send({ kind: 'table', name });
        for await (const opened of batches.of(name)) content.send({ kind: 'rows', name, rows: opened });
      }
    });
    content.send({ kind: 'finish', notIncluded });
    const result = await measured('finish-content', () => content.result());
    if (result.kind === 'failed') throw new Error(result.message);
    return result.kind === 'done' ? { bytes: result.bytes, notIncluded: result.notIncluded } : 'too-many-records';
  }

  /** The backup's content as the app reads it (templates put back into their sessions). */
  function fromV2(backup: z.infer<typeof $BackupV2> | z.infer<typeof $BackupV3>): BackupContents {
    const sessions = backup.tables.sessions.map((row) => {
      const content = row['content'] as { template: number };
      return { ...row, content: { ...content, template: backup.templates[content.template] } };
    });
    return { createdAt: backup.createdAt, tables: { ...noDerivedRows, ...backup.tables, sessions } };
  }

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
      await measured('restore-read', () =>
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
      await measured('restore-compare-and-seal', async () => {
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
          if (name === 'sessions' && rebuildsDerived.has(backup)) added.sessions = missing.filter((row) => row['status'] !== 'copy');
        }
      });
      // Their derived rows are written after this transaction; until then they are marked missing.
      added.personIds = [...new Set(added.sessions.map((row) => String(row['personId'])))];
      const markedAt = now().toISOString();
      const restoreId = crypto.randomUUID();
      const marks = await codec.seal(raw.core.table('derivedPending').schema, added.personIds.map((personId) => ({ personId, markedAt, restoreId })));
      for (const mark of marks) added.marks.set(String(mark['personId']), mark);
      // One transaction, awaiting nothing but IndexedDB: every row is added, or none.
      await measured('restore-write', () => addAll(raw.backendDB(), { ...toAdd, derivedPending: marks }));
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
      if (!checked.success) throw new Error('A session could not be read to rebuild its actions.');
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
    await new Promise<void>((resolve, reject) => {
      const transaction = idb.transaction([...derivedTables, 'derivedPending'], 'readwrite');
      transaction.oncomplete = () => resolve();
      transaction.onabort = () => (transaction.error ? reject(transaction.error) : resolve());
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
    });
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
    return measured('restore-derived', () => Promise.all(written.map(settle)).then(() => undefined));
  }
  let derivedWrites: Promise<void> = Promise.resolve();

  return {
    /** Settles when the derived rows of the last restore here are written (or left marked). */
    derivedWritten(): Promise<void> {
      return derivedWrites;
    },

    /**
     * Every record on the device that opens, as one file sealed with the backup's passphrase;
     * `notIncluded`: the rows that did not open (left out, and named in the file too).
     */
    async export(passphrase: string, deps: BackupDeps = {}): Promise<ExportResult> {
      // Refused before the records are read, as sealing would refuse it after.
      if (Array.from(passphrase).length < MINIMUM_PASSPHRASE_LENGTH) return fail('passphrase-too-short');
      if (!globalThis.crypto?.subtle) return fail('crypto-unavailable');
      const content = await exportContent();
      if (content === 'too-many-records') return fail('too-many-records');
      const sealed = await measured('seal', () => backupFile.sealBytes(content.bytes, passphrase, deps));
      return sealed.ok ? { ...sealed, notIncluded: content.notIncluded } : sealed;
    },

    /** Opens and checks a backup file (version 1, 2 or 3) without writing anything. */
    async open(fileText: string, passphrase: string, deps: OpenDeps = {}): Promise<BackupResult<BackupContents, BackupOpenFailureReason>> {
      const opened = await measured('decrypt', () => backupFile.openBytes(fileText, passphrase, deps));
      if (!opened.ok) return opened;
      let plaintext: Uint8Array<ArrayBuffer>;
      if (opened.value.version === 1) plaintext = new Uint8Array(opened.value.plaintext);
      else {
        const unpacked = await measured('unpack', () => gunzip(opened.value.plaintext));
        if (unpacked === 'too-large') return fail('unpacked-too-large');
        if (unpacked === 'damaged') return fail('invalid-contents');
        plaintext = unpacked;
      }
      const json = await measured('parse', async () => {
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
        } catch {
          return null;
        }
        const parsed = parseJsonSafely(text);
        return parsed.ok ? parsed : null;
      });
      if (!json) return fail('invalid-contents');
      return measured('validate', async () => {
        if (opened.value.version === 1) {
          const v1 = $BackupV1.safeParse(json.value);
          return v1.success ? { ok: true, value: v1.data } : fail('invalid-contents');
        }
        if (opened.value.version === 2) {
          const v2 = $BackupV2.safeParse(json.value);
          return v2.success ? { ok: true, value: fromV2(v2.data) } : fail('invalid-contents');
        }
        const v3 = $BackupV3.safeParse(json.value);
        if (!v3.success) return fail('invalid-contents');
        const contents = fromV2(v3.data);
        rebuildsDerived.add(contents);
        return { ok: true, value: contents };
      });
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

export type Backup = ReturnType<typeof createBackup>;

export function backupFileName(date: string): string {
  return `supervision-backup-${date}${BACKUP_EXTENSION}`;
}
