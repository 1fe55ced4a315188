/**
 * How well the themes record's check finds children's and family members' names in theme
 * sentences (tests/fixtures/names-corpus.ts): the same check the group session runs (case
 * labels, the names in the session's notes, and language analysis), scored for recall over
 * every name written and for false alarms over the sentences. The figures are printed and
 * kept in the README ("Names in group outputs").
 */
import { describe, expect, it } from 'vitest';
import { sessionNameCheck, type SessionNameCheck, type TextFlag } from '../../machines/group/nameCheck.ts';
import { corpusSessions, namesCorpus, type CorpusEntry, type CorpusSessionId } from '../fixtures/names-corpus.ts';

const checks = new Map<CorpusSessionId, SessionNameCheck>();

function checkFor(session: CorpusSessionId): SessionNameCheck {
  const kept = checks.get(session);
  if (kept) return kept;
  const check = sessionNameCheck({ ...corpusSessions[session], colleagues: [] });
  checks.set(session, check);
  return check;
}

type Scored = {
  entry: CorpusEntry;
  found: TextFlag[];
  missed: string[];
  caught: string[];
  /** Flags on anything that is not a child's or family member's name. */
  falseAlarms: string[];
  /** Names the session knew beforehand (its labels and notes) and names only the language analysis could find. */
  knownNames: string[];
};

const wordPattern = /[\p{L}\p{M}]+(?:['’‘-][\p{L}\p{M}]+)*/gu;

function score(entry: CorpusEntry): Scored {
  const check = checkFor(entry.session);
  const found = check.flagsIn(entry.text);
  const spans = entry.names.map((name) => {
    const start = entry.text.indexOf(name);
    if (start < 0) throw new Error(`“${name}” is not in “${entry.text}”`);
    return { name, start, end: start + name.length };
  });
  const covered = (start: number, end: number) => found.some((f) => f.start <= start && end <= f.end);
  const caught: string[] = [];
  const missed: string[] = [];
  for (const span of spans) {
    const words = [...span.name.matchAll(wordPattern)];
    const all = words.every((w) => covered(span.start + w.index, span.start + w.index + w[0].length));
    (all ? caught : missed).push(span.name);
  }
  const falseAlarms = found.filter((f) => !spans.some((s) => f.start < s.end && s.start < f.end)).map((f) => f.term);
  const knownKeys = new Set(check.sessionNames.map((k) => k.toLocaleLowerCase('en-GB')));
  const knownNames = entry.names.filter((name) => [...name.matchAll(wordPattern)].every((w) => knownKeys.has(w[0].replace(/s$/, '').toLocaleLowerCase('en-GB')) || knownKeys.has(w[0].toLocaleLowerCase('en-GB'))));
  return { entry, found, missed, caught, falseAlarms, knownNames };
}

type Figures = {
  sentences: number;
  withNames: number;
  withoutNames: number;
  names: number;
  caught: number;
  recall: number;
  knownNames: { names: number; caught: number };
  languageOnly: { names: number; caught: number };
  /** Sentences without a name that were flagged, of all sentences without a name. */
  falseAlarmRate: number;
  flaggedWithoutNames: number;
  /** Sentences with a flag on a word that is not a name, of all sentences. */
  sentencesWithAFalseAlarm: number;
  anyFalseAlarmRate: number;
  missed: string[];
  falseAlarms: string[];
};

function figuresOf(entries: readonly CorpusEntry[]): Figures {
  const scored = entries.map(score);
  const names = scored.reduce((n, s) => n + s.entry.names.length, 0);
  const caught = scored.reduce((n, s) => n + s.caught.length, 0);
  const withoutNames = scored.filter((s) => s.entry.names.length === 0);
  const flaggedWithoutNames = withoutNames.filter((s) => s.found.length > 0).length;
  const sentencesWithAFalseAlarm = scored.filter((s) => s.falseAlarms.length > 0).length;
  const known = scored.flatMap((s) => s.knownNames.map((name) => s.caught.includes(name)));
  const languageOnly = scored.flatMap((s) => s.entry.names.filter((n) => !s.knownNames.includes(n)).map((name) => s.caught.includes(name)));
  return {
    sentences: scored.length,
    withNames: scored.length - withoutNames.length,
    withoutNames: withoutNames.length,
    names,
    caught,
    recall: caught / names,
    knownNames: { names: known.length, caught: known.filter(Boolean).length },
    languageOnly: { names: languageOnly.length, caught: languageOnly.filter(Boolean).length },
    falseAlarmRate: flaggedWithoutNames / withoutNames.length,
    flaggedWithoutNames,
    sentencesWithAFalseAlarm,
    anyFalseAlarmRate: sentencesWithAFalseAlarm / scored.length,
    missed: scored.flatMap((s) => s.missed.map((name) => `${name} — ${s.entry.text}`)),
    falseAlarms: scored.flatMap((s) => s.falseAlarms.map((flag) => `${flag} — ${s.entry.text}`)),
  };
}

const percent = (n: number) => `${(n * 100).toFixed(1)} %`;

function report(title: string, f: Figures): string {
  return [
    `${title}: ${f.sentences} sentences (${f.withNames} with names, ${f.withoutNames} without), ${f.names} names`,
    `  recall ${percent(f.recall)} (${f.caught} of ${f.names}; known to the session ${f.knownNames.caught} of ${f.knownNames.names}, language analysis only ${f.languageOnly.caught} of ${f.languageOnly.names})`,
    `  false alarms ${percent(f.falseAlarmRate)} of sentences without a name (${f.flaggedWithoutNames} of ${f.withoutNames}); a sentence with any false flag ${percent(f.anyFalseAlarmRate)} (${f.sentencesWithAFalseAlarm} of ${f.sentences})`,
    ...f.missed.map((m) => `  missed: ${m}`),
    ...f.falseAlarms.map((m) => `  false alarm: ${m}`),
  ].join('\n');
}

describe('the names check measured on the theme corpus', () => {
  it('is a corpus of at least 200 sentences, with and without names, each name written in its sentence', () => {
    expect(namesCorpus.length).toBeGreaterThanOrEqual(200);
    const f = figuresOf(namesCorpus);
    expect(f.withNames).toBeGreaterThanOrEqual(80);
    expect(f.withoutNames).toBeGreaterThanOrEqual(80);
    expect(new Set(namesCorpus.map((e) => e.text)).size).toBe(namesCorpus.length);
  });

  it('catches at least 95 % of names with at most 10 % false alarms', () => {
    const all = figuresOf(namesCorpus);
    const heldOut = namesCorpus.filter((e) => e.heldOut);
    console.info(
      [report('Names check, whole corpus', all), ...(heldOut.length > 0 ? [report('Held-out sentences only', figuresOf(heldOut))] : [])].join('\n'),
    );
    expect(all.recall).toBeGreaterThanOrEqual(0.95);
    expect(all.falseAlarmRate).toBeLessThanOrEqual(0.1);
    expect(all.anyFalseAlarmRate).toBeLessThanOrEqual(0.1);
  });
});
