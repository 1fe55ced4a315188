/**
 * Finding people's names in free text, on the device: what the group themes record checks
 * before it is circulated, and what a child's own record can use to find other children.
 *
 * A word is taken for a name when
 * - it is one of the names the caller already knows (a session's case labels and the names
 *   written in its notes), in any case, with or without a possessive or plural "s"; a known
 *   name that is also an everyday word ("Hope", "Will") only when it is written with a
 *   capital;
 * - or the language analysis finds it: compromise (offline English NLP, no model download;
 *   `compromise/two`, its tagger, which holds the person tagging `.people()` reads, 20 kB
 *   gzip smaller than the full build) tags it as a person in context; or it is written with a capital in the middle of a
 *   sentence, or as a possessive ("Joy’s mum"); or it opens a sentence and is a word the
 *   lexicon does not know ("Priya keeps…"), read as a noun;
 * and it is not a word that says who rather than which ("mum", "baby", "nan"), a title
 * ("Mrs"), a service, place, time, language or festival ("the Designated Nurse", "Riverside
 * Surgery", "Early Help", "Monday", "English", "Eid"), an acronym ("GP", "CAMHS"), or a
 * word the caller allows (a child's own name in their own record).
 *
 * Over-flagging is the safe direction: a flag costs a second look, a missed name goes out
 * in a circulated record. Names typed in lower case that neither the caller nor the
 * lexicon knows, and everyday words used as names at the start of a sentence ("Hope and
 * her sister…"), are what it misses; the corpus test measures both directions.
 *
 * The language analysis is loaded apart (namesLanguage.ts): whoever runs a check loads it first.
 */
import { genericWords } from '../record/withhold.ts';
import { namesLanguage } from './namesLanguage.ts';

/** How a name was found: the caller knew it, or the language analysis found it. */
export type NameSource = 'known' | 'language';

export type FoundName = {
  /** As written in the text, without a possessive ending ("Kacper’s" → "Kacper"). */
  text: string;
  /** Where it is in the text: text.slice(start, end). */
  start: number;
  end: number;
  source: NameSource;
};

export type NameCheckOptions = {
  /** Names known beforehand: every word of them is looked for (see knownNamesIn). */
  known?: readonly string[];
  /** Words never flagged, e.g. the child's own name in their own record. */
  allowed?: readonly string[];
};

export type NameCheck = {
  /** The known names, one spelling each, as given. */
  readonly known: readonly string[];
  /** Every name in the text, in order; adjacent words of one name are one ("Siobhan O’Neill"). */
  namesIn(text: string): FoundName[];
};

// ---------------------------------------------------------------------------------------
// What compromise knows

type Lexicon = Record<string, string | string[] | undefined>;
type WordSet = Record<string, boolean | undefined>;
type Known = { lexicon: Lexicon; orgWords: WordSet; placeWords: WordSet };
let known: Known | null = null;
/** What compromise knows, read once it is loaded (namesLanguage.ts). */
function knownWords(): Known {
  if (known) return known;
  const model = namesLanguage().model() as { one?: { lexicon?: Lexicon }; two?: { orgWords?: WordSet; placeWords?: WordSet } };
  known = { lexicon: model.one?.lexicon ?? {}, orgWords: model.two?.orgWords ?? {}, placeWords: model.two?.placeWords ?? {} };
  return known;
}

const nameTags = new Set(['FirstName', 'MaleName', 'FemaleName', 'LastName', 'Person']);

function lexiconTags(key: string): string[] {
  const entry = knownWords().lexicon[key];
  return entry === undefined ? [] : Array.isArray(entry) ? entry : [entry];
}

/** A word the lexicon knows as something other than a name ("hope", "will", "summer"). */
function isEverydayWord(key: string): boolean {
  const tags = lexiconTags(key);
  return tags.length > 0 && !tags.some((tag) => nameTags.has(tag));
}

/** Tags that say a capitalised word is a time, place, organisation, language or function word, not a person. */
const notPersonTags = [
  'Month',
  'WeekDay',
  'Date',
  'Holiday',
  'Place',
  'Country',
  'City',
  'Region',
  'Organization',
  'Demonym',
  'Language',
  'Religion',
  'Acronym',
  'Pronoun',
  'Preposition',
  'Conjunction',
  'Determiner',
  'Value',
  'Unit',
];

// ---------------------------------------------------------------------------------------
// Our own words

