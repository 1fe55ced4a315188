/**
 * The record quality check shown before signing: entries that are likely to be of little use
 * if the record is read later (in a case review or in court). These are prompts, not rules:
 * nothing here stops a record being signed, and a flag can be dismissed. Each flag's id names
 * its location and kind only, so a dismissal stays attached while the text is unchanged and
 * the flag goes away as soon as the text no longer trips the check.
 *
 * Everything is plain heuristics over normalised text (see normaliseText); the known limits
 * are listed beside each check.
 */
import type { SectionV1 } from '../model/template.ts';
import type { ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { modelOfCase, models as shippedModels } from '../models/index.ts';
import type { SessionContentV1 } from '../model/record.ts';
import { recordWording as w } from '../record/wording.ts';

export const qualityFlagKinds = ['vague', 'actionVerb', 'riskWithoutEscalation', 'judgementWithoutRationale'] as const;
export type QualityFlagKind = (typeof qualityFlagKinds)[number];

export type QualityFlag = {
  id: string;
  kind: QualityFlagKind;
  /** The template section the entry sits in, or escalationsSectionId for the escalations list. */
  sectionId: string;
  /** Where the entry is, in words: "Case discussion and reflections — Baby T: Analysis". */
  where: string;
  /** The text that raised the flag, trimmed to about 80 characters. */
  excerpt: string;
  message: string;
};

/**
 * The escalations recorded during the session follow the template's sections in the record.
 * Not a valid template section id (those are lower-case letters, digits and hyphens only).
 */
export const escalationsSectionId = '#escalations';

export const qualityMessages = {
  vague: 'This says little about what was discussed or decided. Record what happened, what was decided and why.',
  actionVerb:
    'This action does not start with what will be done. Start with a verb, such as “Refer…”, “Visit…” or “Contact…”, so it is clear what the owner is to do.',
  actionShort: 'This action is too short to act on. Say what will be done, with whom, and about which child or issue.',
  riskWithoutEscalation:
    'A risk to a child is mentioned here, but no decision about escalation is recorded. Record whether it is being escalated, and why or why not.',
  judgementWithoutRationale: 'This records a judgement without the reasons for it. Add the evidence or rationale.',
} as const;

const excerptLength = 80;
/** Entries this long or longer are never called vague, whatever words they use. */
const vagueMaxLength = 80;

// ---------------------------------------------------------------------------------------
// Normalising

/**
 * Lower case, accents removed, apostrophes dropped ("children's" → "childrens"), "n/a" → "na",
 * every other run of punctuation or space → one space. Patterns below are written in this form.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`´]/g, '')
    .replace(/\bn\s*\/\s*a\b/g, 'na')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function words(normalised: string): string[] {
  return normalised ? normalised.split(' ') : [];
}

/** Whitespace collapsed and cut at a word boundary to about 80 characters. */
export function excerptOf(text: string, max = excerptLength): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–—-]+$/, '')}…`;
}

/** Sentences (and semicolon-separated parts) of an entry, as written. */
function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+|;\s*/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Phrases as token sequences, longest first, for greedy matching. */
function phraseList(phrases: readonly string[]): string[][] {
  return [...new Set(phrases.map(normaliseText))].map(words).sort((a, b) => b.length - a.length);
}

function phraseAt(tokens: readonly string[], index: number, phrases: readonly string[][]): number {
  for (const phrase of phrases) {
    if (phrase.length > 0 && phrase.every((word, offset) => tokens[index + offset] === word)) return phrase.length;
  }
  return 0;
}

// ---------------------------------------------------------------------------------------
// 1. Vague entries
//
// Limits: only entries under 80 characters are judged; a short entry with two or more words
// of its own ("Home visit", "Risk") passes however thin it is; a long entry made of stock
// phrases passes; a stock phrase used with real meaning in a short entry can still be flagged.

/** Phrases that say an entry happened without saying what it was. */
const stockPhrases = phraseList([
  'case discussed', 'cases discussed', 'case discussion', 'case reviewed', 'discussed in supervision', 'discussed at length',
  'discussed', 'discussion held', 'discussion had', 'discussion', 'talked about', 'talked through', 'went through', 'covered',
  'plan agreed', 'agreed plan', 'plan in place', 'plan remains', 'plans agreed', 'actions agreed', 'agreed', 'as agreed', 'plan',
  'as per plan', 'as per', 'as planned', 'as above', 'see above', 'as before', 'as discussed', 'same as before', 'as usual',
  'see notes', 'see case notes', 'see records', 'see record', 'see file', 'see chronology', 'refer to notes',
  'noted', 'acknowledged', 'no concerns', 'no concern', 'no concerns raised', 'no new concerns', 'no issues', 'no new issues',
  'nothing new', 'no change', 'no changes', 'no update', 'no updates', 'ongoing', 'on going', 'continues', 'continuing',
  'continue to monitor', 'continue monitoring', 'keep under review', 'under review', 'to monitor', 'monitor', 'monitoring',
  'update given', 'update provided', 'updates given', 'updated', 'update', 'all fine', 'fine', 'all ok', 'ok', 'okay',
  'all good', 'good', 'going well', 'yes', 'in progress', 'progressing', 'in hand', 'done', 'tbc', 'to be confirmed',
]);

/**
 * A nil return: "nothing to report". A deliberate answer in a section or labelled field
 * ("Sickness absence: None"), but says nothing in a case stage, a key issue or a reason.
 */
const nilPhrases = phraseList([
  'na', 'nil', 'none', 'no', 'nothing', 'nothing to report', 'nothing to add', 'nothing further', 'not applicable',
  'none to report', 'none noted', 'none identified', 'none this time', 'none at present', 'nil to report',
]);

/** Words that carry no specifics on their own. */
const fillerWords = new Set(
  (
    'a an the and or but nor to of in on at for with by from about into onto re regarding around over ' +
    'is are was were be been being am has have had do does did will would should shall can could may might must ' +
    'it its this that these those there here then than so very really quite just still also again further fully ' +
    'all any some each every same other such as well i me my we us our you your they them their he him his she her ' +
    'today now currently present presently time yet since last recent recently previous previously session sessions ' +
    'supervision meeting case cases child children family families issue issues matter matters concerns raised not ' +
    'remains remain'
  ).split(' '),
);

type VagueReading = { stock: number; nil: number; substance: string[] };

function readVague(text: string): VagueReading {
  const tokens = words(normaliseText(text));
  const reading: VagueReading = { stock: 0, nil: 0, substance: [] };
  for (let index = 0; index < tokens.length; ) {
    const stock = phraseAt(tokens, index, stockPhrases);
    const nil = phraseAt(tokens, index, nilPhrases);
    if (stock > 0 || nil > 0) {
      if (stock >= nil) reading.stock++;
      else reading.nil++;
      index += Math.max(stock, nil);
      continue;
    }
    const token = tokens[index] ?? '';
    // Single letters are initials ("Child A", "Baby T") and say nothing on their own.
    if (!fillerWords.has(token) && (token.length > 1 || /\d/.test(token))) reading.substance.push(token);
    index++;
  }
  return reading;
}

/**
 * True when a short entry is made of stock phrases with at most one word of its own.
 * `nilAllowed`: a bare "None"/"N/A" is a complete answer here (a section or labelled field).
 */
export function isVague(text: string, { nilAllowed = false }: { nilAllowed?: boolean } = {}): boolean {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length >= vagueMaxLength) return false;
  const { stock, nil, substance } = readVague(trimmed);
  // A bare nil return ("None", "N/A"): vague unless it is a complete answer where it stands.
  if (stock === 0) return nil > 0 && substance.length === 0 && !nilAllowed;
  // Stock phrases with at most one word of the entry's own ("Discussed Baby T").
  return substance.length <= 1;
}

// ---------------------------------------------------------------------------------------
// 2. Actions that do not say what will be done
//
// Limits: a word that is both a noun and a verb ("Support plan", "Record of visit") passes;
// "<up to three words> to/will <verb>" is read as an owner and a verb ("HV to visit"), so a
// noun phrase such as "Strategy meeting to review plan" also passes.

/** Imperative verbs common in safeguarding actions (one word: phrasal verbs match on the first). */
export const actionVerbs: ReadonlySet<string> = new Set(
  (
    'refer contact visit arrange share send request review book complete discuss escalate attend record update inform ' +
    'speak call phone ring telephone email write chase check ask liaise seek convene invite agree monitor observe assess ' +
    'offer provide support signpost ensure confirm follow feed raise read reflect research consider explore gather obtain ' +
    'collate compile prepare draft submit present notify alert report document add upload create plan schedule set organise ' +
    'organize coordinate meet see undertake carry conduct hold facilitate identify clarify establish find look investigate ' +
    'audit evaluate measure weigh screen sign close transfer hand pass forward copy circulate distribute consult involve ' +
    'engage encourage remind reassure advise explain tell give issue apply register allocate reallocate delegate supervise ' +
    'shadow train learn practise practice study access enquire inquire challenge revisit recheck reassess continue maintain ' +
    'keep stop cease end remove withdraw implement start begin commence introduce develop devise design produce deliver ' +
    'run take make do go use join accompany respond reply amend correct revise trigger talk collect request reinstate ' +
    'discharge step open reopen attach file scan save print update recontact chair minute note highlight flag bring'
  ).split(' '),
);

const leadingAdverbs = new Set('please urgently immediately promptly jointly also then formally again'.split(' '));

/** The first word of an action, after "To", an owner ("HV to", "Sam will") and an adverb. */
function actionHasVerb(what: string): boolean {
  const raw = what
    .trim()
    .toLowerCase()
    .replace(/^[\s\-–—•*·\d.)]+/, '')
    .replace(/['’]/g, '')
    .split(/\s+/)
    .map((word) => word.replace(/^[^a-z]+|[^a-z-]+$/g, ''))
    .filter((word) => word.length > 0);
  const isVerb = (word: string | undefined): boolean => {
    if (!word) return false;
    if (actionVerbs.has(word)) return true;
    const [first, ...rest] = word.split('-');
    // re-refer, re-visit, co-ordinate, follow-up, feed-back
    if (first === 're' || first === 'co') return actionVerbs.has(rest.join('')) || actionVerbs.has(rest.join('-'));
    return first !== undefined && first !== word && actionVerbs.has(first);
  };
  const startsWithVerb = (tokens: readonly string[]): boolean => {
    let index = 0;
    while (leadingAdverbs.has(tokens[index] ?? '')) index++;
    return isVerb(tokens[index]);
  };
  if (startsWithVerb(raw)) return true;
  if (raw[0] === 'to' || raw[0] === 'will') return startsWithVerb(raw.slice(1));
  // An owner before a colon: "Val: visit on Monday".
  const colon = what.indexOf(':');
  if (colon > 0 && what.slice(0, colon).trim().split(/\s+/).length <= 3 && actionHasVerb(what.slice(colon + 1))) return true;
  // An owner written into the text: "Supervisee to contact GP", "HV will visit".
  for (let owner = 1; owner <= 3; owner++) {
    const link = raw[owner];
    if ((link === 'to' || link === 'will') && startsWithVerb(raw.slice(owner + 1))) return true;
  }
  return false;
}

/** Why an action's wording falls short, or null. Empty actions are a signing gap elsewhere. */
export function actionWordingProblem(what: string): 'noVerb' | 'short' | null {
  const trimmed = what.trim();
  if (!trimmed) return null;
  if (!actionHasVerb(trimmed)) return 'noVerb';
  if (trimmed.split(/\s+/).length < 3) return 'short';
  return null;
}

// ---------------------------------------------------------------------------------------
// 3. Risk mentioned, and no decision about escalation anywhere in the record
//
// Limits: words, not meaning — "at risk of exclusion" counts as a risk to a child; negation is
// read only a few words back ("no bruising or injuries"), so unusual phrasing can slip either
// way; any mention of a referral, MASH, threshold and so on anywhere counts as the decision,
// even when it concerns another child.

const riskPatterns: readonly RegExp[] = [
  /\brisks?\b/,
  /\brisky\b/,
  /\bharm(s|ed|ful|ing)?\b/,
  /\binjur(y|ies|ed|ing)\b/,
  /\bbruis(e|es|ed|ing)\b/,
  /\bunsafe\b/,
  /\bnot safe\b/,
  /\bdanger(s|ous)?\b/,
  /\bdisclos(e|es|ed|ing|ure|ures)\b/,
  /\babus(e|es|ed|ive)\b/,
  /\bneglect(s|ed|ful)?\b/,
  /\bexploit(ed|ation|ative)\b/,
  /\bviolen(ce|t)\b/,
  /\bsexual(ly)?\b/,
  /\bnon accidental\b/,
  /\bmissing (from (home|care|school|education|placement|foster care)|episodes?)\b/,
  /\b(went|go|goes|gone|going|reported) missing\b/,
  /\bsafeguarding concerns?\b/,
  /\bfgm\b/,
  /\bgroom(ed|ing)\b/,
  /\bassault(s|ed)?\b/,
  /\bcounty lines\b/,
  /\bsuicid(e|al)\b/,
  /\boverdos(e|ed)\b/,
  /\bcse\b/,
  /\bcce\b/,
];

/** Words that negate a risk term a few words after them ("no bruising", "not at risk"). */
const negators = new Set(
  'no not nil none never without nothing neither nor isnt wasnt arent werent dont doesnt didnt hasnt havent'.split(' '),
);
/** Words after a negator that end its reach over the risk term ("not clear whether … injuries"). */
const negationBreakers = new Set(
  'clear known sure certain explained understood only just engaged engaging attended attending accidental consistent always yet'.split(' '),
);
const negationWindow = 6;
/** Words after a risk term that negate it ("risks identified: none", "NAI ruled out"). */
const trailingNegation = /^(\w+ ){0,2}(none|ruled out|not (identified|seen|found|present|evident|noted|raised|reported|apparent|observed|indicated))\b/;

/** Clause boundaries: punctuation and joining words that start a new statement. */
const clauseBreak = /[,;.!?()\n]|\b(?:but|however|although|though|whereas|and|while|whilst|so|therefore|because|which|yet)\b/i;

function negated(tokens: readonly string[], at: number, length: number): boolean {
  for (let back = 1; back <= negationWindow && at - back >= 0; back++) {
    const token = tokens[at - back] ?? '';
    if (negators.has(token)) {
      const between = tokens.slice(at - back + 1, at);
      if (!between.some((word) => negationBreakers.has(word))) return true;
      break;
    }
  }
  return trailingNegation.test(tokens.slice(at + length).join(' '));
}

/** Phrases that use a risk word for something else, removed before reading. */
const notARisk = /\b(disclosure\s+(and|&)\s+barring|sexual\s+health)\b/gi;

/** True when a clause of the text names a risk of harm that it does not negate. */
export function mentionsRisk(text: string): boolean {
  return text.replace(notARisk, ' ').split(clauseBreak).some((clause) => {
    const normalised = normaliseText(clause);
    if (!normalised) return false;
    const tokens = words(normalised);
    return riskPatterns.some((pattern) => {
      const global = new RegExp(pattern.source, 'g');
      for (const match of normalised.matchAll(global)) {
        const at = words(normalised.slice(0, match.index).trim()).length;
        if (!negated(tokens, at, words(match[0]).length)) return true;
      }
      return false;
    });
  });
}

const escalationDecision = new RegExp(
  [
    String.raw`\bescalat\w*`,
    String.raw`\brefer(?!enc)\w*`,
    String.raw`\bre refer\w*`,
    String.raw`\bmash\b`,
    String.raw`\bsocial care\b`,
    String.raw`\bchildrens (social )?services\b`,
    String.raw`\bstrategy (meeting|discussion)s?\b`,
    String.raw`\bthresholds?\b`,
    String.raw`\bchild protection\b`,
    String.raw`\bsection 47\b`,
    String.raw`\bs47\b`,
    String.raw`\bpolice\b`,
    String.raw`\b999\b`,
    String.raw`\b(does|do|did) not meet\b`,
    String.raw`\b(doesnt|dont|didnt) meet\b`,
    String.raw`\bno further action\b`,
    String.raw`\bnfa\b`,
    String.raw`\bearly help\b`,
    String.raw`\blado\b`,
    String.raw`\bfront door\b`,
    String.raw`\bicpc\b`,
    String.raw`\b(case|cp) conference\b`,
    String.raw`\bcp plan\b`,
  ].join('|'),
);

/** True when the text records a decision about escalation, either way. */
export function mentionsEscalationDecision(text: string): boolean {
  return escalationDecision.test(normaliseText(text));
}

// ---------------------------------------------------------------------------------------
// 4. Judgements without reasons
//
// Limits: a judgement worded another way ("Mum can protect") is missed outside the
// Professional Judgment(s) section; any rationale word anywhere in the entry satisfies the
// check, even if it gives the reason for something else.

const judgementPatterns: readonly RegExp[] = [
  /\bi (think|believe|consider|feel that|am satisfied|am of the view|am concerned that)\b/,
  /\b(my|our) (professional )?(view|opinion|judgement|judgment|assessment)\b/,
  /\bin my (professional )?(judgement|judgment|opinion|view)\b/,
  /\bassessed as\b/,
  /\b(is|are|was|were|remains?|be|being) (not |now |no longer |still )?(at risk|safe|unsafe)\b/,
  /\b(meets|met|meet|meeting|does not meet|doesnt meet|did not meet|not meet|not meeting) (the )?(\w+ )?thresholds?\b/,
  /\bthresholds? (is |was |has been |have been )?(not )?met\b/,
  /\bbelow threshold\b/,
  /\bdecided\b/,
  /\bconcluded\b/,
  /\bconclusion\b/,
  /\bagreed that\b/,
  /\bsatisfied that\b/,
  /\bjudged\b/,
  /\bno further action\b/,
  /\bnfa\b/,
];

/** Further judgement wording that counts in the Analysis stage ("what does this mean?"). */
const analysisJudgementPatterns: readonly RegExp[] = [
  /\b(likely|unlikely)\b/,
  /\b(high|low|medium|moderate|significant|increased|reduced) (level of )?risk\b/,
  /\b(appears?|seems?) to\b/,
  /\bconcerned that\b/,
];

/** Wording that looks like a judgement but defers one. */
const notAJudgement = /\b(not yet decided|not decided|yet to be decided|to be decided|not concluded|not yet concluded)\b/g;

const months = 'january february march april may june july august september october november december';
const weekdays = 'monday tuesday wednesday thursday friday saturday sunday';

/** Uses of "as" and "since" that give no reason ("assessed as", "as above", "since last week"). */
const notARationale = new RegExp(
  [
    String.raw`\b(assessed|such|known|seen|same) as\b`,
    String.raw`\bas (well|soon|long|far|much|often)( as)?( possible)?\b`,
    String.raw`\bas (above|below|per|discussed|agreed|planned|before|usual|part of|needed|required|appropriate)\b`,
    String.raw`\b(ever )?since (the |her |his |their )?(last|previous|then|birth|yesterday|\d+\w*|${[months, weekdays].join(' ').replaceAll(' ', '|')})\b`,
  ].join('|'),
  'g',
);

const rationalePattern = new RegExp(
  String.raw`\b(` +
    [
      'because', 'as', 'since', 'due to', 'given (that|the|his|her|their|its)', String.raw`evidence\w*`, 'based on',
      'on the basis of', 'so that', 'therefore', 'thus', 'hence', 'rationale', 'reasons?', 'reasoning', 'in light of',
      'in view of', 'following', 'owing to', 'consequently', 'which means', 'this means', 'as a result',
    ].join('|') +
    String.raw`)\b`,
);

export function statesJudgement(text: string, { analysis = false }: { analysis?: boolean } = {}): boolean {
  const normalised = normaliseText(text).replace(notAJudgement, ' ');
  const patterns = analysis ? [...judgementPatterns, ...analysisJudgementPatterns] : judgementPatterns;
  return patterns.some((pattern) => pattern.test(normalised));
}

export function givesRationale(text: string): boolean {
  return rationalePattern.test(normaliseText(text).replace(notARationale, ' '));
}

/** A section whose every entry is a professional judgement (South Gloucestershire's form). */
export function isJudgementSection(section: SectionV1): boolean {
  return section.id === 'professional-judgements' || /\bjudge?ments?\b/i.test(section.heading);
}

// ---------------------------------------------------------------------------------------
// Walking the record

type EntryKind = 'answer' | 'field' | 'caseStage' | 'review' | 'keyIssue' | 'noCases' | 'action' | 'escalation';

type Entry = {
  kind: EntryKind;
  /** Stable key for the entry's place in the record. */
  key: string;
  sectionId: string;
  where: string;
  text: string;
  /** Risk mentions in one group give one flag (a section, or one case); null: never flagged. */
  riskGroup: { key: string; where: string } | null;
  /** A bare "None"/"N/A" is a complete answer here. */
  nilAllowed: boolean;
  /** Where every entry is a judgement (Professional Judgment(s)), or judgement wording widens (Analysis). */
  judgement: 'all' | 'analysis' | 'phrases' | 'none';
  actionId?: string;
  /** The stage id in the case's model. */
  stage?: string;
};

const stripColon = (label: string) => label.trim().replace(/\s*:\s*$/, '');
const joinWhere = (...parts: string[]) => parts.filter((p) => p.trim()).join(' — ');

function sectionEntries(section: SectionV1, content: SessionContentV1, available: readonly ReflectiveModelV1[]): Entry[] {
  const heading = section.heading.trim();
  const group = { key: section.id, where: heading };
  const judgementOf = (): Entry['judgement'] => (isJudgementSection(section) ? 'all' : 'phrases');
  const collects = section.collects;
  switch (collects.kind) {
    case 'freeText':
      return [
        {
          kind: 'answer',
          key: section.id,
          sectionId: section.id,
          where: heading,
          text: content.answers[section.id] ?? '',
          riskGroup: group,
          nilAllowed: true,
          judgement: judgementOf(),
        },
      ];
    case 'fields': {
      const given = content.fields[section.id] ?? {};
      const known = collects.fields.map((field) => ({ id: field.id, label: stripColon(field.label) }));
      const extra = Object.keys(given)
        .filter((id) => !known.some((field) => field.id === id))
        .map((id) => ({ id, label: id }));
      return [...known, ...extra].map((field) => ({
        kind: 'field',
        key: `${section.id}:${field.id}`,
        sectionId: section.id,
        where: joinWhere(heading, field.label),
        text: given[field.id] ?? '',
        riskGroup: group,
        nilAllowed: true,
        judgement: judgementOf(),
      }));
    }
    case 'previousActions':
      return content.previousActions.map((action, index) => ({
        kind: 'review',
        key: `${section.id}:review:${action.id}`,
        sectionId: section.id,
        where: joinWhere(heading, `previous action ${index + 1}`),
        text: content.reviews[action.id]?.reason ?? '',
        riskGroup: group,
        nilAllowed: false,
        judgement: 'phrases',
      }));
    case 'keyIssues':
      return content.keyIssues.map((issue, index) => ({
        kind: 'keyIssue',
        key: `${section.id}:issue:${issue.id}`,
        sectionId: section.id,
        where: joinWhere(heading, `issue ${index + 1}`),
        text: issue.text,
        riskGroup: group,
        nilAllowed: false,
        judgement: 'phrases',
      }));
    case 'cases': {
      const entries: Entry[] = content.cases.flatMap((discussion) => {
        const label = discussion.label.trim() || w.cases.unnamed;
        const caseGroup = { key: `${section.id}:${discussion.id}`, where: joinWhere(heading, label) };
        // Every stage of the case's own model, in its order; judgement wording widens at its analysis stages.
        const model = modelOfCase(discussion, available);
        return model.stages.flatMap(({ id: stage, name, role }) =>
          Object.entries(discussion.stages[stage] ?? {}).map(
            ([fieldId, text]): Entry => ({
              kind: 'caseStage',
              key: `${section.id}:${discussion.id}:${stage}:${fieldId}`,
              sectionId: section.id,
              where: `${joinWhere(heading, label)}: ${name}`,
              text,
              riskGroup: caseGroup,
              nilAllowed: false,
              judgement: role === 'analysis' ? 'analysis' : 'phrases',
              stage,
            }),
          ),
        );
      });
      entries.push({
        kind: 'noCases',
        key: `${section.id}:no-cases`,
        sectionId: section.id,
        where: joinWhere(heading, 'reason no case was discussed'),
        text: content.noCasesReason,
        riskGroup: group,
        nilAllowed: false,
        judgement: 'phrases',
      });
      return entries;
    }
    case 'actions':
      return content.actions.map((action, index) => ({
        kind: 'action',
        key: `action:${action.id}`,
        sectionId: section.id,
        where: joinWhere(heading, `action ${index + 1}`),
        text: action.what,
        riskGroup: group,
        nilAllowed: false,
        judgement: 'none',
        actionId: action.id,
      }));
    case 'nextMeeting':
    case 'signatures':
      return [];
  }
}

function escalationEntries(content: SessionContentV1): Entry[] {
  return content.escalations.flatMap((escalation, index) => {
    const base = joinWhere(w.escalations.heading, `escalation ${index + 1}`);
    const parts = [
      ['concern', w.escalations.concern, escalation.concern],
      ['action-taken', w.escalations.actionTaken, escalation.actionTaken],
    ] as const;
    return parts.map(
      ([part, label, text]): Entry => ({
        kind: 'escalation',
        key: `escalation:${escalation.id}:${part}`,
        sectionId: escalationsSectionId,
        where: `${base}: ${label}`,
        text,
        riskGroup: null,
        nilAllowed: false,
        judgement: 'phrases',
      }),
    );
  });
}

/** Every free-text entry of the record, in the order the record shows them. */
function entriesOf(sections: readonly SectionV1[], content: SessionContentV1, available: readonly ReflectiveModelV1[]): Entry[] {
  return [...sections.flatMap((section) => sectionEntries(section, content, available)), ...escalationEntries(content)].filter(
    (entry) => entry.text.trim().length > 0,
  );
}

function firstSentence(text: string, test: (sentence: string) => boolean): string {
  return excerptOf(sentencesOf(text).find(test) ?? text);
}

/**
 * The quality flags of a record, in record order: sections in template order (within cases,
 * case by case and stage by stage), then the escalations. Empty entries are never flagged.
 */
export function qualityFlags(
  sections: readonly SectionV1[],
  content: SessionContentV1,
  /** The models the cases may have run with (the shipped ones by default; a model not among them is read from the record). */
  available: readonly ReflectiveModelV1[] = shippedModels,
): QualityFlag[] {
  const entries = entriesOf(sections, content, available);
  const escalationDecided =
    content.escalations.length > 0 || entries.some((entry) => mentionsEscalationDecision(entry.text));
  const riskFlagged = new Set<string>();
  const flags: QualityFlag[] = [];

  for (const entry of entries) {
    const text = entry.text.trim();
    const at = { sectionId: entry.sectionId, where: entry.where };

    if (entry.kind === 'action') {
      const problem = actionWordingProblem(text);
      if (problem && entry.actionId) {
        flags.push({
          id: `actionVerb:${entry.actionId}`,
          kind: 'actionVerb',
          ...at,
          excerpt: excerptOf(text),
          message: problem === 'noVerb' ? qualityMessages.actionVerb : qualityMessages.actionShort,
        });
      }
    } else if (isVague(text, { nilAllowed: entry.nilAllowed })) {
      flags.push({ id: `vague:${entry.key}`, kind: 'vague', ...at, excerpt: excerptOf(text), message: qualityMessages.vague });
    }

    if (!escalationDecided && entry.riskGroup && !riskFlagged.has(entry.riskGroup.key) && mentionsRisk(text)) {
      riskFlagged.add(entry.riskGroup.key);
      flags.push({
        id: `risk:${entry.riskGroup.key}`,
        kind: 'riskWithoutEscalation',
        sectionId: entry.sectionId,
        // The first entry of the group that mentions the risk, so the user can find it.
        where: entry.where,
        excerpt: firstSentence(text, mentionsRisk),
        message: qualityMessages.riskWithoutEscalation,
      });
    }

    if (entry.judgement !== 'none' && !givesRationale(text)) {
      const analysis = entry.judgement === 'analysis';
      const judged =
        entry.judgement === 'all' ? !isNilReturn(text) : statesJudgement(text, { analysis });
      if (judged) {
        flags.push({
          id: `judgement:${entry.key}`,
          kind: 'judgementWithoutRationale',
          ...at,
          excerpt:
            entry.judgement === 'all' ? excerptOf(text) : firstSentence(text, (sentence) => statesJudgement(sentence, { analysis })),
          message: qualityMessages.judgementWithoutRationale,
        });
      }
    }
  }
  return flags;
}

/** "None", "N/A", "No judgements made": nothing to give reasons for. */
function isNilReturn(text: string): boolean {
  const normalised = normaliseText(text);
  if (/^no (professional )?(judgements?|judgments?|decisions?)\b/.test(normalised)) return true;
  const { stock, nil, substance } = readVague(text);
  return nil > 0 && stock === 0 && substance.length === 0;
}
