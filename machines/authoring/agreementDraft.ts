/**
 * A supervision agreement as the editor holds it while it is written (plain strings and lists),
 * validated as a whole by $AgreementTemplateV1 itself. What the editor does not show (a section's
 * group, a field's placeholder, a checklist item's own fields) is kept from the agreement copied
 * and written back unchanged, so copying a built-in agreement loses nothing.
 */
import { z } from 'zod';
import {
  $AgreementTemplateV1,
  agreementSectionKinds,
  agreementVoices,
  type AgreementSectionV1,
  type AgreementTemplateV1,
  type PolicyBlockV1,
} from '../model/agreement.ts';
import { blankFormHead, draftHead, formHeadOf, draftParties, draftSource, newSectionKey, slugOf, type DraftProblem } from './templateDraft.ts';

const str = z.string().catch('');
const bool = z.boolean().catch(false);
const kept = z.record(z.string(), z.unknown()).catch({});

export const $AgreementDraftFieldV1 = z.object({
  id: str,
  label: str,
  writtenBy: z.enum([...agreementVoices, '']).catch(''),
  multiline: bool,
  required: z.boolean().catch(true),
  keep: kept,
});
export type AgreementDraftFieldV1 = z.infer<typeof $AgreementDraftFieldV1>;

export const $AgreementDraftSectionV1 = z.object({
  key: str,
  id: str,
  heading: str,
  kind: z.enum(agreementSectionKinds).catch('policyText'),
  /** The policy's wording: paragraphs split by a blank line; "- " lines a list; "## " a subheading. */
  text: str,
  fields: z.array($AgreementDraftFieldV1).catch([]),
  /** Checklist items, one per line. */
  items: str,
  /** Each item's id and own fields, by position, from the agreement copied. */
  itemsKeep: z.array(kept).catch([]),
  supervisorLines: str,
  superviseeLines: str,
  closing: str,
  reviewDateLabel: str,
  keep: kept,
});
export type AgreementDraftSectionV1 = z.infer<typeof $AgreementDraftSectionV1>;

export const $AgreementDraftV1 = z.object({
  ...draftHead,
  ...draftSource,
  ...draftParties,
  reviewMonths: z.string().catch('12'),
  frequency: z.unknown().optional(),
  sections: z.array($AgreementDraftSectionV1).catch([]),
});
export type AgreementDraftV1 = z.infer<typeof $AgreementDraftV1>;

export function restoreAgreementDraft(value: unknown): AgreementDraftV1 {
  const parsed = $AgreementDraftV1.safeParse(value);
  return parsed.success ? parsed.data : blankAgreementDraft();
}

export function blankAgreementSection(kind: AgreementDraftSectionV1['kind'], heading = ''): AgreementDraftSectionV1 {
  return {
    key: newSectionKey(),
    id: slugOf(heading),
    heading,
    kind,
    text: '',
    fields: kind === 'fields' ? [{ id: '', label: '', writtenBy: '', multiline: false, required: true, keep: {} }] : [],
    items: '',
    itemsKeep: [],
    supervisorLines: kind === 'signatures' ? 'Supervisor name:\nSigned:\nDate:' : '',
    superviseeLines: kind === 'signatures' ? 'Supervisee name:\nSigned:\nDate:' : '',
    closing: '',
    reviewDateLabel: '',
    keep: {},
  };
}

export function blankAgreementDraft(): AgreementDraftV1 {
  return {
    ...blankFormHead(),
    reviewMonths: '12',
    sections: [blankAgreementSection('policyText', 'Purpose of supervision'), blankAgreementSection('fields', 'Arrangements'), blankAgreementSection('signatures', 'Signatures')],
  };
}

/** Blocks as the editor's text. */
export function textOfBlocks(blocks: readonly PolicyBlockV1[]): string {
  return blocks.map((b) => (b.kind === 'points' ? b.items.map((i) => `- ${i}`).join('\n') : b.kind === 'subheading' ? `## ${b.text}` : b.text)).join('\n\n');
}

