/**
 * The storage layer's words (client/db/): what a backup, a restore, a file or a failed read or
 * write says to the person using the app. Kept apart from `copy` so the storage modules do not load
 * every screen's words (and import nothing: backupContent.ts runs in a Worker). Screens meet them
 * in the results and errors the storage modules give.
 */
export const storageCopy = {
  /** Why a backup could not be made or opened, by reason (client/db/backupFormat.ts). */
  backup: {
    'passphrase-too-short': (minimum: number) => `Use a passphrase of at least ${minimum} characters for the backup.`,
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
  /** Retention, leaving and destruction (client/db/retentionRepositories.ts). */
  retention: {
    enterLeftOn: 'Enter the date they left',
    leftOnInFuture: 'The date they left cannot be in the future',
    noSuchPerson: 'There is no such person on this device',
    yearsInvalid: 'Enter each period as a whole number of years from 1 to 100',
    notValid: 'That is not valid',
    notDue: 'That record is not due for review',
    unknownSupervisee: 'Unknown supervisee',
    practiceOwner: 'Practice (training)',
    sessionHeading: (date: string) => `Supervision record, ${date}`,
    agreementHeading: (date: string) => `Supervision agreement, ${date}`,
    preparationHeading: (date: string) => `Preparation, ${date}`,
    groupSessionHeading: (date: string) => `Group supervision record, ${date}`,
    practiceHeading: (date: string) => `Practice session (training), ${date}`,
    unnamedUser: 'This device’s user (no name set on this device)',
    destructionTitle: 'Records due for destruction',
    exportFirst: 'Download the export of these records before destroying them',
    chooseRecords: 'Choose the records to destroy',
    notPastPeriod: 'A record chosen is not past its retention period, so nothing was destroyed',
    personHeading: 'Person details',
    arrangementsHeading: 'Appointments and frequency',
    subjectAccessTitle: 'Subject access export',
  },
  /** The warning at the top of every export of records (client/db/subjectAccess.ts; also on screen before it is made). */
  redactionWarning:
    'Review and redact this document before you disclose it to anyone. Supervision records name other children, families and professionals: remove every detail about anyone other than the person who asked, and anything whose disclosure could cause serious harm, following your organisation’s subject access procedure.',
  /** Appointments and frequency rules (client/db/scheduleRepositories.ts). */
  schedule: {
    notValid: 'That is not valid',
    appointmentUnreadable: (why: string) => `An appointment saved on this device could not be read: ${why}`,
    ruleUnreadable: (why: string) => `The frequency rule saved on this device could not be read: ${why}`,
    chooseSupervisee: 'Choose the supervisee',
    noSuchAppointment: 'There is no such appointment',
    onlyBookedHeld: 'Only a booked appointment can be marked as held',
    sayWhoCancelled: 'Say who cancelled',
    sayWhyCancelled: 'Say why it was cancelled',
    onlyBookedCancelled: 'Only a booked appointment can be cancelled',
    onlyCancelledRebooked: 'Only a cancelled appointment can be rebooked',
    alreadyRebooked: 'This appointment has already been rebooked',
  },
  /** Keys, pins and this device's details (client/db/trustRepositories.ts). */
  trust: {
    keyChanged: (name: string) => `${name}’s key on this device is different. Compare the new safety number with ${name} and confirm the change before it can be pinned.`,
    notThisPerson: 'That key is this device’s own: it cannot be pinned to another person.',
    detailsUnreadable: 'Your details on this device could not be read.',
    enterName: 'Enter your full name',
  },
  /** The owner of an action that names nobody (client/db/derivedRows.ts). */
  noOwner: 'No owner',
  /** Writing a backup's content (client/db/backupContent.ts). */
  noTemplate: 'A session could not be backed up: it has no template.',
} as const;
