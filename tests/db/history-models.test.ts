/**
 * A supervisee's history names each case's stages from the models its sessions kept (issue 19): a
 * record made with a model this device does not have (made or imported on another device) still
 * reads in that model's own words here.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import gibbsFile from '../../machines/models/gibbs.model.json' with { type: 'json' };
import { $ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { derby, DERBY, startSession } from '../machines/fixtures.ts';
import { useSealedDevices } from './sealed-device.ts';

const device = useSealedDevices('history-models');
const VAL = 'person-0001';

describe('a history of records made with a model this device does not have', () => {
  it('carries the sessions’ own copies of their models', async () => {
    const here = device();
    await here.db.people.put({ id: VAL, updatedAt: '2026-01-01T00:00:00.000Z', content: { name: 'Val Visitor', role: 'Health Visitor' } });
    const riverside = $ReflectiveModelV1.parse({ ...gibbsFile, id: 'riverside-huddle', title: 'Riverside huddle', version: '2.0.0' });
    const actor = startSession(derby(), DERBY, { sessionId: 'session-0001', date: '2026-11-01', parties: { supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' }, supervisee: { personId: VAL, name: 'Val Visitor', role: 'Health Visitor' } } });
    const record = actor.getSnapshot().context;
    const stages = Object.fromEntries(riverside.stages.map((s) => [s.id, { notes: `${s.name} for Baby T` }]));
    const withCase = { ...record, cases: [{ id: 'case-0001', label: 'Baby T', chosenBy: null, stages, skipped: {}, complete: true, model: { id: riverside.id, version: riverside.version } }] };
    await here.repositories.sessions.save(derby(), withCase, actor.getPersistedSnapshot(), [riverside]);
    actor.stop();

    const history = await here.repositories.history.of(VAL);
    expect(history.models.map((m) => `${m.id}@${m.version}`)).toEqual(['riverside-huddle@2.0.0']);
    // A session whose cases used only shipped models keeps no copies.
    const plain = startSession(derby(), DERBY, { sessionId: 'session-0002', date: '2026-11-15', parties: { supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' }, supervisee: { personId: VAL, name: 'Val Visitor', role: 'Health Visitor' } } });
    await here.repositories.sessions.save(derby(), plain.getSnapshot().context, plain.getPersistedSnapshot());
    plain.stop();
    expect((await here.repositories.history.of(VAL)).models.map((m) => m.id)).toEqual(['riverside-huddle']);
  });
});
