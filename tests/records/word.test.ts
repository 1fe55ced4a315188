/**
 * The Word files, read back as a reader's Word would: each .docx is unzipped by mammoth (its
 * word/document.xml, headers and footers are what it reads), and its headings, their order and
 * content are checked against the policy forms' own headings, written out by hand.
 */
import { describe, expect, it } from 'vitest';
import mammoth from 'mammoth';
import JSZip from 'jszip';
import { findTemplate } from '../../machines/templates/index.ts';
import { findAgreementTemplate } from '../../machines/agreements/index.ts';
import { agreementContentHashOf, blankAgreement, fieldsOf, type AgreementTemplateV1, type AgreementV1 } from '../../machines/model/agreement.ts';
import { buildRecordDocument } from '../../machines/record/document.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { presenterSummary, themesRecord } from '../../machines/group/outputs.ts';
import { complianceReport } from '../../machines/compliance/report.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import { agreementToWord, presenterSummaryToWord, recordToWord, reportToWord, themesRecordToWord, toBlob } from '../../client/export/word.ts';
import { DERBY_HEADINGS, SOMERSET_HEADINGS } from '../fixtures/policy-headings.ts';
import { SOMERSET_CONTRACT_HEADINGS } from '../fixtures/agreement-headings.ts';
import { realisticContent, sealed, pixel } from './fixtures.ts';
import { session } from '../machines/group-fixtures.ts';
import type { Document } from 'docx';

function template(id: string): RecordTemplateV1 {
  const found = findTemplate(id);
  if (!found) throw new Error(`No template ${id}`);
  return found;
}

type ReadBack = { html: string; text: string; headings: { level: number; text: string }[]; header: string; footer: string; documentXml: string };

const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => entities[m] ?? m);
const xmlText = (xml: string) => unescape([...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''));

async function readBack(document: Document): Promise<ReadBack> {
  const blob = await toBlob(document);
  expect(blob.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
  const buffer = Buffer.from(await blob.arrayBuffer());
  const { value: html } = await mammoth.convertToHtml({ buffer });
  const { value: text } = await mammoth.extractRawText({ buffer });
  const zip = await JSZip.loadAsync(buffer);
  const files = Object.keys(zip.files);
  const part = async (pattern: RegExp) => {
    const names = files.filter((n) => pattern.test(n));
    return (await Promise.all(names.map((n) => zip.file(n)!.async('string')))).join('\n');
  };
  const headings = [...html.matchAll(/<h([1-6])>(.*?)<\/h\1>/g)].map((m) => ({ level: Number(m[1]), text: unescape((m[2] ?? '').replace(/<[^>]+>/g, '')) }));
  return { html, text, headings, header: xmlText(await part(/^word\/header\d*\.xml$/)), footer: xmlText(await part(/^word\/footer\d*\.xml$/)), documentXml: await part(/^word\/document\.xml$/) };
}

const level = (r: ReadBack, n: number) => r.headings.filter((h) => h.level === n).map((h) => h.text);
/** The text after one heading and before the next heading of the same or a higher level. */
function under(r: ReadBack, text: string): string {
  const start = r.html.indexOf(`>${text.replace(/&/g, '&amp;')}</h`);
  if (start < 0) throw new Error(`No heading “${text}”`);
  const rest = r.html.slice(start);
  const next = rest.slice(1).search(/<h[12]>/);
  return unescape((next < 0 ? rest : rest.slice(0, next + 1)).replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' '));
}

