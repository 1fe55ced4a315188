/**
 * A child-record entry as a FHIR R4 DocumentReference: valid FHIR (the `fhir` package's
 * validator), the entry's text exactly, and nothing of any other child discussed in the session.
 */
import { describe, expect, it } from 'vitest';
import { Fhir } from 'fhir';
import { findTemplate } from '../../machines/templates/index.ts';
import { childRecordSummary } from '../../machines/record/childSummary.ts';
import { childEntryDocumentReference, sealedAtOf } from '../../machines/record/fhir.ts';
import { realisticContent, sealed } from './fixtures.ts';

const template = findTemplate('derby-derbyshire-appendix-3')!;
const record = sealed(realisticContent(template));
/** Anything FHIR R4 does not define is an error, not ignored. */
const strict = { errorOnUnexpected: true };
/** FHIR's instant: a full date and time with its zone (the validator does not check it). */
const fhirInstant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const decode = (base64: string) => new TextDecoder().decode(Uint8Array.from(atob(base64), (c) => c.charCodeAt(0)));

function resourceFor(caseId: string, signedAt: string | null = sealedAtOf(record.signatures)) {
  const entry = childRecordSummary(template, record, caseId);
  return { entry, resource: childEntryDocumentReference(entry, { sessionId: record.sessionId, supervisor: record.parties.supervisor.name, signedAt }) };
}

describe('a child-record entry as a FHIR DocumentReference', () => {
  it('is a valid FHIR R4 resource with the date, the supervisor as author, the child as subject, current and final once signed', () => {
    const { resource } = resourceFor('case-baby-t-01');
    const result = new Fhir().validate(resource, strict);
    expect(result.messages.filter((m) => m.severity === 'error' || m.severity === 'fatal')).toEqual([]);
    expect(result.valid).toBe(true);
    expect(resource).toMatchObject({
      resourceType: 'DocumentReference',
      status: 'current',
      docStatus: 'final',
      subject: { display: 'Baby T' },
      author: [{ display: 'Sam Supervisor' }],
      date: '2031-03-07T11:02:00.000Z',
      context: { period: { start: '2031-03-07', end: '2031-03-07' } },
    });
    expect(resource.date).toMatch(fhirInstant);
    expect(resource.content[0]?.attachment.contentType).toBe('text/plain; charset=utf-8');
    expect(resource.description).toBe('Safeguarding supervision discussion on 7 March 2031');
  });

  it('is preliminary while the record is not signed', () => {
    const { resource } = resourceFor('case-baby-t-01', null);
    expect(resource.docStatus).toBe('preliminary');
    expect(new Fhir().validate(resource, strict).valid).toBe(true);
  });

  it('the validator refuses what FHIR does not allow (so the check above can fail)', () => {
    const { resource } = resourceFor('case-baby-t-01');
    expect(new Fhir().validate({ ...resource, status: 'signed' }, strict).valid).toBe(false);
    expect(new Fhir().validate({ ...resource, docStatus: 'done' }, strict).valid).toBe(false);
    expect(new Fhir().validate({ ...resource, content: undefined }, strict).valid).toBe(false);
    expect(new Fhir().validate({ ...resource, child: 'Baby T' }, strict).valid).toBe(false);
  });

  it('carries one child’s entry only: exactly that entry’s text, and nothing of the other child discussed', () => {
    for (const [caseId, other] of [
      ['case-baby-t-01', ['Jay', 'Smith', 'TAF', 'Pat Jones', 'Missed school nurse', 'neglect']],
      ['case-jay-smith', ['Baby T', 'MASH', 'bruising', 'Bruising']],
    ] as const) {
      const { entry, resource } = resourceFor(caseId);
      const data = resource.content[0]?.attachment.data ?? '';
      expect(decode(data)).toBe(entry.text);
      expect(resource.content).toHaveLength(1);
      const whole = JSON.stringify(resource) + decode(data);
      for (const word of other) expect(whole).not.toContain(word);
    }
  });

  it('keeps accented names and line breaks exactly (UTF-8)', () => {
    const accented = { ...record, cases: record.cases.map((c, i) => (i === 0 ? { ...c, label: 'Zoë Ångström' } : c)) };
    const entry = childRecordSummary(template, accented, 'case-baby-t-01');
    const resource = childEntryDocumentReference(entry, { sessionId: record.sessionId, supervisor: 'Sam Supervisor', signedAt: null });
    expect(decode(resource.content[0]!.attachment.data)).toBe(entry.text);
    expect(entry.text).toContain('Zoë Ångström');
    expect(resource.subject.display).toBe('Zoë Ångström');
  });
});
