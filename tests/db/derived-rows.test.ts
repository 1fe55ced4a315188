/**
 * The rows derived from session records (cases, actions with later reviews applied, signatures),
 * rebuilt from the sessions alone, equal the rows the repositories wrote as each session was saved.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { deriveRows } from '../../client/db/derivedRows.ts';
import { generateDataset } from '../bench/dataset.ts';
import { derby } from '../machines/fixtures.ts';
import { useSealedDevices } from './sealed-device.ts';
import { createSession } from '../../client/live/create.ts';

const device = useSealedDevices('derived', 'd');
const byId = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe('derived rows', () => {
  it('rebuilt from the sessions equal the rows written as they were saved, reviews and statuses included', async () => {
    const { db, repositories } = device();
    await generateDataset(repositories, { seed: 5, size: { supervisees: 3, sessionsPerSupervisee: 5, casesPerSession: 3, actionsPerSession: 4, groupSessions: 1 } });
    const [person] = await repositories.people.list();
    const inProgress = await createSession(repositories, { template: derby(), sessionType: 'safeguarding-supervision', date: '2026-11-20', personId: person!.id, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
    expect(inProgress.ok).toBe(true);

    const stored = await repositories.sessions.list();
    const rebuilt = deriveRows(stored);
    const actions = await db.actions.toArray();
    // The dataset reviews earlier actions in later sessions: some are closed, some carried forward.
    expect(actions.some((row) => row.content.reviews.length > 0 && row.status !== 'open')).toBe(true);
    expect(byId(rebuilt.actions)).toEqual(byId(actions));
    expect(byId(rebuilt.cases)).toEqual(byId(await db.cases.toArray()));
    expect(byId(rebuilt.signatures)).toEqual(byId(await db.signatures.toArray()));
  });
});
