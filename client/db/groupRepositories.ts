/**
 * Repositories for group supervision: groups, and their sessions with each session's saved
 * snapshot. Everything read is parsed with zod; a group session that is closed is never
 * rewritten.
 */
import { strictlyIf } from './durability.ts';
import { readEach } from './damage.ts';
import { $GroupSessionContentV1, $GroupV1, defaultGroundRules, defaultThemeVocabulary, type GroupSessionContentV1, type GroupV1 } from '../../machines/model/group.ts';
import type { PersonV1 } from '../../machines/model/record.ts';
import { $GroupSnapshotEnvelopeV1, groupEnvelopeOf, type GroupSnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';
import type { GroupSessionRow, SupervisionDB } from './db.ts';
import { savingCopy } from '../content/savingCopy.ts';
import { firstMessage } from './parsing.ts';
import type { Result } from './result.ts';

type Deps = { now: () => Date; newId: () => string; person: (id: string) => Promise<PersonV1 | undefined> };

export type StoredGroupSession = { row: GroupSessionRow; content: GroupSessionContentV1 };

export function createGroupRepositories(db: SupervisionDB, { now, newId, person }: Deps) {
  const groups = {
    async create(input: { name: string; facilitatorId: string; memberIds: string[]; groundRules?: string; vocabulary?: string[] }): Promise<Result<GroupV1>> {
      if (!(await person(input.facilitatorId))) return { ok: false, message: savingCopy.saving.chooseFacilitator };
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
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      await db.groups.add({ id: parsed.data.id, updatedAt: at, content: parsed.data });
      return { ok: true, value: parsed.data };
    },
    async save(group: GroupV1): Promise<Result<GroupV1>> {
      const parsed = $GroupV1.safeParse({ ...group, updatedAt: now().toISOString() });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
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
    /** Who has agreed the group's ground rules in any of its sessions here. */
    async agreedBefore(groupId: string): Promise<string[]> {
      const earlier = await db.groupSessions.where('groupId').equals(groupId).toArray();
      return [...new Set(readEach(db, 'groupSessions', earlier, (row) => $GroupSessionContentV1.parse(row.content)).flatMap((content) => content.agreement?.agreedBy ?? []))];
    },
    /** Saves the session as it stands; once closed it is kept as it was closed. */
    async save(content: GroupSessionContentV1, snapshot: unknown, closed: boolean): Promise<void> {
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
