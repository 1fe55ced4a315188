/**
 * Noticings as data (issue 21): what a good supervisor notices is missing from an account, and
 * the follow-up question they would ask. Each rule is one *.noticing.json file in this folder,
 * parsed with $NoticingRuleV1; shared word lists live in vocabularies.json ($VocabulariesV1).
 *
 * A rule holds no code. Its conditions are a small declarative language the engine interprets
 * (machines/noticings/engine.ts): word and phrase lists, regular-expression patterns, and
 * language conditions read from the text by an offline analysis (negation, tense, names), joined
 * with all / any / not. A rule listens to stage roles (account, reflection, analysis, plan), not
 * stage ids, so it works with any reflective model.
 */
import { z } from 'zod';
import { $StageRole } from '../model/reflectiveModel.ts';

const $RuleId = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'A rule id of lower-case letters, digits and hyphens');
const $VocabularyName = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/, 'A vocabulary name of lower-case letters, digits and hyphens');

/**
 * A term: a word or phrase in lower case, matched word by word ("spoke to", "home visit");
 * a word ending in * matches any ending ("engag*"); "{child}" is the case's label; "@name" is
 * every term of a shared vocabulary.
 */
export const $Term = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .refine((t) => t.startsWith('@') || t === t.toLowerCase(), 'Terms are written in lower case (matching ignores case)')
  .refine((t) => !t.startsWith('@') || /^@[a-z][a-z0-9-]{1,40}$/.test(t), 'A vocabulary is named as @name');
export const $Terms = z.array($Term).min(1).max(400);

/**
 * Where a condition reads: the case so far (every stage written, all roles: the default), the
 * current stage only, the stages of some roles, the earlier sessions' entries for this case, or
 * the case and its history together, or the case label itself ("Baby of Jess").
 */
export const $Scope = z.union([z.enum(['case', 'stage', 'history', 'caseAndHistory', 'label']), z.array($StageRole).min(1)]);
export type Scope = z.infer<typeof $Scope>;

export const tenses = ['past', 'present', 'future'] as const;

/** A clause (a sentence up to a comma, semicolon or "but") that mentions these terms. */
const $MentionsCondition = z.strictObject({
  mentions: $Terms,
  /** Also one of these terms in the same sentence. */
  with: $Terms.optional(),
  /** The `with` term comes after the mention ("Amira told…", not "Mum told… Amira"). */
  withFollowing: z.boolean().optional(),
  /**
   * true: only in a negated clause ("I have not seen dad"); false: only in one that is not. With
   * `with`, the clause is the `with` term's ("dad, who I have never met").
   */
  negated: z.boolean().optional(),
  /** Only in a clause of this tense ("mum will stop": future). */
  tense: z.enum(tenses).optional(),
  in: $Scope.optional(),
  /** How many matching clauses are needed (default 1). */
  atLeast: z.number().int().min(1).max(20).optional(),
});

/** A regular expression over the text (lower case, apostrophes straightened), for what words cannot say. */
const $PatternCondition = z.strictObject({
  pattern: z.string().min(1).max(400).refine((source) => {
    try {
      new RegExp(source, 'u');
      return true;
    } catch {
      return false;
    }
  }, 'Not a valid regular expression'),
  in: $Scope.optional(),
});

/** Earlier sessions' entries for this case: at least this many. */
const $EarlierCondition = z.strictObject({ earlierSessions: z.number().int().min(1).max(50) });

/** The text in scope has at least this many words. */
const $WordsCondition = z.strictObject({ words: z.number().int().min(1).max(1000), in: $Scope.optional() });

export type NoticingCondition =
  | { all: NoticingCondition[] }
  | { any: NoticingCondition[] }
  | { not: NoticingCondition }
  | z.infer<typeof $MentionsCondition>
  | z.infer<typeof $PatternCondition>
  | z.infer<typeof $EarlierCondition>
  | z.infer<typeof $WordsCondition>;

export const $NoticingCondition: z.ZodType<NoticingCondition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array($NoticingCondition).min(1) }),
    z.strictObject({ any: z.array($NoticingCondition).min(1) }),
    z.strictObject({ not: $NoticingCondition }),
    $MentionsCondition,
    $PatternCondition,
    $EarlierCondition,
    $WordsCondition,
  ]),
);

/** A follow-up question in the assistant's words; {child}, {earlierCount} and {lastDate} are filled in. */
const $Question = z
  .string()
  .trim()
  .min(10)
  .max(300)
  .refine((q) => /[?]$/.test(q), 'A follow-up question ends with a question mark')
  .refine((q) => [...q.matchAll(/\{([^}]*)\}/g)].every((m) => ['child', 'earlierCount', 'lastDate'].includes(m[1] ?? '')), 'Placeholders are {child}, {earlierCount} and {lastDate}');

export const $NoticingRuleV1 = z.strictObject({
  schema: z.literal('noticing/v1'),
  id: $RuleId,
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'A version such as 1.0.0'),
  /** The theme in a few words, as the settings and the record name it: "the child's voice and daily life". */
  name: z.string().min(3).max(80),
  /** Lower numbers are asked first when more than one rule is raised at a stage. */
  priority: z.number().int().min(0).max(100),
  /** The stage roles at which the assistant may ask it. */
  listensTo: z.array($StageRole).min(1),
  /** When the gap is there. */
  raiseWhen: $NoticingCondition,
  /** When the account has filled it (checked after raiseWhen; a cleared rule is never raised). */
  clearWhen: $NoticingCondition.optional(),
  /** Two or three ways of asking, so the assistant does not repeat itself. */
  questions: z.array($Question).min(2).max(3),
  /** One line: why this matters. */
  why: z.string().min(20).max(300),
  /** The public source the why rests on. */
  source: z.string().min(10).max(300),
  /** What a supervisor's question on this theme mentions: practice mode counts a trainee's turn holding one as exploring it. */
  askedBy: $Terms,
});
export type NoticingRuleV1 = z.infer<typeof $NoticingRuleV1>;

export const $VocabulariesV1 = z.strictObject({
  schema: z.literal('noticing-vocabularies/v1'),
  /**
   * The vocabularies that name people ("dad", "partner"): a name written right after one of their
   * terms ("her partner, Dale") stands for that vocabulary in the rest of the case.
   */
  people: z.array($VocabularyName).max(20),
  vocabularies: z.record($VocabularyName, z.array($Term.refine((t) => !t.startsWith('@'), 'A vocabulary holds words, not other vocabularies')).min(1)),
});
export type VocabulariesV1 = z.infer<typeof $VocabulariesV1>;
