// The schedule repositories: a supervisee's frequency rule and their appointments, on fake-indexeddb.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';

let db: SupervisionDB;
let repositories: Repositories;
let personId: string;
let ids = 0;

beforeEach(async () => {
  db = new SupervisionDB(`schedule-${Math.random()}`);
  repositories = createRepositories(db, { now: () => new Date('2026-11-22T10:00:00Z'), newId: () => `id-${String(++ids).padStart(6, '0')}` });
  const added = await repositories.people.add({ name: 'Zebedee Quillfeather', role: 'Health Visitor' });
  if (!added.ok) throw new Error(added.message);
  personId = added.value.id;
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const booking = { date: '2026-12-01', time: '10:00', durationMinutes: 60, venue: 'Room 4', kind: 'planned' as const };

describe('frequency rules', () => {
  it('saves and reads a rule', async () => {
    expect(await repositories.frequencyRules.get(personId)).toBeUndefined();
    const saved = await repositories.frequencyRules.save(personId, { rule: { kind: 'everyWeeks', weeks: 6 }, presetId: 'somerset-chc-identified-roles' });
    expect(saved.ok).toBe(true);
    // Saved without a rebooking rule: Devon's two weeks, the default.
    expect(await repositories.frequencyRules.get(personId)).toEqual({ rule: { kind: 'everyWeeks', weeks: 6 }, presetId: 'somerset-chc-identified-roles', rebooking: { policy: 'devon' } });
    await repositories.frequencyRules.save(personId, { rule: { kind: 'timesPerYear', times: 6 }, presetId: 'south-gloucestershire', rebooking: { policy: 'southGlos' } });
    expect((await repositories.frequencyRules.get(personId))?.rebooking).toEqual({ policy: 'southGlos' });
    expect((await repositories.frequencyRules.save(personId, { rule: { kind: 'adHoc' }, presetId: null, rebooking: { policy: 'custom', days: -1 } })).ok).toBe(false);
    expect((await repositories.frequencyRules.get(personId))?.rebooking).toEqual({ policy: 'southGlos' });
  });

  it('refuses an invalid rule and an unknown person', async () => {
    expect((await repositories.frequencyRules.save(personId, { rule: { kind: 'everyMonths', months: 0 }, presetId: null })).ok).toBe(false);
    expect((await repositories.frequencyRules.save('nobody-0000', { rule: { kind: 'adHoc' }, presetId: null })).ok).toBe(false);
    expect(await db.frequencyRules.count()).toBe(0);
  });
});

describe('appointments', () => {
  it('books a planned appointment booked today', async () => {
    const booked = await repositories.appointments.book(personId, booking);
    if (!booked.ok) throw new Error(booked.message);
    expect(booked.value).toMatchObject({ status: 'booked', bookedOn: '2026-11-22', requestedAt: null });
    expect(await repositories.appointments.listFor(personId)).toEqual([booked.value]);
  });

  it('records when urgent supervision was asked for', async () => {
    const booked = await repositories.appointments.book(personId, { ...booking, kind: 'urgent' });
    expect(booked.ok && booked.value.requestedAt).toBe('2026-11-22T10:00:00.000Z');
  });

  it('refuses a bad booking and changes nothing', async () => {
    expect((await repositories.appointments.book(personId, { ...booking, time: '25:00' })).ok).toBe(false);
    expect(await db.appointments.count()).toBe(0);
  });

  it('cancels only with who and why; bad input changes nothing', async () => {
    const booked = await repositories.appointments.book(personId, booking);
    if (!booked.ok) throw new Error(booked.message);
    const before = await db.appointments.get(booked.value.id);
    expect(await repositories.appointments.cancel(booked.value.id, { cancelledBy: null, reason: 'Illness' })).toEqual({ ok: false, message: 'Say who cancelled' });
    expect(await repositories.appointments.cancel(booked.value.id, { cancelledBy: 'supervisee', reason: '  ' })).toEqual({ ok: false, message: 'Say why it was cancelled' });
    expect(await repositories.appointments.cancel(booked.value.id, { cancelledBy: 'nobody', reason: 'x' })).toMatchObject({ ok: false });
    expect(await db.appointments.get(booked.value.id)).toEqual(before);
    const cancelled = await repositories.appointments.cancel(booked.value.id, { cancelledBy: 'supervisee', reason: 'Illness' });
    expect(cancelled.ok && cancelled.value).toMatchObject({ status: 'cancelled', cancelledBy: 'supervisee', cancelReason: 'Illness', cancelledOn: '2026-11-22' });
    expect((await repositories.appointments.cancel(booked.value.id, { cancelledBy: 'supervisee', reason: 'Again' })).ok).toBe(false);
  });

  it('rebooks a cancelled appointment, linking both', async () => {
    const booked = await repositories.appointments.book(personId, booking);
    if (!booked.ok) throw new Error(booked.message);
    expect((await repositories.appointments.rebook(booked.value.id, { ...booking, date: '2026-12-05' })).ok).toBe(false);
    await repositories.appointments.cancel(booked.value.id, { cancelledBy: 'supervisor', reason: 'Leave' });
    const rebooked = await repositories.appointments.rebook(booked.value.id, { date: '2026-12-05', time: '14:00', durationMinutes: 60, venue: 'Room 4' });
    if (!rebooked.ok) throw new Error(rebooked.message);
    expect(rebooked.value).toMatchObject({ status: 'booked', date: '2026-12-05', bookedOn: '2026-11-22', personId });
    expect((await repositories.appointments.get(booked.value.id))?.rebookedAs).toBe(rebooked.value.id);
    expect((await repositories.appointments.rebook(booked.value.id, { date: '2026-12-06', time: '14:00', durationMinutes: 60, venue: '' })).ok).toBe(false);
    expect(await db.appointments.count()).toBe(2);
  });

  it('marks a booked appointment held', async () => {
    const booked = await repositories.appointments.book(personId, booking);
    if (!booked.ok) throw new Error(booked.message);
    expect((await repositories.appointments.markHeld(booked.value.id)).ok).toBe(true);
    expect((await db.appointments.get(booked.value.id))?.status).toBe('held');
  });

  it('holds no name in any key or index of the new tables', async () => {
    await repositories.frequencyRules.save(personId, { rule: { kind: 'everyMonths', months: 3 }, presetId: null });
    const booked = await repositories.appointments.book(personId, { ...booking, venue: 'Quillfeather house' });
    if (!booked.ok) throw new Error(booked.message);
    await repositories.appointments.cancel(booked.value.id, { cancelledBy: 'other', reason: 'Zebedee was ill' });
    for (const table of [db.appointments, db.frequencyRules]) {
      const keyPaths = [table.schema.primKey, ...table.schema.indexes].map((i) => i.keyPath).filter((k): k is string => typeof k === 'string');
      for (const row of (await table.toArray()) as unknown as Record<string, unknown>[]) {
        for (const keyPath of keyPaths) {
          const value = JSON.stringify(row[keyPath] ?? null);
          for (const secret of ['Zebedee', 'Quillfeather', 'Room', 'ill']) expect(value, `${table.name}.${keyPath}`).not.toContain(secret);
        }
      }
    }
    expect(JSON.stringify(await db.appointments.toArray())).toContain('Zebedee was ill');
  });
});
