/**
 * Practice storage on fake-indexeddb: a practice session runs the real session machine but is
 * stored only in the practice store — never a supervision record, never a case, action or
 * signature row — so no child-record summary, dashboard row or compliance report can include
 * it. Imported scenarios are validated; a hostile file is refused and changes nothing.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { PRACTICE_PERSON_ID, SCRIPTED_SUPERVISOR } from '../../client/db/practiceRepositories.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { findScenario } from '../../machines/practice/scenarios/index.ts';
import { complianceReport } from '../../machines/compliance/report.ts';
import { practiceMachine } from '../../machines/practice/practice.machine.ts';
import { createPractice } from '../../client/live/create.ts';

let db: SupervisionDB;
let repositories: Repositories;
let ids = 0;

beforeEach(() => {
  db = new SupervisionDB(`practice-${Math.random()}`);
  repositories = createRepositories(db, { now: () => new Date('2026-11-22T10:00:00Z'), newId: () => `id-${String(++ids).padStart(6, '0')}` });
});
afterEach(async () => {
  db.close();
  await db.delete();
});

const realTables = ['people', 'sessions', 'cases', 'actions', 'signatures', 'snapshots', 'amendments', 'appointments', 'frequencyRules', 'agreements'] as const;
async function realRowCount(): Promise<number> {
  let total = 0;
  for (const table of realTables) total += await db.table(table).count();
  return total;
}

describe('practice sessions', () => {
  it('starts one on the scenario’s template, as the supervisor, stored apart and marked training', async () => {
    const created = await createPractice(repositories, { scenarioId: 'neglect-with-drift', role: 'supervisor', trainee: '  Tara Trainee ' });
    if (!created.ok) throw new Error(created.message);
    const stored = await repositories.practice.get(created.value);
    expect(stored?.row.status).toBe('briefing');
    expect(stored?.content).toMatchObject({
      training: true,
      template: { id: 'derby-derbyshire-appendix-3' },
      record: { parties: { supervisor: { name: 'Tara Trainee' }, supervisee: { name: 'Robin Ashby', personId: PRACTICE_PERSON_ID } } },
      practice: { value: 'briefing', context: { trainee: 'Tara Trainee', role: 'supervisor', turns: [] } },
    });
    expect(await realRowCount()).toBe(0);
  });

  it('as the supervisee, the trainee is the supervisee and a scripted supervisor leads', async () => {
    const created = await createPractice(repositories, { scenarioId: 'worker-overwhelmed', role: 'supervisee', trainee: 'Sam Student' });
    if (!created.ok) throw new Error(created.message);
    const stored = await repositories.practice.get(created.value);
    expect(stored?.content.record.parties).toMatchObject({ supervisor: { name: SCRIPTED_SUPERVISOR }, supervisee: { name: 'Sam Student' } });
  });

  it('refuses without a name or a known scenario, and stores nothing', async () => {
    expect(await createPractice(repositories, { scenarioId: 'neglect-with-drift', role: 'supervisor', trainee: ' ' })).toEqual({ ok: false, message: 'Enter your name' });
    expect(await createPractice(repositories, { scenarioId: 'no-such-scenario', role: 'supervisor', trainee: 'Tara' })).toEqual({ ok: false, message: 'Choose a scenario' });
    expect(await db.practiceSessions.count()).toBe(0);
  });

  it('saves the session and the practice as they go, restores both, and never writes a real record — even when the case is finished and both "sign"', async () => {
    const created = await createPractice(repositories, { scenarioId: 'neglect-with-drift', role: 'supervisor', trainee: 'Tara Trainee' });
    if (!created.ok) throw new Error(created.message);
    const stored = (await repositories.practice.get(created.value))!;
    const restored = restoreSession(stored.content.template, stored.content.record, stored.content.envelope);
    const session = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.content.record) }).start();
    const { value, context } = stored.content.practice;
    const practice = createActor(practiceMachine, { snapshot: practiceMachine.resolveState({ value, context }), input: { ...context } }).start();
    practice.send({ type: 'practice.start', at: '2026-11-22T10:00:00.000Z' });
    practice.send({ type: 'stage.entered', stage: 'experience', at: '2026-11-22T10:00:00.000Z' });
    practice.send({ type: 'turn.taken', id: 'turn-000001', intervention: 'clarification', words: 'What happened?', at: '2026-11-22T10:01:00.000Z' });
    session.send({ type: 'step.next' });
    const save = () => {
      const s = practice.getSnapshot();
      return repositories.practice.save(stored.content.template, session.getSnapshot().context, session.getPersistedSnapshot(), { value: s.value, context: s.context });
    };
    await save();
    const again = await repositories.practice.get(created.value);
    expect(again?.row.status).toBe('practising');
    expect(again?.content.practice.context.turns).toHaveLength(1);
    expect(again?.content.record.furthestSection).toBe(session.getSnapshot().context.furthestSection);
    expect(await realRowCount()).toBe(0);
    expect(await repositories.sessions.list()).toEqual([]);
    // The compliance report and the dashboard read only real records: nothing of practice is there.
    const report = complianceReport({ from: '2026-01-01', to: '2026-12-31', today: '2026-11-22', people: await repositories.people.list(), sessions: (await repositories.sessions.list()).map((s) => s.record), appointments: [], rules: {} });
    expect(report).toEqual([]);
    session.stop();
  });

  it('a damaged practice row is reported, never half-used', async () => {
    await db.practiceSessions.put({ id: 'practice-bad1', status: 'practising', updatedAt: '2026-11-22T10:00:00.000Z', content: { schema: 'practice-session/v1', training: false } });
    await expect(repositories.practice.get('practice-bad1')).rejects.toThrow(/could not be read/);
  });
});

describe('importing a scenario', () => {
  const good = () => ({ ...findScenario('neglect-with-drift')!, id: 'trainer-own-scenario', title: 'A trainer’s own scenario' });

  it('imports a valid scenario, which can then be practised', async () => {
    const imported = await repositories.practiceScenarios.import(JSON.stringify(good()));
    expect(imported.ok).toBe(true);
    const { scenarios, problems } = await repositories.practiceScenarios.list();
    expect(problems).toEqual([]);
    expect(scenarios.map((s) => s.id)).toContain('trainer-own-scenario');
    expect((await createPractice(repositories, { scenarioId: 'trainer-own-scenario', role: 'supervisor', trainee: 'Tara' })).ok).toBe(true);
  });

  it.each([
    ['not JSON', 'not json at all', /not JSON/],
    ['truncated', JSON.stringify(good()).slice(0, 200), /not JSON/],
    ['empty object', '{}', /not a valid scenario/],
    ['not fictional', JSON.stringify({ ...good(), fictional: false }), /fictional/],
    ['wrong types', JSON.stringify({ ...good(), cues: 'many' }), /cues/],
    ['__proto__ keys', `{"__proto__": {"polluted": true}, ${JSON.stringify(good()).slice(1)}`, /__proto__|Unrecognized|not a valid/],
    ['unknown template', JSON.stringify({ ...good(), templateId: 'no-such-template' }), /record template this app does not have/],
    ['unknown session type', JSON.stringify({ ...good(), sessionType: 'nope' }), /no session type/],
    ['a shipped id', JSON.stringify({ ...good(), id: 'neglect-with-drift' }), /already has the id/],
    ['too large', JSON.stringify({ ...good(), brief: 'x'.repeat(300_000) }), /too large/],
    ['deeply nested', `${'['.repeat(5000)}${']'.repeat(5000)}`, /not a valid scenario/],
  ])('refuses %s with a plain reason and changes nothing', async (_name, text, reason) => {
    const result = await repositories.practiceScenarios.import(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(reason);
    expect(await db.practiceScenarios.count()).toBe(0);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
