/**
 * The record as plain text, for download as a .txt file: headings underlined, nested items
 * indented, long answers kept as they were written (continuation lines indented to match).
 */
import type { DriftEntry, EscalationEntry, RecordBlock, RecordDocument, RecordRow, StageEntry } from './document.ts';
import { labelled, recordWording as w } from './wording.ts';

const indentUnit = '  ';

function underline(heading: string, mark: string): string[] {
  return [heading, mark.repeat(Math.max(3, [...heading].length))];
}

/** A (possibly multi-line) text at an indent; continuation lines align under the first. */
function indented(text: string, depth: number, hanging = 0): string[] {
  const pad = indentUnit.repeat(depth);
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  return lines.map((line, index) => (index === 0 ? `${pad}${line}` : `${pad}${' '.repeat(hanging)}${line}`).trimEnd());
}

function row(r: RecordRow, depth: number): string[] {
  const line = labelled(r.label, r.value);
  return indented(line, depth, line.length - r.value.length);
}

function numbered(number: number, text: string, depth: number): string[] {
  const marker = `${number}. `;
  return indented(`${marker}${text}`, depth, marker.length);
}

function stageLines(stage: StageEntry, depth: number): string[] {
  const lines = [...indented(`${stage.title} — ${stage.question}`, depth)];
  if (stage.skippedText) lines.push(...indented(stage.skippedText, depth + 1));
  for (const answer of stage.answers) {
    // Where the answer sits under the stage's own question, the heading already asks it.
    lines.push(...(answer.label === stage.question ? indented(answer.value, depth + 1) : row(answer, depth + 1)));
  }
  for (const line of stage.followUps ?? []) lines.push(...indented(line, depth + 1));
  return lines;
}

/** Numbered concerns with when, where and what was done; `from` numbers them on from an earlier list. */
function escalationLines(items: readonly EscalationEntry[], from = 0): string[] {
  return items.flatMap((e, index) => [
    ...numbered(from + index + 1, e.concern, 0),
    ...row({ label: w.escalations.raisedAt, value: e.raisedAt }, 2),
    ...row({ label: w.escalations.raisedDuring, value: e.raisedDuring }, 2),
    ...(e.caseLabel ? row({ label: w.escalations.case, value: e.caseLabel }, 2) : []),
    ...row({ label: w.escalations.actionTaken, value: e.actionTaken }, 2),
  ]);
}

function driftLines(drift: readonly DriftEntry[], depth: number): string[] {
  return drift.flatMap((entry) => [...row(entry.flagged, depth), ...row(entry.response, depth)]);
}

function blockLines(block: RecordBlock): string[] {
  switch (block.kind) {
    case 'text':
      return indented(block.text, 0);
    case 'rows':
      return block.rows.flatMap((r) => row(r, 0));
    case 'previousActions':
      if (block.items.length === 0) return [block.emptyText];
      return block.items.flatMap((item, index) => [
        ...numbered(index + 1, item.what, 0),
        ...row({ label: w.previousActions.owner, value: item.owner }, 2),
        ...row({ label: w.previousActions.due, value: item.dueDate }, 2),
        ...row({ label: w.previousActions.raised, value: item.raisedOn }, 2),
        ...(item.caseLabel ? row({ label: w.previousActions.case, value: item.caseLabel }, 2) : []),
        ...(item.timesCarriedForward > 0
          ? row({ label: w.previousActions.carriedBefore, value: w.previousActions.times(item.timesCarriedForward) }, 2)
          : []),
        ...row({ label: w.previousActions.outcome, value: item.outcomeText }, 2),
        ...driftLines(item.drift, 2),
      ]);
    case 'keyIssues':
      return [
        ...(block.issues.length === 0 ? [block.emptyText] : block.issues.flatMap((issue) => numbered(issue.number, issue.text, 0))),
        block.priorityText,
      ];
    case 'case': {
      const entry = block.entry;
      return [
        ...underline(entry.label, '~').map((line) => `${indentUnit}${line}`),
        ...row(entry.labelRow, 1),
        ...(entry.structureHeading ? indented(w.cases.structure(entry.structureHeading), 1) : []),
        ...(entry.chosenBy ? row({ label: w.cases.chosenBy, value: entry.chosenBy }, 1) : []),
        ...(entry.modelRow ? row(entry.modelRow, 1) : []),
        ...(entry.incompleteText ? indented(entry.incompleteText, 1) : []),
        ...entry.stages.flatMap((stage) => stageLines(stage, 1)),
        ...driftLines(entry.drift, 1),
      ];
    }
    case 'noCases':
      return indented(block.text, 0);
    case 'actions':
      if (block.items.length === 0) return [block.emptyText];
      return block.items.flatMap((item) => [
        ...numbered(item.number, item.what, 0),
        ...row({ label: w.actions.owner, value: item.owner }, 2),
        ...row({ label: w.actions.due, value: item.dueDate }, 2),
        ...row({ label: w.actions.case, value: item.caseLabel }, 2),
      ]);
    case 'escalations':
      return [block.heading, block.note, ...(block.items.length === 0 ? [block.emptyText] : escalationLines(block.items))];
    case 'signatures':
      return block.signatures.flatMap((s) => [
        s.caption,
        ...row({ label: w.signatures.fullName, value: s.fullName }, 1),
        ...row({ label: w.signatures.signedAt, value: s.signedAt }, 1),
        ...(s.deviceKey ? row({ label: w.signatures.deviceKey, value: s.deviceKey }, 1) : []),
        ...(s.comment ? row(s.comment, 1) : []),
        ...(s.drawing ? indented(`[${w.signatures.drawingHeld}]`, 1) : []),
      ]);
  }
}

/** Blank lines between blocks; one blank line wherever two would have met. */
function paragraphs(groups: string[][]): string[] {
  return groups.filter((g) => g.length > 0).flatMap((g, index) => (index === 0 ? g : ['', ...g]));
}

export function recordDocumentToText(doc: RecordDocument): string {
  const groups: string[][] = [];
  if (doc.marking) groups.push([doc.marking.toUpperCase()]);
  groups.push([...underline(doc.title, '='), doc.source]);
  if (doc.notices.length > 0) groups.push(doc.notices);
  groups.push(doc.meta.flatMap((r) => row(r, 0)));
  for (const section of doc.sections) {
    groups.push([
      ...underline(section.heading, '-'),
      ...(section.addedByProduct ? [`(${w.addedByProduct})`] : []),
      ...(section.policyWording ? [`“${section.policyWording}”`] : []),
    ]);
    for (const block of section.blocks) groups.push(blockLines(block));
  }
  groups.push([
    ...underline(doc.escalations.heading, '-'),
    ...(doc.escalations.items.length === 0 ? [doc.escalations.emptyText] : []),
  ]);
  doc.escalations.items.forEach((e, index) => groups.push(escalationLines([e], index)));
  groups.push([...underline(doc.seal.heading, '-'), doc.seal.text]);
  groups.push([
    ...underline(doc.amendments.heading, '-'),
    doc.amendments.items.length === 0 ? doc.amendments.emptyText : doc.amendments.note,
  ]);
  doc.amendments.items.forEach((a, index) =>
    groups.push([
      ...numbered(index + 1, a.text, 0),
      ...row({ label: w.amendments.madeAt, value: a.madeAt }, 2),
      ...row({ label: w.amendments.madeBy, value: a.madeBy }, 2),
      ...row({ label: w.amendments.concerns, value: a.concerns }, 2),
    ]),
  );
  return `${paragraphs(groups).join('\n')}\n`;
}