describe('the supervision record as Word', () => {
  it('a Derby record: the form’s headings verbatim and in order, “Private and Confidential” in the header, the seal in the footer', async () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const record = sealed(realisticContent(tpl));
    const doc = buildRecordDocument(tpl, record);
    const r = await readBack(recordToWord(doc, verifyRecord(record), 'Val Visitor'));

    expect(level(r, 1)).toEqual([doc.title]);
    expect(level(r, 2)).toEqual([...DERBY_HEADINGS, doc.escalations.heading, doc.seal.heading, doc.amendments.heading]);
    expect(r.header).toContain('Private and Confidential');
    expect(r.header).toContain('Val Visitor');
    expect(r.header).toContain('7 March 2031');
    expect(r.footer).toContain(`Signed and sealed · Sealed · content hash (SHA-256) ${record.contentHash}`);
    expect(r.footer).toMatch(/Page.*of/);

    // The cases under their own headings, with their stages.
    expect(level(r, 3)).toEqual(expect.arrayContaining(['Baby T', 'Jay Smith']));
    const plan = under(r, 'Plan and actions');
    // Actions as a table: a header row, then action, owner and by date in its cells.
    expect(plan).toMatch(/Action\s+Owner\s+By date\s+Case/);
    expect(plan).toContain('Refer to MASH');
    expect(plan).toContain('8 March 2031');
    expect(plan).toContain('Pat Jones, school nurse');
    expect(r.html).toMatch(/<table>.*<p><strong>Action<\/strong><\/p>.*<p><strong>Owner<\/strong><\/p>.*<p><strong>By date<\/strong><\/p>/s);

    // Signatures with names, roles, dates and the drawn signature.
    const signatures = under(r, 'Signatures');
    expect(signatures).toContain('Sam Supervisor');
    expect(signatures).toContain('Val Visitor');
    expect(signatures).toContain('7 March 2031 at 11:00');
    expect(signatures).toMatch(/Role\s+\S/);
    expect(r.html.match(/<img /g)?.length).toBe(2);
    // Dates as people read them, never ISO.
    expect(r.text).not.toMatch(/\b2031-\d\d-\d\d\b/);
  });

  it('a Somerset record: its own headings in its order, and no marking its form does not carry', async () => {
    const tpl = template('somerset-icb-appendix-1');
    const record = sealed(realisticContent(tpl));
    const doc = buildRecordDocument(tpl, record);
    const r = await readBack(recordToWord(doc, verifyRecord(record), 'Val Visitor'));
    expect(level(r, 2).slice(0, SOMERSET_HEADINGS.length)).toEqual([...SOMERSET_HEADINGS]);
    expect(r.header).not.toContain('Private and Confidential');
    expect(r.text).not.toContain('Private and Confidential');
    expect(under(r, 'Agreed actions')).toMatch(/Action\s+Owner\s+By date/);
    expect(r.footer).toContain(record.contentHash);
  });

  it('says in the footer when the content no longer matches its seal', async () => {
    const tpl = template('derby-derbyshire-appendix-3');
    const record = sealed(realisticContent(tpl));
    const changed = { ...record, answers: { ...record.answers, aob: 'Changed after signing' } };
    const r = await readBack(recordToWord(buildRecordDocument(tpl, changed), verifyRecord(changed), 'Val Visitor'));
    expect(r.footer).toContain('Warning: the content no longer matches its seal');
    expect(r.footer).not.toContain('Signed and sealed');
  });
});

function agreementTemplate(id: string): AgreementTemplateV1 {
  const found = findAgreementTemplate(id);
  if (!found) throw new Error(`No agreement ${id}`);
  return found;
}

