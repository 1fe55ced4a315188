/**
 * Starting a template from an organisation's Word form. The client turns the .docx into HTML
 * (mammoth); this module reads that HTML's outline in document order — headings (h1–h6),
 * paragraphs set wholly in bold, and the first cell of each table row — and proposes a draft
 * template: each heading a section, with a guess of what it collects that the author must check
 * before the template can be saved (hazard H43). Pure: no DOM, so it runs in Node tests too.
 */
import type { SectionKind } from '../model/template.ts';
import { blankSection, blankTemplateDraft, slugOf, type DraftSectionV1, type TemplateDraftV1 } from './templateDraft.ts';

export type OutlineEntry = { text: string; source: 'heading' | 'bold' | 'cell'; level: number };

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16) || 32);
    if (name.startsWith('#')) return String.fromCodePoint(Number.parseInt(name.slice(1), 10) || 32);
    return entities[name.toLowerCase()] ?? whole;
  });
}
const clean = (text: string) => decode(text).replace(/\s+/g, ' ').trim();

/**
 * The outline of mammoth's HTML, in document order. mammoth writes a small, regular HTML (no
 * attributes that matter, every tag closed), so a tag scanner is enough and keeps this pure.
 */
export function outlineOfHtml(html: string): OutlineEntry[] {
  const out: OutlineEntry[] = [];
  const tag = /<(\/?)([a-zA-Z0-9]+)[^>]*>|([^<]+)/g;
  // Where the scanner is: the heading or paragraph being read, its text, and whether all of it was bold.
  let block: { kind: 'heading' | 'p'; level: number; text: string; boldText: string } | null = null;
  let bold = 0;
  let rowCell = -1; // index of the cell in the current row (-1 outside a row)
  let cellText = '';
  let inCell = false;
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    const [, closing, rawName, text] = match;
    if (text !== undefined) {
      if (block) {
        block.text += text;
        if (bold > 0) block.boldText += text;
      }
      if (inCell && rowCell === 0) cellText += text;
      continue;
    }
    const name = (rawName ?? '').toLowerCase();
    const heading = /^h([1-6])$/.exec(name);
    if (!closing) {
      if (heading) block = { kind: 'heading', level: Number(heading[1]), text: '', boldText: '' };
      else if (name === 'p' && !inCell) block = { kind: 'p', level: 0, text: '', boldText: '' };
      else if (name === 'strong' || name === 'b') bold += 1;
      else if (name === 'tr') rowCell = -1;
      else if (name === 'td' || name === 'th') {
        rowCell += 1;
        inCell = true;
        if (rowCell === 0) cellText = '';
      } else if (name === 'br' && block) block.text += ' ';
      continue;
    }
    if (heading && block?.kind === 'heading') {
      const words = clean(block.text);
      if (words) out.push({ text: words, source: 'heading', level: block.level });
      block = null;
    } else if (name === 'p' && block?.kind === 'p') {
      const words = clean(block.text);
      if (words && clean(block.boldText) === words) out.push({ text: words, source: 'bold', level: 0 });
      block = null;
    } else if (name === 'strong' || name === 'b') bold = Math.max(0, bold - 1);
    else if (name === 'td' || name === 'th') {
      if (rowCell === 0) {
        const words = clean(cellText);
        if (words) out.push({ text: words, source: 'cell', level: 0 });
      }
      inCell = false;
    } else if (name === 'tr') rowCell = -1;
  }
  return out;
}

/** The guess for a heading's words: what a section under it collects. Order matters: the first rule that fits wins. */
export function guessKind(heading: string): SectionKind {
  const h = heading.toLowerCase();
  if (/\bsign(ed|ature|atures)?\b/.test(h)) return 'signatures';
  if (/\bnext (meeting|session|supervision)\b|\bdate (and time )?of (the )?next\b/.test(h)) return 'nextMeeting';
  if (/\b(review|monitor\w*)\b.*\b(previous|last|agreed)\b|\bactions?\b.*\b(previous|completed|outstanding|carried forward|last meeting)\b|\bprevious (supervision|session)\b/.test(h)) return 'previousActions';
  if (/\bpoints for development\b|\bactions?\b|\bplan\b/.test(h)) return 'actions';
  if (/\bcase(s|load)?\b|\bcase (discussion|studies)\b/.test(h)) return 'cases';
  if (/\bfocus\b|\bagenda\b|\bissues brought\b/.test(h)) return 'keyIssues';
  return 'freeText';
}

