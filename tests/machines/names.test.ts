/**
 * The names check (machines/review/names.ts) and the group session's use of it
 * (machines/group/nameCheck.ts): what it takes for a name, what it leaves alone, and what a
 * session knows. How well it does on many sentences is names-corpus.test.ts.
 */
import { describe, expect, it, vi } from 'vitest';
import { createNameCheck, knownNamesIn, nameKey, namesIn, namesWrittenIn } from '../../machines/review/names.ts';
import { sessionNameCheck } from '../../machines/group/nameCheck.ts';

const texts = (text: string, options?: Parameters<typeof namesIn>[1]) => namesIn(text, options).map((n) => n.text);

describe('names found by language analysis', () => {
  it('finds a name, where it is, and without its possessive', () => {
    const text = 'Worried about how Ellie-May copes; Kacper’s school only hears from us';
    expect(namesIn(text)).toEqual([
      { text: 'Ellie-May', start: 18, end: 27, source: 'language' },
      { text: 'Kacper', start: 35, end: 41, source: 'language' },
    ]);
    expect(text.slice(18, 27)).toBe('Ellie-May');
  });

  it('reads a name of two words as one, apostrophes and all', () => {
    expect(texts('Siobhan O’Neill’s stepdad keeps missing appointments')).toEqual(['Siobhan O’Neill']);
  });

  it('takes an everyday word for a name where it is written as one, and not where it is the word', () => {
    expect(texts('We talked about how Hope copes when her mum drinks')).toEqual(['Hope']);
    expect(texts('Hope that things will improve can stop us naming neglect')).toEqual([]);
    expect(texts('Will the new threshold document change when we refer?')).toEqual([]);
    expect(texts('Joy’s mum has postnatal depression')).toEqual(['Joy']);
  });

  it('finds names typed in lower case that the lexicon knows as names, but not “a grant”', () => {
    expect(texts('worried that kacper is the one holding the family together')).toEqual(['kacper']);
    expect(texts('the school says that oliver is always tired')).toEqual(['oliver']);
    expect(texts('a grant for the family to buy a cot')).toEqual([]);
  });

  it('leaves alone words that say who, titles, services, places, times, languages and acronyms', () => {
    for (const text of [
      'Mum and her partner say the baby is fine',
      'The Designated Nurse is not always told when a plan ends',
      'Referral to Children’s Social Care took three weeks',
      'The Riverside Surgery safeguarding lead was not invited',
      'Early Help and Signs of Safety in the Team Around the Family',
      'Monday handovers in June lose what happened in English lessons',
      'Ramadan and Eid were used to explain missed appointments',
      'CAMHS, the GP and the DSL did not share the plan',
    ])
      expect(texts(text), text).toEqual([]);
    expect(texts('Mrs Begum is caring for her grandchildren')).toEqual(['Begum']);
  });
});

describe('names known beforehand, and names allowed', () => {
  it('finds a known name in any case, possessive or plural; an everyday word only with its capital', () => {
    const check = createNameCheck({ known: ['Kacper', 'Novak', 'Hope'] });
    expect(check.namesIn('kacper’s school and the Novaks').map((n) => [n.text, n.source])).toEqual([
      ['kacper', 'known'],
      ['Novaks', 'known'],
    ]);
    expect(check.namesIn('there is little hope; Hope collects her sister').map((n) => n.text)).toEqual(['Hope']);
  });

  it('never flags an allowed name (a child’s own name in their own record)', () => {
    expect(texts('Kacper and Tilly missed the appointment', { allowed: ['Kacper Nowak'] })).toEqual(['Tilly']);
  });

  it('knows every word of a name worth looking for, not the words that say who', () => {
    expect(knownNamesIn(['Baby Tilly', 'the Novak family', 'Child A', 'Ellie-May'])).toEqual(['Tilly', 'Novak', 'Ellie-May']);
    expect(nameKey('  O’Connor ')).toBe("o'connor");
  });

  it('takes from notes only the names it is sure of, and not colleagues', () => {
    const notes = [
      'Weight has dropped across two centiles. Her brother Kacper keeps arriving hungry.',
      'Mum (Shannon) works nights. Priya recognised she has been waiting; Tom will use the escalation policy.',
      'Hope, her older sister, is 15.',
    ];
    expect(namesWrittenIn(notes, { allowed: ['Priya Shah', 'Tom Reed'] })).toEqual(['Kacper', 'Shannon', 'Hope']);
  });
});

describe('a group session’s names check', () => {
  const check = sessionNameCheck({
    caseLabels: ['Baby Tilly', 'the Novak family'],
    notes: ['Her brother Kacper keeps arriving hungry. Priya recognised the pattern.'],
    colleagues: ['Priya Shah'],
  });

  it('knows the names in its case labels and its notes', () => {
    expect(check.sessionNames).toEqual(['Tilly', 'Novak', 'Kacper']);
  });

  it('flags case labels (any case, any part, “the Novaks” too) apart from other names, labels first', () => {
    expect(check.flagsIn('Oliwia and kacper; Tilly’s mum; the Novaks').map(({ kind, term }) => [kind, term])).toEqual([
      ['caseLabel', 'Tilly'],
      ['name', 'Oliwia'],
      ['name', 'kacper'],
      ['caseLabel', 'Novaks'],
    ]);
  });

  it('finds a colleague’s name written in a theme (a child may share it), though the notes’ colleagues are not the session’s names', () => {
    expect(check.flagsIn('Priya’s point about waiting for one incident').map((f) => f.term)).toEqual(['Priya']);
    expect(check.sessionNames).not.toContain('Priya');
  });

  it('takes a label’s capitalised words as names, not its everyday words (“the boy in the red coat”)', () => {
    const described = sessionNameCheck({ caseLabels: ['the boy in the red coat', 'Kai'], notes: [], colleagues: [] });
    expect(described.sessionNames).toEqual(['Kai']);
    expect(described.flagsIn('A red coat in winter; kai’s school')).toEqual([{ kind: 'caseLabel', term: 'Kai', start: 22, end: 25 }]);
  });

  it('lets a theme about a new baby through although a case is “Baby Tilly”', () => {
    expect(check.flagsIn('Pre-birth work with a new baby in a crowded home')).toEqual([]);
  });
});

describe('the language analysis, loaded on demand (namesLanguage.ts)', () => {
  it('refuses to check a text before it is loaded, and checks it once it is', async () => {
    // A fresh copy of the modules, as in a tab where no screen has loaded it yet (this file's set-up loads it).
    vi.resetModules();
    const language = await import('../../machines/review/namesLanguage.ts');
    const fresh = await import('../../machines/review/names.ts');
    expect(() => fresh.namesIn('Kacper’s school only hears from us')).toThrow(/before its language analysis was loaded/);
    const [first, second] = await Promise.all([language.loadNamesLanguage(), language.loadNamesLanguage()]);
    expect(second).toBe(first);
    expect(fresh.namesIn('Kacper’s school only hears from us').map((n) => n.text)).toEqual(['Kacper']);
  });
});
