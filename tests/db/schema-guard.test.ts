/**
 * Schema guard (STYLE 9): fails when a table or index is removed or renamed, so a change to
 * the stores is always a new database version with an upgrade, never an edit in place.
 * Also proves that no key or index holds personal data.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';
import { createSessionMachine } from '../../machines/session/session.machine.ts';
import { withRecord } from '../../machines/model/envelope.ts';
import { derby } from '../machines/fixtures.ts';
import Dexie from 'dexie';
import { storesV1 } from '../../client/db/db.ts';
import expectedV1 from '../fixtures/schema-v1.json' with { type: 'json' };
import expectedV2 from '../fixtures/schema-v2.json' with { type: 'json' };
import expectedV3 from '../fixtures/schema-v3.json' with { type: 'json' };
import expectedV4 from '../fixtures/schema-v4.json' with { type: 'json' };
import expectedV5 from '../fixtures/schema-v5.json' with { type: 'json' };
import expectedV6 from '../fixtures/schema-v6.json' with { type: 'json' };
import expectedV7 from '../fixtures/schema-v7.json' with { type: 'json' };
import expectedV8 from '../fixtures/schema-v8.json' with { type: 'json' };
import expectedV9 from '../fixtures/schema-v9.json' with { type: 'json' };
import expectedV10 from '../fixtures/schema-v10.json' with { type: 'json' };
import expectedV12 from '../fixtures/schema-v12.json' with { type: 'json' };
import expectedV13 from '../fixtures/schema-v13.json' with { type: 'json' };
import expectedV14 from '../fixtures/schema-v14.json' with { type: 'json' };
import expectedV15 from '../fixtures/schema-v15.json' with { type: 'json' };
import expectedV16 from '../fixtures/schema-v16.json' with { type: 'json' };
import { createPractice, createSession } from '../../client/live/create.ts';

let db: SupervisionDB;
afterEach(async () => {
  db.close();
  await db.delete();
});

function describeSchema(database: SupervisionDB) {
  return Object.fromEntries(
    database.tables
      .map((table) => [table.name, { primaryKey: table.schema.primKey.src, indexes: table.schema.indexes.map((i) => i.src).sort() }] as const)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}

describe('database schema', () => {
  it('is at version 16 with every table and index of version 16', async () => {
    db = new SupervisionDB(`guard-${Math.random()}`);
    await db.open();
    expect(db.verno).toBe(16);
    expect(describeSchema(db)).toEqual(expectedV16);
  });

  it.each([
    ['1', expectedV1],
    ['2', expectedV2],
    ['3', expectedV3],
    ['4', expectedV4],
    ['5', expectedV5],
    ['6', expectedV6],
    ['7', expectedV7],
    ['8', expectedV8],
    ['9', expectedV9],
    ['10', expectedV10],
    ['12', expectedV12],
    ['13', expectedV13],
    ['14', expectedV14],
    ['15', expectedV15],
  ])('keeps every table and index of version %s', async (_version, expected) => {
    db = new SupervisionDB(`guard-${Math.random()}`);
    await db.open();
    const now = describeSchema(db) as Record<string, { primaryKey: string; indexes: string[] }>;
    // A later version may add an index to a table, never drop or rename one.
    for (const [table, schema] of Object.entries(expected)) {
      expect(now[table]?.primaryKey, table).toBe(schema.primaryKey);
      expect(now[table]?.indexes, table).toEqual(expect.arrayContaining(schema.indexes));
    }
  });

  it('upgrades a version 1 database without losing a row', async () => {
    const name = `upgrade-${Math.random()}`;
    const old = new Dexie(name);
    old.version(1).stores(storesV1);
    await old.open();
    await old.table('people').add({ id: 'person-000001', updatedAt: '2026-01-01T00:00:00.000Z', content: { name: 'Val Visitor', role: 'Health Visitor' } });
    await old.table('actions').add({ id: 'action-000001', sessionId: 'session-000001', personId: 'person-000001', status: 'open', dueDate: '2026-02-01', content: {} });
    old.close();
    db = new SupervisionDB(name);
    await db.open();
    expect(db.verno).toBe(16);
    expect(await db.people.get('person-000001')).toMatchObject({ content: { name: 'Val Visitor' } });
    expect(await db.actions.where('[personId+status]').equals(['person-000001', 'open']).count()).toBe(1);
    expect(await db.preparations.count()).toBe(0);
    expect(await db.groups.count()).toBe(0);
    expect(await db.agreements.count()).toBe(0);
    expect(await db.appointments.count()).toBe(0);
    expect(await db.frequencyRules.count()).toBe(0);
  });

  it('holds no name or case label in any key or index', async () => {
    db = new SupervisionDB(`guard-${Math.random()}`);
    const repositories = createRepositories(db);
    const person = await repositories.people.add({ name: 'Zebedee Quillfeather', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const template = derby();
    const created = await createSession(repositories, {
      template,
      sessionType: 'safeguarding-supervision',
      date: '2026-11-22',
      personId: person.value.id,
      supervisor: { name: 'Ottoline Marchbanks', role: 'Named Nurse' },
    });
    if (!created.ok) throw new Error(created.message);
    const stored = await repositories.sessions.get(created.value);
    const actor = createActor(createSessionMachine(template, 'safeguarding-supervision'), {
      snapshot: withRecord((await repositories.sessions.snapshot(created.value))?.snapshot, stored!.record) as never,
      input: { sessionId: created.value, sessionType: 'safeguarding-supervision', date: '2026-11-22', parties: stored!.record.parties, previousActions: [] },
    }).start();
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'step.next' });
    actor.send({ type: 'case.started', caseId: 'case-aaaa-0001', label: 'Baby Wolfgang Pemberton', chosenBy: null });
    actor.send({ type: 'action.added', action: { id: 'action-aaaa-0001', what: 'Visit Wolfgang', owner: { kind: 'other', name: 'Imelda Crabtree' }, dueDate: '2026-12-01', caseId: 'case-aaaa-0001' } });
    await repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
    // A practice session carries the trainee's name and the scenario's people.
    const practised = await createPractice(repositories, { scenarioId: 'neglect-with-drift', role: 'supervisor', trainee: 'Perpetua Gallowglass' });
    if (!practised.ok) throw new Error(practised.message);

    // Who signs here and whose key is pinned: names in content only.
    const trust = await repositories.trust();
    await trust.profile.save({ name: 'Ottoline Marchbanks', jobRole: 'Named Nurse' });
    const pinKey = { kty: 'EC' as const, crv: 'P-256' as const, x: 'A'.repeat(43), y: 'B'.repeat(43) };
    const pinned = await trust.pins.confirm({ personId: person.value.id, party: 'supervisee', name: 'Zebedee Quillfeather', jobRole: 'Health Visitor', publicKey: pinKey, encryptionKey: pinKey, agreementId: null, replacing: null });
    if (!pinned.ok) throw new Error(pinned.message);

    const secrets = ['Zebedee', 'Quillfeather', 'Ottoline', 'Marchbanks', 'Wolfgang', 'Pemberton', 'Imelda', 'Crabtree', 'Health Visitor', 'Perpetua', 'Gallowglass', 'Robin Ashby', 'Kettering'];
    for (const table of db.tables) {
      const keyPaths = [table.schema.primKey, ...table.schema.indexes].map((i) => i.keyPath).filter((k): k is string | string[] => k !== undefined && k !== null);
      const rows = await table.toArray();
      for (const row of rows as Record<string, unknown>[]) {
        for (const keyPath of keyPaths) {
          const values = (Array.isArray(keyPath) ? keyPath : [keyPath]).map((path) => JSON.stringify(row[path] ?? null));
          for (const value of values) for (const secret of secrets) expect(value, `${table.name}.${String(keyPath)}`).not.toContain(secret);
        }
      }
    }
    // ...while the content really is stored (the test would pass vacuously otherwise).
    expect(JSON.stringify(await db.people.toArray())).toContain('Quillfeather');
    expect(JSON.stringify(await db.practiceSessions.toArray())).toContain('Gallowglass');
    expect(JSON.stringify(await db.snapshots.toArray())).toContain('Wolfgang');
    expect(JSON.stringify(await db.actions.toArray())).toContain('Crabtree');
    expect(JSON.stringify(await db.pins.toArray())).toContain('Quillfeather');
    expect(JSON.stringify(await db.profile.toArray())).toContain('Marchbanks');
    actor.stop();
  });
});
