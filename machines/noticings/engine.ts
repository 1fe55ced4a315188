/**
 * The assistant's noticings (issue 21): reads a case's text so far and, at most one at a time,
 * the follow-up question a supervisor would ask about what the account is missing. Pure: the
 * rules are data (machines/noticings/*.noticing.json), the language analysis is injected (see
 * text.ts; machines/noticings/language.ts is the offline one), and nothing here decides what goes
 * into a record — it proposes a question, the practitioner answers, puts it aside ("Not now") or
 * says why it does not apply.
 *
 * How a rule is read (schema.ts has the language):
 * - a rule is raised when its `raiseWhen` holds and its `clearWhen` does not, over the text in
 *   each condition's scope (the case so far by default; earlier sessions' entries for this case
 *   when a condition says so);
 * - it is asked only at a stage whose role it listens to, once the practitioner has answered
 *   there (minimumAnswerWords), if it is switched on, and never twice in one case whatever
 *   became of it (answered, put aside, dismissed);
 * - of the rules raised, the lowest `priority` is asked; its question is the one after the
 *   question last used for that rule elsewhere (other cases, earlier sessions), so the assistant
 *   does not repeat itself.
 *
 * Names as aliases: a name written right after a term of a people vocabulary ("her new partner, Dale",
 * "dad, Callum") stands for that vocabulary in the rest of the case, so "I have not met Dale"
 * reads as not having met the partner. The child's own name never becomes an alias.
 */
import type { StageRole } from '../model/reflectiveModel.ts';
import { formatDate } from '../dates/format.ts';
import type { NoticingCondition, NoticingRuleV1, Scope, VocabulariesV1 } from './schema.ts';
import type { LanguageAnalysis, TextClause, TextSentence, TextWord } from './text.ts';

/** Words a stage must hold before the assistant asks there: it listens after the practitioner answers. */
export const minimumAnswerWords = 4;

export type NoticingRules = {
  rules: readonly NoticingRuleV1[];
  vocabularies: VocabulariesV1['vocabularies'];
  /** The vocabularies naming people, whose names become aliases (VocabulariesV1.people). */
  people: readonly string[];
};

export type CaseStageText = { id: string; role: StageRole; text: string };

/** One earlier session's entry for the same case, from the history: its date (YYYY-MM-DD) and its text. */
export type EarlierEntry = { date: string; text: string };

export const noticingOutcomes = ['raised', 'answered', 'notNow', 'dismissed'] as const;
export type NoticingOutcome = (typeof noticingOutcomes)[number];

/** A noticing already raised in this case, and what became of it. */
export type NoticingEvent = { ruleId: string; questionIndex: number; outcome: NoticingOutcome };

/** A question asked before, elsewhere (another case, an earlier session): for rotating the wording. */
export type AskedBefore = { ruleId: string; questionIndex: number };

export type CaseText = {
  /** The case label as written ("Tilly", "Baby T"): matched by {child} and filled into questions. */
  child: string;
  /** The stages written so far, in the model's order. */
  stages: readonly CaseStageText[];
  /** Earlier sessions' entries for this case, oldest first or in any order. */
  earlier: readonly EarlierEntry[];
};

export type NoticeInput = CaseText & {
  currentStageId: string;
  /** The ids of the rules switched on (settings.ts: rulesOn). */
  on: readonly string[];
  /** Noticings already raised in this case. */
  raised: readonly NoticingEvent[];
  askedBefore?: readonly AskedBefore[];
};

export type Noticing = {
  ruleId: string;
  ruleVersion: string;
  name: string;
  stageId: string;
  questionIndex: number;
  /** The question in the assistant's words, placeholders filled in. */
  question: string;
  why: string;
  source: string;
};

// ---------------------------------------------------------------------------------------
// Terms

/** A word of a term: as written, a prefix ("engag*"), or the child ("{child}"). */
type TermWord = { text: string; prefix: boolean; child?: true };
type Phrase = readonly TermWord[];

const genericLabelWords = new Set(['baby', 'of', 'the', 'and', 'family', 'child', 'unborn', 'young', 'person', 'mr', 'mrs', 'ms', 'miss', 'mx']);

