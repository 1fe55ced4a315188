/**
 * Starting from the Word form (issue 19, point 4): .docx files generated here with the `docx`
 * library from the four seed forms' headings (as Word headings, as bold paragraphs, with a table
 * of labels) are read by mammoth and proposed as a draft: the headings in the form's order, the
 * review, cases, actions and signatures guessed right, each guess left to be checked (H43). A
 * document that is not a form, an empty one and a file that is not a .docx give a clear reason.
 */
import { describe, expect, it } from 'vitest';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { templates } from '../../../machines/templates/index.ts';
import type { RecordTemplateV1 } from '../../../machines/model/template.ts';
import { guessKind, outlineOfHtml } from '../../../machines/authoring/wordForm.ts';
import { readWordForm } from '../../../client/features/authoring/readWordForm.ts';
import { authoringCopy } from '../../../client/content/authoringCopy.ts';
import { templateFromDraft } from '../../../machines/authoring/templateDraft.ts';
import { templateProblemWords } from '../../../client/content/authoringCopy.ts';

type Style = 'headings' | 'bold';

function labelTable(labels: readonly string[]): Table {
  return new Table({ rows: labels.map((label) => new TableRow({ children: [new TableCell({ children: [new Paragraph(label)] }), new TableCell({ children: [new Paragraph('')] })] })) });
}

/** The form as an organisation's Word document: title, a table for the date and the people, then each heading (with a table of labels under a fields heading) and a blank line to write in. */
async function formOf(template: RecordTemplateV1, style: Style): Promise<ArrayBuffer> {
  const heading = (text: string) =>
    style === 'headings' ? new Paragraph({ text, heading: HeadingLevel.HEADING_2 }) : new Paragraph({ children: [new TextRun({ text, bold: true })] });
  const children: (Paragraph | Table)[] = [
    new Paragraph({ text: template.title, heading: HeadingLevel.HEADING_1 }),
    labelTable([template.dateHeading, template.parties.supervisor.heading, template.parties.supervisee.heading]),
  ];
  for (const section of template.sections) {
    children.push(heading(section.heading));
    if (section.collects.kind === 'fields') children.push(labelTable(section.collects.fields.map((f) => f.label)));
    children.push(new Paragraph('Write here.'));
  }
  const buffer = await Packer.toBuffer(new Document({ sections: [{ children }] }));
  return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;
}

const asserted = ['previousActions', 'cases', 'actions', 'signatures'] as const;

