/**
 * The shape of a text as the noticings read it: sentences, their clauses, each clause's words,
 * whether it is negated and its tense. The language analysis that produces it
 * (machines/noticings/language.ts, offline `compromise`) is injected into the engine, so the
 * engine and the rules load without the language library and a screen can load it on demand.
 */

export type Tense = 'past' | 'present' | 'future';

export type TextWord = {
  /** Lower case, apostrophes straightened, possessive ’s removed: "mum's" → "mum". */
  norm: string;
  /** Written with a capital inside a sentence, or tagged a proper noun or a person: a name, perhaps. */
  name: boolean;
  /** A negative word ("not", "never", "haven't", "no") comes before it in its clause, or it is one. */
  negated: boolean;
};

export type TextClause = {
  words: readonly TextWord[];
  /** "not", "never", "no", "n't", "without", "nobody"… anywhere in the clause (each word says whether one comes before it). */
  negated: boolean;
  tense: Tense;
};

export type TextSentence = { clauses: readonly TextClause[] };

/** Reads a text into sentences. Pure for a given text (an implementation may cache by sentence). */
export interface LanguageAnalysis {
  sentencesOf(text: string): readonly TextSentence[];
}
