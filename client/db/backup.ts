/**
 * Backup and restore: every record on the device in one file sealed with a passphrase (the
 * shared passphrase file: PBKDF2-SHA-256 600,000 rounds → AES-GCM-256). Restoring validates the
 * file and every row with zod before anything is written, then adds in one transaction only
 * what is not here yet: importing the same backup twice duplicates nothing, and where this
 * device already holds a different version of a record, the local one is kept (and counted),
 * never overwritten. A wrong passphrase or a damaged file changes nothing and says why.
 *
 * Device keys are not in a backup (they cannot leave the device): signatures already made stay
 * verifiable (each keeps its public key) and this device signs what it seals from then on.
 */
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { $IsoInstant, $PersonV1, $SessionContentV1 } from '../../machines/model/record.ts';
import { $RecordTemplateV1 } from '../../machines/model/template.ts';
import { $PreparationV1 } from '../../machines/model/preparation.ts';
import { $AgreementV1 } from '../../machines/model/agreement.ts';
import { $GroupSessionContentV1, $GroupV1 } from '../../machines/model/group.ts';
import { $AppointmentV1 } from '../../machines/compliance/schedule.ts';
import { $ScenarioV1 } from '../../machines/practice/scenario.ts';
import { $PracticeContentV1 } from '../../machines/practice/state.ts';
import { createPassphraseFile, type FileResult, type OpenFailureReason, type SealFailureReason, MINIMUM_PASSPHRASE_LENGTH } from '../crypto/passphraseFile.ts';
import { storesV9, type SupervisionDB } from './db.ts';

export const BACKUP_FORMAT = 'safeguarding-supervision/backup';
export const BACKUP_VERSION = 1;
export const BACKUP_EXTENSION = '.ssbk';
/** A decade of a busy supervisor's records fits well inside this. */
export const MAX_BACKUP_BYTES = 256 * 1024 * 1024;

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
} as const;

const $Key = z.string().regex(/^[A-Za-z0-9_-]{1,128}$/, 'An opaque id');
const $Row = (fields: z.ZodRawShape) => z.looseObject(fields);
const content = <T extends z.ZodType>(schema: T) => z.object({ content: schema });

/** What each table's rows must be. Content is checked with the record's own schema where it has one. */
const rowSchemas = {
  people: $Row({ id: $Key, updatedAt: z.string() }).and(z.object({ content: z.unknown() })),
  sessions: $Row({ id: $Key, personId: $Key, status: z.enum(['inProgress', 'signed']), date: z.string(), updatedAt: z.string() }).and(
    content(z.strictObject({ template: $RecordTemplateV1, record: $SessionContentV1 })),
  ),
  cases: $Row({ id: $Key, sessionId: $Key, personId: $Key, content: z.record(z.string(), z.unknown()) }),
  actions: $Row({ id: $Key, sessionId: $Key, personId: $Key, status: z.string(), dueDate: z.string(), content: z.record(z.string(), z.unknown()) }),
  signatures: $Row({ id: $Key, sessionId: $Key, signedAt: z.string(), content: z.record(z.string(), z.unknown()) }),
  snapshots: $Row({ sessionId: $Key, savedAt: z.string(), envelope: z.record(z.string(), z.unknown()) }),
  amendments: $Row({ id: $Key, sessionId: $Key, madeAt: z.string(), content: z.record(z.string(), z.unknown()) }),
  preparations: $Row({ id: $Key, personId: $Key, status: z.string(), updatedAt: z.string() }).and(content($PreparationV1)),
  groups: $Row({ id: $Key, updatedAt: z.string() }).and(content($GroupV1)),
  groupSessions: $Row({ id: $Key, groupId: $Key, status: z.string(), date: z.string(), updatedAt: z.string() }).and(content($GroupSessionContentV1)),
  agreements: $Row({ id: $Key, personId: $Key, status: z.string(), reviewDue: z.string(), updatedAt: z.string() }).and(content($AgreementV1)),
  appointments: $Row({ id: $Key, personId: $Key, date: z.string(), status: z.string(), updatedAt: z.string() }).and(content($AppointmentV1)),
  frequencyRules: $Row({ personId: $Key, updatedAt: z.string(), content: z.record(z.string(), z.unknown()) }),
  practiceSessions: $Row({ id: $Key, status: z.string(), updatedAt: z.string() }).and(content($PracticeContentV1)),
  practiceScenarios: $Row({ id: $Key, updatedAt: z.string() }).and(content($ScenarioV1)),
  recordSignatures: $Row({ sessionId: $Key, personId: $Key, signedAt: z.string(), content: z.record(z.string(), z.unknown()) }),
} as const;
export type BackupTable = keyof typeof rowSchemas;
export const backupTables = Object.keys(rowSchemas) as BackupTable[];

