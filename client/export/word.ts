/**
 * Word (.docx) files of the product's documents, made on this device with `docx`. Each is built
 * from the same plain data the screen, the print view and the text download use (the record
 * document, the agreement and its template, the themes record, a presenter summary, the
 * compliance report's rows), so the file says what the screen says: the template's headings in
 * its order, actions as tables (action, owner, by date), signatures with names, roles and dates
 * (and the drawn signature), the seal in the footer with the page number, and the policy form's
 * marking ("Private and Confidential") in the header where its form carries one.
 *
 * This module and `docx` are loaded only when a Word file is asked for (a dynamic import from
 * the screens): they are never part of the first screen's code.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  ImageRun,
  PageNumber,
  PageOrientation,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type {
  ActionEntry,
  CaseEntry,
  EscalationEntry,
  PreviousActionEntry,
  RecordBlock,
  RecordDocument,
  RecordRow,
  SignatureEntry,
  StageEntry,
} from '../../machines/record/document.ts';
import { safeSignatureDrawing } from '../../machines/record/document.ts';
import type { RecordVerification } from '../../machines/record/verify.ts';
import { recordWording as rw } from '../../machines/record/wording.ts';
import { placeholderValues, withPlaceholders, type AgreementTemplateV1, type AgreementV1, type PolicyBlockV1 } from '../../machines/model/agreement.ts';
import { attendanceMarks } from '../../machines/model/group.ts';
import { groupWording, namesCheckedText, type GroupPerson, type PresenterSummary, type ThemesRecord } from '../../machines/group/outputs.ts';
import { statusWords, type ComplianceRow } from '../../machines/compliance/report.ts';
import { copy } from '../content/copy.ts';
import { formatDate, formatInstant } from '../content/format.ts';

const x = copy.exports;
export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Part = Paragraph | Table;

// ---------------------------------------------------------------------------------------
// Shared pieces

/** Text as typed: each line a line of its own, blank lines starting a new paragraph. */
function paragraphs(text: string, options: { bold?: boolean; italics?: boolean; size?: number } = {}): Paragraph[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n{2,}/)
    .map(
      (block) =>
        new Paragraph({
          children: block.split('\n').map((line, index) => new TextRun({ text: line, break: index > 0 ? 1 : 0, ...options })),
          spacing: { after: 120 },
        }),
    );
}

function heading(text: string, level: 1 | 2 | 3 | 4): Paragraph {
  const levels = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3, 4: HeadingLevel.HEADING_4 } as const;
  return new Paragraph({ text, heading: levels[level], keepNext: true, keepLines: true });
}

function numbered(number: number, text: string): Paragraph[] {
  return paragraphs(`${number}. ${text}`);
}

const thin = { style: BorderStyle.SINGLE, size: 4, color: '999999' } as const;
const borders = { top: thin, bottom: thin, left: thin, right: thin, insideHorizontal: thin, insideVertical: thin };

function cell(content: string | Part[], options: { bold?: boolean; width?: number } = {}): TableCell {
  const children = typeof content === 'string' ? paragraphs(content, { bold: options.bold }) : content;
  return new TableCell({
    children: children.length > 0 ? children : [new Paragraph('')],
    ...(options.width ? { width: { size: options.width, type: WidthType.PERCENTAGE } } : {}),
  });
}

/** A table with a header row (repeated on each page) and a row for each item. */
function table(headers: readonly string[], rows: readonly (readonly (string | Part[])[])[], widths?: readonly number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    rows: [
      new TableRow({ tableHeader: true, cantSplit: true, children: headers.map((h, i) => cell(h, { bold: true, width: widths?.[i] })) }),
      ...rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c, i) => cell(c, { width: widths?.[i] })) })),
    ],
  });
}

/** Labelled values as a two-column table: the label on the left, as on the form. */
function labelledRows(rows: readonly RecordRow[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders,
    rows: rows.map((r) => new TableRow({ cantSplit: true, children: [cell(r.label, { bold: true, width: 35 }), cell(r.value, { width: 65 })] })),
  });
}

/** Actions as a table: action, owner, by date (and more columns where the document has them). */
function actionsTable(items: readonly { what: string; owner: string; due: string; extra?: (string | Part[])[] }[], extraHeaders: readonly string[] = []): Table {
  return table(
    [x.action, x.owner, x.byDate, ...extraHeaders],
    items.map((item) => [item.what, item.owner, item.due, ...(item.extra ?? [])]),
  );
}

