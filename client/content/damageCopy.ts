/**
 * The words for rows that could not be opened (a damaged or altered row at rest): what kind of
 * thing it was and, where the row's clear keys give one, its date. Never anything from the
 * encrypted content. Kept apart from copy.ts so storage code (backup) can use them without the
 * rest of the copy; copy.ts spreads them in as `copy.damage`.
 */
import { formatDate, formatInstantDate } from './format.ts';

/** The clear facts of a row that could not be opened: its table and its key fields (ids, dates, statuses). */
export type DamagedFacts = { table: string; clear: Readonly<Record<string, unknown>> };

const day = (value: unknown): string | null => {
  if (typeof value !== 'string' || value === '') return null;
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : formatInstantDate(value);
};
const of = (value: unknown) => (day(value) ? ` of ${day(value)}` : '');
const on = (word: string, value: unknown) => (day(value) ? ` ${word} ${day(value)}` : '');

/** "One record of 14 November 2026", "One person’s details"…: the thing, without the verb. */
export function damagedThing({ table, clear }: DamagedFacts): string {
  switch (table) {
    case 'people':
      return 'One person’s details';
    case 'sessions':
      if (clear['status'] === 'inProgress') return `One session in progress${of(clear['date'])}`;
      if (clear['status'] === 'copy') return `One copy restored from a backup, of a record${of(clear['date'])}`;
      return `One record${of(clear['date'])}`;
    case 'cases':
      return 'One case discussed in a record (it is rebuilt from the record where the record opens)';
    case 'actions':
      return `One action${on('due on', clear['dueDate'])}`;
    case 'signatures':
      return `One signature${on('given on', clear['signedAt'])}`;
    case 'snapshots':
      return `The saved progress of one session${on('saved on', clear['savedAt'])}`;
    case 'amendments':
      return `One amendment${on('made on', clear['madeAt'])}`;
    case 'preparations':
      return `One preparation${on('last changed on', clear['updatedAt'])}`;
    case 'groups':
      return 'One supervision group’s details';
    case 'groupSessions':
      return `One group session${of(clear['date'])}`;
    case 'agreements':
      return `One supervision agreement${on('last changed on', clear['updatedAt'])}`;
    case 'appointments':
      return `One appointment${on('on', clear['date'])}`;
    case 'frequencyRules':
      return 'One supervisee’s frequency rule';
    case 'practiceSessions':
      return `One practice session${on('last changed on', clear['updatedAt'])}`;
    case 'practiceScenarios':
      return 'One imported practice scenario';
    case 'recordSignatures':
      return `One record’s device signature${on('made on', clear['signedAt'])}`;
    case 'caseIndex':
      return 'One supervisee’s case index (it is rebuilt from the records)';
    case 'profile':
      return 'This device’s own details';
    case 'pins':
      return 'One key pinned to a party of a supervision';
    case 'chainHeads':
      return 'What the other party’s device last reported';
    case 'signatureRequests':
      return `One request for a signature${on('last changed on', clear['updatedAt'])}`;
    case 'connections':
      return 'One connection between devices under way';
    case 'childRecordChoices':
      return `The child-record entry choices of one record${on('last changed on', clear['updatedAt'])}`;
    default:
      return 'One item';
  }
}

export const damageCopy = {
  damage: {
    title: 'Some items on this device could not be opened',
    item: (facts: DamagedFacts) => `${damagedThing(facts)} could not be opened.`,
    explanation:
      'They may have been damaged on this device. They have been left exactly as they are, and everything else can be used as normal. Make a backup now: it keeps everything that opens, and lists what it could not include.',
    backupLink: 'Make a backup',
    notIncluded: (things: readonly string[]) =>
      `${things.length === 1 ? '1 item' : `${things.length} items`} could not be included: ${things.join('; ')}. They could not be opened on this device and have been left as they are.`,
  },
};