/** Words that say who someone is, not which person (withhold.ts's, and more relations). */
const whoWords = new Set([
  ...genericWords,
  ...'mummy daddy mam nan nana nanna nanny gran granny grandma grandmother grandad granddad grandpa grandfather grandparent grandparents aunt auntie aunty uncle cousin cousins niece nephew stepdad stepmum stepfather stepmother stepbrother stepsister partner boyfriend girlfriend husband wife son sons daughter daughters neighbour foster dr mx sir madam lady'.split(' '),
]);

/**
 * Words of the services, titles and documents safeguarding practitioners write with
 * capitals ("the Named Nurse", "Early Help", "Signs of Safety", "the Front Door"), added to
 * compromise's own organisation and place words. A run of capitalised words holding one of
 * them names a service or a place, not a person.
 */
const serviceWords = new Set(
  `nurse nurses nursing named designated lead leads officer officers doctor doctors visitor visitors visiting worker workers
  health social services service team teams hub unit clinic surgery practice trust authority panel court primary secondary
  infant infants junior nursery preschool front door profile toolkit assessment plan plans conference strategy meeting section
  protection early help safety safeguarding multi-agency agency looked after virtual independent reviewing
  lado mash camhs cafcass ofsted nhs icb senco sendco dsl gp gps midwife midwives midwifery paediatric paediatrician
  paediatrics consultant emergency ambulance housing youth offending justice probation refuge aid citizens advice food
  foodbank welfare inclusion attendance parenting programme policy procedures guidance framework threshold document
  review reviews serious partnership partnerships board head headteacher teacher teachers assistant deputy
  manager managers supervisor supervisors specialist women men`.split(/\s+/),
);

/** Languages, peoples, faiths and festivals, written with capitals but never a person. */
const languageAndFaithWords = new Set(
  `english welsh scottish irish british polish romanian lithuanian latvian bulgarian czech slovak hungarian ukrainian russian
  portuguese spanish french italian german turkish kurdish arabic farsi persian pashto dari urdu punjabi bengali bangla
  sylheti gujarati hindi tamil somali tigrinya amharic albanian chinese mandarin cantonese vietnamese european asian african
  caribbean muslim christian jewish sikh hindu buddhist catholic christmas easter ramadan eid diwali hanukkah vaisakhi passover
  lent bsl`.split(/\s+/),
);

function isServiceWord(key: string): boolean {
  const { orgWords, placeWords } = knownWords();
  return serviceWords.has(key) || orgWords[key] === true || placeWords[key] === true;
}

/** Lower-case words that join a service's name ("Signs of Safety", "Team Around the Family"). */
const joiningWords = new Set(['of', 'the', 'and', 'for', 'in', 'on', '&']);

// ---------------------------------------------------------------------------------------
// Words of a text

type Word = {
  /** As written, possessive included. */
  text: string;
  start: number;
  end: number;
  /** Without a possessive ’s, lower case, curly apostrophes straightened: for comparing. */
  key: string;
  /** The end of the name part (before a possessive ’s). */
  nameEnd: number;
  possessive: boolean;
  capitalised: boolean;
  /** Every letter a capital ("GP", "CAMHS"). */
  acronym: boolean;
  /** Capitalised in every part, or in none: "Ellie-May", "ellie-may"; not "Polish-speaking". */
  nameShaped: boolean;
  sentenceStart: boolean;
};

