/**
 * What every text leaving a group session is checked for (the themes record's themes, tags,
 * learning and organisational issues):
 * - any part of a case label discussed in the session (as before: it is a child discussed,
 *   so it is reworded, never confirmed);
 * - people's names: the names the session's case labels and notes hold (the presenters'
 *   questions, phase notes and actions, and any concern escalated), in any case, and the
 *   names language analysis finds in the text itself (machines/review/names.ts, on the
 *   device). The facilitator may confirm one of these is not a child or family member.
 * Colleagues' names in the notes ("Priya recognised…") are not taken as the session's
 * names; written in a theme, the language analysis still finds them.
 */
import type { GroupSessionContentV1 } from '../model/group.ts';
import { otherChildTerms, termPattern } from '../record/withhold.ts';
import { createNameCheck, knownNamesIn, nameKey, namesWrittenIn, type NameSource } from '../review/names.ts';

/** What a session knows of the children and families discussed, and who its colleagues are. */
export type SessionTexts = { caseLabels: readonly string[]; notes: readonly string[]; colleagues: readonly string[] };

export function sessionTextsOf(content: Pick<GroupSessionContentV1, 'consultations' | 'escalations' | 'facilitator' | 'members'>): SessionTexts {
  return {
    caseLabels: content.consultations.map((c) => c.caseLabel),
    notes: [
      ...content.consultations.flatMap((c) => [c.question, c.notes.presenting, c.notes.clarifying, c.notes.reflecting, c.notes.responding, c.notes.actions, ...c.actions.map((a) => a.what)]),
      ...content.escalations.flatMap((e) => [e.concern, e.actionTaken]),
    ],
    colleagues: [content.facilitator.name, ...content.members.map((m) => m.name)],
  };
}

/** Something in a text that could identify a child: where it is, and what it is. */
export type TextFlag = { start: number; end: number } & (
  | { kind: 'caseLabel'; /** As it is in the label. */ term: string }
  | { kind: 'name'; /** As written in the text. */ term: string; source: NameSource }
);

export type SessionNameCheck = {
  /** The names the session's case labels and notes hold, one spelling each. */
  sessionNames: readonly string[];
  /** Case-label terms first (longest first), then names, in the order they are written. */
  flagsIn(text: string): TextFlag[];
};

const letterOrDigit = '[\\p{L}\\p{N}]';

export function sessionNameCheck(texts: SessionTexts): SessionNameCheck {
  const labelTerms = otherChildTerms('', texts.caseLabels, { allowGenericWords: true });
  const labelPattern =
    labelTerms.length === 0 ? null : new RegExp(`(?<!${letterOrDigit})(?:${labelTerms.map(termPattern).join('|')})(?!${letterOrDigit})`, 'giu');
  // As the case-label terms are: a label of one word whole, and the capitalised words of a longer one ("Baby Tilly" → "Tilly", not "the boy in the red coat" → "red").
  const labelNames = knownNamesIn(texts.caseLabels.flatMap((label) => (label.trim().split(/\s+/u).length < 2 ? [label] : knownNamesIn([label]).filter((word) => /^\p{Lu}/u.test(word)))));
  const labelWords = new Set(labelNames.map(nameKey));
  const check = createNameCheck({ known: [...labelNames, ...namesWrittenIn(texts.notes, { allowed: texts.colleagues })] });
  const isLabelWord = (word: string) => labelWords.has(nameKey(word)) || labelWords.has(nameKey(word).replace(/s$/u, ''));

  return {
    sessionNames: check.known,
    flagsIn(text) {
      const labels: TextFlag[] = [];
      for (const match of labelPattern ? text.matchAll(labelPattern) : []) {
        const term = labelTerms.find((t) => nameKey(t) === nameKey(match[0])) ?? match[0];
        labels.push({ kind: 'caseLabel', term, start: match.index, end: match.index + match[0].length });
      }
      labels.sort((a, b) => labelTerms.indexOf(a.term) - labelTerms.indexOf(b.term) || a.start - b.start);
      const names: TextFlag[] = [];
      for (const name of check.namesIn(text)) {
        if (labels.some((f) => f.start < name.end && name.start < f.end)) continue;
        // "the Novaks" when a case is "the Novak family": a case label's word, so never confirmed away.
        const fromLabel = knownNamesIn([name.text]).every(isLabelWord);
        names.push(fromLabel ? { kind: 'caseLabel', term: name.text, start: name.start, end: name.end } : { kind: 'name', term: name.text, start: name.start, end: name.end, source: name.source });
      }
      return [...labels, ...names];
    },
  };
}

const checks = new WeakMap<object, { check: SessionNameCheck; keys: unknown[] }>();

/**
 * The check for a session, kept while its consultations, escalations and members are the
 * same arrays (the machine's context is immutable): screens ask on every keystroke.
 */
export function sessionNameCheckOf(content: Pick<GroupSessionContentV1, 'consultations' | 'escalations' | 'facilitator' | 'members'>): SessionNameCheck {
  const keys = [content.escalations, content.facilitator, content.members];
  const kept = checks.get(content.consultations);
  if (kept && kept.keys.every((k, i) => k === keys[i])) return kept.check;
  const check = sessionNameCheck(sessionTextsOf(content));
  checks.set(content.consultations, { check, keys });
  return check;
}
