/**
 * Own templates, agreements and models (database version 16) over fake-indexeddb, sealed as the
 * app seals them: saved versions, drafts, an edit to a version a session has used saved as a new
 * version (the old one and the record's own copy unchanged: H41), imports with an id that is
 * taken (replace as a new version, or keep both), agreements made with an own agreement, and
 * nothing of an item's title or organisation in a key or index, nor in the clear at rest.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { SupervisionDB } from '../../client/db/db.ts';
import { Keyring } from '../../client/db/atRest.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { findAgreementTemplate } from '../../machines/agreements/index.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { derby, driveDerbyWithoutCases, signBoth } from '../machines/fixtures.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import { createSession } from '../../client/live/create.ts';

const now = () => new Date('2026-11-22T10:00:00Z');
const names: string[] = [];
let ids = 0;

function device(): { db: SupervisionDB; repositories: Repositories; name: string } {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  const name = `authoring-${Math.random()}`;
  names.push(name);
  const db = new SupervisionDB(name, { keyring });
  return { db, name, repositories: createRepositories(db, { now, newId: () => `row-${String(++ids).padStart(6, '0')}` }) };
}
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

const riverside = (): RecordTemplateV1 => ({ ...derby(), id: 'riverside-record', version: '1.0.0', title: 'Riverside Quillfeather Record', source: { organisation: 'Quillfeather Trust', policy: 'Safeguarding Supervision Policy', appendix: 'Appendix 3' } });

async function signedSessionWith(repositories: Repositories, template: RecordTemplateV1): Promise<string> {
  const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
  if (!person.ok) throw new Error(person.message);
  const created = await createSession(repositories, { template, sessionType: 'safeguarding-supervision', date: '2026-11-01', personId: person.value.id, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  const stored = (await repositories.sessions.get(created.value))!;
  // The session restores with the template it saved (an own one here).
  const restored = restoreSession(stored.template, stored.record, await repositories.sessions.snapshot(created.value));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  driveDerbyWithoutCases(actor, { id: 'act-000001', what: 'Send the chronology', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  signBoth(actor);
  await repositories.sessions.save(stored.template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  actor.stop();
  return created.value;
}

describe('own templates', () => {
  it('saves a template, edits it in place while no session has used it, and refuses a built-in or taken id', async () => {
    const { repositories } = device();
    const authoring = await repositories.authoring();
    const first = await authoring.templates.save(riverside(), { draftRowId: null, basedOn: null });
    if (!first.ok) throw new Error(first.message);
    const edited = { ...riverside(), title: 'Riverside Record (edited)' };
    const second = await authoring.templates.save(edited, { draftRowId: null, basedOn: first.value.rowId });
    expect(second).toMatchObject({ ok: true, value: { rowId: first.value.rowId, newVersion: false, item: { version: '1.0.0' } } });
    expect(await authoring.templates.all()).toEqual([edited]);
    expect(await authoring.templates.save({ ...riverside(), id: 'derby-derbyshire-appendix-3' }, { draftRowId: null, basedOn: null })).toMatchObject({ ok: false, message: expect.stringContaining('built into the app') });
    expect(await authoring.templates.save(riverside(), { draftRowId: null, basedOn: null })).toMatchObject({ ok: false, message: expect.stringContaining('already has the id') });
    expect(await authoring.templates.all()).toHaveLength(1);
  });

  it('an edit to a version a session used is a new version; the signed record keeps its copy (H41)', async () => {
    const { repositories } = device();
    const authoring = await repositories.authoring();
    const saved = await authoring.templates.save(riverside(), { draftRowId: null, basedOn: null });
    if (!saved.ok) throw new Error(saved.message);
    const sessionId = await signedSessionWith(repositories, riverside());
    expect((await authoring.templates.saved(saved.value.rowId))?.used).toBe(true);

    const renamed = riverside();
    renamed.sections = renamed.sections.map((s, i) => (i === 0 ? { ...s, heading: 'Actions from last time' } : s));
    const edit = await authoring.templates.save(renamed, { draftRowId: null, basedOn: saved.value.rowId });
    expect(edit).toMatchObject({ ok: true, value: { newVersion: true, item: { version: '1.1.0' } } });
    expect((await authoring.templates.all()).map((t) => t.version).sort()).toEqual(['1.0.0', '1.1.0']);
    expect((await authoring.templates.latest())[0]?.sections[0]?.heading).toBe('Actions from last time');
    // The signed record is as it was signed: its own copy of version 1.0.0.
    const record = (await repositories.sessions.get(sessionId))!;
    expect(record.row.status).toBe('signed');
    expect(record.template.version).toBe('1.0.0');
    expect(record.template.sections[0]?.heading).toBe('Review of previous supervision / 1:1 session');
  });

  it('keeps a draft as typed, gives it back, and removes it when saved', async () => {
    const { repositories } = device();
    const authoring = await repositories.authoring();
    const rowId = await authoring.templates.saveDraft(null, { title: 'Half typed', sections: [] }, null);
    expect(await authoring.templates.draft(rowId)).toMatchObject({ basedOn: null, draft: { title: 'Half typed' } });
    await authoring.templates.save(riverside(), { draftRowId: rowId, basedOn: null });
    expect(await authoring.templates.draft(rowId)).toBeUndefined();
    const other = await authoring.templates.saveDraft(null, { title: 'Abandoned' }, null);
    await authoring.templates.discardDraft(other);
    expect((await authoring.templates.list()).drafts).toEqual([]);
  });

  it('imports: a new id is stored; a taken own id is a new version or kept beside under a new id; a built-in id only beside', async () => {
    const { repositories } = device();
    const authoring = await repositories.authoring();
    expect(await authoring.templates.import(riverside())).toMatchObject({ ok: true, replaced: false });
    expect(await authoring.templates.import(riverside())).toMatchObject({ ok: false, clash: { id: 'riverside-record', shipped: false } });
    expect(await authoring.templates.import(riverside(), 'newVersion')).toMatchObject({ ok: true, replaced: true, value: { id: 'riverside-record', version: '1.1.0' } });
    expect(await authoring.templates.import({ ...riverside(), version: '3.0.0' }, 'newVersion')).toMatchObject({ ok: true, value: { version: '3.0.0' } });
    expect(await authoring.templates.import(riverside(), 'keepBoth')).toMatchObject({ ok: true, value: { id: 'riverside-record-copy' } });
    expect(await authoring.templates.import(derby())).toMatchObject({ ok: false, clash: { shipped: true } });
    expect(await authoring.templates.import(derby(), 'newVersion')).toMatchObject({ ok: true, value: { id: 'derby-derbyshire-appendix-3-copy' } });
    const latest = await authoring.templates.latest();
    expect(latest.map((t) => `${t.id}@${t.version}`).sort()).toEqual(['derby-derbyshire-appendix-3-copy@1.1.0', 'riverside-record-copy@1.0.0', 'riverside-record@3.0.0']);
  });

  it('holds no title or organisation in a key or an index, nor in the clear at rest', async () => {
    const { repositories, db, name } = device();
    const authoring = await repositories.authoring();
    await authoring.templates.save(riverside(), { draftRowId: null, basedOn: null });
    await authoring.templates.saveDraft(null, { title: 'Quillfeather draft' }, null);
    db.close();
    const raw = new Dexie(name);
    await raw.open();
    const rows = await raw.table('ownTemplates').toArray();
    expect(rows).toHaveLength(2);
    for (const row of rows as Record<string, unknown>[]) {
      expect(String(row['id'])).toMatch(/^row-\d+$/);
      expect(JSON.stringify(row)).not.toContain('Quillfeather');
    }
    raw.close();
  });
});

describe('own agreements', () => {
  it('an agreement is made with an own agreement, which is then kept as used; it is found by its version', async () => {
    const { repositories } = device();
    const authoring = await repositories.authoring();
    const base = findAgreementTemplate('somerset-icb-contract') ?? (await import('../../machines/agreements/index.ts')).agreementTemplates[0]!;
    const own = { ...base, id: 'riverside-contract', title: 'Riverside contract' };
    const saved = await authoring.agreements.save(own, { draftRowId: null, basedOn: null });
    if (!saved.ok) throw new Error(saved.message);
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const made = await repositories.agreements.create(person.value.id, 'riverside-contract', { name: 'Sam Supervisor', role: 'Named Nurse' });
    expect(made).toMatchObject({ ok: true, value: { templateId: 'riverside-contract', templateVersion: own.version } });
    expect((await authoring.agreements.saved(saved.value.rowId))?.used).toBe(true);
    const edit = await authoring.agreements.save({ ...own, title: 'Riverside contract, revised' }, { draftRowId: null, basedOn: saved.value.rowId });
    expect(edit).toMatchObject({ ok: true, value: { newVersion: true } });
    expect(await authoring.agreements.find('riverside-contract', own.version)).toEqual(own);
  });
});