function phraseOf(term: string): Phrase {
  return term
    .split(/[\s\-‐‑/]+/u)
    .map((w) => w.replace(/[’‘]/g, "'"))
    .filter(Boolean)
    .map((w): TermWord => (w === '{child}' ? { text: '', prefix: false, child: true } : w.endsWith('*') ? { text: w.slice(0, -1), prefix: true } : { text: w.replace(/'s$/u, ''), prefix: false }));
}

/**
 * The words of a case label that name the child: "Tilly" → tilly; "Baby T" → t is too short, so
 * baby; "Baby of Chloe" (an unborn or newborn child known by the mother's name) → baby, never chloe.
 */
export function childWords(label: string): string[] {
  const lower = label.toLowerCase().replace(/[’‘]/g, "'");
  const own = lower.split(/\bof\b/u)[0] ?? '';
  const words = own
    .split(/[^\p{L}\p{N}']+/u)
    .map((w) => w.replace(/'s$/u, ''))
    .filter((w) => w.length > 1 && !genericLabelWords.has(w));
  if (words.length > 0) return words;
  return /\b(baby|unborn)\b/u.test(lower) ? ['baby'] : [];
}

type Compiled = { phrases: readonly Phrase[]; vocabularies: readonly string[] };

const compiledTerms = new WeakMap<readonly string[], Compiled>();

function compile(terms: readonly string[]): Compiled {
  const kept = compiledTerms.get(terms);
  if (kept) return kept;
  const phrases: Phrase[] = [];
  const vocabularies: string[] = [];
  for (const term of terms) {
    if (term.startsWith('@')) vocabularies.push(term.slice(1));
    else phrases.push(phraseOf(term));
  }
  const compiled = { phrases, vocabularies };
  compiledTerms.set(terms, compiled);
  return compiled;
}

const vocabularyPhrases = new WeakMap<VocabulariesV1['vocabularies'], Map<string, readonly Phrase[]>>();

function phrasesOfVocabulary(vocabularies: VocabulariesV1['vocabularies'], name: string): readonly Phrase[] {
  let byName = vocabularyPhrases.get(vocabularies);
  if (!byName) {
    byName = new Map();
    vocabularyPhrases.set(vocabularies, byName);
  }
  const kept = byName.get(name);
  if (kept) return kept;
  const phrases = (vocabularies[name] ?? []).map(phraseOf);
  byName.set(name, phrases);
  return phrases;
}

/** Whether a word of the text is the child: one of the label's words, or a pronoun standing for the child. */
type IsChild = (word: TextWord) => boolean;
const noChild: IsChild = () => false;

function wordMatches(word: TextWord, term: TermWord, isChild: IsChild): boolean {
  if (term.child) return isChild(word);
  return term.prefix ? word.norm.startsWith(term.text) : word.norm === term.text;
}

/** Where the phrase starts in the words, every start. */
function phraseStarts(words: readonly TextWord[], phrase: Phrase, isChild: IsChild = noChild): number[] {
  const starts: number[] = [];
  if (phrase.length === 0) return starts;
  for (let i = 0; i + phrase.length <= words.length; i += 1) {
    let all = true;
    for (let k = 0; k < phrase.length; k += 1) {
      const word = words[i + k];
      const term = phrase[k];
      if (!word || !term || !wordMatches(word, term, isChild)) {
        all = false;
        break;
      }
    }
    if (all) starts.push(i);
  }
  return starts;
}

// ---------------------------------------------------------------------------------------
// The text of a case, analysed

type Passage = { role: StageRole | 'history'; stageId: string | null; text: string; sentences: readonly TextSentence[] };

type Reading = {
  passages: readonly Passage[];
  /** The case label as a passage of its own ("Baby of Jess": an unborn or newborn child). */
  label: readonly Passage[];
  currentStageId: string | null;
  earlierCount: number;
  isChild: IsChild;
  /** Names standing for a vocabulary in this case (see the header). */
  aliases: ReadonlyMap<string, readonly Phrase[]>;
  rules: NoticingRules;
};

function read(caseText: CaseText, currentStageId: string | null, rules: NoticingRules, language: LanguageAnalysis): Reading {
  const passages: Passage[] = [
    ...caseText.stages.map((s) => ({ role: s.role, stageId: s.id, text: s.text, sentences: language.sentencesOf(s.text) })),
    ...caseText.earlier.map((e) => ({ role: 'history' as const, stageId: null, text: e.text, sentences: language.sentencesOf(e.text) })),
  ];
  const childNames = new Set(childWords(caseText.child));
  const pronouns = childPronouns(passages, childNames, rules.vocabularies);
  return {
    passages,
    label: [{ role: 'history', stageId: null, text: caseText.child, sentences: language.sentencesOf(caseText.child) }],
    currentStageId,
    earlierCount: caseText.earlier.length,
    isChild: (word) => childNames.has(word.norm) || pronouns.has(word),
    aliases: aliasesIn(passages, rules, childNames),
    rules,
  };
}

const pronounWords = new Set(['he', 'she', 'they', 'him', 'her', 'them']);
const speakerWords = new Set(['i', 'we', 'you']);

/**
 * Pronouns that stand for the child: one among the first three words of a sentence whose
 * sentence before it is about the child (the first person it names is the child, or a pronoun
 * already standing for the child). "Kayla (14) went missing. She came home and told mum…": she is
 * Kayla; "Mum scored highly at Finley's check. She said…": she is mum. Known limit: nothing else.
 */
function childPronouns(passages: readonly Passage[], child: ReadonlySet<string>, vocabularies: VocabulariesV1['vocabularies']): Set<TextWord> {
  const found = new Set<TextWord>();
  const people = new Set([...(vocabularies['parents'] ?? []), ...(vocabularies['other-adults'] ?? []), ...(vocabularies['agencies'] ?? [])].filter((t) => !t.includes(' ')).map((t) => t.replace(/\*$/u, '')));
  for (const passage of passages) {
    let previousAboutChild = false;
    for (const sentence of passage.sentences) {
      const words = sentence.clauses.flatMap((c) => c.words);
      let aboutChild: boolean | null = null;
      words.forEach((word, i) => {
        if (i < 3 && previousAboutChild && pronounWords.has(word.norm)) found.add(word);
        if (aboutChild !== null) return;
        if (child.has(word.norm) || found.has(word)) aboutChild = true;
        else if (speakerWords.has(word.norm) || people.has(word.norm) || pronounWords.has(word.norm) || word.name) aboutChild = false;
      });
      previousAboutChild = aboutChild === true;
    }
  }
  return found;
}

function aliasesIn(passages: readonly Passage[], rules: NoticingRules, child: ReadonlySet<string>): Map<string, Phrase[]> {
  const aliases = new Map<string, Phrase[]>();
  const vocabularies = rules.vocabularies;
  const vocabularyWords = new Set(Object.values(vocabularies).flatMap((terms) => terms.flatMap((t) => phraseOf(t).map((w) => w.text))));
  const isChild: IsChild = (word) => child.has(word.norm);
  for (const name of rules.people) {
    const phrases = phrasesOfVocabulary(vocabularies, name);
    const found = new Set<string>();
    for (const passage of passages)
      for (const sentence of passage.sentences) {
        const words = sentence.clauses.flatMap((c) => c.words);
        for (const phrase of phrases)
          for (const start of phraseStarts(words, phrase, isChild)) {
            // "her new partner, Dale", "dad, Callum": the next word or the one after, written as a name.
            for (const next of [words[start + phrase.length], words[start + phrase.length + 1]]) {
              if (!next || !next.name) continue;
              if (child.has(next.norm) || vocabularyWords.has(next.norm) || next.norm.length < 2) break;
              found.add(next.norm);
              break;
            }
          }
      }
    if (found.size > 0) aliases.set(name, [...found].map((w) => [{ text: w, prefix: false }]));
  }
  return aliases;
}

function phrasesFor(terms: readonly string[], reading: Reading): readonly Phrase[] {
  const compiled = compile(terms);
  if (compiled.vocabularies.length === 0) return compiled.phrases;
  return [...compiled.phrases, ...compiled.vocabularies.flatMap((name) => [...phrasesOfVocabulary(reading.rules.vocabularies, name), ...(reading.aliases.get(name) ?? [])])];
}

function passagesIn(scope: Scope | undefined, reading: Reading): readonly Passage[] {
  const s = scope ?? 'case';
  if (s === 'label') return reading.label;
  if (s === 'case') return reading.passages.filter((p) => p.role !== 'history');
  if (s === 'history') return reading.passages.filter((p) => p.role === 'history');
  if (s === 'caseAndHistory') return reading.passages;
  if (s === 'stage') return reading.passages.filter((p) => p.stageId !== null && p.stageId === reading.currentStageId);
  return reading.passages.filter((p) => p.role !== 'history' && (s as readonly string[]).includes(p.role));
}

// ---------------------------------------------------------------------------------------
// Conditions

type Found = { clause: number; word: number };

function foundIn(sentence: TextSentence, phrases: readonly Phrase[], isChild: IsChild): Found[] {
  const found: Found[] = [];
  sentence.clauses.forEach((clause, c) => {
    for (const phrase of phrases) for (const start of phraseStarts(clause.words, phrase, isChild)) found.push({ clause: c, word: start });
  });
  return found;
}

type MentionsCondition = Extract<NoticingCondition, { mentions: readonly string[] }>;

/** Negation is the word's (a negative before it in its clause: "I have not met dad"); tense is its clause's. */
function agrees(sentence: TextSentence, at: Found, condition: MentionsCondition): boolean {
  const clause: TextClause | undefined = sentence.clauses[at.clause];
  if (!clause) return false;
  if (condition.negated !== undefined && (clause.words[at.word]?.negated ?? false) !== condition.negated) return false;
  if (condition.tense !== undefined && clause.tense !== condition.tense) return false;
  return true;
}

function countMentions(condition: MentionsCondition, reading: Reading): number {
  const mentions = phrasesFor(condition.mentions, reading);
  const withs = condition.with ? phrasesFor(condition.with, reading) : null;
  let count = 0;
  for (const passage of passagesIn(condition.in, reading))
    for (const sentence of passage.sentences)
      for (const mention of foundIn(sentence, mentions, reading.isChild)) {
        if (!withs) {
          if (agrees(sentence, mention, condition)) count += 1;
          continue;
        }
        const partner = foundIn(sentence, withs, reading.isChild).find(
          (w) =>
            (w.clause !== mention.clause || w.word !== mention.word) &&
            (!condition.withFollowing || w.clause > mention.clause || (w.clause === mention.clause && w.word > mention.word)) &&
            agrees(sentence, w, condition),
        );
        if (partner) count += 1;
      }
  return count;
}

function plainText(passages: readonly Passage[]): string {
  return passages
    .map((p) => p.text)
    .join('\n')
    .toLowerCase()
    .replace(/[’‘`´]/g, "'");
}

const patterns = new Map<string, RegExp>();
function patternOf(source: string): RegExp {
  let pattern = patterns.get(source);
  if (!pattern) {
    pattern = new RegExp(source, 'u');
    patterns.set(source, pattern);
  }
  return pattern;
}

function holds(condition: NoticingCondition, reading: Reading): boolean {
  if ('all' in condition) return condition.all.every((c) => holds(c, reading));
  if ('any' in condition) return condition.any.some((c) => holds(c, reading));
  if ('not' in condition) return !holds(condition.not, reading);
  if ('mentions' in condition) return countMentions(condition, reading) >= (condition.atLeast ?? 1);
  if ('pattern' in condition) return patternOf(condition.pattern).test(plainText(passagesIn(condition.in, reading)));
  if ('earlierSessions' in condition) return reading.earlierCount >= condition.earlierSessions;
  const words = passagesIn(condition.in, reading).reduce((n, p) => n + p.sentences.reduce((m, s) => m + s.clauses.reduce((k, c) => k + c.words.length, 0), 0), 0);
  return words >= condition.words;
}

function isRaised(rule: NoticingRuleV1, reading: Reading): boolean {
  return holds(rule.raiseWhen, reading) && !(rule.clearWhen && holds(rule.clearWhen, reading));
}

// ---------------------------------------------------------------------------------------
// Questions

function fillable(question: string, earlier: readonly EarlierEntry[]): boolean {
  return earlier.length > 0 || !/\{(earlierCount|lastDate)\}/.test(question);
}

const countWords = ['no', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];

/** The question with {child}, {earlierCount} and {lastDate} filled in. */
export function fillQuestion(question: string, caseText: Pick<CaseText, 'child' | 'earlier'>): string {
  const dates = caseText.earlier.map((e) => e.date).sort();
  const last = dates.at(-1);
  const n = caseText.earlier.length;
  return question
    .replaceAll('{child}', caseText.child.trim() || 'the child')
    .replaceAll('{earlierCount}', countWords[n] ?? String(n))
    .replaceAll('{lastDate}', last ? formatDate(last) : '');
}

/** The question after the one last used for this rule (elsewhere), skipping any that cannot be filled in. */
export function questionIndexFor(rule: NoticingRuleV1, askedBefore: readonly AskedBefore[], earlier: readonly EarlierEntry[]): number {
  const last = askedBefore.filter((a) => a.ruleId === rule.id).at(-1);
  const start = last === undefined ? 0 : last.questionIndex + 1;
  for (let k = 0; k < rule.questions.length; k += 1) {
    const index = (start + k) % rule.questions.length;
    if (fillable(rule.questions[index] ?? '', earlier)) return index;
  }
  return 0;
}

function wordsIn(text: string): number {
  return text.split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

// ---------------------------------------------------------------------------------------
// What the screens call

/**
 * The next noticing for the current stage, or null: at most one at a time. Null when the stage
 * has no answer yet, when no rule switched on listens to the stage's role, or when every raised
 * rule was already raised in this case.
 */
export function notice(input: NoticeInput, rules: NoticingRules, language: LanguageAnalysis): Noticing | null {
  const stage = input.stages.find((s) => s.id === input.currentStageId);
  if (!stage || wordsIn(stage.text) < minimumAnswerWords) return null;
  const on = new Set(input.on);
  const already = new Set(input.raised.map((e) => e.ruleId));
  const candidates = rules.rules
    .filter((rule) => on.has(rule.id) && !already.has(rule.id) && rule.listensTo.includes(stage.role))
    .sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  if (candidates.length === 0) return null;
  const reading = read(input, stage.id, rules, language);
  const rule = candidates.find((r) => isRaised(r, reading));
  if (!rule) return null;
  const questionIndex = questionIndexFor(rule, input.askedBefore ?? [], input.earlier);
  return {
    ruleId: rule.id,
    ruleVersion: rule.version,
    name: rule.name,
    stageId: stage.id,
    questionIndex,
    question: fillQuestion(rule.questions[questionIndex] ?? rule.questions[0] ?? '', input),
    why: rule.why,
    source: rule.source,
  };
}

/** The rules (of those given) whose gap is in the whole case as written: every stage, whatever it listens to. */
export function gapsIn(caseText: CaseText, on: readonly string[], rules: NoticingRules, language: LanguageAnalysis): NoticingRuleV1[] {
  const reading = read(caseText, null, rules, language);
  const wanted = new Set(on);
  return rules.rules.filter((rule) => wanted.has(rule.id) && isRaised(rule, reading)).sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
}

export type UnexploredNoticing = {
  rule: NoticingRuleV1;
  /** never: not asked (its gap is still in the case); notNow: put aside; raised: asked, not answered. */
  status: 'never' | 'notNow' | 'raised';
};

/**
 * The rules still unexplored in a whole case, for the read-through and practice mode's debrief:
 * noticings raised and left (put aside, or not answered), and gaps still in the case that were
 * never asked. Answered and dismissed noticings are explored, whatever the text says now.
 */
export function unexplored(
  caseText: CaseText,
  on: readonly string[],
  raised: readonly NoticingEvent[],
  rules: NoticingRules,
  language: LanguageAnalysis,
): UnexploredNoticing[] {
  const last = new Map<string, NoticingOutcome>();
  for (const event of raised) last.set(event.ruleId, event.outcome);
  const wanted = new Set(on);
  const left: UnexploredNoticing[] = [];
  for (const rule of rules.rules) {
    const outcome = last.get(rule.id);
    if (!wanted.has(rule.id) || outcome === 'answered' || outcome === 'dismissed') continue;
    if (outcome === 'notNow' || outcome === 'raised') left.push({ rule, status: outcome });
  }
  const asked = new Set(last.keys());
  for (const rule of gapsIn(caseText, on, rules, language)) if (!asked.has(rule.id)) left.push({ rule, status: 'never' });
  return left.sort((a, b) => a.rule.priority - b.rule.priority || a.rule.id.localeCompare(b.rule.id));
}

/**
 * Stage by stage, as in a live session where nothing is answered: at each stage, the case as
 * written up to and including it, every noticing drawn in turn until none is left. What the
 * corpus test measures, and what the bench times one step of.
 */
export function drawnThroughCase(caseText: CaseText, on: readonly string[], rules: NoticingRules, language: LanguageAnalysis): Noticing[] {
  const drawn: Noticing[] = [];
  caseText.stages.forEach((stage, index) => {
    const soFar = caseText.stages.slice(0, index + 1);
    for (;;) {
      const next = notice(
        { ...caseText, stages: soFar, currentStageId: stage.id, on, raised: drawn.map((d) => ({ ruleId: d.ruleId, questionIndex: d.questionIndex, outcome: 'raised' as const })) },
        rules,
        language,
      );
      if (!next) break;
      drawn.push(next);
    }
  });
  return drawn;
}
