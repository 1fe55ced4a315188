/**
 * The group repositories over fake-indexeddb: groups validated and stored with the default
 * ground rules and vocabulary; a session opened with the group's members as they are that
 * day and who has agreed the ground rules before; sessions saved and read back; a closed
 * session never rewritten; and no name in any key or index.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor, SimulatedClock, type Actor } from 'xstate';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { groupSessionMachine, type GroupSessionEvent } from '../../machines/group/groupSession.machine.ts';
import { groupInputOf, restoreGroupSession } from '../../client/live/groupSession.ts';
import { $GroupSessionContentV1, defaultGroundRules, defaultThemeVocabulary, type GroupV1 } from '../../machines/model/group.ts';
import type { PersonV1 } from '../../machines/model/record.ts';
import { createGroupSession } from '../../client/live/create.ts';

const fixedNow = '2026-11-18T10:00:00.000Z';
let db: SupervisionDB;
let repositories: Repositories;
let ids = 0;
beforeEach(() => {
  db = new SupervisionDB(`group-repo-${Math.random()}`);
  ids = 0;
  repositories = createRepositories(db, { now: () => new Date(fixedNow), newId: () => `id-${String(++ids).padStart(6, '0')}` });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

type GroupActor = Actor<typeof groupSessionMachine>;

async function person(name: string, role: string): Promise<PersonV1> {
  const added = await repositories.people.add({ name, role });
  if (!added.ok) throw new Error(added.message);
  return added.value;
}

async function group(facilitator: PersonV1, members: PersonV1[], name = 'Health visiting north'): Promise<GroupV1> {
  const created = await repositories.groups.create({ name, facilitatorId: facilitator.id, memberIds: members.map((m) => m.id) });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

async function openGroupSession(groupId: string, date: string): Promise<string> {
  const created = await createGroupSession(repositories, { groupId, date });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

/** The session's actor as the app opens it: the stored record, restored from its saved snapshot. */
async function resumeGroupSession(sessionId: string) {
  const stored = await repositories.groupSessions.get(sessionId);
  if (!stored) throw new Error(`No group session ${sessionId}`);
  const restored = restoreGroupSession(stored.content, await repositories.groupSessions.snapshot(sessionId));
  const actor: GroupActor = createActor(groupSessionMachine, { snapshot: restored.snapshot, input: groupInputOf(stored.content), clock: new SimulatedClock() }).start();
  const save = () => {
    const snapshot = actor.getSnapshot();
    return repositories.groupSessions.save(snapshot.context, actor.getPersistedSnapshot(), (snapshot.value as { agenda: unknown }).agenda === 'closed');
  };
  return { actor, save, kind: restored.kind };
}

type Marks = Record<string, 'present' | 'apologies' | 'absent'>;

/** The register marked, on to the agreement, the ground rules agreed with those present, and on to the consultations. */
function toConsultations(marks: Marks): GroupSessionEvent[] {
  return [
    ...Object.entries(marks).map(([personId, mark]): GroupSessionEvent => ({ type: 'attendance.marked', personId, mark })),
    { type: 'step.next' },
    { type: 'agreement.agreed', at: '2026-11-18T10:05:00.000Z' },
    { type: 'step.next' },
  ];
}

/** Marks the register, agrees the ground rules with those present, and saves. */
async function agreeWith(sessionId: string, marks: Marks): Promise<void> {
  const { actor, save } = await resumeGroupSession(sessionId);
  for (const event of toConsultations(marks)) actor.send(event);
  expect((actor.getSnapshot().value as { agenda: unknown }).agenda).toEqual({ consultations: 'choosing' });
  await save();
  actor.stop();
}

