/**
 * Rows written before the envelopes were one module still load (issue 20): each kind's envelope
 * is stored as `{ machineId, machineVersion, savedAt, snapshot }`, written here by hand as the
 * three former modules wrote it, and the saved session fixtures (tests/fixtures/session-envelopes,
 * saved by the app at machine version 1) are put straight into the tables. Each is opened through
 * the table of live documents (client/live/kinds.ts) and resumes where it was, not rebuilt. What
 * the one module writes now is the same bytes.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { z } from 'zod';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { liveKinds } from '../../client/live/kinds.ts';
import { createPractice } from '../../client/live/create.ts';
import { restoreSession } from '../../client/live/session.ts';
import { practiceModels } from '../../machines/practice/scenario.ts';
import { agreementTemplates } from '../../machines/agreements/index.ts';
import { agreementOf, createAgreementMachine } from '../../machines/agreements/agreement.machine.ts';
import { groupSessionMachine } from '../../machines/group/groupSession.machine.ts';
import { blankAgreement } from '../../machines/model/agreement.ts';
import { envelopeFor } from '../../machines/model/envelope.ts';
import { $SessionContentV1 } from '../../machines/model/record.ts';
import { savedTemplate } from '../machines/fixtures.ts';

const savedAt = '2026-11-18T10:00:00.000Z';
let db: SupervisionDB;
let repositories: Repositories;
let ids = 0;
beforeEach(() => {
  db = new SupervisionDB(`old-rows-${Math.random()}`);
  ids = 0;
  repositories = createRepositories(db, { now: () => new Date(savedAt), newId: () => `id-${String(++ids).padStart(6, '0')}` });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

/** An envelope as the former modules wrote it: their one shape, field by field in this order. */
function oldEnvelope(machineId: 'session' | 'groupSession' | 'agreement', snapshot: unknown) {
  return { machineId, machineVersion: 1, savedAt, snapshot };
}

const $Fixture = z.looseObject({ templateId: z.string(), templateVersion: z.string(), content: $SessionContentV1, envelope: z.unknown() });
const fixtureFiles = Object.entries(import.meta.glob('../fixtures/session-envelopes/*.json', { eager: true, import: 'default' }));

describe('rows saved before the one envelope module', () => {
  it('has saved sessions to open', () => expect(fixtureFiles.length).toBeGreaterThan(0));

  it.each(fixtureFiles)('a one-to-one session saved as %s opens where it was', async (_file, data) => {
    const fixture = $Fixture.parse(data);
    const record = fixture.content;
    await db.sessions.put({
      id: record.sessionId,
      personId: record.parties.supervisee.personId,
      status: 'inProgress',
      date: record.date,
      updatedAt: savedAt,
      content: { template: savedTemplate(fixture.templateId, fixture.templateVersion), record },
    });
    await db.snapshots.put({ sessionId: record.sessionId, savedAt, envelope: fixture.envelope as never });
    const kind = await liveKinds.session();
    const { stored, envelope } = await kind.load(repositories, record.sessionId);
    expect(envelope).toEqual(fixture.envelope);
    expect(restoreSession(stored.template, stored.record, envelope).kind).toBe('restored');
    expect(kind.restore(stored, envelope, kind.machine(stored)).notice).toBeNull();
  });

  it('a group session opens where it was', async () => {
    const actor = createActor(groupSessionMachine, {
      input: {
        sessionId: 'group-session-0001', groupId: 'group-000001', groupName: 'Health visiting north', date: '2026-11-18',
        facilitator: { personId: 'person-0001', name: 'Fay Facilitator', role: 'Named Nurse' },
        members: [{ personId: 'person-0001', name: 'Fay Facilitator', role: 'Named Nurse' }, { personId: 'person-0002', name: 'Mo Member', role: 'Health Visitor' }],
        previouslyAgreed: [], groundRules: 'Be kind', vocabulary: ['Neglect'],
      },
    }).start();
    const content = actor.getSnapshot().context;
    const old = oldEnvelope('groupSession', actor.getPersistedSnapshot());
    expect(JSON.stringify(envelopeFor('groupSession', actor.getPersistedSnapshot(), savedAt))).toBe(JSON.stringify(old));
    await db.groupSessions.put({ id: content.sessionId, groupId: content.groupId, status: 'open', date: content.date, updatedAt: savedAt, content });
    await db.snapshots.put({ sessionId: content.sessionId, savedAt, envelope: JSON.parse(JSON.stringify(old)) });
    const kind = await liveKinds.groupSession();
    const { stored, envelope } = await kind.load(repositories, content.sessionId);
    const restored = kind.restore(stored, envelope, kind.machine(stored));
    expect(restored.notice).toBeNull();
    expect(restored.snapshot).toMatchObject({ value: actor.getSnapshot().value });
    actor.stop();
  });

  it('an agreement opens where it was', async () => {
    const template = agreementTemplates[0]!;
    const parties = { supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' }, supervisee: { personId: 'person-0002', name: 'Mo Member', role: 'Health Visitor' } };
    const draft = blankAgreement(template, { id: 'agreement-0001', parties });
    const actor = createActor(createAgreementMachine(template), { input: { agreementId: draft.id, parties } }).start();
    const old = oldEnvelope('agreement', actor.getPersistedSnapshot());
    expect(JSON.stringify(envelopeFor('agreement', actor.getPersistedSnapshot(), savedAt))).toBe(JSON.stringify(old));
    await db.agreements.put({ id: draft.id, personId: 'person-0002', status: 'draft', reviewDue: '', updatedAt: savedAt, content: agreementOf(actor.getSnapshot().context) });
    await db.snapshots.put({ sessionId: draft.id, savedAt, envelope: JSON.parse(JSON.stringify(old)) });
    const kind = await liveKinds.agreement();
    const { stored, envelope } = await kind.load(repositories, draft.id);
    expect(kind.restore(stored, envelope, kind.machine(stored)).notice).toBeNull();
    actor.stop();
  });

  it('a practice session keeps its envelope in the one shape, and opens where it was', async () => {
    const created = await createPractice(repositories, { scenarioId: 'neglect-with-drift', role: 'supervisor', trainee: 'Tara Trainee' });
    if (!created.ok) throw new Error(created.message);
    const row = await db.practiceSessions.get(created.value);
    const saved = (row?.content as { envelope: { snapshot: unknown } }).envelope;
    expect(JSON.stringify(saved)).toBe(JSON.stringify(oldEnvelope('session', saved.snapshot)));
    const kind = await liveKinds.practice();
    const { stored, envelope } = await kind.load(repositories, created.value);
    const { template, record } = stored.stored.content;
    expect(restoreSession(template, record, envelope, { onlyModels: practiceModels }).kind).toBe('restored');
  });
});
