/** The words of the assistant's noticings (issue 21): the follow-up turn, the settings, the read-through. */
export const noticingsCopy = {
  turn: {
    /** Screen-reader and visible label for the assistant's turn in the stage's thread. */
    heading: 'The assistant asks',
    why: 'Why this matters:',
    source: (source: string) => `Source: ${source}`,
    answer: 'Answer',
    notNow: 'Not now',
    notRelevant: 'Not relevant, because…',
    answerLabel: (question: string) => `Your answer: ${question}`,
    reasonLabel: 'Why it is not relevant here',
    reasonHint: 'Your reason is recorded in the supervision record.',
    saveAnswer: 'Save answer',
    saveReason: 'Record the reason',
    cancel: 'Cancel',
    answerMissing: 'Write your answer, or choose “Not now”',
    reasonMissing: 'Write why this is not relevant here',
    answered: 'Answered',
    dismissed: 'Not relevant',
    neverBlocking: 'You can move on at any time: this question never stops you.',
  },
  readThrough: {
    heading: 'Questions the assistant asked that were left',
    lede: 'These were put aside or not answered. They are not in the record. You can sign without them.',
    item: (caseLabel: string, question: string, status: 'raised' | 'notNow') => `${caseLabel}: ${question} (${status === 'notNow' ? 'not now' : 'not answered'})`,
  },
  settings: {
    legend: 'The assistant’s noticings',
    hint: 'While a case is discussed, the assistant may ask one follow-up question at a time about what case reviews keep finding missing. Choose which it listens for. The record says which were on.',
    off: 'Turn the noticings off (the assistant asks nothing)',
    save: 'Save noticings',
    saved: 'Saved. New sessions use these noticings.',
    organisation: 'Your organisation’s template sets these unless you choose here.',
    failed: (message: string) => `The noticings could not be saved: ${message}`,
    inForce: (line: string) => `Now: ${line}`,
  },
  template: {
    legend: 'The assistant’s noticings',
    hint: 'Which follow-up questions the assistant may ask in sessions using this template. A supervisor’s own choice on the “You” screen replaces this for their sessions.',
    off: 'No noticings in sessions using this template',
  },
  record: {
    label: 'The assistant’s noticings',
  },
  debrief: {
    heading: 'Gaps a supervisor would notice',
    explored: 'You explored',
    unexplored: 'You left unexplored',
    none: 'None',
    asked: 'you asked about it',
    drawnOut: 'it came out in the conversation',
  },
} as const;