/** A PNG data URL's bytes and size (from its IHDR chunk), or null when it is not a PNG. */
function pngOf(dataUrl: string | null): { data: Uint8Array; width: number; height: number } | null {
  const safe = dataUrl ? safeSignatureDrawing(dataUrl) : null;
  if (!safe) return null;
  const binary = atob(safe.slice(safe.indexOf(',') + 1));
  const data = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  if (data.length < 24) return null;
  const view = new DataView(data.buffer);
  return { data, width: view.getUint32(16), height: view.getUint32(20) };
}

/** A drawn signature scaled to at most 240 × 80 points, or nothing. */
function signatureImage(dataUrl: string | null, name: string): Paragraph[] {
  const png = pngOf(dataUrl);
  if (!png || png.width === 0 || png.height === 0) return [];
  const scale = Math.min(240 / png.width, 80 / png.height, 1);
  return [
    new Paragraph({
      keepLines: true,
      children: [
        new ImageRun({
          type: 'png',
          data: png.data,
          transformation: { width: Math.max(1, Math.round(png.width * scale)), height: Math.max(1, Math.round(png.height * scale)) },
          altText: { name: x.signatureImage(name), description: x.signatureImage(name), title: x.signatureImage(name) },
        }),
      ],
    }),
  ];
}

type Frame = {
  title: string;
  /** The running header's line: document, person and date. */
  running: string;
  /** The policy form's marking, e.g. "Private and Confidential". */
  marking: string | null;
  /** The seal's status and hash, where the document has one. */
  seal: string | null;
  landscape?: boolean;
};

function file(frame: Frame, children: Part[]): Document {
  const small = 18;
  return new Document({
    title: frame.title,
    creator: 'Safeguarding supervision',
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { orientation: frame.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT, width: 11906, height: 16838 },
            margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 },
          },
        },
        headers: {
          default: new Header({
            children: [
              ...(frame.marking ? [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: frame.marking, bold: true, size: small })] })] : []),
              new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: frame.running, size: small })] }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              ...(frame.seal ? [new Paragraph({ children: [new TextRun({ text: frame.seal, size: 16 })] })] : []),
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [new TextRun({ size: small, children: [`${x.page} `, PageNumber.CURRENT, ` ${x.of} `, PageNumber.TOTAL_PAGES] })],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
}

/** The file's bytes as a Blob, ready to download. */
export async function toBlob(document: Document): Promise<Blob> {
  const blob = await Packer.toBlob(document);
  return blob.type === DOCX_TYPE ? blob : new Blob([blob], { type: DOCX_TYPE });
}

// ---------------------------------------------------------------------------------------
// 1. The supervision record

function stageParts(stage: StageEntry): Part[] {
  return [
    heading(`${stage.title} — ${stage.question}`, 4),
    ...(stage.skippedText ? paragraphs(stage.skippedText, { italics: true }) : []),
    ...stage.answers.flatMap((answer): Part[] => (answer.label === stage.question ? paragraphs(answer.value) : [labelledRows([answer])])),
    ...(stage.followUps ?? []).flatMap((line) => paragraphs(line)),
  ];
}

function caseParts(entry: CaseEntry): Part[] {
  return [
    heading(entry.label, 3),
    ...(entry.structureHeading ? paragraphs(rw.cases.structure(entry.structureHeading)) : []),
    labelledRows([entry.labelRow, ...(entry.chosenBy ? [{ label: rw.cases.chosenBy, value: entry.chosenBy }] : []), ...(entry.modelRow ? [entry.modelRow] : [])]),
    ...(entry.incompleteText ? paragraphs(entry.incompleteText, { bold: true }) : []),
    ...entry.stages.flatMap(stageParts),
    ...(entry.drift.length > 0 ? [labelledRows(entry.drift.flatMap((d) => [d.flagged, d.response]))] : []),
  ];
}

function escalationParts(items: readonly EscalationEntry[], emptyText: string): Part[] {
  if (items.length === 0) return paragraphs(emptyText);
  return items.flatMap((e, index) => [
    ...numbered(index + 1, e.concern),
    labelledRows([
      { label: rw.escalations.raisedAt, value: e.raisedAt },
      { label: rw.escalations.raisedDuring, value: e.raisedDuring },
      ...(e.caseLabel ? [{ label: rw.escalations.case, value: e.caseLabel }] : []),
      { label: rw.escalations.actionTaken, value: e.actionTaken },
    ]),
  ]);
}

