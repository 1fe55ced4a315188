/**
 * Preparations: what a supervisee writes before a session, kept until they bring it. Everything
 * read is parsed with zod; an invalid preparation changes nothing.
 */
import { $PreparationV1, type PreparationV1 } from '../../machines/model/preparation.ts';
import type { PersonV1 } from '../../machines/model/record.ts';
import { savingCopy } from '../content/savingCopy.ts';
import { readEach } from './damage.ts';
import type { PreparationRow, SupervisionDB } from './db.ts';
import { firstMessage } from './parsing.ts';
import type { Result } from './result.ts';
import type { Stamps } from './sessionRows.ts';

export function createPreparationRepositories(db: SupervisionDB, { now, newId, people }: Stamps & { people: { get: (id: string) => Promise<PersonV1 | undefined> } }) {
  const preparations = {
    /** A new, empty preparation for a supervisee, saved at once. */
    async create(personId: string, forDate = ''): Promise<Result<PreparationV1>> {
      const person = await people.get(personId);
      if (!person) return { ok: false, message: savingCopy.saving.choosePreparationPerson };
      const at = now().toISOString();
      const preparation: PreparationV1 = {
        schema: 'preparation/v1',
        id: newId(),
        supervisee: { name: person.name, role: person.role },
        forDate,
        createdAt: at,
        updatedAt: at,
        issues: [],
        cases: [],
      };
      await db.preparations.add({ id: preparation.id, personId, status: 'draft', updatedAt: at, broughtInto: null, content: preparation });
      return { ok: true, value: preparation };
    },
    /** Saves what the supervisee has written (validated; an invalid preparation changes nothing). */
    async save(personId: string, preparation: PreparationV1): Promise<Result<PreparationV1>> {
      const parsed = $PreparationV1.safeParse({ ...preparation, updatedAt: now().toISOString() });
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const existing = await db.preparations.get(parsed.data.id);
      if (existing && existing.personId !== personId) return { ok: false, message: savingCopy.saving.preparationNotTheirs };
      await db.preparations.put({
        id: parsed.data.id,
        personId,
        status: existing?.status ?? 'draft',
        broughtInto: existing?.broughtInto ?? null,
        updatedAt: parsed.data.updatedAt,
        content: parsed.data,
      });
      return { ok: true, value: parsed.data };
    },
    async listFor(personId: string): Promise<PreparationRow[]> {
      const rows = await db.preparations.where('personId').equals(personId).toArray();
      return readEach(db, 'preparations', rows, (row) => ({ ...row, content: $PreparationV1.parse(row.content) })).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    },
    async get(id: string): Promise<PreparationRow | undefined> {
      const row = await db.preparations.get(id);
      return row ? { ...row, content: $PreparationV1.parse(row.content) } : undefined;
    },
    /** Marks a preparation brought into a session (the session has just been started with it). */
    async markBrought(id: string, sessionId: string): Promise<void> {
      await db.preparations.update(id, { status: 'brought', broughtInto: sessionId, updatedAt: now().toISOString() });
    },
    async remove(id: string): Promise<void> {
      await db.preparations.delete(id);
    },
  };
  return preparations;
}
