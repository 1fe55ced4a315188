/**
 * Property-based tests of the template files (issue 17, point 4): any value offered as a record
 * template or an agreement file (random, or a shipped one mutated: keys dropped or renamed, types
 * swapped, nested deeply, lists inflated) is either used or reported by file name with a message,
 * never throws; and a shipped template parsed, written as JSON and parsed again is the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseTemplates, templates } from '../../machines/templates/index.ts';
import { agreementTemplates, parseAgreementTemplates } from '../../machines/agreements/index.ts';
import { mutated, NUM_RUNS, strangeValue } from '../properties/hostile.ts';

const reportedOrUsed = (results: ReturnType<typeof parseTemplates> | ReturnType<typeof parseAgreementTemplates>) =>
  results.every((r) => (r.ok ? typeof r.template.id === 'string' : r.file === 'x.json' && r.message.length > 0));

describe('template files, property-based', () => {
  it.each(templates.map((t) => [t.id, t] as const))('a record template (%s) mutated, or any value, is used or reported by name; never throws', (_id, template) => {
    fc.assert(
      fc.property(fc.oneof(mutated(template), mutated(template), strangeValue, fc.anything()), (value) => {
        expect(reportedOrUsed(parseTemplates({ 'x.json': value }))).toBe(true);
      }),
      { numRuns: Math.round(NUM_RUNS / 2) },
    );
  });

  it.each(agreementTemplates.map((t) => [t.id, t] as const))('an agreement file (%s) mutated, or any value, is used or reported by name; never throws', (_id, template) => {
    fc.assert(
      fc.property(fc.oneof(mutated(template), strangeValue, fc.anything()), (value) => {
        expect(reportedOrUsed(parseAgreementTemplates({ 'x.json': value }))).toBe(true);
      }),
      { numRuns: Math.round(NUM_RUNS / 3) },
    );
  });

  it('round-trips: every shipped template parsed, written as JSON and parsed again is the same', () => {
    for (const template of [...templates]) {
      const [again] = parseTemplates({ 'x.json': JSON.parse(JSON.stringify(template)) as unknown });
      expect(again).toEqual({ ok: true, template });
    }
    for (const template of [...agreementTemplates]) {
      const [again] = parseAgreementTemplates({ 'x.json': JSON.parse(JSON.stringify(template)) as unknown });
      expect(again).toEqual({ ok: true, template });
    }
  });
});