function previousActionsTable(items: readonly PreviousActionEntry[]): Table {
  return actionsTable(
    items.map((item) => ({
      what: item.what,
      owner: item.owner,
      due: item.dueDate,
      extra: [
        [
          ...paragraphs(item.outcomeText),
          ...paragraphs(`${rw.previousActions.raised}: ${item.raisedOn}`),
          ...(item.caseLabel ? paragraphs(`${rw.previousActions.case}: ${item.caseLabel}`) : []),
          ...(item.timesCarriedForward > 0 ? paragraphs(`${rw.previousActions.carriedBefore}: ${rw.previousActions.times(item.timesCarriedForward)}`) : []),
          ...item.drift.flatMap((d) => paragraphs(`${d.flagged.label}: ${d.flagged.value}\n${d.response.label}: ${d.response.value}`)),
        ],
      ],
    })),
    [x.outcome],
  );
}

function recordActionsTable(items: readonly ActionEntry[]): Table {
  return actionsTable(items.map((item) => ({ what: item.what, owner: item.owner, due: item.dueDate, extra: [item.caseLabel] })), [x.case]);
}

function signatureParts(s: SignatureEntry): Part[] {
  return [
    new Paragraph({ keepNext: true, children: [new TextRun({ text: s.caption, bold: true })] }),
    labelledRows([
      { label: rw.signatures.fullName, value: s.fullName },
      { label: x.role, value: s.partyTitle },
      { label: rw.signatures.signedAt, value: s.signedAt },
      ...(s.deviceKey ? [{ label: rw.signatures.deviceKey, value: s.deviceKey }] : []),
      ...(s.comment ? [s.comment] : []),
    ]),
    ...signatureImage(s.drawing, s.fullName),
  ];
}

function blockParts(block: RecordBlock): Part[] {
  switch (block.kind) {
    case 'text':
      return paragraphs(block.text, { italics: !block.recorded });
    case 'rows':
      return [labelledRows(block.rows)];
    case 'previousActions':
      return block.items.length === 0 ? paragraphs(block.emptyText) : [previousActionsTable(block.items)];
    case 'keyIssues':
      return [
        ...(block.issues.length === 0 ? paragraphs(block.emptyText) : block.issues.flatMap((i) => numbered(i.number, i.text))),
        ...paragraphs(block.priorityText, { bold: true }),
      ];
    case 'case':
      return caseParts(block.entry);
    case 'noCases':
      return paragraphs(block.text);
    case 'actions':
      return block.items.length === 0 ? paragraphs(block.emptyText) : [recordActionsTable(block.items)];
    case 'escalations':
      return [heading(block.heading, 3), ...paragraphs(block.note, { italics: true }), ...escalationParts(block.items, block.emptyText)];
    case 'signatures':
      return block.signatures.flatMap(signatureParts);
  }
}

/** The seal's status and hash, as the footer says it. */
export function recordSealText(verification: RecordVerification): string {
  switch (verification.status) {
    case 'unsigned':
      return x.notSealed;
    case 'valid':
      return `${rw.verification.valid} · ${x.sealed(verification.hash)}`;
    case 'amended':
      return `${rw.verification.amended(verification.amendments)} · ${x.sealed(verification.hash)}`;
    case 'invalid':
      return x.changed(verification.expected);
  }
}

/** The person the record is about and its date, from its heading rows (the supervisee's name and role, the date). */
function runningLine(...parts: (string | null | undefined)[]): string {
  return parts.filter((p): p is string => Boolean(p && p.trim())).join(' · ');
}

export function recordToWord(doc: RecordDocument, verification: RecordVerification, supervisee: string): Document {
  const children: Part[] = [
    ...(doc.marking ? paragraphs(doc.marking, { bold: true }) : []),
    heading(doc.title, 1),
    ...paragraphs(doc.source, { size: 18 }),
    ...doc.notices.flatMap((n) => paragraphs(n, { italics: true })),
    labelledRows(doc.meta),
  ];
  for (const section of doc.sections) {
    children.push(heading(section.heading, 2));
    if (section.addedByProduct) children.push(...paragraphs(rw.addedByProduct, { italics: true, size: 18 }));
    if (section.policyWording) children.push(...paragraphs(`“${section.policyWording}”`, { italics: true }));
    for (const block of section.blocks) children.push(...blockParts(block));
  }
  children.push(heading(doc.escalations.heading, 2), ...escalationParts(doc.escalations.items, doc.escalations.emptyText));
  children.push(heading(doc.seal.heading, 2), ...paragraphs(doc.seal.text));
  children.push(heading(doc.amendments.heading, 2));
  if (doc.amendments.items.length === 0) children.push(...paragraphs(doc.amendments.emptyText));
  else {
    children.push(...paragraphs(doc.amendments.note));
    doc.amendments.items.forEach((a, index) =>
      children.push(
        ...numbered(index + 1, a.text),
        labelledRows([
          { label: rw.amendments.madeAt, value: a.madeAt },
          { label: rw.amendments.madeBy, value: a.madeBy },
          { label: rw.amendments.concerns, value: a.concerns },
        ]),
      ),
    );
  }
  const date = doc.meta[0]?.value ?? doc.date;
  return file({ title: doc.title, running: runningLine(doc.title, supervisee, date), marking: doc.marking, seal: recordSealText(verification) }, children);
}

