/**
 * Retention on the sealed database (version 15): supervisees who have left (and back again),
 * records past their period, keeping one for longer, destruction (only after an export, removing
 * every row made from a record and its relay copies, keeping everything else, logging counts and
 * dates only), the subject access export (one person's everything, nobody else's), and the
 * backup reminder's figures. The relay is the real Hono app (tests/components/relay.ts).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { SupervisionDB } from '../../client/db/db.ts';
import { storeShare } from '../../client/share/share.ts';
import { exportDataOf, REDACTION_WARNING } from '../../client/db/subjectAccess.ts';
import { completeAction, derby, derbySignedWithSkippedReflection, DERBY, startSession } from '../machines/fixtures.ts';
import { useSealedDevices } from './sealed-device.ts';
import { useRelay } from '../components/relay.ts';

const device = useSealedDevices('retention');
const relay = useRelay();
type Device = ReturnType<typeof device>;

const VAL = 'person-0001';
const OLIVE = 'person-0002';

/**
 * Val's signed record (session-0001, 22 November 2026, case "Baby T") with all its rows, a
 * preparation brought into it and one still a draft, an agreement, an outgoing signature request
 * holding two relay copies; and Olive's record in progress (case "Olive's child") with a draft.
 */
async function seed(here: Device) {
  const { db, repositories } = here;
  await db.people.put({ id: VAL, updatedAt: '2026-01-01T00:00:00.000Z', content: { name: 'Val Visitor', role: 'Health Visitor' } });
  await db.people.put({ id: OLIVE, updatedAt: '2026-01-01T00:00:00.000Z', content: { name: 'Olive Other', role: 'School Nurse' } });
  const actor = derbySignedWithSkippedReflection(completeAction('action-0001', 'case-0001'));
  await repositories.sessions.save(derby(), actor.getSnapshot().context, actor.getPersistedSnapshot());
  actor.stop();
  await repositories.childRecordChoices.choose('session-0001', 'case-0001', ['reflection']);
  await db.amendments.put({ id: 'amend-0001', sessionId: 'session-0001', madeAt: '2026-11-23T10:00:00.000Z', content: { note: 'x' } as never });
  await db.recordSignatures.put({ sessionId: 'session-0001', personId: VAL, signedAt: '2026-11-22T11:00:00.000Z', content: { link: 'x' } });
  await db.caseIndex.put({ personId: VAL, updatedAt: '2026-11-22T11:00:00.000Z', content: { version: 1, entries: [['Baby T', 'session-0001', '2026-11-22']] } });
  await db.preparations.put({ id: 'prep-brought-1', personId: VAL, status: 'brought', updatedAt: '2026-11-20T10:00:00.000Z', broughtInto: 'session-0001', content: { prep: 'brought' } as never });
  await db.preparations.put({ id: 'prep-draft-001', personId: VAL, status: 'draft', updatedAt: '2026-11-24T10:00:00.000Z', broughtInto: null, content: { prep: 'draft' } as never });
  await db.agreements.put({ id: 'agreement-0001', personId: VAL, status: 'sealed', reviewDue: '2027-01-10', updatedAt: '2026-01-10T10:00:00.000Z', content: { agreedOn: '2026-01-10', text: 'agreement' } as never });
  const share = await storeShare('c'.repeat(40), { expiresInHours: 24, oneTime: false });
  const slot = await storeShare('d'.repeat(40), { expiresInHours: 24, oneTime: false });
  if (!share.ok || !slot.ok) throw new Error('relay');
  await db.signatureRequests.put({ id: 'request-0001', sessionId: 'session-0001', direction: 'outgoing', status: 'awaiting', updatedAt: '2026-11-22T12:00:00.000Z', content: { share: { id: share.value.id, revokeToken: share.value.revokeToken }, slot: { id: slot.value.id, revokeToken: slot.value.revokeToken } } });

  const other = startSession(derby(), DERBY, { sessionId: 'session-olive-01', date: '2026-10-01', parties: { supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' }, supervisee: { personId: OLIVE, name: 'Olive Other', role: 'School Nurse' } } });
  await repositories.sessions.save(derby(), other.getSnapshot().context, other.getPersistedSnapshot());
  other.stop();
  await db.cases.put({ id: 'case-olive-01', sessionId: 'session-olive-01', personId: OLIVE, content: { label: 'Olive’s child Zephyrine' } as never });
  await db.preparations.put({ id: 'prep-olive-001', personId: OLIVE, status: 'draft', updatedAt: '2026-11-24T10:00:00.000Z', broughtInto: null, content: { prep: 'Zephyrine' } as never });
  return { shareIds: [share.value.id, slot.value.id] };
}

describe('supervisees who have left', () => {
  it('leave the list of people supervised, keep their records, and can be brought back', async () => {
    const here = device();
    await seed(here);
    const retention = await here.repositories.retention();
    expect((await retention.departures.current()).map((p) => p.id)).toEqual([OLIVE, VAL]);
    expect(await retention.departures.markLeft(VAL, '2099-01-01')).toEqual({ ok: false, message: 'The date they left cannot be in the future' });
    expect(await retention.departures.markLeft(VAL, 'soon')).toEqual({ ok: false, message: 'Enter the date they left' });
    expect(await retention.departures.markLeft('person-none', '2026-01-01')).toMatchObject({ ok: false });
    expect(await here.db.departures.count()).toBe(0);

    expect(await retention.departures.markLeft(VAL, '2026-11-01')).toEqual({ ok: true, value: '2026-11-01' });
    expect((await retention.departures.current()).map((p) => p.id)).toEqual([OLIVE]);
    expect((await retention.departures.left()).map((l) => [l.person.id, l.leftOn])).toEqual([[VAL, '2026-11-01']]);
    // Their records stay readable.
    expect((await here.repositories.sessions.get('session-0001'))?.record.parties.supervisee.name).toBe('Val Visitor');
    // The date is sealed: only the opaque id is in the clear.
    const rawDb = new SupervisionDB(here.db.name);
    const raw = (await rawDb.table('departures').get(VAL)) as Record<string, unknown>;
    rawDb.close();
    expect(Object.keys(raw).sort()).toEqual(['personId', 'sealed']);

    await retention.departures.undo(VAL);
    expect((await retention.departures.current()).map((p) => p.id)).toEqual([OLIVE, VAL]);
    expect(await retention.departures.left()).toEqual([]);
  });
});

describe('review and destruction', () => {
  it('lists a left supervisee’s records once their period has passed, and keeps one for longer with a reason', async () => {
    const here = device();
    await seed(here);
    const retention = await here.repositories.retention();
    // Nobody has left: nothing is due, however far on the clock is.
    expect(await retention.review.dueCount()).toBe(0);
    await retention.departures.markLeft(VAL, '2019-06-30');
    // Today is 22 November 2026 (the test clock): the 6-year period ended on 30 June 2025.
    const due = await retention.review.due();
    expect(due.map((d) => `${d.kind}:${d.id}:${d.who}`)).toEqual(['agreement:agreement-0001:Val Visitor', 'session:session-0001:Val Visitor', 'preparation:prep-draft-001:Val Visitor']);
    expect(await retention.review.keep('session:session-0001', { reason: '', reviewOn: '2027-06-01' })).toMatchObject({ ok: false });
    expect(await retention.review.keep('session:session-olive-01', { reason: 'Complaint', reviewOn: '2027-06-01' })).toEqual({ ok: false, message: 'That record is not due for review' });
    expect(await retention.review.keep('session:session-0001', { reason: 'Complaint under investigation', reviewOn: '2027-06-01' })).toMatchObject({ ok: true });
    expect((await retention.review.due()).map((d) => d.id)).toEqual(['agreement-0001', 'prep-draft-001']);
  });

  it('lists a copy restored from a backup beside the record it differs from, for review like any record', async () => {
    const here = device();
    await seed(here);
    const row = await here.db.sessions.get('session-0001');
    if (!row) throw new Error('seeded record missing');
    await here.db.sessions.put({ ...row, id: 'session-copy-01', status: 'copy' });
    const retention = await here.repositories.retention();
    await retention.departures.markLeft(VAL, '2019-06-30');
    expect((await retention.review.due()).filter((d) => d.kind === 'session').map((d) => `${d.id}:${d.who}`)).toEqual(['session-0001:Val Visitor', 'session-copy-01:Val Visitor']);
    expect(await retention.review.dueCount()).toBe(4);
  });

  it('refuses to destroy without the export, or a record not yet due, changing nothing', async () => {
    const here = device();
    await seed(here);
    const retention = await here.repositories.retention();
    await retention.departures.markLeft(VAL, '2019-06-30');
    const before = await here.db.sessions.count();
    expect(await retention.destruction.destroy(['session:session-0001'], 'no-export')).toEqual({ ok: false, message: 'Download the export of these records before destroying them' });
    expect(await retention.destruction.exportForDestruction(['session:session-olive-01'])).toMatchObject({ ok: false });
    const made = await retention.destruction.exportForDestruction(['session:session-0001']);
    if (!made.ok) throw new Error(made.message);
    // An export of one set is not an export of another.
    expect(await retention.destruction.destroy(['session:session-0001', 'agreement:agreement-0001'], made.value.token)).toMatchObject({ ok: false });
    // Brought back before destruction: the record is no longer due, so nothing goes.
    await retention.departures.undo(VAL);
    expect(await retention.destruction.destroy(['session:session-0001'], made.value.token)).toMatchObject({ ok: false });
    expect(await here.db.sessions.count()).toBe(before);
    expect(await here.db.destructionLog.count()).toBe(0);
  });

  it('destroys every row made from the records and their relay copies, keeps everyone else’s, and logs no content', async () => {
    const here = device();
    const { shareIds } = await seed(here);
    const retention = await here.repositories.retention();
    await retention.departures.markLeft(VAL, '2019-06-30');
    const keys = (await retention.review.due()).map((d) => `${d.kind}:${d.id}`);
    const made = await retention.destruction.exportForDestruction(keys);
    if (!made.ok) throw new Error(made.message);
    expect(made.value.html).toContain('Baby T');
    expect(made.value.html).not.toContain('Zephyrine');

    const destroyed = await retention.destruction.destroy(keys, made.value.token);
    if (!destroyed.ok) throw new Error(destroyed.message);
    expect(destroyed.value.relay).toEqual({ deleted: 2, pending: 0 });
    for (const id of shareIds) expect((await fetch(`/api/shares/${id}`)).status).toBe(404);

    const { db } = here;
    expect(await db.sessions.get('session-0001')).toBeUndefined();
    for (const table of [db.cases, db.actions, db.signatures, db.amendments, db.signatureRequests]) expect(await table.where('sessionId').equals('session-0001').count(), table.name).toBe(0);
    for (const table of [db.snapshots, db.childRecordChoices, db.recordSignatures]) expect(await table.get('session-0001'), table.name).toBeUndefined();
    expect(await db.preparations.where('personId').equals(VAL).count()).toBe(0);
    expect(await db.agreements.count()).toBe(0);
    expect(await db.caseIndex.get(VAL)).toBeUndefined();
    // Olive's records and Val's own details are kept.
    expect(await db.sessions.get('session-olive-01')).toBeDefined();
    expect(await db.snapshots.get('session-olive-01')).toBeDefined();
    expect(await db.cases.get('case-olive-01')).toBeDefined();
    expect(await db.preparations.get('prep-olive-001')).toBeDefined();
    expect(await db.people.get(VAL)).toBeDefined();

    const log = await retention.destruction.log();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ counts: { session: 1, agreement: 1, preparation: 1, groupSession: 0, practice: 0 }, dates: ['2026-01-10', '2026-11-22', '2026-11-24'], relayCopies: 2 });
    const written = JSON.stringify(log);
    for (const secret of ['Val', 'Visitor', 'Baby T', 'MASH', 'agreement-0001', 'session-0001', VAL]) expect(written).not.toContain(secret);
    expect(await retention.review.dueCount()).toBe(0);
  });

  it('keeps the relay copies on a list when the relay cannot be reached, and deletes them on retry', async () => {
    const here = device();
    const { shareIds } = await seed(here);
    const retention = await here.repositories.retention();
    await retention.departures.markLeft(VAL, '2019-06-30');
    const made = await retention.destruction.exportForDestruction(['session:session-0001']);
    if (!made.ok) throw new Error(made.message);
    relay.setDown(true);
    const destroyed = await retention.destruction.destroy(['session:session-0001'], made.value.token);
    expect(destroyed).toMatchObject({ ok: true, value: { relay: { deleted: 0, pending: 2 } } });
    expect(await retention.destruction.pendingRelay()).toBe(2);
    relay.setDown(false);
    expect(await retention.destruction.retryRelay()).toEqual({ deleted: 2, pending: 0 });
    expect(await retention.destruction.pendingRelay()).toBe(0);
    for (const id of shareIds) expect((await fetch(`/api/shares/${id}`)).status).toBe(404);
  });
});

describe('subject access export', () => {
  it('holds everything about one person and nothing filed under another, with the redaction warning', async () => {
    const here = device();
    await seed(here);
    const retention = await here.repositories.retention();
    const made = await retention.subjectAccess(VAL);
    if (!made.ok) throw new Error(made.message);
    const { html } = made.value;
    expect(html).toContain(REDACTION_WARNING.replace(/’/g, '&#39;').slice(0, 40));
    for (const wanted of ['Val Visitor', 'Baby T', 'Refer to MASH', 'agreement', 'draft', 'brought']) expect(html).toContain(wanted);
    for (const unwanted of ['Olive', 'Zephyrine', 'session-olive-01']) expect(html).not.toContain(unwanted);
    const data = exportDataOf(html) as { kind: string; parts: { data: { kind: string } }[] };
    expect(data.kind).toBe('subjectAccess');
    expect(data.parts.map((p) => p.data.kind)).toEqual(['person', 'session', 'agreement', 'preparation', 'preparation', 'arrangements']);
    expect(html).not.toMatch(/<script>/);
    expect(await retention.subjectAccess('person-none')).toMatchObject({ ok: false });
  });
});

describe('backup status', () => {
  it('counts records signed since the last backup and says when to remind', async () => {
    const here = device();
    const retention = await here.repositories.retention();
    expect(await retention.backups.status()).toMatchObject({ lastBackupAt: null, signedSince: 0, reminder: { due: false } });
    await seed(here);
    expect(await retention.backups.status()).toMatchObject({ lastBackupAt: null, signedSince: 1, reminder: { due: true, reason: 'never' } });
    await retention.backups.made(new Date('2026-11-22T10:30:00Z'));
    expect(await retention.backups.status()).toMatchObject({ lastBackupAt: '2026-11-22T10:30:00.000Z', signedSince: 0, reminder: { due: false } });
    expect(await retention.settings.setReminder({ days: 0, signedRecords: 5 })).toMatchObject({ ok: false });
    expect(await retention.settings.setReminder({ days: 10, signedRecords: 2 })).toMatchObject({ ok: true });
    expect(await retention.settings.reminder()).toEqual({ version: 1, days: 10, signedRecords: 2 });
  });
});