describe('a draft template from the Word form', () => {
  it.each(templates.flatMap((t) => (['headings', 'bold'] as const).map((style) => [t.id, style, t] as const)))('%s (%s): headings in order, the guesses for review, cases, actions and signatures right', async (_id, style, template) => {
    const result = await readWordForm(await formOf(template, style));
    if (!result.ok) throw new Error(result.message);
    const { draft } = result;
    expect(draft.title).toBe(template.title);
    expect(draft.sections.map((s) => s.heading)).toEqual(template.sections.map((s) => s.heading));
    template.sections.forEach((section, index) => {
      const kind = section.collects.kind;
      if ((asserted as readonly string[]).includes(kind)) expect(draft.sections[index]?.kind, section.heading).toBe(kind);
      // Nothing guessed is taken as checked.
      expect(draft.sections[index]?.guess).toEqual({ kind: draft.sections[index]?.kind, confirmed: false });
    });
    expect(draft.dateHeading).toBe(template.dateHeading);
    expect(draft.supervisorHeading).toBe(template.parties.supervisor.heading);
    expect(draft.superviseeHeading).toBe(template.parties.supervisee.heading);
    // Until each guess is checked the draft cannot be saved (H43).
    const check = templateFromDraft(draft, templateProblemWords, { modelIds: [] });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.filter((p) => p.fieldId.endsWith('-guess'))).toHaveLength(template.sections.length);
  });

  it('a table of labels under a heading that asks for them becomes that section’s fields (Temple)', async () => {
    const temple = templates.find((t) => t.id.startsWith('temple'))!;
    const result = await readWordForm(await formOf(temple, 'headings'));
    if (!result.ok) throw new Error(result.message);
    const first = result.draft.sections[0]!;
    expect(first.kind).toBe('fields');
    const expected = temple.sections[0]!.collects;
    expect(first.fields.map((f) => f.label)).toEqual(expected.kind === 'fields' ? expected.fields.map((f) => f.label) : []);
  });

  it('a document that is not a form, an empty one, and a file that is not a .docx: a clear message', async () => {
    const letter = await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph({ text: 'Dear colleague', heading: HeadingLevel.HEADING_1 }), new Paragraph('Thank you for your letter about the training day.'), new Paragraph({ text: 'Parking', heading: HeadingLevel.HEADING_2 })] }] }));
    expect(await readWordForm(new Uint8Array(letter).buffer)).toEqual({ ok: false, message: authoringCopy.forms.wordNotAForm });
    const empty = await Packer.toBuffer(new Document({ sections: [{ children: [] }] }));
    expect(await readWordForm(new Uint8Array(empty).buffer)).toEqual({ ok: false, message: authoringCopy.forms.wordEmpty });
    expect(await readWordForm(new TextEncoder().encode('This is a plain text file called form.docx').buffer)).toEqual({ ok: false, message: authoringCopy.forms.wordNotDocx });
    // A zip that is not a Word document.
    const zipLike = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new TextEncoder().encode('not really a zip at all')]);
    expect(await readWordForm(zipLike.buffer)).toEqual({ ok: false, message: authoringCopy.forms.wordNotDocx });
  });
});

describe('the outline of mammoth’s HTML', () => {
  it('reads headings, wholly bold paragraphs and the first cell of each row, in order, entities decoded', () => {
    const html = '<h1>Form &amp; record</h1><p>Plain text</p><p><strong>Bold label</strong></p><p><strong>Half</strong> bold</p><table><tr><td><p>Row one</p></td><td><p>Ignored</p></td></tr><tr><td><p>Row &lt;two&gt;</p></td></tr></table><h3>Last</h3>';
    expect(outlineOfHtml(html).map((e) => [e.source, e.text])).toEqual([
      ['heading', 'Form & record'],
      ['bold', 'Bold label'],
      ['cell', 'Row one'],
      ['cell', 'Row <two>'],
      ['heading', 'Last'],
    ]);
  });

  it('guesses by the heading’s words', () => {
    expect(guessKind('Signature and date of supervisor')).toBe('signatures');
    expect(guessKind('Date and time of next meeting')).toBe('nextMeeting');
    expect(guessKind('Workload and wellbeing')).toBe('freeText');
  });
});

describe('a form laid out as one table', () => {
  it('reads each row’s label as a section when the form has no headings', async () => {
    const labels = ['Date:', 'Supervisor:', 'Supervisee:', 'Review of actions from the previous session', 'Cases discussed', 'Wellbeing', 'Actions agreed', 'Date of next meeting', 'Signed'];
    const doc = new Document({ sections: [{ children: [new Paragraph({ text: 'Safeguarding Supervision Record', heading: HeadingLevel.HEADING_1 }), labelTable(labels)] }] });
    const result = await readWordForm(new Uint8Array(await Packer.toBuffer(doc)).buffer);
    if (!result.ok) throw new Error(result.message);
    expect(result.draft.sections.map((s) => [s.heading, s.kind])).toEqual([
      ['Review of actions from the previous session', 'previousActions'],
      ['Cases discussed', 'cases'],
      ['Wellbeing', 'freeText'],
      ['Actions agreed', 'actions'],
      ['Date of next meeting', 'nextMeeting'],
      ['Signed', 'signatures'],
    ]);
    expect([result.draft.dateHeading, result.draft.supervisorHeading, result.draft.superviseeHeading]).toEqual(['Date:', 'Supervisor:', 'Supervisee:']);
  });
});