describe('groups', () => {
  it('refuses a group without a name, with a message, and stores nothing', async () => {
    // Arrange
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    // Act
    const result = await repositories.groups.create({ name: '   ', facilitatorId: ruth.id, memberIds: [] });
    // Assert
    expect(result).toEqual({ ok: false, message: 'Enter the group’s name' });
    expect(await db.groups.count()).toBe(0);
  });

  it('refuses a facilitator who is not on this device, and stores nothing', async () => {
    const priya = await person('Priya Shah', 'Health Visitor');

    const result = await repositories.groups.create({ name: 'Health visiting north', facilitatorId: 'person-nobody', memberIds: [priya.id] });

    expect(result).toEqual({ ok: false, message: 'Choose the facilitator' });
    expect(await db.groups.count()).toBe(0);
  });

  it('stores a group with the default ground rules and vocabulary, the facilitator not repeated among the members', async () => {
    // Arrange
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const priya = await person('Priya Shah', 'Health Visitor');
    // Act
    const result = await repositories.groups.create({ name: ' Health visiting north ', facilitatorId: ruth.id, memberIds: [priya.id, ruth.id, priya.id] });
    // Assert
    if (!result.ok) throw new Error(result.message);
    expect(result.value).toEqual({
      schema: 'group/v1',
      id: result.value.id,
      name: 'Health visiting north',
      facilitatorId: ruth.id,
      memberIds: [priya.id],
      groundRules: defaultGroundRules,
      vocabulary: [...defaultThemeVocabulary],
      createdAt: fixedNow,
      updatedAt: fixedNow,
    });
    expect(await repositories.groups.get(result.value.id)).toEqual(result.value);
    expect(await db.groups.get(result.value.id)).toEqual({ id: result.value.id, updatedAt: fixedNow, content: result.value });
  });

  it('keeps ground rules and a vocabulary given for the group', async () => {
    const ruth = await person('Ruth Okafor', 'Named Nurse');

    const result = await repositories.groups.create({ name: 'School nurses', facilitatorId: ruth.id, memberIds: [], groundRules: 'Our own rules', vocabulary: ['attendance'] });

    if (!result.ok) throw new Error(result.message);
    expect((await repositories.groups.get(result.value.id))?.groundRules).toBe('Our own rules');
    expect((await repositories.groups.get(result.value.id))?.vocabulary).toEqual(['attendance']);
  });
});