const wordPattern = /[\p{L}\p{M}]+(?:['’‘\-‐‑][\p{L}\p{M}]+)*/gu;
const possessiveEnding = /['’‘][sS]$/u;

/** Compares names: lower case, one kind of apostrophe and hyphen, single spaces. */
export function nameKey(name: string): string {
  return name
    .trim()
    .replace(/[’‘]/g, "'")
    .replace(/[‐‑]/g, '-')
    .replace(/\s+/g, ' ')
    .toLocaleLowerCase('en-GB');
}

function startsSentence(text: string, start: number): boolean {
  let i = start - 1;
  while (i >= 0 && /[\s"“”'‘’(]/u.test(text[i] ?? '')) i -= 1;
  if (i < 0) return true;
  const before = text[i] ?? '';
  if (/[.!?:;•*\n\r]/u.test(before)) return true;
  // A list item: "- Kacper…" at the start of a line.
  if (/[-–—]/u.test(before)) {
    let j = i - 1;
    while (j >= 0 && /[ \t]/u.test(text[j] ?? '')) j -= 1;
    return j < 0 || /[\n\r]/u.test(text[j] ?? '');
  }
  return false;
}

function wordsOf(text: string): Word[] {
  const words: Word[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const written = match[0];
    const start = match.index;
    const possessive = written.length > 2 && possessiveEnding.test(written);
    const name = possessive ? written.slice(0, -2) : written;
    const parts = name.split(/[-‐‑]/u).filter(Boolean);
    const capitalised = /^\p{Lu}/u.test(name);
    const letters = name.replace(/[^\p{L}]/gu, '');
    words.push({
      text: written,
      start,
      end: start + written.length,
      key: nameKey(name),
      nameEnd: start + name.length,
      possessive,
      capitalised,
      acronym: letters.length > 1 && letters === letters.toLocaleUpperCase('en-GB'),
      nameShaped: parts.every((part) => /^\p{Lu}/u.test(part)) || parts.every((part) => !/^\p{Lu}/u.test(part)),
      sentenceStart: startsSentence(text, start),
    });
  }
  return words;
}

// ---------------------------------------------------------------------------------------
// The language analysis of one text

type TaggedWord = Word & { tags: Set<string> };

function tagged(text: string): TaggedWord[] {
  const words = wordsOf(text).map((word) => ({ ...word, tags: new Set<string>() }));
  if (words.length === 0) return words;
  type Term = { tags?: string[]; offset?: { start: number; length: number } };
  const sentences = namesLanguage()(text).json({ offset: true }) as { terms?: Term[] }[];
  let w = 0;
  for (const term of sentences.flatMap((s) => s.terms ?? [])) {
    if (!term.offset || !term.tags) continue;
    const start = term.offset.start;
    const end = start + term.offset.length;
    while (w < words.length && (words[w]?.end ?? 0) <= start) w += 1;
    // compromise splits "Ellie-May" into two terms: a word takes the tags of every term inside it.
    for (let i = w; i < words.length && (words[i]?.start ?? Infinity) < end; i += 1) for (const tag of term.tags) words[i]?.tags.add(tag);
  }
  return words;
}

function isTitleOrRelation(word: Word): boolean {
  return whoWords.has(word.key) || word.key.split('-').every((part) => whoWords.has(part));
}

const determiners = new Set(['a', 'an', 'the', 'this', 'these', 'those', 'any', 'every', 'each', 'no', 'some', 'my', 'our', 'your', 'his', 'her', 'their', 'its']);

/** Everyone and no one: pronouns the lexicon files as nouns ("Nobody’s", "Everyone’s"). */
const anyone = new Set('anyone anybody everyone everybody someone somebody nobody noone'.split(' '));

const relation = `(?:${[...whoWords].filter((w) => w.length > 2).join('|')})`;
/**
 * What follows a word and says it is a person: an age ("Reggie, aged 4", "Teodora is 16",
 * "Ellie-May (8)"), an apposition ("Hope, her older sister"), a relation ("Maya and her
 * mum"), or a verb of telling ("Favour told school").
 */
const personFollows = new RegExp(
  [
    String.raw`^\s*\(\s*\d{1,2}\s*\)`,
    String.raw`^\s*,\s*(?:aged\s+)?\d{1,2}\b`,
    String.raw`^\s+(?:is|was|turned|turns)\s+(?:aged\s+)?\d{1,2}\b`,
    String.raw`^\s*,\s*(?:her|his|their)\s`,
    String.raw`^\s+and\s+(?:her|his|their)\s+(?:\p{L}+\s+)?${relation}\b`,
    String.raw`^\s+(?:told|tells|says|said|disclosed|discloses|asked|asks)\b`,
  ].join('|'),
  'iu',
);

/** Endings of English words, not of names: "Escalation", "Confidence", "Neglected". */
const wordEnding = /(?:tion|sion|ment|ness|ity|ance|ence|ship|ism|ing|ed|ly|ful|less|able|ible|ous|ive|ise|ize|ure|ery|ory|age|ies)$/u;

/** Two words the lexicon knows, run together: "Workload", "Feedback". */
function isCompound(key: string): boolean {
  for (let i = 3; i <= key.length - 3; i += 1) if (lexiconTags(key.slice(0, i)).length > 0 && lexiconTags(key.slice(i)).length > 0) return true;
  return false;
}

/**
 * How sure the analysis is that a word is a name: `sure` (a person in context, a capital
 * mid-sentence or on a possessive, what follows it), or `guess` (an unknown word opening a
 * sentence). Names known to the caller are added later.
 */
type Finding = 'sure' | 'guess';

/** The words of the text the language analysis takes for names, by index. */
function languageNamesOf(text: string): Map<number, Finding> {
  const words = tagged(text);
  const names = new Map<number, Finding>();
  // Capitalised runs holding a service or place word are services or places: "Riverside Surgery".
  const inServiceRun = new Set<number>();
  let run: number[] = [];
  const endRun = () => {
    if (run.some((i) => isServiceWord(words[i]?.key ?? ''))) for (const i of run) inServiceRun.add(i);
    run = [];
  };
  words.forEach((word, i) => {
    const previous = words[i - 1];
    const adjacent = previous !== undefined && /^\s+$/u.test(text.slice(previous.end, word.start));
    if (word.capitalised) {
      if (!adjacent || previous?.possessive) endRun();
      run.push(i);
    } else if (!(adjacent && joiningWords.has(word.key) && run.length > 0)) endRun();
  });
  endRun();

  words.forEach((word, i) => {
    if (isTitleOrRelation(word) || word.acronym || !word.nameShaped || word.key.replace(/[^\p{L}]/gu, '').length < 2) return;
    if (inServiceRun.has(i) || isServiceWord(word.key) || languageAndFaithWords.has(word.key) || anyone.has(word.key)) return;
    const tags = word.tags;
    const lexical = lexiconTags(word.key);
    const person = tags.has('Person') && !tags.has('Honorific');
    if (!word.capitalised) {
      // In lower case, only a word the lexicon knows as a name, used as one: not "a grant", not "to mark".
      const before = words[i - 1];
      const usedAsWord = ['Verb', 'Adjective', 'Adverb'].some((tag) => tags.has(tag));
      if (person && lexical.some((tag) => nameTags.has(tag)) && !usedAsWord && !(before && determiners.has(before.key))) names.set(i, 'sure');
      return;
    }
    if (person) return void names.set(i, 'sure');
    if (lexical.some((tag) => notPersonTags.includes(tag))) return;
    // compromise reads "Ewan’s school" as an organisation; a possessive capital is a person's.
    if (word.possessive) return void names.set(i, 'sure');
    if (notPersonTags.some((tag) => tags.has(tag))) return;
    if (!word.sentenceStart || personFollows.test(text.slice(word.end))) return void names.set(i, 'sure');
    // Opening a sentence, a capital says nothing: a word the lexicon does not know, read as a
    // plain noun, not shaped like an English word, and the subject of a verb ("Bartek keeps…",
    // not "Weight charts…" or "Bed sharing…"; nor a word alone, half typed).
    const plainNoun = [...tags].every((tag) => tag === 'Noun' || tag === 'Singular' || tag === 'ProperNoun' || tag === 'Hyphenated');
    const next = words[i + 1];
    const subject =
      next !== undefined &&
      /^\s+$/u.test(text.slice(word.end, next.start)) &&
      next.tags.has('Verb') &&
      !next.tags.has('Gerund') &&
      !lexiconTags(next.key).some((tag) => tag === 'Plural' || tag === 'Singular');
    if (lexical.length === 0 && plainNoun && subject && !wordEnding.test(word.key) && !isCompound(word.key)) names.set(i, 'guess');
  });
  // "Leo and Freddie": a capitalised word joined by "and" to a name is a name too.
  words.forEach((word, i) => {
    const and = words[i + 1];
    const other = words[i + 2];
    if (!word.capitalised || !word.nameShaped || names.has(i) || and?.key !== 'and' || !other || names.get(i + 2) !== 'sure') return;
    if (!isTitleOrRelation(word) && !isServiceWord(word.key) && !languageAndFaithWords.has(word.key) && !word.acronym) names.set(i, 'sure');
  });
  return names;
}

type Analysis = { words: Word[]; names: Map<number, Finding> };

/**
 * The language analysis is the slow part (about 4 ms for a sentence, 80 ms for 20,000
 * characters), and the screens ask again at every keystroke. So a text is analysed a
 * sentence at a time, each sentence kept while it is seen: typing re-analyses only the
 * sentence being typed. A sentence ends at . ! ? ; : or a line break before white space,
 * where the rules above start a sentence anyway.
 */
const analysed = new Map<string, Analysis>();
const analysedLimit = 2000;

function sentenceAnalysisOf(sentence: string): Analysis {
  const found = analysed.get(sentence);
  if (found) {
    analysed.delete(sentence);
    analysed.set(sentence, found);
    return found;
  }
  const result = { words: wordsOf(sentence), names: languageNamesOf(sentence) };
  analysed.set(sentence, result);
  if (analysed.size > analysedLimit) analysed.delete(analysed.keys().next().value as string);
  return result;
}

function analysisOf(text: string): Analysis {
  const words: Word[] = [];
  const names = new Map<number, Finding>();
  let offset = 0;
  for (const sentence of text.split(/(?<=[.!?;:\n])(?=\s)/u)) {
    const part = sentenceAnalysisOf(sentence);
    for (const [i, finding] of part.names) names.set(words.length + i, finding);
    for (const word of part.words) words.push({ ...word, start: word.start + offset, end: word.end + offset, nameEnd: word.nameEnd + offset });
    offset += sentence.length;
  }
  return { words, names };
}

// ---------------------------------------------------------------------------------------
// The check

/** Every word of the given names worth looking for: two letters or more, not a word that says who. */
export function knownNamesIn(names: readonly string[]): string[] {
  const spellings = new Map<string, string>();
  for (const name of names)
    for (const word of wordsOf(name)) {
      if (word.key.replace(/[^\p{L}]/gu, '').length < 2 || isTitleOrRelation(word)) continue;
      if (!spellings.has(word.key)) spellings.set(word.key, text(name, word));
    }
  return [...spellings.values()];
}

function text(of: string, word: Word): string {
  return of.slice(word.start, word.nameEnd);
}

function isKnown(word: Word, known: ReadonlyMap<string, { everyday: boolean }>): boolean {
  const match = known.get(word.key) ?? (word.key.endsWith('s') ? known.get(word.key.slice(0, -1)) : undefined);
  if (!match) return false;
  // "hope" in lower case is the word; "Hope" may be the child.
  return !match.everyday || word.capitalised;
}

export function createNameCheck(options: NameCheckOptions = {}): NameCheck {
  const knownNames = knownNamesIn(options.known ?? []);
  const known = new Map(knownNames.map((name) => [nameKey(name), { everyday: isEverydayWord(nameKey(name)) }]));
  const allowed = new Set(knownNamesIn(options.allowed ?? []).map(nameKey));
  return {
    known: knownNames,
    namesIn(of) {
      const { words, names } = analysisOf(of);
      const found: FoundName[] = [];
      words.forEach((word, i) => {
        if (allowed.has(word.key)) return;
        const source: NameSource | null = isKnown(word, known) ? 'known' : names.has(i) ? 'language' : null;
        if (!source) return;
        const previous = words[i - 1];
        const current = found[found.length - 1];
        // "Siobhan O’Neill": one name when only a space lies between, and the first is not a possessive.
        if (current && previous && current.end === previous.end && !previous.possessive && /^ +$/u.test(of.slice(previous.end, word.start))) {
          current.end = word.nameEnd;
          current.text = of.slice(current.start, word.nameEnd);
          if (source === 'known') current.source = 'known';
          return;
        }
        found.push({ text: text(of, word), start: word.start, end: word.nameEnd, source });
      });
      return found;
    },
  };
}

/** Every name in the text (see createNameCheck). */
export function namesIn(text: string, options: NameCheckOptions = {}): FoundName[] {
  return createNameCheck(options).namesIn(text);
}

/**
 * The names written in texts a session holds (its notes), one spelling each, for a check of
 * other texts to know. Only what the analysis is sure of: a guess at a word opening a
 * sentence ("Weight has dropped") would be looked for everywhere. People the caller names
 * in `allowed` (colleagues, say) are left out.
 */
export function namesWrittenIn(texts: readonly string[], options: Pick<NameCheckOptions, 'allowed'> = {}): string[] {
  const allowed = new Set(knownNamesIn(options.allowed ?? []).map(nameKey));
  const spellings = new Map<string, string>();
  for (const t of texts) {
    const { words, names } = analysisOf(t);
    for (const [i, finding] of names) {
      const word = words[i];
      if (!word || finding !== 'sure' || allowed.has(word.key) || spellings.has(word.key)) continue;
      spellings.set(word.key, text(t, word));
    }
  }
  return [...spellings.values()];
}
