/**
 * Each supervisee's case index (database version 10): kept as records are signed, rebuilt from
 * the case rows when missing (records written before it existed), the same either way; search
 * reads it instead of every case. Also the index-only reads the dashboard and history use.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { caseIndexEntriesOf } from '../../client/db/repositories.ts';
import { useSealedDevices } from './sealed-device.ts';
import { generateDataset } from '../bench/dataset.ts';

const device = useSealedDevices('case-index');

const size = { supervisees: 2, sessionsPerSupervisee: 6, casesPerSession: 3, actionsPerSession: 5, groupSessions: 0 };
const sorted = (entries: readonly (readonly string[])[]) => [...entries].map((e) => e.join('|')).sort();

describe('the case index', () => {
  it('is kept as records are signed: every labelled case of every signed record, with its session and date', async () => {
    const { db, repositories } = device();
    await generateDataset(repositories, { seed: 5, size });
    const people = await repositories.people.list();
    const indexes = await repositories.caseIndex.all(people.map((p) => p.id));
    for (const person of people) {
      const signed = (await db.sessions.where('personId').equals(person.id).toArray()).map((row) => row.content.record);
      expect(signed).toHaveLength(6);
      expect(sorted(indexes.get(person.id) ?? [])).toEqual(sorted(signed.flatMap(caseIndexEntriesOf)));
    }
  });

  it('is rebuilt from the case rows when missing, the same as the one kept', async () => {
    const { db, repositories } = device();
    await generateDataset(repositories, { seed: 6, size });
    const people = (await repositories.people.list()).map((p) => p.id);
    const kept = await repositories.caseIndex.all(people);
    await db.caseIndex.clear();
    const rebuilt = await repositories.caseIndex.all(people);
    for (const id of people) expect(sorted(rebuilt.get(id) ?? [])).toEqual(sorted(kept.get(id) ?? []));
    expect(await db.caseIndex.count()).toBe(people.length); // stored again
    // A new supervisee's first signed record starts their index at once.
    await generateDataset(repositories, { seed: 7, size: { ...size, supervisees: 1, sessionsPerSupervisee: 1 }, start: '2026-11-01' });
    expect(await db.caseIndex.count()).toBe(people.length + 1);
  });

  it('holds nothing of a session until it is signed', async () => {
    const { db, repositories } = device();
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    expect((await repositories.caseIndex.all([person.value.id])).get(person.value.id)).toEqual([]);
    expect(await db.caseIndex.count()).toBe(1);
  });
});

describe('index-only reads for a decade of records', () => {
  it('give the latest signed records, a supervisee’s dates, last signed date and a page of sessions', async () => {
    const { repositories } = device();
    await generateDataset(repositories, { seed: 8, size });
    const [first] = await repositories.people.list();
    if (!first) throw new Error('no person');
    const dates = await repositories.sessions.signedDates(first.id);
    expect(dates).toHaveLength(6);
    expect([...dates].sort()).toEqual(dates);
    expect(await repositories.sessions.lastSignedOnOrBefore(first.id, '2099-01-01')).toBe(dates.at(-1));
    expect(await repositories.sessions.lastSignedOnOrBefore(first.id, dates[2] ?? '')).toBe(dates[2]);
    expect(await repositories.sessions.lastSignedOnOrBefore(first.id, '2000-01-01')).toBeNull();
    const page = await repositories.sessions.pageFor(first.id, { offset: 0, limit: 4 });
    expect(page.total).toBe(6);
    expect(page.sessions.map((s) => s.record.date)).toEqual([...dates].reverse().slice(0, 4));
    const recent = await repositories.sessions.recentSigned(5);
    expect(recent.total).toBe(12);
    expect(recent.sessions.map((s) => s.record.date)).toEqual([...recent.sessions.map((s) => s.record.date)].sort().reverse());
    expect(await repositories.sessions.signedBetween(first.id, dates[1] ?? '', dates[3] ?? '')).toHaveLength(3);
  });
});
