/**
 * Repositories for group supervision: groups, and their sessions with each session's saved
 * snapshot. Everything read is parsed with zod; a group session that is closed is never
 * rewritten.
 */
import { strictlyIf } from './durability.ts';
import { readEach } from './damage.ts';
import type { Snapshot } from 'xstate';
import { $GroupSessionContentV1, $GroupV1, defaultGroundRules, defaultThemeVocabulary, type GroupMemberV1, type GroupSessionContentV1, type GroupV1 } from '../../machines/model/group.ts';
import type { PersonV1 } from '../../machines/model/record.ts';
import { $GroupSnapshotEnvelopeV1, groupEnvelopeOf, type GroupSnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';
import type { GroupSessionRow, SupervisionDB } from './db.ts';
import type { Result } from './repositories.ts';

type Deps = { now: () => Date; newId: () => string; person: (id: string) => Promise<PersonV1 | undefined> };

export type StoredGroupSession = { row: GroupSessionRow; content: GroupSessionContentV1 };

export function createGroupRepositories(db: SupervisionDB, { now, newId, person }: Deps) {
  const groups = {
    async create(input: { name: string; facilitatorId: string; memberIds: string[]; groundRules?: string; vocabulary?: string[] }): Promise<Result<GroupV1>> {
      if (!(await person(input.facilitatorId))) return { ok: false, message: 'Choose the facilitator' };
      const at = now().toISOString();
      const parsed = $GroupV1.safeParse({
        schema: 'group/v1',
        id: newId(),
        name: input.name,
        facilitatorId: input.facilitatorId,
        memberIds: [...new Set(input.memberIds.filter((id) => id !== input.facilitatorId))],
        groundRules: input.groundRules ?? defaultGroundRules,
        vocabulary: input.vocabulary ?? [...defaultThemeVocabulary],
        createdAt: at,
        updatedAt: at,
      });
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'That is not valid' };
      await db.groups.add({ id: parsed.data.id, updatedAt: at, content: parsed.data });
      return { ok: true, value: parsed.data };
    },
    async save(group: GroupV1): Promise<Result<GroupV1>> {
      const parsed = $GroupV1.safeParse({ ...group, updatedAt: now().toISOString() });
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'That is not valid' };
      await db.groups.put({ id: parsed.data.id, updatedAt: parsed.data.updatedAt, content: parsed.data });
      return { ok: true, value: parsed.data };
    },
    async list(): Promise<GroupV1[]> {
      const rows = await db.groups.toArray();
      return readEach(db, 'groups', rows, (row) => $GroupV1.parse(row.content)).sort((a, b) => a.name.localeCompare(b.name));
    },
    async get(id: string): Promise<GroupV1 | undefined> {
      const row = await db.groups.get(id);
      return row ? $GroupV1.parse(row.content) : undefined;
    },
  };

  const groupSessions = {
    /** Opens a session of a group: its members as they are today, who has agreed the ground rules before. */
    async create(input: { groupId: string; date: string }): Promise<Result<string>> {
      const group = await groups.get(input.groupId);
      if (!group) return { ok: false, message: 'Choose the group' };
      if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) return { ok: false, message: 'Enter the date of the session' };
      const toMember = async (id: string): Promise<GroupMemberV1 | null> => {
        const p = await person(id);
        return p ? { personId: p.id, name: p.name, role: p.role } : null;
      };
      const facilitator = await toMember(group.facilitatorId);
      if (!facilitator) return { ok: false, message: 'The group’s facilitator is no longer on this device' };
      const members = (await Promise.all([group.facilitatorId, ...group.memberIds].map(toMember))).filter((m): m is GroupMemberV1 => m !== null);
      const earlier = await db.groupSessions.where('groupId').equals(group.id).toArray();
      const previouslyAgreed = [...new Set(readEach(db, 'groupSessions', earlier, (row) => $GroupSessionContentV1.parse(row.content)).flatMap((content) => content.agreement?.agreedBy ?? []))];
      const sessionId = newId();
      const [{ createActor }, { groupSessionMachine }] = await Promise.all([import('xstate'), import('../../machines/group/groupSession.machine.ts')]);
      const actor = createActor(groupSessionMachine, {
        input: { sessionId, groupId: group.id, groupName: group.name, date: input.date, facilitator, members, previouslyAgreed, groundRules: group.groundRules, vocabulary: group.vocabulary },
      });
      actor.start();
      await groupSessions.save(actor.getSnapshot().context, actor.getPersistedSnapshot(), false);
      actor.stop();
      return { ok: true, value: sessionId };
    },
    /** Saves the session as it stands; once closed it is kept as it was closed. */
    async save(content: GroupSessionContentV1, snapshot: Snapshot<unknown>, closed: boolean): Promise<void> {
      const savedAt = now().toISOString();
      // Closing commits strictly; an open session's autosave, relaxed.
      await strictlyIf(closed, () => db.transaction('rw', [db.groupSessions, db.snapshots], async () => {
        const existing = await db.groupSessions.get(content.sessionId);
        if (existing?.status === 'closed') return;
        await db.snapshots.put({ sessionId: content.sessionId, savedAt, envelope: groupEnvelopeOf(snapshot, savedAt) });
        await db.groupSessions.put({ id: content.sessionId, groupId: content.groupId, status: closed ? 'closed' : 'open', date: content.date, updatedAt: savedAt, content });
      }));
    },
    async get(sessionId: string): Promise<StoredGroupSession | undefined> {
      const row = await db.groupSessions.get(sessionId);
      return row ? { row, content: $GroupSessionContentV1.parse(row.content) } : undefined;
    },
    async snapshot(sessionId: string): Promise<GroupSnapshotEnvelopeV1 | undefined> {
      const row = await db.snapshots.get(sessionId);
      const parsed = $GroupSnapshotEnvelopeV1.safeParse(row?.envelope);
      return parsed.success ? parsed.data : undefined;
    },
    async listFor(groupId: string): Promise<StoredGroupSession[]> {
      const rows = await db.groupSessions.where('groupId').equals(groupId).toArray();
      return readEach(db, 'groupSessions', rows, (row) => ({ row, content: $GroupSessionContentV1.parse(row.content) })).sort((a, b) => a.row.date.localeCompare(b.row.date));
    },
  };

  return { groups, groupSessions };
}