describe('group sessions', () => {
  it('refuses a session of an unknown group or without a date, and stores nothing', async () => {
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const g = await group(ruth, []);

    const unknown = await createGroupSession(repositories, { groupId: 'group-nobody', date: '2026-11-18' });
    const undated = await createGroupSession(repositories, { groupId: g.id, date: '' });

    expect(unknown).toEqual({ ok: false, message: 'Choose the group' });
    expect(undated).toEqual({ ok: false, message: 'Enter the date of the session' });
    expect(await db.groupSessions.count()).toBe(0);
  });

  it('opens with the facilitator and members as they are that day, the group’s rules and vocabulary, at the register', async () => {
    // Arrange
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const priya = await person('Priya Shah', 'Health Visitor');
    const g = await group(ruth, [priya]);
    // Act
    const sessionId = await openGroupSession(g.id, '2026-11-18');
    // Assert
    const stored = await repositories.groupSessions.get(sessionId);
    expect(stored?.row).toMatchObject({ id: sessionId, groupId: g.id, status: 'open', date: '2026-11-18', updatedAt: fixedNow });
    expect(stored?.content).toMatchObject({
      sessionId,
      groupId: g.id,
      groupName: 'Health visiting north',
      facilitator: { personId: ruth.id, name: 'Ruth Okafor', role: 'Named Nurse' },
      members: [
        { personId: ruth.id, name: 'Ruth Okafor', role: 'Named Nurse' },
        { personId: priya.id, name: 'Priya Shah', role: 'Health Visitor' },
      ],
      previouslyAgreed: [],
      groundRules: defaultGroundRules,
      vocabulary: [...defaultThemeVocabulary],
      attendance: {},
      agreement: null,
    });
    const { actor, kind } = await resumeGroupSession(sessionId);
    expect(kind).toBe('restored');
    expect(actor.getSnapshot().value).toEqual({ agenda: 'register', escalation: 'closed' });
    actor.stop();
  });

  it('keeps the members of a session as they were when it opened, when the group changes later', async () => {
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const priya = await person('Priya Shah', 'Health Visitor');
    const tom = await person('Tom Reed', 'School Nurse');
    const g = await group(ruth, [priya]);
    const sessionId = await openGroupSession(g.id, '2026-11-18');

    await repositories.groups.save({ ...g, memberIds: [priya.id, tom.id] });

    const stored = await repositories.groupSessions.get(sessionId);
    expect(stored?.content.members.map((m) => m.personId)).toEqual([ruth.id, priya.id]);
  });

  it('knows who agreed the ground rules at an earlier session: they are not new, a member who joined later is', async () => {
    // Arrange: Ruth and Priya agree at the first session (Sam sent apologies); Tom joins after it.
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const priya = await person('Priya Shah', 'Health Visitor');
    const sam = await person('Sam Hill', 'School Nurse');
    const tom = await person('Tom Reed', 'School Nurse');
    const g = await group(ruth, [priya, sam]);
    const first = await openGroupSession(g.id, '2026-10-21');
    await agreeWith(first, { [ruth.id]: 'present', [priya.id]: 'present', [sam.id]: 'apologies' });
    await repositories.groups.save({ ...g, memberIds: [priya.id, sam.id, tom.id] });
    // Act
    const second = await openGroupSession(g.id, '2026-11-18');
    await agreeWith(second, { [ruth.id]: 'present', [priya.id]: 'present', [sam.id]: 'present', [tom.id]: 'present' });
    // Assert
    const before = await repositories.groupSessions.get(first);
    const after = await repositories.groupSessions.get(second);
    expect(before?.content.previouslyAgreed).toEqual([]);
    expect(before?.content.agreement?.newMembers).toEqual([ruth.id, priya.id]);
    expect(after?.content.previouslyAgreed).toEqual([ruth.id, priya.id]);
    expect(after?.content.members.map((m) => m.personId)).toEqual([ruth.id, priya.id, sam.id, tom.id]);
    expect(after?.content.agreement?.newMembers).toEqual([sam.id, tom.id]);
  });

  it('a session of another group does not count as agreeing this group’s rules', async () => {
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const priya = await person('Priya Shah', 'Health Visitor');
    const north = await group(ruth, [priya]);
    const south = await group(ruth, [priya], 'Health visiting south');
    await agreeWith(await openGroupSession(north.id, '2026-10-21'), { [ruth.id]: 'present', [priya.id]: 'present' });

    const southSession = await openGroupSession(south.id, '2026-11-18');

    expect((await repositories.groupSessions.get(southSession))?.content.previouslyAgreed).toEqual([]);
  });

  it('saves and reads back the session and the step it was at', async () => {
    // Arrange
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const priya = await person('Priya Shah', 'Health Visitor');
    const g = await group(ruth, [priya]);
    const sessionId = await openGroupSession(g.id, '2026-11-18');
    const first = await resumeGroupSession(sessionId);
    const events: GroupSessionEvent[] = [
      ...toConsultations({ [ruth.id]: 'present', [priya.id]: 'present' }),
      { type: 'consultation.started', id: 'consult-0001', presenterId: priya.id, caseLabel: 'Baby Tilly', question: 'Is this neglect?', scribeId: null, at: Date.UTC(2026, 10, 18, 10, 6) },
      { type: 'theme.captured', theme: { id: 'theme-0001', text: 'Thresholds for neglect', tags: ['neglect'], capturedAt: '2026-11-18T10:10:00.000Z', consultationId: 'consult-0001' } },
    ];
    for (const event of events) first.actor.send(event);
    const content = first.actor.getSnapshot().context;
    // Act
    await first.save();
    first.actor.stop();
    // Assert
    const stored = await repositories.groupSessions.get(sessionId);
    expect(stored?.content).toEqual(content);
    expect(stored?.row).toEqual({ id: sessionId, groupId: g.id, status: 'open', date: '2026-11-18', updatedAt: fixedNow, content });
    expect((await repositories.groupSessions.snapshot(sessionId))?.savedAt).toBe(fixedNow);
    const second = await resumeGroupSession(sessionId);
    expect(second.kind).toBe('restored');
    expect(second.actor.getSnapshot().value).toEqual({ agenda: { consultations: 'consulting' }, escalation: 'closed' });
    expect(second.actor.getSnapshot().context).toEqual(content);
    second.actor.stop();
  });

  it('lists a group’s sessions by date', async () => {
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const g = await group(ruth, []);
    const later = await openGroupSession(g.id, '2026-11-18');
    const earlier = await openGroupSession(g.id, '2026-10-21');

    const listed = await repositories.groupSessions.listFor(g.id);

    expect(listed.map((s) => s.row.id)).toEqual([earlier, later]);
  });

  it('never rewrites a closed session: a later save changes neither the record nor its snapshot', async () => {
    // Arrange: a session closed and saved.
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const priya = await person('Priya Shah', 'Health Visitor');
    const g = await group(ruth, [priya]);
    const sessionId = await openGroupSession(g.id, '2026-11-18');
    await agreeWith(sessionId, { [ruth.id]: 'present', [priya.id]: 'present' });
    const running = await resumeGroupSession(sessionId);
    running.actor.send({ type: 'step.next' });
    running.actor.send({ type: 'learning.changed', text: 'As closed' });
    const stale = running.actor.getPersistedSnapshot();
    const staleContent = running.actor.getSnapshot().context;
    running.actor.send({ type: 'session.closed' });
    await running.save();
    running.actor.stop();
    const closed = await repositories.groupSessions.get(sessionId);
    const closedEnvelope = await repositories.groupSessions.snapshot(sessionId);
    // Act: a stale tab saves the open session over it, with changed content.
    await repositories.groupSessions.save({ ...staleContent, learning: 'Changed after closing' }, stale, false);
    // Assert
    expect(closed?.row.status).toBe('closed');
    expect(closed?.content.learning).toBe('As closed');
    expect(await repositories.groupSessions.get(sessionId)).toEqual(closed);
    expect(await repositories.groupSessions.snapshot(sessionId)).toEqual(closedEnvelope);
  });

  it('an open session is rewritten by a later save', async () => {
    const ruth = await person('Ruth Okafor', 'Named Nurse');
    const g = await group(ruth, []);
    const sessionId = await openGroupSession(g.id, '2026-11-18');
    const stored = await repositories.groupSessions.get(sessionId);
    if (!stored) throw new Error('Not stored');
    const { actor } = await resumeGroupSession(sessionId);

    await repositories.groupSessions.save({ ...stored.content, learning: 'Rewritten' }, actor.getPersistedSnapshot(), false);
    actor.stop();

    expect((await repositories.groupSessions.get(sessionId))?.content.learning).toBe('Rewritten');
  });
});