/** Labels that name the form's date and its two people, not a section. */
function headerRole(text: string): 'date' | 'supervisor' | 'supervisee' | null {
  if (text.length > 60) return null;
  const t = text.toLowerCase();
  if (/^date\b/.test(t) && !/next/.test(t)) return 'date';
  if (/\bsupervisee\b/.test(t) && !/\bsign/.test(t)) return 'supervisee';
  if (/\bsupervisor\b/.test(t) && !/\bsign/.test(t)) return 'supervisor';
  return null;
}

export type WordFormResult =
  | { ok: true; draft: TemplateDraftV1; headings: string[] }
  | { ok: false; reason: 'empty' | 'notAForm' };

/** Only one section of these kinds is allowed: a later guess of the same kind becomes free text. */
const once: readonly SectionKind[] = ['previousActions', 'cases', 'actions', 'nextMeeting', 'signatures'];
/** Kinds that say a document is a supervision form: without one of them it is some other document. */
const formKinds: readonly SectionKind[] = ['previousActions', 'cases', 'actions', 'signatures'];

/**
 * A draft template from a form's outline. The first heading is the title; labels naming the date
 * and the two people become the record's headings for them; each other entry a section with its
 * guess; table labels under a heading that ends with a colon become that section's fields.
 */
export function draftFromOutline(outline: readonly OutlineEntry[]): WordFormResult {
  if (outline.length === 0) return { ok: false, reason: 'empty' };
  const draft = blankTemplateDraft();
  draft.sections = [];
  let entries = [...outline];
  const first = entries[0];
  const titleLike = first && ((first.source === 'heading' && first.level === 1) || (first.source !== 'cell' && /record|form|supervision/i.test(first.text) && guessKind(first.text) === 'freeText'));
  if (first && titleLike) {
    draft.title = first.text;
    entries = entries.slice(1);
  }
  const used = new Set<SectionKind>();
  const named = new Set<string>();
  let collecting: DraftSectionV1 | null = null;
  for (const entry of entries) {
    // Table labels before the first section may be the form's header: its date and its two people (a name label is the supervisee's).
    const header = entry.source === 'cell' && draft.sections.length === 0;
    const role = headerRole(entry.text) ?? (header && /\bname\b/i.test(entry.text) && !named.has('supervisee') ? 'supervisee' : null);
    if (role && entry.source !== 'heading') {
      if (role === 'date') draft.dateHeading = entry.text;
      else if (role === 'supervisor') draft.supervisorHeading = entry.text;
      else draft.superviseeHeading = entry.text;
      named.add(role);
      continue;
    }
    // Table labels under a heading that asks for them ("…detail whether there has been any:") are its fields.
    if (entry.source === 'cell' && collecting) {
      collecting.fields.push({ id: slugOf(entry.text) || `field-${collecting.fields.length + 1}`, label: entry.text, hint: '' });
      continue;
    }
    let kind = guessKind(entry.text);
    if (once.includes(kind) && used.has(kind)) kind = 'freeText';
    used.add(kind);
    const section = blankSection(kind, entry.text);
    section.id = uniqueId(section.id || `section-${draft.sections.length + 1}`, draft.sections);
    if (kind === 'cases') section.oneChosenByEach = /\bone\b.*\bsupervisor\b.*\bone\b.*\bsupervisee\b/i.test(entry.text);
    if (kind === 'freeText' && /escalat/i.test(entry.text) && !draft.sections.some((s) => s.recordsEscalations)) section.recordsEscalations = true;
    if (kind === 'freeText') {
      // The heading itself is the question; the author words the guidance.
      section.promptSource = 'own';
      section.promptMarkdown = `# ${entry.text.replace(/[:\s]+$/, '')}`;
    }
    section.guess = { kind, confirmed: false };
    draft.sections.push(section);
    collecting = entry.source !== 'cell' && /:\s*$/.test(entry.text) && kind === 'freeText' ? section : null;
    if (collecting) collecting.fields = [];
  }
  // A heading that gathered table labels collects those fields.
  for (const section of draft.sections) {
    if (section.kind === 'freeText' && section.fields.length > 0) {
      section.kind = 'fields';
      section.promptSource = 'bank';
      section.promptMarkdown = '';
      section.guess = { kind: 'fields', confirmed: false };
    }
  }
  if (!draft.sections.some((s) => formKinds.includes(s.kind))) return { ok: false, reason: 'notAForm' };
  draft.id = slugOf(draft.title || 'own-template') || 'own-template';
  return { ok: true, draft, headings: draft.sections.map((s) => s.heading) };
}

function uniqueId(id: string, sections: readonly DraftSectionV1[]): string {
  const taken = new Set(sections.map((s) => s.id));
  if (!taken.has(id) && id !== 'signed' && id !== 'focus') return id;
  for (let n = 2; ; n++) if (!taken.has(`${id}-${n}`)) return `${id}-${n}`;
}
