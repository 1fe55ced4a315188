/**
 * What sharing says: a link through the share server, connecting two devices, signing on the other
 * party's device, and a preparation carried as a file. Kept apart from `copy` (and importing
 * nothing) like storageCopy.ts: the modules that give these results hold no screen's words, and
 * their screens meet them in the results' messages.
 */
export const sharingCopy = {
  /** A link through the share server failed (client/share/share.ts). */
  share: {
    unreachable: 'The server could not be reached. Nothing was sent, and the record on this device is unchanged. Check the connection and try again.',
    refused: 'The server refused the record. Nothing was sent. Try again; if it keeps happening, the record may be too large to send.',
    gone: 'This link has expired, has already been opened, or does not exist. Ask the sender for a new link.',
    notALink: 'This link is not complete: it needs the part after the last “/”. Ask the sender for the whole link.',
    damaged: 'What arrived could not be opened: the link’s key does not fit it, or it was changed on the way. Nothing has been imported.',
    notARecord: 'What arrived is not a supervision record or preparation this app can read. Nothing has been imported.',
    tooLarge: 'The record is too large to send through this server. Nothing was sent, and the record on this device is unchanged.',
    full: 'The server’s storage is full, so nothing was sent. Try again later; the record on this device is unchanged.',
    busy: 'The server has had too many requests from this device. Nothing was sent. Wait a minute, then try again.',
    revokeRefused: 'The server did not accept this link’s revoke key, so the link still works until it expires.',
    replyTaken: 'A reply has already been sent to this link, and it takes only one. Nothing more was sent.',
    replyRefused: 'The server did not accept this reply link’s key. Nothing was sent. Ask the sender for a new link.',
  },
  /** Connecting two devices (client/trust/connect.ts). */
  connect: {
    noProfile: 'Enter your name and job role on this device first: the other person’s device shows them when you connect.',
    noPerson: 'Choose whose supervision this connection is for.',
    notAnInvite: 'This link is not an invitation to connect devices from this app, or it has been changed. Nothing has been kept.',
    badSignature: 'This invitation’s signature does not match its key: it may have been changed on the way. Nothing has been kept.',
    samePerson: 'This invitation was made on this device. Open it on the other person’s device.',
    notAReply: 'What came back is not an answer to this invitation, or it has been changed on the way. Nothing has been kept. Make a new link.',
    expired: 'The invitation has expired or was withdrawn before the other device answered. Make a new link.',
    notComparing: 'There is nothing to confirm yet: the other device has not answered.',
  },
  /** Signing on the other party's device (client/trust/remoteSigning.ts). */
  remoteSigning: {
    noPin: (title: string) => `The ${title.toLowerCase()}’s device is not connected to this one. Connect your devices (at your supervision agreement) to sign on their device; you can still sign here together.`,
    noProfile: 'Enter your name and job role on this device first (“Your details and keys”): the other device shows who sent the record.',
    notForThisDevice: 'This request was not sent to this device, or it has been changed on the way: it cannot be opened here. Nothing has been kept.',
    unknownSender: (fingerprint: string) =>
      `This request is signed by a key this device does not know (key ${fingerprint}), so it has not been opened. If the sender has a new device, connect your devices again first.`,
    notConfirmedSender: (fingerprint: string) =>
      `This request comes from a key that is not pinned on this device (key ${fingerprint}): signer not confirmed. Connect your devices at your supervision agreement first, then open the link again.`,
    notYourRole: 'This request asks for a signature this device does not give: it is not the device of the person asked to sign.',
    notARequest: 'What arrived is not a request to sign a supervision record, or it has been changed on the way. Nothing has been kept.',
    badReply: 'The answer that came back could not be checked against the other party’s pinned key, or is not an answer to this request. It has been ignored; the request still waits.',
    badSealed: 'The sealed record that came back does not hold your signature as you gave it, or its signatures do not check. It has not been imported.',
    expired: 'The link has expired or was withdrawn before the other party answered. Send it again.',
    alreadySent: 'Your answer has already been sent.',
  },
  /** Why a preparation file could not be made or opened, by reason (client/preparation/transfer.ts). */
  preparationFile: {
    'passphrase-too-short': (minimum: number) => `Use a passphrase of at least ${minimum} characters.`,
    'invalid-value': 'This preparation could not be exported because part of it is not valid.',
    'file-too-large': 'This file is too large to be a supervision preparation (the limit is 5 MB).',
    'crypto-unavailable':
      'This browser cannot protect files with a passphrase here. Open the app from its secure (https) address and try again.',
    'not-this-kind-of-file': 'This file is not a supervision preparation.',
    'damaged-file': 'This file is damaged: it may have been cut short or changed. Export it again on the other device.',
    'newer-version': 'This file was made by a newer version of the app. Update the app on this device, then import it again.',
    'iterations-too-low':
      'This file is not protected strongly enough to be opened. Export it again from an up-to-date version of the app.',
    'wrong-passphrase-or-changed':
      'The passphrase is wrong, or the file has been changed since it was exported. The app cannot tell these apart: check the passphrase and try again, or export the file again.',
    'invalid-contents': 'The file’s contents are not a valid preparation.',
  },
} as const;
