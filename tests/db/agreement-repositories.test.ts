import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { agreementMachineVersion, agreementOf } from '../../machines/agreements/agreement.machine.ts';
import { findAgreementTemplate } from '../../machines/agreements/index.ts';
import { agreementEnvelopeMachineVersion } from '../../machines/model/envelope.ts';
import { isAgreementSealIntact, type AgreementTemplateV1, type AgreementV1 } from '../../machines/model/agreement.ts';
import { agreementAtSignatures, signature } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

const TEMPLATE_ID = 'south-gloucestershire-appendix-1';
let db: SupervisionDB;
let repositories: Repositories;
let ids = 0;
let clock = new Date('2026-11-22T10:00:00.000Z');

beforeEach(() => {
  db = new SupervisionDB(`agreements-${Math.random()}`);
  repositories = createRepositories(db, { now: () => new Date(clock), newId: () => `agreement-id-${String(++ids).padStart(6, '0')}` });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

function template(): AgreementTemplateV1 {
  const found = findAgreementTemplate(TEMPLATE_ID);
  if (!found) throw new Error('South Gloucestershire agreement not shipped');
  return found;
}

async function person(name = 'Zebedee Quillfeather', role = 'Health Visitor') {
  const added = await repositories.people.add({ name, role });
  if (!added.ok) throw new Error(added.message);
  return added.value;
}

async function draft(personId: string): Promise<AgreementV1> {
  const created = await repositories.agreements.create(personId, TEMPLATE_ID, { name: 'Ottoline Marchbanks', role: 'Named Nurse' });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

/** Drives the agreement machine from the draft to sealed, signed on `signedAt`. */
function complete(agreement: AgreementV1, signedAt: string) {
  const actor = agreementAtSignatures(template(), agreement);
  actor.send({ type: 'signature.added', signature: signature('supervisor', signedAt) });
  actor.send({ type: 'signature.added', signature: signature('supervisee', signedAt) });
  expect(actor.getSnapshot().value).toBe('sealed');
  const result = { agreement: agreementOf(actor.getSnapshot().context), snapshot: actor.getPersistedSnapshot() };
  actor.stop();
  return result;
}

describe('agreement repositories', () => {
  it('keeps the envelope version in step with the machine', () => {
    expect(agreementEnvelopeMachineVersion).toBe(agreementMachineVersion);
  });

  it('creates a draft from the chosen template for the supervisee', async () => {
    const p = await person();
    const a = await draft(p.id);
    expect(a).toMatchObject({ templateId: TEMPLATE_ID, contentHash: null, reviewMonths: 12, parties: { supervisee: { personId: p.id, name: 'Zebedee Quillfeather' } } });
    expect((await repositories.agreements.get(a.id))?.row).toMatchObject({ status: 'draft', personId: p.id, reviewDue: '' });
    expect(await repositories.agreements.create('nobody-000000', TEMPLATE_ID, { name: 'S', role: '' })).toMatchObject({ ok: false });
    expect(await repositories.agreements.create(p.id, 'no-such-agreement', { name: 'S', role: '' })).toMatchObject({ ok: false });
    expect(await repositories.agreements.create(p.id, TEMPLATE_ID, { name: '  ', role: '' })).toMatchObject({ ok: false });
  });

  it('saves a draft with its snapshot, then seals it with the review date a year on', async () => {
    const p = await person();
    const a = await draft(p.id);
    const { agreement, snapshot } = complete(a, '2026-11-22T11:00:00.000Z');
    expect(await repositories.agreements.save(agreement, snapshot)).toMatchObject({ ok: true });
    const stored = await repositories.agreements.get(a.id);
    expect(stored?.row).toMatchObject({ status: 'sealed', reviewDue: '2027-11-22' });
    expect(stored?.agreement).toMatchObject({ agreedOn: '2026-11-22', reviewDue: '2027-11-22' });
    expect(isAgreementSealIntact(stored!.agreement)).toBe(true);
    const envelope = await repositories.agreements.snapshot(a.id);
    expect(envelope).toMatchObject({ machineId: 'agreement', machineVersion: agreementMachineVersion });
  });

  it('never rewrites a sealed agreement', async () => {
    const p = await person();
    const a = await draft(p.id);
    const { agreement, snapshot } = complete(a, '2026-11-22T11:00:00.000Z');
    await repositories.agreements.save(agreement, snapshot);
    clock = new Date('2026-12-01T10:00:00.000Z');
    const result = await repositories.agreements.save({ ...a, answers: { checklist: { frequency: 'Changed' } } }, snapshot);
    expect(result.ok).toBe(false);
    const stored = await repositories.agreements.get(a.id);
    expect(stored?.agreement).toEqual(agreement);
    expect(stored?.row.updatedAt).toBe('2026-11-22T10:00:00.000Z');
    expect((await repositories.agreements.snapshot(a.id))?.savedAt).toBe('2026-11-22T10:00:00.000Z');
  });

  it('lists a supervisee’s agreements and finds the latest sealed one in force', async () => {
    const p = await person();
    const other = await person('Other Person', 'School Nurse');
    const first = await draft(p.id);
    const sealed2025 = complete(first, '2025-11-10T11:00:00.000Z');
    await repositories.agreements.save(sealed2025.agreement, sealed2025.snapshot);
    const second = await draft(p.id);
    const sealed2026 = complete(second, '2026-11-01T11:00:00.000Z');
    await repositories.agreements.save(sealed2026.agreement, sealed2026.snapshot);
    await draft(p.id); // a newer draft is not in force
    await draft(other.id);

    expect(await repositories.agreements.listFor(p.id)).toHaveLength(3);
    expect(await repositories.agreements.listFor(other.id)).toHaveLength(1);
    const inForce = await repositories.agreements.inForce(p.id, '2026-11-22');
    expect(inForce?.agreement.id).toBe(second.id);
    expect(inForce?.status).toBe('inForce');
    expect((await repositories.agreements.inForce(p.id, '2027-10-15'))?.status).toBe('reviewDue');
    expect((await repositories.agreements.inForce(p.id, '2027-11-02'))?.status).toBe('overdue');
    expect(await repositories.agreements.inForce(other.id, '2026-11-22')).toBeUndefined();
    // On a day before the newer agreement was made, the older one was in force (its review due soon);
    // before any was made, none was.
    const before = await repositories.agreements.inForce(p.id, '2026-10-31');
    expect(before?.agreement.id).toBe(first.id);
    expect(before?.status).toBe('reviewDue');
    expect(await repositories.agreements.inForce(p.id, '2025-11-09')).toBeUndefined();
  });

  it('holds no name in any key or index', async () => {
    const p = await person();
    const a = await draft(p.id);
    const { agreement, snapshot } = complete(a, '2026-11-22T11:00:00.000Z');
    await repositories.agreements.save(agreement, snapshot);
    const secrets = ['Zebedee', 'Quillfeather', 'Ottoline', 'Marchbanks', 'Health Visitor', 'Named Nurse'];
    for (const table of [db.agreements, db.snapshots]) {
      const keyPaths = [table.schema.primKey, ...table.schema.indexes].map((i) => i.keyPath).filter((k): k is string | string[] => k !== undefined && k !== null);
      const rows = (await table.toArray()) as unknown as Record<string, unknown>[];
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        for (const keyPath of keyPaths) {
          for (const path of Array.isArray(keyPath) ? keyPath : [keyPath]) {
            const value = JSON.stringify(row[path] ?? null);
            for (const secret of secrets) expect(value, `${table.name}.${path}`).not.toContain(secret);
          }
        }
      }
    }
    // ...while the names really are stored in the content.
    expect(JSON.stringify(await db.agreements.toArray())).toContain('Marchbanks');
    expect(JSON.stringify(await db.snapshots.toArray())).toContain('Quillfeather');
  });
});

describe('each session links to the agreement in force', () => {
  async function sessionOn(personId: string, date: string) {
    const { derby } = await import('../machines/fixtures.ts');
    const created = await createSession(repositories, { template: derby(), sessionType: 'safeguarding-supervision', date, personId, supervisor: { name: 'Ottoline Marchbanks', role: 'Named Nurse' } });
    if (!created.ok) throw new Error(created.message);
    return (await repositories.sessions.get(created.value))!.record;
  }

  it('records that none was in force, and the record says so', async () => {
    const p = await person();
    const record = await sessionOn(p.id, '2026-11-22');
    expect(record.agreement).toEqual({ agreementId: null, status: 'none', reviewDue: '' });
    const { buildRecordDocument } = await import('../../machines/record/document.ts');
    const { derby } = await import('../machines/fixtures.ts');
    expect(buildRecordDocument(derby(), record).meta).toContainEqual({ label: 'Supervision agreement', value: 'None in force when the session began' });
  });

  it('links the sealed agreement in force, and says when it is past its review date', async () => {
    const p = await person();
    const { agreement, snapshot } = complete(await draft(p.id), '2026-01-10T10:00:00.000Z');
    await repositories.agreements.save(agreement, snapshot);
    const inForce = await sessionOn(p.id, '2026-06-01');
    expect(inForce.agreement).toEqual({ agreementId: agreement.id, status: 'inForce', reviewDue: '2027-01-10' });
    const overdue = await sessionOn(p.id, '2027-02-01');
    expect(overdue.agreement).toEqual({ agreementId: agreement.id, status: 'overdue', reviewDue: '2027-01-10' });
  });
});
