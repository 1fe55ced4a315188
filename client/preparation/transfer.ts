/**
 * Moving a preparation between a supervisee's own devices with no server: the preparation
 * is exported to a file sealed with a passphrase, and imported on the other device.
 *
 * The file is JSON text (extension .sspf):
 *
 *   { format: 'safeguarding-supervision/preparation', version: 1,
 *     kdf: { name: 'PBKDF2', hash: 'SHA-256', iterations, salt },   salt: base64, 16 bytes
 *     cipher: { name: 'AES-GCM', iv },                               iv: base64, 12 bytes
 *     ciphertext }                                                   base64, tag included
 *
 * The key is PBKDF2-HMAC-SHA-256 of the passphrase (Unicode NFC, UTF-8) to an AES-GCM
 * 256-bit key; the plaintext is the canonical JSON (RFC 8785) of the preparation; the
 * additional data is the UTF-8 of JSON.stringify([format, version]), so a file cannot be
 * relabelled as another format or version without failing to decrypt. The salt and IV
 * are fresh for every export. The kdf parameters and IV need no binding of their own: any
 * change to them changes the key or the keystream, and decryption fails.
 *
 * The sealing itself is the shared passphrase file (client/crypto/passphraseFile.ts); this
 * module names the preparation's format, its size limit and its messages.
 */
import { $PreparationV1, type PreparationV1 } from '../../machines/model/preparation.ts';
import { sharingCopy } from '../content/sharingCopy.ts';
import {
  MINIMUM_PASSPHRASE_LENGTH,
  createPassphraseFile,
  type FileResult,
  type OpenDeps,
  type OpenFailureReason,
  type SealDeps,
  type SealFailureReason,
} from '../crypto/passphraseFile.ts';

export { MAXIMUM_ITERATIONS, MINIMUM_ITERATIONS, MINIMUM_PASSPHRASE_LENGTH } from '../crypto/passphraseFile.ts';

export const PREPARATION_FILE_FORMAT = 'safeguarding-supervision/preparation';
export const PREPARATION_FILE_VERSION = 1;
export const PREPARATION_FILE_EXTENSION = '.sspf';
/** Larger files are refused before they are parsed. The screen can check File.size first. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export const transferMessages = {
  ...sharingCopy.preparationFile,
  'passphrase-too-short': sharingCopy.preparationFile['passphrase-too-short'](MINIMUM_PASSPHRASE_LENGTH),
} as const;

export type ExportFailureReason = SealFailureReason;
export type ImportFailureReason = OpenFailureReason;
export type ExportResult = FileResult<string, ExportFailureReason>;
export type ImportResult = FileResult<PreparationV1, ImportFailureReason>;
export type ExportDeps = SealDeps;
export type ImportDeps = OpenDeps;

const preparationFile = createPassphraseFile<PreparationV1>({
  format: PREPARATION_FILE_FORMAT,
  version: PREPARATION_FILE_VERSION,
  maxBytes: MAX_FILE_BYTES,
  schema: $PreparationV1,
  messages: transferMessages,
});

export const $PreparationFileV1 = preparationFile.$Envelope;

/** The file's text for a preparation, sealed with the passphrase. */
export function exportPreparation(preparation: PreparationV1, passphrase: string, deps: ExportDeps = {}): Promise<ExportResult> {
  return preparationFile.seal(preparation, passphrase, deps);
}

/** The preparation in a file (see passphraseFile.ts for the order of the checks). */
export function importPreparation(fileText: string, passphrase: string, deps: ImportDeps = {}): Promise<ImportResult> {
  return preparationFile.open(fileText, passphrase, deps);
}

/**
 * A file name that says what the file is and which session it is for, and nothing about
 * who or which children: file names show up in download lists, shares and backups.
 */
export function preparationFileName(preparation: PreparationV1): string {
  const date = preparation.forDate || preparation.updatedAt.slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(date)
    ? `supervision-preparation-${date}${PREPARATION_FILE_EXTENSION}`
    : `supervision-preparation${PREPARATION_FILE_EXTENSION}`;
}
