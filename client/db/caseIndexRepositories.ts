/**
 * Each supervisee's case index: one row per supervisee (their id as its key), its content the
 * case labels discussed in their signed records, with each record's id and date.
 */
import { z } from 'zod';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import type { CaseIndexEntry, SupervisionDB } from './db.ts';
import { signedOf, type Derived } from './sessionRows.ts';

const $CaseIndexContent = z.strictObject({ version: z.literal(1), entries: z.array(z.tuple([z.string(), z.string(), z.string()])) });

/** A signed record's entries in its supervisee's case index (cases without a label are not findable). */
export function caseIndexEntriesOf(record: SessionContentV1): CaseIndexEntry[] {
  return record.cases.flatMap((c): CaseIndexEntry[] => (c.label.trim() === '' ? [] : [[c.label.trim(), record.sessionId, record.date]]));
}

export function createCaseIndexRepositories(db: SupervisionDB, { now, derived }: { now: () => Date; derived: Derived }) {
  /**
   * Each supervisee's case index: where each case label was discussed in their signed records.
   * Kept as records are signed; a supervisee whose records were written before it existed (or
   * restored from a backup) has none until the first search builds it from their case rows.
   */
  const caseIndex = {
    /** Called in the transaction that seals a record. */
    async addSigned(personId: string, record: SessionContentV1, at: string): Promise<void> {
      const entries = caseIndexEntriesOf(record);
      const existing = await db.caseIndex.get(personId);
      if (existing) {
        const kept = existing.content.entries.filter((entry) => entry[1] !== record.sessionId);
        await db.caseIndex.put({ personId, updatedAt: at, content: { version: 1, entries: [...kept, ...entries] } });
      } else if ((await signedOf(db, personId).count()) === 1) {
        // Their first signed record: the index is complete with it alone.
        await db.caseIndex.put({ personId, updatedAt: at, content: { version: 1, entries } });
      }
    },

    /** Every supervisee's index, building any that is missing (one transaction each). */
    async all(personIds: readonly string[]): Promise<Map<string, CaseIndexEntry[]>> {
      const rows = await db.caseIndex.bulkGet([...personIds]);
      const found = new Map<string, CaseIndexEntry[]>();
      for (const [i, personId] of personIds.entries()) {
        const row = rows[i];
        const parsed = row ? $CaseIndexContent.safeParse(row.content) : null;
        found.set(personId, parsed?.success ? parsed.data.entries : await caseIndex.rebuild(personId));
      }
      return found;
    },

    /** Builds a supervisee's index from their case rows and signed sessions. */
    async rebuild(personId: string): Promise<CaseIndexEntry[]> {
      await derived.ready(personId);
      return db.transaction('rw', [db.sessions, db.cases, db.caseIndex], async () => {
        const signed = signedOf(db, personId);
        const [ids, keys] = await Promise.all([signed.clone().primaryKeys(), signed.clone().keys()]);
        const dates = new Map(ids.map((id, i) => [String(id), String((keys[i] as unknown[])[2])]));
        const cases = await db.cases.where('personId').equals(personId).toArray();
        const entries: CaseIndexEntry[] = cases.flatMap((row): CaseIndexEntry[] => {
          const date = dates.get(row.sessionId);
          const label = row.content.label.trim();
          return date === undefined || label === '' ? [] : [[label, row.sessionId, date]];
        });
        await db.caseIndex.put({ personId, updatedAt: now().toISOString(), content: { version: 1, entries } });
        return entries;
      });
    },
  };
  return caseIndex;
}

export type CaseIndexRepositories = ReturnType<typeof createCaseIndexRepositories>;
