/**
 * A generated dataset, deterministic from a seed: a busy supervisor's years of work written
 * through the real repositories (people, signed Derby Appendix 3 records with cases and actions,
 * each reviewing the previous session's actions), so it is a realistic demo and test fixture.
 * The full size (issue 8) is 40 supervisees, 20,000 sessions, 60,000 case discussions and
 * 100,000 actions; tests use a small size. Fictional throughout: names and words come from the
 * seeded lists below.
 *
 * Every record's content (ids, dates, words, hashes) is a function of the seed, given
 * repositories whose `newId` is deterministic too (people get their ids from it); the device
 * signatures made as each record is saved are not (ECDSA signatures are randomised).
 */
import { createActor } from 'xstate';
import type { Snapshot } from 'xstate';
import type { Repositories } from '../../client/db/repositories.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import type { ActionV1, CaseDiscussionV1, PreviousActionV1, SessionContentV1 } from '../../machines/model/record.ts';
import { sectionsFor } from '../../machines/model/template.ts';
import { createSessionMachine } from '../../machines/session/session.machine.ts';
import { findTemplate } from '../../machines/templates/index.ts';
import { addDays } from '../../machines/compliance/dates.ts';
import { groupSessionMachine } from '../../machines/group/groupSession.machine.ts';
import { loadNamesLanguage } from '../../machines/review/namesLanguage.ts';
import { groupInputOf } from '../../client/live/groupSession.ts';

import type { DatasetSize } from './size.ts';
import { createGroupSession } from '../../client/live/create.ts';
export { FULL_SIZE, type DatasetSize } from './size.ts';

export type DatasetSummary = {
  supervisees: number;
  sessions: number;
  cases: number;
  actions: number;
  groupSessions: number;
  firstDate: string;
  lastDate: string;
  caseLabels: string[];
};

/** Supervisees a group of five is drawn from (the first five, or all when fewer). */
const GROUP_SIZE = 5;
const themeWords = ['thresholds', 'neglect', 'exploitation', 'domestic abuse', 'escalation', 'workload', 'information sharing'];

/** mulberry32: small, fast and deterministic; not for anything secret. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const first = ['Alex', 'Bea', 'Cal', 'Dee', 'Eli', 'Fran', 'Gus', 'Hana', 'Ivo', 'Jo', 'Kit', 'Lou', 'Mo', 'Nia', 'Oli', 'Pat', 'Quin', 'Ria', 'Sol', 'Tam'];
const last = ['Ash', 'Birch', 'Cedar', 'Dale', 'Elm', 'Fern', 'Glen', 'Heath', 'Ivy', 'Jay', 'Kerr', 'Lark', 'Moor', 'Nash', 'Oak', 'Pine', 'Reed', 'Shaw', 'Thorn', 'Vale'];
const roles = ['Health Visitor', 'School Nurse', 'Midwife', 'Social Worker', 'Designated Safeguarding Lead'];
const children = ['Baby', 'Toddler', 'Child', 'Young person'];
/** Fictional concerns the generated records discuss (the typing bench's seeder uses them too). */
export const concerns = [
  'missed health appointments and a home that was cold',
  'bruising the parents explained differently twice',
  'school attendance falling and new older friends',
  'a parent who minimises arguments at home',
  'a baby not brought to the development review',
  'a move of placement with little notice',
];
const plans = ['Refer to children’s social care', 'Ask the GP for the chronology', 'Complete the Graded Care Profile', 'Share information with the school DSL', 'Book a joint visit'];
const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const pick = <T,>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
const id = (prefix: string, ...parts: number[]) => `${prefix}-${parts.map((p) => p.toString(36).padStart(4, '0')).join('-')}`;

/**
 * Writes the dataset through the repositories. `start` is the first session's date; each
 * supervisee is seen about every week from then (spread so 500 sessions make about a decade).
 */