// ---------------------------------------------------------------------------------------
// 2. The supervision agreement

function policyBlocks(blocks: readonly PolicyBlockV1[], fill: (s: string) => string): Paragraph[] {
  return blocks.flatMap((b) => {
    switch (b.kind) {
      case 'paragraph':
        return paragraphs(fill(b.text));
      case 'subheading':
        return [new Paragraph({ keepNext: true, children: [new TextRun({ text: fill(b.text), bold: true })] })];
      case 'points':
        return b.items.map((item) => new Paragraph({ text: fill(item), bullet: { level: 0 } }));
    }
  });
}

function person(name: string, role: string): string {
  return role.trim() ? `${name}, ${role.trim()}` : name;
}

export function agreementToWord(template: AgreementTemplateV1, agreement: AgreementV1): Document {
  const values = placeholderValues(template, agreement.answers);
  const fill = (words: string) => withPlaceholders(words, values);
  const answer = (sectionId: string, fieldId: string) => agreement.answers[sectionId]?.[fieldId]?.trim() || copy.agreements.notFilled;
  const { supervisor, supervisee } = agreement.parties;
  const children: Part[] = [
    heading(fill(template.title), 1),
    ...paragraphs(`${template.source.organisation}: ${template.source.policy}, ${template.source.appendix}`, { size: 18 }),
    labelledRows([
      { label: template.parties.supervisor.title, value: person(supervisor.name, supervisor.role) },
      { label: template.parties.supervisee.title, value: person(supervisee.name, supervisee.role) },
    ]),
  ];
  for (const section of template.sections) {
    if (section.group) children.push(heading(fill(section.group), 2));
    children.push(heading(fill(section.heading), section.group ? 3 : 2));
    if (section.addedByProduct && section.productNote) children.push(...paragraphs(section.productNote, { italics: true, size: 18 }));
    children.push(...policyBlocks(section.text, fill));
    if (section.kind === 'fields') children.push(labelledRows(section.fields.map((f) => ({ label: fill(f.label), value: answer(section.id, f.id) }))));
    if (section.kind === 'checklist') {
      children.push(
        table(
          [x.item, x.agreed],
          section.items.map((item) => [
            [
              ...paragraphs(fill(item.text)),
              ...(item.fields.length > 0 ? [labelledRows(item.fields.map((f) => ({ label: fill(f.label), value: answer(section.id, f.id) })))] : []),
            ],
            agreement.ticks[section.id]?.[item.id] ? `☑ ${x.agreed}` : `☐ ${x.notAgreed}`,
          ]),
          [80, 20],
        ),
      );
    }
    if (section.kind === 'signatures') {
      for (const role of ['supervisor', 'supervisee'] as const) {
        const block = section[role];
        const signature = agreement.signatures[role];
        const party = agreement.parties[role];
        children.push(
          new Paragraph({ keepNext: true, children: [new TextRun({ text: block.heading ? fill(block.heading) : template.parties[role].title, bold: true })] }),
          labelledRows([
            { label: rw.signatures.fullName, value: signature?.fullName ?? party.name },
            { label: x.role, value: party.role.trim() ? `${template.parties[role].title}, ${party.role.trim()}` : template.parties[role].title },
            { label: x.signedOn, value: signature ? formatInstant(signature.signedAt) : x.notSigned },
          ]),
          ...signatureImage(signature?.drawing ?? null, signature?.fullName ?? party.name),
        );
      }
      children.push(...policyBlocks(section.closing, fill));
      const dates: RecordRow[] = [
        ...(agreement.agreedOn ? [{ label: copy.agreements.agreedOn, value: formatDate(agreement.agreedOn) }] : []),
        ...(agreement.reviewDue ? [{ label: section.reviewDateLabel ?? copy.agreements.reviewDate, value: formatDate(agreement.reviewDue) }] : []),
        ...(agreement.contentHash ? [{ label: copy.agreements.hash, value: agreement.contentHash }] : []),
      ];
      if (dates.length > 0) children.push(labelledRows(dates));
    }
  }
  return file(
    {
      title: template.title,
      running: runningLine(template.title, supervisee.name, agreement.agreedOn ? formatDate(agreement.agreedOn) : null),
      marking: null,
      seal: agreement.contentHash ? x.sealed(agreement.contentHash) : x.notSealed,
    },
    children,
  );
}