const tidy = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The editor's text as blocks (the wording cleaned of doubled spaces and tabs, as the schema asks). */
export function blocksOfText(text: string): PolicyBlockV1[] {
  return text
    .split(/\n\s*\n/)
    .map((chunk) => chunk.split('\n').map((l) => l.trim()).filter(Boolean))
    .filter((lines) => lines.length > 0)
    .map((lines): PolicyBlockV1 => {
      if (lines.every((l) => /^[-*] /.test(l))) return { kind: 'points', items: lines.map((l) => tidy(l.slice(2))) };
      if (lines.length === 1 && lines[0]?.startsWith('## ')) return { kind: 'subheading', text: tidy(lines[0].slice(3)) };
      return { kind: 'paragraph', text: tidy(lines.join(' ')) };
    });
}

const linesOf = (text: string) => text.split('\n').map(tidy).filter(Boolean);

function sectionDraftOf(section: AgreementSectionV1): AgreementDraftSectionV1 {
  const { id, heading, kind, ...rest } = section;
  const keep: Record<string, unknown> = {};
  for (const name of ['group', 'addedByProduct', 'productNote'] as const) if (name in rest && rest[name as keyof typeof rest] !== undefined) keep[name] = rest[name as keyof typeof rest];
  const base = blankAgreementSection(kind, heading);
  base.id = id;
  base.keep = keep;
  base.fields = [];
  base.supervisorLines = '';
  base.superviseeLines = '';
  if (section.kind !== 'signatures') base.text = textOfBlocks(section.text);
  if (section.kind === 'fields') {
    base.fields = section.fields.map(({ id: fieldId, label, writtenBy, multiline, required, ...other }) => ({ id: fieldId, label, writtenBy: writtenBy ?? '', multiline, required, keep: other }));
  }
  if (section.kind === 'checklist') {
    base.items = section.items.map((i) => i.text).join('\n');
    base.itemsKeep = section.items.map((i) => ({ id: i.id, fields: i.fields }));
  }
  if (section.kind === 'signatures') {
    base.text = textOfBlocks(section.text);
    base.supervisorLines = section.supervisor.lines.join('\n');
    base.superviseeLines = section.supervisee.lines.join('\n');
    base.closing = textOfBlocks(section.closing);
    base.reviewDateLabel = section.reviewDateLabel ?? '';
    base.keep = { ...keep, supervisorHeading: section.supervisor.heading, superviseeHeading: section.supervisee.heading };
  }
  return base;
}

export function draftFromAgreement(template: AgreementTemplateV1): AgreementDraftV1 {
  return {
    ...formHeadOf(template),
    reviewMonths: String(template.reviewMonths),
    ...(template.frequency ? { frequency: template.frequency } : {}),
    sections: template.sections.map(sectionDraftOf),
  };
}

function sectionOf(section: AgreementDraftSectionV1): Record<string, unknown> {
  const { supervisorHeading, superviseeHeading, ...keep } = section.keep;
  const common = { id: section.id, heading: section.heading, kind: section.kind, ...keep };
  const fields = section.fields.map((f) => ({ ...f.keep, id: f.id, label: f.label, required: f.required, multiline: f.multiline, ...(f.writtenBy ? { writtenBy: f.writtenBy } : {}) }));
  switch (section.kind) {
    case 'policyText':
      return { ...common, text: blocksOfText(section.text) };
    case 'fields':
      return { ...common, text: blocksOfText(section.text), fields };
    case 'checklist': {
      const used = new Set<string>();
      const items = linesOf(section.items).map((text, index) => {
        const keepItem = section.itemsKeep[index] ?? {};
        let id = typeof keepItem['id'] === 'string' ? keepItem['id'] : slugOf(text) || `item-${index + 1}`;
        if (used.has(id)) id = `${id}-${index + 1}`;
        used.add(id);
        return { id, text, fields: Array.isArray(keepItem['fields']) ? keepItem['fields'] : [] };
      });
      return { ...common, text: blocksOfText(section.text), items };
    }
    case 'signatures':
      return {
        ...common,
        text: blocksOfText(section.text),
        supervisor: { ...(typeof supervisorHeading === 'string' ? { heading: supervisorHeading } : {}), lines: linesOf(section.supervisorLines) },
        supervisee: { ...(typeof superviseeHeading === 'string' ? { heading: superviseeHeading } : {}), lines: linesOf(section.superviseeLines) },
        closing: blocksOfText(section.closing),
        ...(section.reviewDateLabel.trim() ? { reviewDateLabel: tidy(section.reviewDateLabel) } : {}),
      };
  }
}

