/**
 * The noticings' language analysis, on the device: `compromise/two` (offline English NLP, no
 * model download, the same build machines/review/names.ts uses) tags each word, and this module
 * reads from the tags what the rules need: sentences, clauses, negation ("haven't", "never",
 * "nobody"), tense ("will attend", "said she would") and words that look like names.
 *
 * A clause ends at a comma, semicolon, colon or dash, and before "but", "although", "so",
 * "because", "whereas", "however", "while" and "who": "I saw mum, but not dad" is two clauses,
 * the second negated. Known limits: negation is the clause's, not the verb's ("no concerns and
 * she spoke to dad" is negated throughout); a pronoun is not resolved to its person.
 *
 * Analysis is the slow part, and the engine asks again at every pause in typing, so each
 * sentence is analysed once and kept while it is seen (as names.ts does): typing re-analyses
 * only the sentence being typed.
 */
import nlp from 'compromise/two';
import type { LanguageAnalysis, Tense, TextClause, TextSentence, TextWord } from './text.ts';

type Term = { text?: string; post?: string; tags?: string[] };

const negativeWords = new Set(['not', 'no', 'never', 'nobody', 'none', 'nothing', 'neither', 'nor', 'without', 'cannot', 'unable', 'noone', 'nowhere']);
const clauseOpeners = new Set(['but', 'although', 'though', 'so', 'because', 'whereas', 'however', 'while', 'who', 'whom', 'yet']);
const futureWords = new Set(['will', 'shall', 'would', 'promised', 'promises', 'intends', 'plans']);

/** Lower case, curly apostrophes straightened, possessive ’s and surrounding punctuation removed. */
export function normaliseWord(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'s$/u, '')
    .replace(/^[^\p{L}\p{N}&]+|[^\p{L}\p{N}&]+$/gu, '');
}

type Piece = { norm: string | null; name: boolean; tags: Set<string>; raw: string };

function isNegative(piece: Piece): boolean {
  return piece.tags.has('Negative') || negativeWords.has(piece.norm ?? '') || /n't$/u.test(piece.raw.toLowerCase().replace(/’/g, "'"));
}

function clauseOf(pieces: readonly Piece[]): TextClause {
  const words: TextWord[] = [];
  let seenNegative = false;
  for (const piece of pieces) {
    seenNegative = seenNegative || isNegative(piece);
    if (piece.norm !== null) words.push({ norm: piece.norm, name: piece.name, negated: seenNegative });
  }
  const norms = words.map((w) => w.norm);
  const future =
    pieces.some((p) => p.tags.has('Modal') && (p.raw === '' || futureWords.has(normaliseWord(p.raw)))) ||
    norms.some((n, i) => futureWords.has(n) || (n === 'going' && norms[i + 1] === 'to'));
  const tense: Tense = future ? 'future' : pieces.some((p) => p.tags.has('PastTense')) ? 'past' : 'present';
  return { words, negated: seenNegative, tense };
}

function analyseSentenceText(text: string): TextSentence[] {
  const sentences = nlp(text).json() as { terms?: Term[] }[];
  return sentences.map((sentence) => {
    const clauses: TextClause[] = [];
    let current: Piece[] = [];
    const close = () => {
      if (current.length > 0) clauses.push(clauseOf(current));
      current = [];
    };
    (sentence.terms ?? []).forEach((term, index) => {
      const raw = term.text ?? '';
      const tags = new Set(term.tags ?? []);
      const parts = raw.split(/[-‐‑/]/u).map(normaliseWord).filter(Boolean);
      const capitalised = /^\p{Lu}/u.test(raw) && index > 0;
      const name = tags.has('Person') || tags.has('ProperNoun') || tags.has('FirstName') || capitalised;
      if (parts.length > 0 && clauseOpeners.has(parts[0] ?? '') && current.length > 0) close();
      if (parts.length === 0) current.push({ norm: null, name: false, tags, raw });
      for (const norm of parts) current.push({ norm, name, tags, raw });
      if (/[,;:–—()]/u.test(term.post ?? '')) close();
    });
    close();
    return { clauses };
  });
}

const kept = new Map<string, readonly TextSentence[]>();
const keptLimit = 4000;

function analysedPiece(piece: string): readonly TextSentence[] {
  const found = kept.get(piece);
  if (found) {
    kept.delete(piece);
    kept.set(piece, found);
    return found;
  }
  const result = analyseSentenceText(piece);
  kept.set(piece, result);
  if (kept.size > keptLimit) kept.delete(kept.keys().next().value as string);
  return result;
}

/** Forgets every sentence analysed: for measuring the analysis from nothing (tests/bench/noticings.ts). */
export function forgetAnalyses(): void {
  kept.clear();
}

/** The analysis the engine is given: a text split where sentences end, each piece analysed once. */
export const compromiseLanguage: LanguageAnalysis = {
  sentencesOf(text) {
    if (text.trim() === '') return [];
    return text.split(/(?<=[.!?\n])(?=\s)/u).flatMap((piece) => (piece.trim() === '' ? [] : analysedPiece(piece)));
  },
};
