/**
 * Backup and restore: every record on the device in one file sealed with a passphrase. Restoring
 * validates the file and every row with zod before anything is written, then adds in one
 * transaction only what is not here yet, keeping a record that differs here beside this device's
 * as a copy. A wrong passphrase or a damaged file changes nothing and says why. Export leaves out
 * a row that does not open here and names it in the file (`notIncluded`) and in its result.
 *
 * Device keys are not in a backup (they cannot leave the device): signatures already made stay
 * verifiable (each keeps its public key) and this device signs what it seals from then on.
 *
 * The parts: the file's format, its schemas and opening it (backupFormat.ts); making one
 * (backupExport.ts); restoring one (backupRestore.ts); raw IndexedDB beneath both (idb.ts); the
 * content's JSON and gzip (backupContent.ts, in a Worker). This module puts them together.
 */
import type { OpenDeps } from '../crypto/passphraseFile.ts';
import type { Keyring } from './atRest.ts';
import { bulkCodec } from './atRestBulk.ts';
import { exportBackup } from './backupExport.ts';
import { openBackup, type BackupContents, type BackupDeps, type BackupOpenFailureReason, type BackupResult, type ExportResult, type RestoreReport } from './backupFormat.ts';
import { createRestore } from './backupRestore.ts';
import type { SupervisionDB } from './db.ts';

export {
  $BackupV1,
  $BackupV2,
  $BackupV3,
  BACKUP_EXTENSION,
  BACKUP_FORMAT,
  BACKUP_VERSION,
  backupFileName,
  backupMessages,
  backupTables,
  MAX_BACKUP_BYTES,
  MAX_BACKUP_UNPACKED_BYTES,
  MAX_UNPACK_RATIO,
  recordTables,
} from './backupFormat.ts';
export type {
  BackupContents,
  BackupDeps,
  BackupOpenFailureReason,
  BackupResult,
  BackupSealFailureReason,
  BackupTable,
  BackupV1,
  ExportResult,
  NotIncludedV1,
  RestoreReport,
} from './backupFormat.ts';

/**
 * `keyring`: the keyring the database's rows are sealed with (null for a database without
 * encryption at rest). Backup reads and restore writes the stored rows through a connection of
 * their own and seal or open them in bulk with this keyring's key.
 */
export function createBackup(db: SupervisionDB, { now, keyring }: { now: () => Date; keyring: Keyring | null }) {
  const codec = bulkCodec(keyring);
  const restorer = createRestore(db, { codec, now });
  return {
    /** Settles when the derived rows of the last restore here are written (or left marked). */
    derivedWritten: (): Promise<void> => restorer.derivedWritten(),

    /**
     * Every record on the device that opens, as one file sealed with the backup's passphrase;
     * `notIncluded`: the rows that did not open (left out, and named in the file too).
     */
    export: (passphrase: string, deps: BackupDeps = {}): Promise<ExportResult> => exportBackup(db, codec, now, passphrase, deps),

    /** Opens and checks a backup file (version 1, 2 or 3) without writing anything. */
    open: (fileText: string, passphrase: string, deps: OpenDeps = {}): Promise<BackupResult<BackupContents, BackupOpenFailureReason>> => openBackup(fileText, passphrase, deps),

    /**
     * Adds what is not here yet, in one transaction; a record that differs here is kept as it is
     * here and the backup's beside it as a copy (see ARCHITECTURE.md, "Failure model"). Should
     * another screen add one of the rows meanwhile, the write adds nothing and the restore is
     * planned again.
     */
    restore: (backup: BackupContents): Promise<RestoreReport> => restorer.restore(backup),
  };
}

export type Backup = ReturnType<typeof createBackup>;