// ---------------------------------------------------------------------------------------
// 3. The group themes record, and 4. a presenter's summary

const g = groupWording;
const personText = (p: GroupPerson) => g.person(p.name, p.role);

export function themesRecordToWord(record: ThemesRecord): Document {
  const t = g.themes;
  const people = (list: GroupPerson[]) => (list.length === 0 ? g.none : list.map(personText).join('; '));
  const children: Part[] = [
    heading(t.title, 1),
    labelledRows([
      { label: t.group, value: record.groupName.trim() || g.nothingRecorded },
      { label: t.date, value: record.dateText },
      { label: t.facilitator, value: personText(record.facilitator) },
    ]),
    heading(t.attendanceHeading, 2),
    labelledRows(attendanceMarks.map((mark) => ({ label: g.marks[mark], value: people(record.attendance[mark]) }))),
    heading(t.confidentialityHeading, 2),
    ...paragraphs(record.confidentiality.agreed ? t.agreed : t.notAgreed),
    ...(record.confidentiality.agreed && record.confidentiality.newMembers.length > 0
      ? paragraphs(t.reagreed(record.confidentiality.newMembers.map(personText).join('; ')))
      : []),
    ...paragraphs(t.themesOnly),
    ...paragraphs(namesCheckedText(record)),
    heading(t.themesHeading, 2),
    ...(record.themes.length === 0
      ? paragraphs(t.noThemes)
      : record.themes.flatMap((theme) => [
          ...numbered(theme.number, theme.text),
          ...paragraphs(`${t.tags}: ${theme.tags.length === 0 ? t.noTags : theme.tags.join(', ')}`, { size: 18 }),
        ])),
    heading(t.countsHeading, 2),
    ...record.tagCounts.flatMap((c) => paragraphs(t.count(c.tag, c.count))),
    ...paragraphs(t.untagged(record.untagged)),
    heading(t.learningHeading, 2),
    ...paragraphs(record.learning || g.nothingRecorded),
    heading(t.organisationalHeading, 2),
    ...paragraphs(record.organisationalIssues || g.nothingRecorded),
  ];
  return file({ title: t.title, running: runningLine(t.title, record.groupName, record.dateText), marking: null, seal: null }, children);
}

export function presenterSummaryToWord(summary: PresenterSummary): Document {
  const children: Part[] = [heading(summary.title, 1), ...summary.intro.flatMap((line) => paragraphs(line))];
  for (const section of summary.sections) {
    children.push(heading(section.heading, 2));
    if (section.actions) {
      const { items, emptyText } = section.actions;
      children.push(...(items.length === 0 ? paragraphs(emptyText) : [actionsTable(items.map((a) => ({ what: a.what, owner: a.owner, due: a.due })))]));
    }
    for (const line of section.lines) children.push(...paragraphs(line));
  }
  return file({ title: summary.title, running: runningLine(summary.title, formatDate(summary.date)), marking: null, seal: null }, children);
}

// ---------------------------------------------------------------------------------------
// 5. The compliance report

export function reportToWord(report: { from: string; to: string; rows: readonly ComplianceRow[] }): Document {
  const r = copy.report;
  const c = r.columns;
  const dateOr = (date: string | null) => (date ? formatDate(date) : r.none);
  const period = x.reportPeriod(formatDate(report.from), formatDate(report.to));
  const children: Part[] = [
    heading(r.title, 1),
    ...paragraphs(r.caption(formatDate(report.from), formatDate(report.to))),
    ...paragraphs(r.lede, { size: 18 }),
    table(
      [c.name, c.role, c.frequency, c.held, c.dates, c.cancelled, c.rebooked, c.rebookingOverdue, c.last, c.status, c.nextDue],
      report.rows.map((row) => [
        row.name,
        row.role,
        row.frequency,
        String(row.sessionsHeld),
        row.sessionDates.length > 0 ? row.sessionDates.map(formatDate).join('\n') : r.none,
        String(row.cancelled),
        String(row.rebooked),
        String(row.rebookingOverdue),
        dateOr(row.lastSession),
        statusWords[row.status],
        row.nextDue ? formatDate(row.nextDue) : '—',
      ]),
    ),
  ];
  return file({ title: r.title, running: runningLine(r.title, period), marking: null, seal: null, landscape: true }, children);
}
