/**
 * People: the supervisees, group members and colleagues this device knows. Rows in, rows out:
 * everything read is parsed with zod; invalid input changes nothing.
 */
import { $PersonV1, type PersonRelation, type PersonV1 } from '../../machines/model/record.ts';
import { savingCopy } from '../content/savingCopy.ts';
import { readEach } from './damage.ts';
import type { SupervisionDB } from './db.ts';
import { firstMessage } from './parsing.ts';
import type { Result } from './result.ts';

export function createPeopleRepositories(db: SupervisionDB, { now, newId }: { now: () => Date; newId: () => string }) {
  const people = {
    /** Adds a person; without a relation they are a one-to-one supervisee. */
    async add(input: { name: string; role: string; relation?: PersonRelation }): Promise<Result<PersonV1>> {
      const parsed = $PersonV1.safeParse({ id: newId(), name: input.name, role: input.role, ...(input.relation ? { relation: input.relation } : {}) });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const { id, ...content } = parsed.data;
      await db.people.add({ id, updatedAt: now().toISOString(), content });
      return { ok: true, value: parsed.data };
    },
    /** Sets (or, given "", removes) a person's email address, used for calendar invitations. */
    async setEmail(id: string, email: string): Promise<Result<PersonV1>> {
      const row = await db.people.get(id);
      if (!row) return { ok: false, message: savingCopy.saving.noSuchPerson };
      const { email: _old, ...rest } = $PersonV1.parse({ id, ...row.content });
      const parsed = $PersonV1.safeParse(email.trim() ? { ...rest, email: email.trim() } : rest);
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const { id: _id, ...content } = parsed.data;
      await db.people.put({ ...row, updatedAt: now().toISOString(), content });
      return { ok: true, value: parsed.data };
    },
    /** Sets who a person is to you (a one-to-one session started with them makes them a supervisee). */
    async setRelation(id: string, relation: PersonRelation): Promise<Result<PersonV1>> {
      const row = await db.people.get(id);
      if (!row) return { ok: false, message: savingCopy.saving.noSuchPerson };
      const parsed = $PersonV1.safeParse({ ...$PersonV1.parse({ id, ...row.content }), relation });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const { id: _id, ...content } = parsed.data;
      await db.people.put({ ...row, updatedAt: now().toISOString(), content });
      return { ok: true, value: parsed.data };
    },
    async list(): Promise<PersonV1[]> {
      const rows = await db.people.toArray();
      return readEach(db, 'people', rows, (row) => $PersonV1.parse({ id: row.id, ...row.content }))
        .sort((a, b) => a.name.localeCompare(b.name));
    },
    async get(id: string): Promise<PersonV1 | undefined> {
      const row = await db.people.get(id);
      return row ? $PersonV1.parse({ id: row.id, ...row.content }) : undefined;
    },
    /**
     * Adds a person under the id another device files them by (a supervision's id is the same on
     * both devices: records travel with it). An id already here is left as it is.
     */
    async addAs(id: string, input: { name: string; role: string }): Promise<Result<PersonV1>> {
      const parsed = $PersonV1.safeParse({ id, name: input.name, role: input.role });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const existing = await people.get(id);
      if (existing) return { ok: true, value: existing };
      const { id: _id, ...content } = parsed.data;
      await db.people.add({ id, updatedAt: now().toISOString(), content });
      return { ok: true, value: parsed.data };
    },
    /**
     * Files a person under another id: the supervisor's device's id for the supervision, which the
     * supervisee's device takes when they connect (records travel filed by it). Their preparations
     * move with them. A person with anything else here that names their id (records, agreements,
     * appointments, a frequency rule, pins) is not moved: those name it in what was signed or agreed.
     */
    async moveTo(fromId: string, toId: string): Promise<Result<PersonV1>> {
      const tables = [db.sessions, db.agreements, db.appointments, db.pins] as const;
      return db.transaction('rw', [db.people, db.preparations, db.frequencyRules, ...tables], async (): Promise<Result<PersonV1>> => {
        const row = await db.people.get(fromId);
        if (!row) return { ok: false, message: savingCopy.saving.noSuchPerson };
        if (fromId === toId) return { ok: true, value: $PersonV1.parse({ id: toId, ...row.content }) };
        if (await db.people.get(toId)) return { ok: false, message: savingCopy.saving.personAlreadyHere };
        const held = await Promise.all(tables.map((table) => table.where('personId').equals(fromId).count()));
        if (held.some((count) => count > 0) || (await db.frequencyRules.get(fromId))) {
          return { ok: false, message: savingCopy.saving.personHoldsRecords };
        }
        await db.people.add({ ...row, id: toId });
        await db.people.delete(fromId);
        await db.preparations.where('personId').equals(fromId).modify({ personId: toId });
        return { ok: true, value: $PersonV1.parse({ id: toId, ...row.content }) };
      });
    },
  };
  return people;
}

export type PeopleRepositories = ReturnType<typeof createPeopleRepositories>;
