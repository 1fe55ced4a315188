/**
 * Property-based tests of snapshot restore (issue 17, point 4): a saved envelope is read back from
 * storage a backup may have filled, so any value at all (random, or a real saved envelope mutated:
 * keys dropped or renamed, types swapped, nested deeply, counts inflated) restores or is rebuilt
 * from the record with a reason, and never throws; a real envelope restores as it was saved.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { restoreSession } from '../../client/live/session.ts';
import { $SessionContentV1 } from '../../machines/model/record.ts';
import { defaultGroundRules, defaultThemeVocabulary } from '../../machines/model/group.ts';
import { groupEnvelopeOf, restoreGroupSession } from '../../client/live/groupSession.ts';
import { groupSessionMachine } from '../../machines/group/groupSession.machine.ts';
import { findAgreementTemplate, agreementTemplates } from '../../machines/agreements/index.ts';
import { restoreAgreement } from '../../client/live/agreement.ts';
import { savedTemplate } from './fixtures.ts';
import { mutated, NUM_RUNS, strangeValue } from '../properties/hostile.ts';

const folder = new URL('../fixtures/session-envelopes/', import.meta.url);
const saved = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as { templateId: string; templateVersion: string; content: unknown; envelope: unknown });

/** Any value, or a real saved envelope mutated. */
const envelopeLike = (valid: unknown) => fc.oneof(fc.anything(), strangeValue, mutated(valid), mutated(valid));

describe('snapshot restore, property-based', () => {
  it.each(saved.map((s) => [s.templateId, s] as const))('a session envelope of %s, mutated or random, restores or is rebuilt with a reason; never throws', (_id, s) => {
    const template = savedTemplate(s.templateId, s.templateVersion);
    const content = $SessionContentV1.parse(s.content);
    expect(restoreSession(template, content, s.envelope).kind).toBe('restored');
    fc.assert(
      fc.property(envelopeLike(s.envelope), (envelope) => {
        const restored = restoreSession(template, content, envelope);
        expect(restored.kind === 'restored' || (restored.kind === 'rebuilt' && restored.why.length > 0)).toBe(true);
      }),
      { numRuns: Math.round(NUM_RUNS / 2) },
    );
  });

  it('a group session envelope, mutated or random, restores or is rebuilt with a reason; never throws', () => {
    const ruth = { personId: 'person-ruth', name: 'Ruth Okafor', role: 'Named Nurse for Safeguarding' };
    const priya = { personId: 'person-priya', name: 'Priya Shah', role: 'Health Visitor' };
    const input = { sessionId: 'group-session-0001', groupId: 'group-0001', groupName: 'Health visiting north', date: '2026-11-18', facilitator: ruth, members: [ruth, priya], previouslyAgreed: [ruth.personId], groundRules: defaultGroundRules, vocabulary: [...defaultThemeVocabulary] };
    const actor = createActor(groupSessionMachine, { input }).start();
    const content = actor.getSnapshot().context;
    const valid = JSON.parse(JSON.stringify(groupEnvelopeOf(actor.getPersistedSnapshot(), '2026-11-18T10:00:00.000Z'))) as unknown;
    actor.stop();
    expect(restoreGroupSession(content as never, valid).kind).toBe('restored');
    fc.assert(
      fc.property(envelopeLike(valid), (envelope) => {
        const restored = restoreGroupSession(content as never, envelope);
        expect(restored.kind === 'restored' || (restored.why ?? '').length > 0).toBe(true);
      }),
      { numRuns: NUM_RUNS },
    );
  });

  it('an agreement envelope, mutated or random, restores or is rebuilt from the agreement with a reason; never throws', () => {
    const template = findAgreementTemplate(agreementTemplates[0]!.id)!;
    const parties = { supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' }, supervisee: { name: 'Val Visitor', role: 'Health Visitor' } };
    const rebuilt = restoreAgreement(template, { id: 'agreement-0001', parties } as never, undefined);
    const valid = JSON.parse(JSON.stringify({ machineId: 'agreement', machineVersion: 1, savedAt: '2026-11-18T10:00:00.000Z', snapshot: createActor(rebuilt.machine, { snapshot: rebuilt.snapshot, input: rebuilt.input }).getPersistedSnapshot() })) as unknown;
    fc.assert(
      fc.property(envelopeLike(valid), (envelope) => {
        const restored = restoreAgreement(template, (rebuilt.snapshot as unknown as { context: unknown }).context as never, envelope);
        expect(restored.rebuilt === null || restored.rebuilt.length > 0).toBe(true);
      }),
      // Each run builds the agreement's machine: slower than the others.
      { numRuns: Math.round(NUM_RUNS / 4) },
    );
  });
});