export function agreementCandidateOf(draft: AgreementDraftV1): Record<string, unknown> {
  const months = Number(draft.reviewMonths);
  return {
    schema: 'agreement-template/v1',
    id: draft.id,
    version: draft.version,
    title: draft.title,
    source: { organisation: draft.organisation, policy: draft.policy, appendix: draft.appendix },
    parties: {
      supervisor: { heading: draft.supervisorHeading, title: draft.supervisorTitle },
      supervisee: { heading: draft.superviseeHeading, title: draft.superviseeTitle },
    },
    ...(draft.frequency !== undefined ? { frequency: draft.frequency } : {}),
    reviewMonths: draft.reviewMonths.trim() === '' || !Number.isFinite(months) ? draft.reviewMonths : months,
    sections: draft.sections.map(sectionOf),
  };
}

export function agreementFieldIdFor(path: readonly PropertyKey[]): string {
  const [head, ...rest] = path.map(String);
  if (head === 'source' && rest[0]) return `agr-${rest[0]}`;
  if (head === 'parties' && rest[0] && rest[1]) return `agr-${rest[0]}-${rest[1]}`;
  if (head === 'reviewMonths') return 'agr-review-months';
  if (head === 'sections') {
    const index = rest[0];
    if (index === undefined) return 'agr-sections';
    const prefix = `agr-section-${index}`;
    const field = rest[1];
    if (field === 'fields') return rest.length >= 4 ? `${prefix}-fields-${rest[2]}-${rest[3] === 'writtenBy' ? 'written-by' : rest[3] === 'multiline' ? 'multiline' : 'label'}` : `${prefix}-fields`;
    if (field === 'items') return `${prefix}-items`;
    if (field === 'supervisor' || field === 'supervisee') return `${prefix}-${field}-lines`;
    if (field === 'closing') return `${prefix}-closing`;
    if (field === 'reviewDateLabel') return `${prefix}-review-date-label`;
    if (field === 'text') return `${prefix}-text`;
    if (field === 'id') return `${prefix}-id`;
    return `${prefix}-heading`;
  }
  return `agr-${head ?? 'title'}`;
}

export type AgreementCheck = { ok: true; template: AgreementTemplateV1 } | { ok: false; problems: DraftProblem[] };

export function agreementFromDraft(draft: AgreementDraftV1, words: { section: (n: number, heading: string) => string }): AgreementCheck {
  const parsed = $AgreementTemplateV1.safeParse(agreementCandidateOf(draft));
  if (parsed.success) return { ok: true, template: parsed.data };
  const seen = new Set<string>();
  const problems: DraftProblem[] = [];
  for (const issue of parsed.error.issues) {
    const index = issue.path[0] === 'sections' && typeof issue.path[1] === 'number' ? issue.path[1] : null;
    const where = index === null ? '' : `${words.section(index + 1, draft.sections[index]?.heading ?? '')}: `;
    const problem = { fieldId: agreementFieldIdFor(issue.path), message: `${where}${issue.message}` };
    const key = `${problem.fieldId}\u0000${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return { ok: false, problems };
}
