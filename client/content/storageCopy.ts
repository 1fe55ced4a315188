/**
 * The storage layer's words (client/db/): what a backup, a restore, a file or a failed read or
 * write says to the person using the app. Kept apart from `copy` so the storage modules do not load
 * every screen's words; `copy` includes them.
 */
import { MINIMUM_PASSPHRASE_LENGTH } from '../crypto/passphraseFile.ts';

export const storageCopy = {
  /** Why a backup could not be made or opened, by reason (client/db/backupFormat.ts). */
  backup: {
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
    },
  /** Failures while reading or writing the database's rows directly (idb.ts, backupExport.ts, backupRestore.ts). */
  failures: {
    recordsNotRead: 'The records could not be read.',
    restoreNotWritten: 'The restore was not written.',
    derivedNotWritten: 'The actions, cases and signatures rebuilt from the restored records were not written.',
    backupNotWritten: (why: string) => `The backup could not be written: ${why}`,
    backupNotFinished: 'The backup was not finished.',
    sessionUnreadable: 'A session could not be read to rebuild its actions.',
  },
} as const;
