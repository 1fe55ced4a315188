/**
 * The escalation dialog's words and dictation's (components/EscalationDialog.tsx, DictateButton.tsx).
 * The lock screen opens the escalation dialog before anything is unlocked, so these import nothing
 * and do not load `copy` with it.
 */
export const escalationCopy = {
  /** Escalating an immediate concern (components/EscalationDialog.tsx). */
  escalation: {
    heading: 'Escalate an immediate concern',
    describeConcern: 'Describe the concern',
    raisedDuring: 'Raised during:',
    concern: 'What is the concern?',
    concernHint: 'Say what you saw or heard, about which child, and why it cannot wait.',
    action: 'What has been done, or will be done now?',
    actionHint: 'For example, who you have called or will call, and when.',
    record: 'Record the concern and return',
    leave: 'Return without recording',
  },
  /** Dictating into a field (components/DictateButton.tsx). */
  dictation: {
    start: 'Dictate',
    stop: 'Stop dictating',
    into: 'into',
    stopped: 'Dictation stopped',
    couldNotStart: 'Dictation could not start',
    couldNotStop: 'Dictation could not stop cleanly',
    notLocal: 'Dictation is switched off because this browser cannot promise to keep your speech on this device.',
    noSpeech: 'No speech was heard. Select Dictate and try again.',
    noMicrophone: 'No microphone was found, or it could not be used.',
    microphoneBlocked: 'Microphone access is blocked. Allow this site to use the microphone in your browser settings, then try again.',
    serviceNotAllowed: 'This browser did not allow speech recognition on this device.',
    languageNotSupported: 'Speech recognition for this language is not available on this device.',
    network: 'Dictation stopped because of a network problem.',
    aborted: 'Dictation was interrupted.',
    unknownError: 'unknown error',
    otherError: (detail: string) => `Dictation stopped because of an error: ${detail}.`,
  },
} as const;