export async function generateDataset(
  repositories: Repositories,
  options: { seed: number; size: DatasetSize; start?: string; onProgress?: (done: number, total: number) => void },
): Promise<DatasetSummary> {
  const random = seededRandom(options.seed);
  const { size } = options;
  const template = findTemplate('derby-derbyshire-appendix-3');
  if (!template) throw new Error('The Derby template is shipped');
  const sessionType = 'safeguarding-supervision';
  const sections = sectionsFor(template, sessionType);
  const freeText = sections.filter((s) => s.collects.kind === 'freeText').map((s) => s.id);
  const start = options.start ?? '2016-11-01';
  const total = size.supervisees * size.sessionsPerSupervisee;
  const caseLabels = new Set<string>();
  let sessions = 0;
  let cases = 0;
  let actions = 0;
  let lastDate = start;
  const personIds: string[] = [];

  for (let p = 0; p < size.supervisees; p++) {
    const name = `${pick(random, first)} ${pick(random, last)}`;
    const role = pick(random, roles);
    const added = await repositories.people.add({ name, role });
    if (!added.ok) throw new Error(added.message);
    const personId = added.value.id;
    personIds.push(personId);
    // The supervisee's own caseload: labels recur across sessions, as real cases do.
    const caseload = Array.from({ length: 12 }, (_, c) => `${pick(random, children)} ${String.fromCharCode(65 + ((p + c) % 26))}${c}-${p}`);
    let open: PreviousActionV1[] = [];

    for (let s = 0; s < size.sessionsPerSupervisee; s++) {
      const date = addDays(start, s * 7 + (p % 5));
      const sessionId = id('session', options.seed, p, s);
      const input = {
        sessionId,
        sessionType,
        date,
        parties: { supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' }, supervisee: { personId, name, role } },
        previousActions: open,
      };
      const actor = createActor(createSessionMachine(template, sessionType), { input });
      const base = actor.getSnapshot().context;
      const discussed: CaseDiscussionV1[] = Array.from({ length: size.casesPerSession }, (_, c) => {
        const label = pick(random, caseload);
        caseLabels.add(label);
        const concern = pick(random, concerns);
        return {
          id: id('case', options.seed, p, s, c),
          label,
          chosenBy: c === 0 ? 'supervisor' : 'supervisee',
          stages: {
            experience: { notes: `Seen on ${date}: ${concern}.` },
            reflection: { notes: `I felt worried because of ${concern}.` },
            analysis: { notes: `The risk is rising because ${concern} has continued.` },
            actionPlanning: { notes: `${pick(random, plans)} by the end of the week.` },
          },
          skipped: {},
          complete: true,
        };
      });
      const agreed: ActionV1[] = Array.from({ length: size.actionsPerSession }, (_, a) => ({
        id: id('action', options.seed, p, s, a),
        what: `${pick(random, plans)} for ${discussed[a % discussed.length]?.label ?? 'the family'}`,
        owner: a % 4 === 3 ? { kind: 'supervisor', name: '' } : { kind: 'supervisee', name: '' },
        dueDate: addDays(date, 7 + Math.floor(random() * 21)),
        caseId: discussed[a % discussed.length]?.id ?? null,
      }));
      const reviews = Object.fromEntries(open.map((action) => [action.id, { outcome: random() < 0.9 ? ('done' as const) : ('notDone' as const), reason: 'Overtaken by the plan agreed today', newDueDate: '' }]));
      const signedAt = `${date}T11:00:00.000Z`;
      const record: SessionContentV1 = {
        ...base,
        answers: Object.fromEntries(freeText.map((section) => [section, `Discussed on ${date}: ${pick(random, concerns)}; agreed to keep under review because it affects the plan.`])),
        reviews,
        cases: discussed,
        actions: agreed,
        nextMeeting: { date: addDays(date, 7), time: '10:00', venue: 'Health centre' },
        signatures: {
          supervisor: { role: 'supervisor', fullName: 'Sam Supervisor', drawing: pixel, signedAt },
          supervisee: { role: 'supervisee', fullName: name, drawing: pixel, signedAt },
        },
        furthestSection: sections.length - 1,
      };
      record.contentHash = contentHashOf(signedContentOf(record));
      await repositories.sessions.save(template, record, { status: 'done', output: undefined, error: undefined } as Snapshot<unknown>);
      open = agreed.map((action) => ({
        id: action.id,
        what: action.what,
        ownerLabel: action.owner.kind === 'supervisor' ? 'Supervisor' : 'Supervisee',
        dueDate: action.dueDate,
        raisedOn: date,
        caseLabel: discussed.find((c) => c.id === action.caseId)?.label ?? null,
        timesCarriedForward: 0,
      }));
      sessions += 1;
      cases += discussed.length;
      actions += agreed.length;
      if (date > lastDate) lastDate = date;
      options.onProgress?.(sessions, total);
    }
  }
  const groupSessions = await generateGroupSessions(repositories, random, personIds, size.groupSessions, start);
  return { supervisees: size.supervisees, sessions, cases, actions, groupSessions, firstDate: start, lastDate, caseLabels: [...caseLabels].sort() };
}

/**
 * Group sessions run through the real group session machine and saved as its screen saves them:
 * everyone present, the agreement made, two consultations through all five phases, three themes,
 * the learning, closed. Fortnightly from `start`.
 */
async function generateGroupSessions(repositories: Repositories, random: () => number, personIds: readonly string[], count: number, start: string): Promise<number> {
  if (count === 0 || personIds.length < 2) return 0;
  const [facilitatorId, ...rest] = personIds.slice(0, GROUP_SIZE) as [string, ...string[]];
  // Closing checks the themes for names: their language analysis is loaded first, as the screen's load does.
  await loadNamesLanguage();
  const group = await repositories.groups.create({ name: 'Locality safeguarding group', facilitatorId, memberIds: rest });
  if (!group.ok) throw new Error(group.message);
  for (let g = 0; g < count; g++) {
    const date = addDays(start, g * 7);
    const created = await createGroupSession(repositories, { groupId: group.value.id, date });
    if (!created.ok) throw new Error(created.message);
    const stored = await repositories.groupSessions.get(created.value);
    if (!stored) throw new Error('The group session was not saved');
    const actor = createActor(groupSessionMachine, { input: groupInputOf(stored.content) }).start();
    const at = Date.parse(`${date}T10:00:00Z`);
    for (const member of stored.content.members) actor.send({ type: 'attendance.marked', personId: member.personId, mark: 'present' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'agreement.agreed', at: new Date(at).toISOString() });
    actor.send({ type: 'step.next' });
    for (let c = 0; c < 2; c++) {
      const presenterId = rest[(g + c) % rest.length] as string;
      actor.send({ type: 'consultation.started', id: id('consult', g, c), presenterId, caseLabel: `${pick(random, children)} G${g}-${c}`, question: 'What am I missing?', scribeId: null, at });
      const consultation = actor.getSnapshot().children.consultation;
      if (!consultation) throw new Error('The consultation did not start');
      consultation.send({ type: 'notes.changed', phase: 'actions', text: 'No actions needed: the plan stands.' });
      for (let phase = 0; phase < 5; phase += 1) consultation.send({ type: 'phase.next', at: at + (phase + 1) * 60_000 });
    }
    for (let t = 0; t < 3; t++) {
      actor.send({ type: 'theme.captured', theme: { id: id('theme', g, t), text: `Practice on ${pick(random, themeWords)} across the locality`, tags: [pick(random, themeWords)], capturedAt: new Date(at).toISOString(), consultationId: null } });
    }
    actor.send({ type: 'step.next' });
    actor.send({ type: 'learning.changed', text: 'Share the escalation route with new staff.' });
    actor.send({ type: 'session.closed' });
    const snapshot = actor.getSnapshot();
    // A machine that stopped on an error (a guard that threw) would be saved open, silently: never.
    if (snapshot.status !== 'active' || (snapshot.value as { agenda: unknown }).agenda !== 'closed') throw new Error(`Group session ${g + 1} did not close (${snapshot.status})`);
    await repositories.groupSessions.save(snapshot.context, actor.getPersistedSnapshot(), true);
    actor.stop();
  }
  return count;
}