/** Each table's primary key, as the database declares it (the first field of its store). */
const primaryKeyOf = (name: BackupTable): string => storesV9[name].split(',')[0]?.trim() ?? 'id';

const $RawRows = z.array(z.record(z.string(), z.unknown())).max(2_000_000).default([]);
const $Tables = z.strictObject(Object.fromEntries(backupTables.map((name) => [name, $RawRows])) as Record<BackupTable, typeof $RawRows>);

/**
 * Rows are checked with their table's schema but kept exactly as they were written: parsing must
 * not add a default to a signed record (its hash would no longer match).
 */
export const $BackupV1 = z
  .strictObject({ createdAt: $IsoInstant, tables: $Tables })
  .superRefine((backup, ctx) => {
    for (const name of backupTables) {
      const seen = new Set<string>();
      backup.tables[name].forEach((row, index) => {
        const checked = rowSchemas[name].safeParse(row);
        if (!checked.success) {
          ctx.addIssue({ code: 'custom', path: ['tables', name, index], message: `A row of ${name} is not valid: ${checked.error.issues[0]?.message ?? ''}` });
          return;
        }
        const key = String(row[primaryKeyOf(name)]);
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['tables', name, index], message: `The id ${key} appears twice in ${name}` });
        seen.add(key);
      });
    }
    for (const row of backup.tables.people) {
      const person = $PersonV1.safeParse({ ...(row['content'] as object), id: row['id'] });
      if (!person.success) ctx.addIssue({ code: 'custom', path: ['tables', 'people'], message: 'A person is not valid' });
    }
  });
export type BackupV1 = z.infer<typeof $BackupV1>;

const backupFile = createPassphraseFile<BackupV1>({
  format: BACKUP_FORMAT,
  version: BACKUP_VERSION,
  maxBytes: MAX_BACKUP_BYTES,
  schema: $BackupV1,
  messages: backupMessages,
});

export type RestoreReport = { added: number; alreadyHere: number; keptLocal: number };

export function createBackup(db: SupervisionDB, { now }: { now: () => Date }) {
  return {
    /** Every record on the device, opened, as one file sealed with the backup's passphrase. */
    async export(passphrase: string, deps: Parameters<typeof backupFile.seal>[2] = {}): Promise<FileResult<string, SealFailureReason>> {
      const tables: Record<string, unknown[]> = {};
      await db.transaction('r', backupTables.map((name) => db.table(name)), async () => {
        for (const name of backupTables) tables[name] = await db.table(name).toArray();
      });
      return backupFile.seal({ createdAt: now().toISOString(), tables } as BackupV1, passphrase, deps);
    },

    /** Opens and checks a backup file without writing anything. */
    open(fileText: string, passphrase: string, deps: Parameters<typeof backupFile.open>[2] = {}): Promise<FileResult<BackupV1, OpenFailureReason>> {
      return backupFile.open(fileText, passphrase, deps);
    },

    /** Adds what is not here yet, in one transaction; a record that differs here is kept as it is here. */
    async restore(backup: BackupV1): Promise<RestoreReport> {
      const report: RestoreReport = { added: 0, alreadyHere: 0, keptLocal: 0 };
      // The vault and device keys are never in a backup: they cannot leave the device.
      await db.transaction('rw', backupTables.map((name) => db.table(name)), async () => {
        for (const name of backupTables) {
          const table = db.table(name);
          for (const row of backup.tables[name]) {
            const existing: unknown = await table.get(row[primaryKeyOf(name)] as string);
            if (existing === undefined) {
              await table.add(row);
              report.added += 1;
            } else if (canonicalize(existing) === canonicalize(row)) report.alreadyHere += 1;
            else report.keptLocal += 1;
          }
        }
      });
      return report;
    },
  };
}

export type Backup = ReturnType<typeof createBackup>;

export function backupFileName(date: string): string {
  return `supervision-backup-${date}${BACKUP_EXTENSION}`;
}