function sealedAgreement(tpl: AgreementTemplateV1): AgreementV1 {
  const blank = blankAgreement(tpl, {
    id: 'agreement-0001',
    parties: { supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' }, supervisee: { personId: 'person-0001', name: 'Val Visitor', role: 'Health Visitor' } },
  });
  const answers = Object.fromEntries(tpl.sections.map((s) => [s.id, Object.fromEntries(fieldsOf(s).map((f) => [f.id, blank.answers[s.id]?.[f.id] || `Answer to ${f.id}`]))]));
  const ticks = Object.fromEntries(tpl.sections.flatMap((s) => (s.kind === 'checklist' ? [[s.id, Object.fromEntries(s.items.map((i) => [i.id, true]))]] : [])));
  const agreement: AgreementV1 = {
    ...blank,
    answers,
    ticks,
    signatures: {
      supervisor: { role: 'supervisor', fullName: 'Sam Supervisor', drawing: pixel, signedAt: '2031-03-07T11:00:00.000Z' },
      supervisee: { role: 'supervisee', fullName: 'Val Visitor', drawing: pixel, signedAt: '2031-03-07T11:02:00.000Z' },
    },
    agreedOn: '2031-03-07',
    reviewDue: '2032-03-07',
  };
  return { ...agreement, contentHash: agreementContentHashOf(agreement) };
}

describe('the supervision agreement as Word', () => {
  it('the Somerset contract: its headings in order, the answers, the signatures, the dates and the seal', async () => {
    const tpl = agreementTemplate('somerset-icb-contract');
    const agreement = sealedAgreement(tpl);
    const r = await readBack(agreementToWord(tpl, agreement));
    expect(level(r, 1)).toEqual([tpl.title]);
    expect(level(r, 2)).toEqual([...SOMERSET_CONTRACT_HEADINGS]);
    expect(r.text).toContain('Quarterly');
    const signatures = under(r, 'Signatures');
    expect(signatures).toContain('Sam Supervisor');
    expect(signatures).toContain('Val Visitor');
    expect(signatures).toContain('7 March 2031');
    expect(signatures).toContain('7 March 2032');
    expect(r.html.match(/<img /g)?.length).toBe(2);
    expect(r.footer).toContain(`Sealed · content hash (SHA-256) ${agreement.contentHash}`);
    expect(r.header).not.toContain('Private and Confidential');
    expect(r.text).not.toContain('[x]');
  });

  it('an unsigned agreement says so in its footer', async () => {
    const tpl = agreementTemplate('derby-derbyshire-appendix-1');
    const blank = blankAgreement(tpl, { id: 'agreement-0002', parties: sealedAgreement(tpl).parties });
    const r = await readBack(agreementToWord(tpl, blank));
    expect(r.footer).toContain('Not sealed');
    expect(under(r, tpl.sections.at(-1)!.heading)).toContain('Not signed');
  });
});

describe('the group outputs as Word', () => {
  it('the themes record: its headings in order, attendance and themes, and no case label', async () => {
    const content = session();
    const result = themesRecord(content);
    if (!result.ok) throw new Error('Expected a themes record');
    const r = await readBack(themesRecordToWord(result.record));
    expect(level(r, 1)).toEqual(['Group safeguarding supervision — themes record']);
    expect(level(r, 2)).toEqual(['Attendance', 'Confidentiality', 'Themes', 'Themes by tag', 'Learning', 'Organisational issues to raise']);
    expect(under(r, 'Attendance')).toMatch(/Present\s+Ruth Okafor/);
    expect(under(r, 'Themes')).toContain('Neglect that builds slowly');
    expect(r.header).toContain('18 November 2026');
    for (const label of ['Tilly', 'Jay Smith']) expect(r.text).not.toContain(label);
  });

  it('a presenter summary: its child only, its headings, and its actions as a table', async () => {
    const content = session();
    const summary = presenterSummary(content, 'consult-0001');
    const r = await readBack(presenterSummaryToWord(summary));
    expect(level(r, 1)).toEqual(['Safeguarding group supervision — entry for Baby Tilly']);
    expect(level(r, 2)).toEqual(['The presenter’s question', 'Summary of the discussion', 'Agreed actions and timescales']);
    const actions = under(r, 'Agreed actions and timescales');
    expect(actions).toMatch(/Action\s+Owner\s+By date/);
    expect(actions).toContain('Complete a neglect screening tool at the next visit');
    expect(actions).toContain('by 25 November 2026');
    // The other child presented in the same session is withheld, as in the text.
    expect(r.text).not.toContain('Jay');
    expect(r.text).toContain('[another child]');
  });
});

describe('the compliance report as Word', () => {
  it('every column, each person, dates as people read them, on landscape pages', async () => {
    const rows = complianceReport({
      from: '2026-01-01',
      to: '2026-12-31',
      today: '2026-12-04',
      people: [
        { id: 'person-0001', name: 'Zoë Ångström', role: 'Health Visitor' },
        { id: 'person-0002', name: 'Tom Smith', role: 'School Nurse' },
      ],
      signedDates: { 'person-0001': ['2026-03-02', '2026-09-14'], 'person-0002': [] },
      appointments: [],
      rules: { 'person-0001': { kind: 'everyMonths', months: 3 } },
    });
    const r = await readBack(reportToWord({ from: '2026-01-01', to: '2026-12-31', rows }));
    expect(level(r, 1)).toEqual(['Compliance report']);
    expect(r.html).toMatch(
      /Name.*Role.*Frequency.*Sessions held.*Session dates.*Cancelled.*Rebooked.*Rebooking overdue.*Last session.*Status.*Next due/s,
    );
    expect(r.text).toContain('Zoë Ångström');
    expect(r.text).toContain('14 September 2026');
    expect(r.text).toContain('Supervision compliance, 1 January 2026 to 31 December 2026');
    expect(r.text).not.toMatch(/\b2026-\d\d-\d\d\b/);
    expect(r.documentXml).toMatch(/<w:pgSz [^>]*w:orient="landscape"/);
  });
});
