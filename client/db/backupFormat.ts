/**
 * The backup file's format: its name, version and limits, the schemas every row and every
 * version's content must satisfy (1 and 2 still opened; 3 written), and opening a file: decrypt,
 * unpack (bounded), parse and validate, without writing anything.
 *
 * Every record on the device in one file sealed with a passphrase (the shared passphrase file:
 * PBKDF2-SHA-256 600,000 rounds → AES-GCM-256). Version 3: the content is JSON, gzip-compressed
 * (the browser's CompressionStream; the JSON is built and compressed in a Worker where there is
 * one: client/db/backupContent.ts), then sealed. It is the rows as the app reads them, except:
 * each distinct template is stored once (`templates`) and a session row's `content.template` is
 * its index there (restored as the very same template); the machine snapshots of signed sessions
 * are left out (a signed record opens on the record screen, never from its snapshot); and the rows
 * derived from the session records (cases, actions with their reviews, signatures:
 * client/db/derivedRows.ts) are left out (version 2 carried them; restore rebuilds them). It is
 * not canonical JSON: the file's integrity is AES-GCM's, and signed records keep their own hashes.
 * `notIncluded` names the rows the device that made it could not open.
 */
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
import { $DepartureV1, $DestructionEntryV1, $RetentionHoldV1 } from '../../machines/retention/retention.ts';
import { $PinV1 } from '../../machines/model/trust.ts';
import { $ChildRecordChoicesV1 } from '../../machines/record/childRecordChoices.ts';
import { parseJsonSafely } from '../crypto/encoding.ts';
import { createPassphraseFile, MINIMUM_PASSPHRASE_LENGTH, type OpenDeps, type OpenFailureReason, type SealDeps, type SealFailureReason } from '../crypto/passphraseFile.ts';
import { storageCopy } from '../content/storageCopy.ts';
import { phase } from '../perf/phases.ts';
import type { Row } from './atRestBulk.ts';
import { concat, MAX_BACKUP_UNPACKED_BYTES, type NotIncludedV1 } from './backupContent.ts';
import { $RestoredCopyV1 } from './restoredCopy.ts';
import { storesV16 } from './db.ts';
import { ownRowContentSchemas } from './ownRows.ts';
import { derivedTables, type DerivedTable } from './derivedRows.ts';

export const BACKUP_FORMAT = 'safeguarding-supervision/backup';
export const BACKUP_VERSION = 3;
export const BACKUP_EXTENSION = '.ssbk';
/** A decade of a busy supervisor's records fits well inside this (compressed, about a tenth of it). */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;
export { MAX_BACKUP_UNPACKED_BYTES };

/** What each failure says (client/content/storageCopy.ts). */
export const backupMessages = { ...storageCopy.backup, 'passphrase-too-short': storageCopy.backup['passphrase-too-short'](MINIMUM_PASSPHRASE_LENGTH) } as const;

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
export const rowSchemas = {
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

/** Each table's primary key, as the database declares it (the first field of its store). */
export const primaryKeyOf = (name: BackupTable): string => storesV16[name].split(',')[0]?.trim() ?? 'id';

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
export const noDerivedRows = Object.fromEntries(derivedTables.map((name) => [name, [] as Row[]])) as Record<DerivedTable, Row[]>;
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

export type Failure<R extends keyof typeof backupMessages> = { ok: false; reason: R; message: string };
export const fail = <R extends keyof typeof backupMessages>(reason: R): Failure<R> => ({ ok: false, reason, message: backupMessages[reason] });

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

/** The backup's content as the app reads it (templates put back into their sessions). */
export function fromV2(backup: z.infer<typeof $BackupV2> | z.infer<typeof $BackupV3>): BackupContents {
  const sessions = backup.tables.sessions.map((row) => {
    const content = row['content'] as { template: number };
    return { ...row, content: { ...content, template: backup.templates[content.template] } };
  });
  return { createdAt: backup.createdAt, tables: { ...noDerivedRows, ...backup.tables, sessions } };
}


/** Opens and checks a backup file (version 1, 2 or 3) without writing anything. */
export async function openBackup(fileText: string, passphrase: string, deps: OpenDeps = {}): Promise<BackupResult<BackupContents, BackupOpenFailureReason>> {
  const opened = await phase('backup:decrypt', () => backupFile.openBytes(fileText, passphrase, deps));
  if (!opened.ok) return opened;
  let plaintext: Uint8Array<ArrayBuffer>;
  if (opened.value.version === 1) plaintext = new Uint8Array(opened.value.plaintext);
  else {
    const unpacked = await phase('backup:unpack', () => gunzip(opened.value.plaintext));
    if (unpacked === 'too-large') return fail('unpacked-too-large');
    if (unpacked === 'damaged') return fail('invalid-contents');
    plaintext = unpacked;
  }
  const json = await phase('backup:parse', async () => {
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
  return phase('backup:validate', async () => {
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
}

/** Seals a backup's content (compressed JSON) with its passphrase. */
export function sealBackup(content: Uint8Array<ArrayBuffer>, passphrase: string, deps: SealDeps = {}) {
  return phase('backup:seal', () => backupFile.sealBytes(content, passphrase, deps));
}

/** Whether opened contents came from a version 3 file (its derived rows are to be rebuilt from its sessions). */
export function rebuildsDerivedRows(contents: BackupContents): boolean {
  return rebuildsDerived.has(contents);
}

export function backupFileName(date: string): string {
  return `supervision-backup-${date}${BACKUP_EXTENSION}`;
}