describe('keys and indexes of groups and group sessions', () => {
  it('hold no name, case label or theme, while the content holds them', async () => {
    // Arrange: every name unusual enough to be found anywhere it leaks.
    const facilitator = await person('Ottoline Marchbanks', 'Named Nurse');
    const member = await person('Zebedee Quillfeather', 'Health Visitor');
    const g = await group(facilitator, [member], 'Marigold Lane Practitioners');
    const sessionId = await openGroupSession(g.id, '2026-11-18');
    const { actor, save } = await resumeGroupSession(sessionId);
    const events: GroupSessionEvent[] = [
      ...toConsultations({ [facilitator.id]: 'present', [member.id]: 'present' }),
      { type: 'consultation.started', id: 'consult-0001', presenterId: member.id, caseLabel: 'Baby Wolfgang Pemberton', question: 'Is Wolfgang safe?', scribeId: null, at: Date.UTC(2026, 10, 18, 10, 6) },
      { type: 'theme.captured', theme: { id: 'theme-0001', text: 'Pemberton family thresholds', tags: ['neglect'], capturedAt: '2026-11-18T10:10:00.000Z', consultationId: 'consult-0001' } },
    ];
    for (const event of events) actor.send(event);
    // Act
    await save();
    actor.stop();
    // Assert
    const secrets = ['Ottoline', 'Marchbanks', 'Zebedee', 'Quillfeather', 'Marigold', 'Wolfgang', 'Pemberton', 'Health Visitor', 'Named Nurse'];
    for (const table of [db.groups, db.groupSessions]) {
      const keyPaths = [table.schema.primKey, ...table.schema.indexes].map((i) => i.keyPath).filter((k): k is string | string[] => k !== undefined && k !== null);
      const rows = (await table.toArray()) as unknown as Record<string, unknown>[];
      expect(rows.length, table.name).toBeGreaterThan(0);
      for (const row of rows) {
        for (const keyPath of keyPaths) {
          for (const path of Array.isArray(keyPath) ? keyPath : [keyPath]) {
            const value = JSON.stringify(row[path] ?? null);
            for (const secret of secrets) expect(value, `${table.name}.${path}`).not.toContain(secret);
          }
        }
      }
    }
    // ...while the content really is stored (the scan would pass vacuously otherwise).
    expect(JSON.stringify(await db.groups.toArray())).toContain('Marigold');
    const sessions = JSON.stringify(await db.groupSessions.toArray());
    for (const kept of ['Marchbanks', 'Quillfeather', 'Marigold', 'Pemberton']) expect(sessions).toContain(kept);
    expect(JSON.stringify(await db.snapshots.toArray())).toContain('Wolfgang');
    expect($GroupSessionContentV1.parse((await db.groupSessions.get(sessionId))?.content).sessionId).toBe(sessionId);
  });
});
