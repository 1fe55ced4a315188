/**
 * The generated dataset at a small size, on fake-indexeddb over the sealed database: the same
 * seed gives the same records (hashes included); every record is valid, signed and verifies;
 * actions carry from session to session; the history builds; counts are as asked.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { verifyRecord } from '../../machines/record/verify.ts';
import { FULL_SIZE, generateDataset, seededRandom } from '../bench/dataset.ts';
import { useSealedDevices } from './sealed-device.ts';

const device = useSealedDevices('dataset', 'person');

const small = { supervisees: 3, sessionsPerSupervisee: 4, casesPerSession: 3, actionsPerSession: 5, groupSessions: 3 };

describe('the generated dataset', () => {
  it('is deterministic from its seed, and a different seed differs', async () => {
    const a = device();
    const b = device();
    const c = device();
    await generateDataset(a.repositories, { seed: 7, size: small });
    await generateDataset(b.repositories, { seed: 7, size: small });
    await generateDataset(c.repositories, { seed: 8, size: small });
    const hashes = async (d: ReturnType<typeof device>) => (await d.repositories.sessions.list()).map((s) => `${s.record.sessionId}:${s.record.contentHash}`).sort();
    expect(await hashes(a)).toEqual(await hashes(b));
    expect(await hashes(c)).not.toEqual(await hashes(a));
    expect(seededRandom(1)()).toBe(seededRandom(1)());
  });

  it('writes valid, signed, verifiable records through the repositories, with actions carried between sessions', async () => {
    const { db, repositories } = device();
    const summary = await generateDataset(repositories, { seed: 3, size: small });
    expect(summary).toMatchObject({ supervisees: 3, sessions: 12, cases: 36, actions: 60, groupSessions: 3 });
    const stored = await repositories.sessions.list();
    expect(stored).toHaveLength(12);
    for (const s of stored) {
      expect(s.row.status).toBe('signed');
      expect(verifyRecord(s.record).status).toBe('valid');
    }
    // Each later session reviewed the previous one's five actions: only the last session's stay open.
    const people = await repositories.people.list();
    for (const person of people) expect(await repositories.actions.openFor(person.id)).toHaveLength(5);
    expect(await db.recordSignatures.count()).toBe(12);
    // The group's sessions were run through the group machine to closed, with their themes.
    const [group] = await repositories.groups.list();
    const groupSessions = await repositories.groupSessions.listFor(group!.id);
    expect(groupSessions.map((g) => g.row.status)).toEqual(['closed', 'closed', 'closed']);
    expect(groupSessions.every((g) => g.content.themes.length === 3 && g.content.consultations.length === 2)).toBe(true);
    const last = stored.find((s) => s.row.personId === people[0]!.id && s.record.previousActions.length > 0)!;
    expect(await repositories.signatures.check(last.record.sessionId)).toMatchObject({ status: 'valid', chain: { status: 'intact', length: 4 } });
    const history = await repositories.history.of(people[0]!.id);
    expect(history.sessions).toHaveLength(4);
    expect(summary.caseLabels.length).toBeGreaterThan(0);
  });

  it('at full size is a decade of 20,000 sessions, 60,000 case discussions and 100,000 actions', () => {
    expect(FULL_SIZE.supervisees * FULL_SIZE.sessionsPerSupervisee).toBe(20_000);
    expect(FULL_SIZE.supervisees * FULL_SIZE.sessionsPerSupervisee * FULL_SIZE.casesPerSession).toBe(60_000);
    expect(FULL_SIZE.supervisees * FULL_SIZE.sessionsPerSupervisee * FULL_SIZE.actionsPerSession).toBe(100_000);
    expect(FULL_SIZE.groupSessions).toBe(500);
    // Weekly for 500 sessions is about a decade.
    expect((FULL_SIZE.sessionsPerSupervisee * 7) / 365).toBeGreaterThan(9.5);
  });
});
