/**
 * Keeping other children out of a child's record. A child-record summary is built from
 * what was said in the session, and practitioners naturally mention one child while
 * discussing another ("Jay Smith is Baby T's cousin"). Every other case's label, and each
 * capitalised word of more than two letters in a multi-word label ("Jay Smith" → "Jay",
 * "Smith"), is replaced wherever it appears as a whole word, in any case. Words that are
 * also in this child's own label are left alone, and this child's own label is never
 * touched. Over-withholding is the safe direction: the screen lists what was withheld.
 */
export const anotherChild = '[another child]';

const letterOrDigit = '[\\p{L}\\p{N}]';

function normalise(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
}

/** A label's words, without surrounding punctuation, and the parts of hyphenated words. */
function wordsOf(label: string): string[] {
  const words: string[] = [];
  for (const raw of label.split(/\s+/)) {
    const word = raw.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (!word) continue;
    words.push(word);
    const parts = word.split(/[-‐‑–—/]+/).filter(Boolean);
    if (parts.length > 1) words.push(...parts);
  }
  return words;
}

/**
 * Words that say who someone is to a child, not which child. A child's own record withholds
 * them too (in context, "the baby" can identify another child); the group themes guard
 * passes `allowGenericWords`, so a theme about "a new baby" is not blocked by "Baby Tilly".
 */
export const genericWords: ReadonlySet<string> = new Set(
  'baby babies child children family families mum mother dad father parent parents carer carers twins twin sibling siblings brother sister unborn infant toddler boy girl young person pupil student household the and mr mrs ms miss'.split(' '),
);

function letterCount(word: string): number {
  return (word.match(/\p{L}/gu) ?? []).length;
}

/** The terms withheld from the summary of the child with ownLabel, longest first. */
export function otherChildTerms(ownLabel: string, otherLabels: readonly string[], options: { allowGenericWords?: boolean } = {}): string[] {
  const own = normalise(ownLabel);
  const ownWords = new Set(wordsOf(ownLabel).map(normalise));
  const terms = new Map<string, string>();
  const add = (term: string) => {
    const key = normalise(term);
    if (key && !terms.has(key)) terms.set(key, term.trim().replace(/\s+/g, ' '));
  };
  for (const label of otherLabels) {
    const key = normalise(label);
    // The same label twice is the same child discussed twice, not another child.
    if (!key || key === own) continue;
    add(label);
    const words = wordsOf(label);
    if (label.trim().split(/\s+/).length < 2) continue;
    for (const word of words) {
      if (letterCount(word) > 2 && /^\p{Lu}/u.test(word) && !ownWords.has(normalise(word)) && !(options.allowGenericWords && genericWords.has(normalise(word)))) add(word);
    }
  }
  return [...terms.values()].sort((a, b) => b.length - a.length || a.localeCompare(b));
}

/** A term as a regular expression: its words escaped, any run of white space between them. */
export function termPattern(term: string): string {
  return term
    .split(' ')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
}

export type Withholder = {
  /** The text with every other child's terms replaced by "[another child]". */
  withhold: (text: string) => string;
  /** The terms replaced so far (longest first). */
  withheld: () => string[];
};

export function withholdOtherChildren(ownLabel: string, otherLabels: readonly string[], options: { allowGenericWords?: boolean } = {}): Withholder {
  const terms = otherChildTerms(ownLabel, otherLabels, options);
  const found = new Set<string>();
  const ownKey = normalise(ownLabel);
  // One pass over one alternation, longest first: the longest whole-word match at each
  // place wins, this child's own label is matched (and kept) before its parts can be, and
  // a replacement is never searched again.
  const alternatives = [...terms, ...(ownKey ? [ownLabel.trim().replace(/\s+/g, ' ')] : [])].sort((a, b) => b.length - a.length);
  const pattern =
    terms.length === 0
      ? null
      : new RegExp(`(?<!${letterOrDigit})(?:${alternatives.map((t) => `(${termPattern(t)})`).join('|')})(?!${letterOrDigit})`, 'giu');
  return {
    withhold(text) {
      if (!pattern) return text;
      return text.replace(pattern, (match: string, ...groups: unknown[]) => {
        const index = groups.findIndex((g, i) => i < alternatives.length && typeof g === 'string');
        const term = alternatives[index];
        if (term === undefined || normalise(match) === ownKey) return match;
        found.add(term);
        return anotherChild;
      });
    },
    withheld: () => terms.filter((t) => found.has(t)),
  };
}
