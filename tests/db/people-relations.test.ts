/**
 * People by their relation to you (issue 18, point 7), on the sealed database: a person stored
 * without a relation (as everyone before) reads as a one-to-one supervisee; group members and
 * facilitators are left out of the one-to-one lists (`departures.supervisees()`), as are those who
 * have left; starting a one-to-one session with a group member makes them a supervisee; and your
 * details keep their organisation and default templates until a save says otherwise.
 * Controls for hazard H38 (a supervisee hidden from compliance because they were classed as a
 * group member).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { derby, DERBY } from '../machines/fixtures.ts';
import { useSealedDevices } from './sealed-device.ts';
import { createSession } from '../../client/live/create.ts';

const device = useSealedDevices('people');

async function add(here: ReturnType<typeof device>, name: string, relation?: 'group-member' | 'facilitator' | 'supervisor') {
  const added = await here.repositories.people.add({ name, role: '', ...(relation ? { relation } : {}) });
  if (!added.ok) throw new Error(added.message);
  return added.value;
}

describe('people by their relation to you', () => {
  it('reads a person stored without a relation (an older row) as a one-to-one supervisee, listed', async () => {
    const here = device();
    await here.db.people.put({ id: 'person-0001', updatedAt: '2026-01-01T00:00:00.000Z', content: { name: 'Val Visitor', role: 'Health Visitor' } });
    const val = await here.repositories.people.get('person-0001');
    expect(val).toEqual({ id: 'person-0001', name: 'Val Visitor', role: 'Health Visitor' });
    const retention = await here.repositories.retention();
    expect((await retention.departures.supervisees()).map((p) => p.name)).toEqual(['Val Visitor']);
  });

  it('adds people from the one-to-one screens as supervisees, and keeps the relation given by the group screens', async () => {
    const here = device();
    const val = await add(here, 'Val Visitor');
    const gail = await add(here, 'Gail Group', 'group-member');
    const fay = await add(here, 'Fay Facilitator', 'facilitator');
    const sue = await add(here, 'Sue Supervisor', 'supervisor');
    expect(val.relation).toBeUndefined();
    expect((await here.repositories.people.get(gail.id))?.relation).toBe('group-member');
    expect((await here.repositories.people.get(fay.id))?.relation).toBe('facilitator');
    expect((await here.repositories.people.get(sue.id))?.relation).toBe('supervisor');

    const retention = await here.repositories.retention();
    expect((await retention.departures.supervisees()).map((p) => p.name)).toEqual(['Val Visitor']);
    // Everyone, on request (the dashboard's "Show group members too").
    expect((await retention.departures.current()).map((p) => p.name)).toEqual(['Fay Facilitator', 'Gail Group', 'Sue Supervisor', 'Val Visitor']);
  });

  it('leaves out of the one-to-one lists a supervisee who has left, and lists them again when undone', async () => {
    const here = device();
    const val = await add(here, 'Val Visitor');
    await add(here, 'Olive Other');
    const retention = await here.repositories.retention();
    expect((await retention.departures.markLeft(val.id, '2026-11-01')).ok).toBe(true);
    expect((await retention.departures.supervisees()).map((p) => p.name)).toEqual(['Olive Other']);
    await retention.departures.undo(val.id);
    expect((await retention.departures.supervisees()).map((p) => p.name)).toEqual(['Olive Other', 'Val Visitor']);
  });

  it('makes a group member a one-to-one supervisee when a one-to-one session is started with them', async () => {
    const here = device();
    const gail = await add(here, 'Gail Group', 'group-member');
    const retention = await here.repositories.retention();
    expect(await retention.departures.supervisees()).toEqual([]);
    const started = await createSession(here.repositories, { template: derby(), sessionType: DERBY, date: '2026-11-22', personId: gail.id, supervisor: { name: 'Sam Supervisor', role: '' } });
    expect(started.ok).toBe(true);
    expect((await here.repositories.people.get(gail.id))?.relation).toBe('supervisee');
    expect((await retention.departures.supervisees()).map((p) => p.name)).toEqual(['Gail Group']);
  });

  it('keeps a supervisee a supervisee when a group is made with them as a member', async () => {
    const here = device();
    const val = await add(here, 'Val Visitor');
    const fay = await add(here, 'Fay Facilitator', 'facilitator');
    const made = await here.repositories.groups.create({ name: 'Tuesday group', facilitatorId: fay.id, memberIds: [val.id] });
    expect(made.ok).toBe(true);
    const retention = await here.repositories.retention();
    expect((await retention.departures.supervisees()).map((p) => p.name)).toEqual(['Val Visitor']);
  });

  it('lists anyone with one-to-one arrangements here as a supervisee, whatever their relation', async () => {
    const here = device();
    const gail = await add(here, 'Gail Group', 'group-member');
    const fay = await add(here, 'Fay Facilitator', 'facilitator');
    await add(here, 'Greg Group', 'group-member');
    const retention = await here.repositories.retention();
    expect(await retention.departures.supervisees()).toEqual([]);
    // A frequency rule for Gail, an agreement for Fay: both are one-to-one supervisees to compliance.
    expect((await here.repositories.frequencyRules.save(gail.id, { rule: { kind: 'everyMonths', months: 3 }, presetId: null })).ok).toBe(true);
    expect((await here.repositories.agreements.create(fay.id, 'south-gloucestershire-appendix-1', { name: 'Sam Supervisor', role: '' })).ok).toBe(true);
    expect((await retention.departures.supervisees()).map((p) => p.name)).toEqual(['Fay Facilitator', 'Gail Group']);
  });

  it('refuses a relation that is not one of the four', async () => {
    const here = device();
    const val = await add(here, 'Val Visitor');
    expect((await here.repositories.people.setRelation(val.id, 'stranger' as never)).ok).toBe(false);
    expect((await here.repositories.people.setRelation('nobody-00001', 'supervisee')).ok).toBe(false);
  });
});

describe('your details', () => {
  it('keeps the organisation and default templates until a save says otherwise ("" removes one)', async () => {
    const { trust } = { trust: await device().repositories.trust() };
    const saved = await trust.profile.save({ name: 'Sam Supervisor', jobRole: 'Named Nurse', organisation: ' Somerset ICB ', templateId: 'derby-derbyshire-appendix-3', agreementTemplateId: 'south-gloucestershire-agreement' });
    expect(saved).toMatchObject({ ok: true, value: { organisation: 'Somerset ICB', templateId: 'derby-derbyshire-appendix-3' } });
    // A save of the name and role only (the connect screens) keeps them.
    expect(await trust.profile.save({ name: 'Sam Supervisor', jobRole: 'Designated Nurse' })).toMatchObject({ ok: true, value: { organisation: 'Somerset ICB', templateId: 'derby-derbyshire-appendix-3', agreementTemplateId: 'south-gloucestershire-agreement' } });
    const cleared = await trust.profile.save({ name: 'Sam Supervisor', jobRole: 'Designated Nurse', organisation: '', templateId: '' });
    expect(cleared.ok && cleared.value).toEqual({ name: 'Sam Supervisor', jobRole: 'Designated Nurse', agreementTemplateId: 'south-gloucestershire-agreement' });
    expect(await trust.profile.get()).toEqual({ name: 'Sam Supervisor', jobRole: 'Designated Nurse', agreementTemplateId: 'south-gloucestershire-agreement' });
  });
});
