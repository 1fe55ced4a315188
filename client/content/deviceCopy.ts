/**
 * The words of the device's lock and its database (client/db/vault.ts, atRest.ts,
 * databaseFaults.ts): they load with the lock's working half, so they are kept apart from `copy`
 * (and import nothing).
 */
export const deviceCopy = {
  vault: {
    tooShort: (minimum: number) => `Use a passphrase of at least ${minimum} characters.`,
    mismatch: 'The two passphrases are not the same.',
    wrong: 'That passphrase is not right. Try again.',
    exists: 'This device already has a passphrase.',
    none: 'This device has no passphrase yet.',
    damaged: 'The lock on this device is damaged and cannot be opened. Restore from a backup.',
    noCrypto: 'This browser cannot protect records here. Open the app from its secure (https) address.',
  },
  atRest: {
    locked: 'The app is locked: unlock it with your passphrase to read or save records.',
    notDecrypted: (table: string) => `A record in “${table}” could not be decrypted: it has been altered, or it belongs to another record.`,
    notRead: (table: string) => `A record in “${table}” could not be read.`,
  },
  /** The installed database is newer than this app (versions as Dexie counts them, over ten). */
  newerDatabase: (installed: number, ours: number) => `This device's database is at version ${installed}; this app knows versions up to ${ours}.`,
} as const;
