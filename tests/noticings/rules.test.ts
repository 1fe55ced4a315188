/**
 * The noticing rules as data: every shipped file parses, names only vocabularies that exist and
 * covers the seven themes of issue 21; a broken file is reported by name, never used; and each
 * rule is raised by its triggers and cleared by what fills the gap (hand-written cases, beside
 * the corpus).
 */
import { describe, expect, it } from 'vitest';
import { gapsIn, type CaseText } from '../../machines/noticings/engine.ts';
import { noticingProblems, noticingRules } from '../../machines/noticings/index.ts';
import { compromiseLanguage } from '../../machines/noticings/language.ts';
import { parseNoticingRules } from '../../machines/noticings/rules.ts';
import { rulesFromFiles } from './corpus.ts';

const themes = ['child-voice', 'child-not-seen', 'invisible-men', 'disguised-compliance', 'start-again', 'other-agencies', 'single-explanation'];

function caseOf(account: string, analysis = '', plan = '', options: { child?: string; earlier?: CaseText['earlier'] } = {}): CaseText {
  return {
    child: options.child ?? 'Tilly',
    earlier: options.earlier ?? [],
    stages: [
      { id: 'experience', role: 'account', text: account },
      { id: 'reflection', role: 'reflection', text: 'I felt uneasy after the visit and unsure of myself.' },
      { id: 'analysis', role: 'analysis', text: analysis },
      { id: 'actionPlanning', role: 'plan', text: plan },
    ],
  };
}

const gaps = (c: CaseText, ruleId: string) => gapsIn(c, [ruleId], noticingRules, compromiseLanguage).map((r) => r.id);

describe('the shipped noticing rules', () => {
  it('parse, every one, and cover the seven themes of the national reviews', () => {
    expect(noticingProblems).toEqual([]);
    expect(noticingRules.rules.map((r) => r.id).sort()).toEqual(expect.arrayContaining(themes));
    for (const rule of noticingRules.rules) {
      expect(rule.questions.length, rule.id).toBeGreaterThanOrEqual(2);
      expect(new Set(rule.questions).size, rule.id).toBe(rule.questions.length);
      expect(rule.source.length, rule.id).toBeGreaterThan(10);
    }
  });

  it('read the same from the files in Node as through Vite', () => {
    const fromFiles = rulesFromFiles();
    expect(fromFiles.rules.map((r) => r.id).sort()).toEqual(noticingRules.rules.map((r) => r.id).sort());
    expect(fromFiles.people).toEqual(noticingRules.people);
  });

  it('report a broken file by name and never use it: a bad pattern, an unknown vocabulary, a question without a question mark, an id used twice', () => {
    const good = noticingRules.rules[0];
    if (!good) throw new Error('no rules');
    const vocabularies = { schema: 'noticing-vocabularies/v1', people: [], vocabularies: noticingRules.vocabularies };
    const parsed = parseNoticingRules(
      {
        'a.noticing.json': { ...good, id: 'bad-pattern', raiseWhen: { pattern: '(unclosed' } },
        'b.noticing.json': { ...good, id: 'bad-vocabulary', raiseWhen: { mentions: ['@no-such-list'] } },
        'c.noticing.json': { ...good, id: 'bad-question', questions: ['Tell me about the child.', 'And the father.'] },
        'd.noticing.json': { ...good, id: 'twice' },
        'e.noticing.json': { ...good, id: 'twice' },
        'f.noticing.json': { ...good, id: 'code', raiseWhen: { function: 'return true' } },
      },
      vocabularies,
    );
    const failed = parsed.results.filter((r) => !r.ok);
    expect(failed.map((r) => (r.ok ? '' : r.file)).sort()).toEqual(['a.noticing.json', 'b.noticing.json', 'c.noticing.json', 'f.noticing.json', 'twice']);
    expect(parsed.results.filter((r) => r.ok).map((r) => (r.ok ? r.template.id : ''))).toEqual(['twice']);
    expect(parseNoticingRules({}, { schema: 'noticing-vocabularies/v1', people: [], vocabularies: { x: ['@y'] } }).vocabularyProblem).toMatch(/vocabularies/);
  });

  it('fill every question they can: placeholders are {child}, {earlierCount} and {lastDate} only', () => {
    for (const rule of noticingRules.rules) for (const q of rule.questions) expect(q.replace(/\{(child|earlierCount|lastDate)\}/g, ''), `${rule.id}: ${q}`).not.toMatch(/[{}]/);
  });
});

describe('each rule: what raises it and what clears it', () => {
  it('child-voice: raised when only the adults speak; cleared by the child’s words, their day, or what was seen of a baby', () => {
    expect(gaps(caseOf('Mum said Tilly is fine and that school is going well. The house was tidy and warm.'), 'child-voice')).toEqual(['child-voice']);
    expect(gaps(caseOf('Tilly (9) told me she is scared when mum drinks. The house was tidy and warm.'), 'child-voice')).toEqual([]);
    expect(gaps(caseOf('Mum said things are fine.', 'We talked about what a typical day is like for Tilly at home and at school.'), 'child-voice')).toEqual([]);
    expect(gaps(caseOf('Tilly is 4 months old. I saw her awake: she made good eye contact with mum and smiled.'), 'child-voice')).toEqual([]);
    // A pronoun stands for the child when the sentence before is about her; not when it is about mum.
    expect(gaps(caseOf('Tilly (14) went missing overnight again. She came home and told mum she was at a friend’s house.'), 'child-voice')).toEqual([]);
    expect(gaps(caseOf('Mum scored highly on the mood screen at the visit. She said she is tired but coping with everything.'), 'child-voice')).toEqual(['child-voice']);
    // Not for an unborn baby.
    expect(gaps(caseOf('Chloe is 28 weeks pregnant and says she has stopped using cannabis since booking.', '', '', { child: 'Baby of Chloe' }), 'child-voice')).toEqual([]);
  });

  it('child-not-seen: raised when the child was not seen, or not seen alone; cleared by seeing them alone, or seeing a baby awake', () => {
    expect(gaps(caseOf('Home visit. Mum said Tilly was asleep upstairs so I did not see her today.'), 'child-not-seen')).toEqual(['child-not-seen']);
    expect(gaps(caseOf('Tilly (8) was seen at home with mum, who did most of the talking during the visit.'), 'child-not-seen')).toEqual(['child-not-seen']);
    expect(gaps(caseOf('I saw Tilly (8) on her own in her bedroom and she showed me her drawings.'), 'child-not-seen')).toEqual([]);
    // Negation: "not seen alone" raises it.
    expect(gaps(caseOf('I have not seen Tilly alone at any of the last three visits to the family home.'), 'child-not-seen')).toEqual(['child-not-seen']);
    expect(gaps(caseOf('Tilly is 6 weeks old. I saw Tilly awake at the visit and weighed her; mum fed her.'), 'child-not-seen')).toEqual([]);
  });

  it('invisible-men: raised when a father or partner is unseen or no other adult is known; cleared when each has been seen or spoken to', () => {
    expect(gaps(caseOf('Mum told me her new partner, Dale, has moved in. I have not met Dale; he is always out.'), 'invisible-men')).toEqual(['invisible-men']);
    expect(gaps(caseOf('Mum told me her new partner, Dale, has moved in. I met Dale at the next visit and we talked.'), 'invisible-men')).toEqual([]);
    expect(gaps(caseOf('Tilly lives with mum in a two-bedroom flat near the school and attends every day.'), 'invisible-men')).toEqual(['invisible-men']);
    expect(gaps(caseOf('She lives with mum and a lodger; I don’t know anything about the lodger yet.'), 'invisible-men')).toEqual(['invisible-men']);
    expect(gaps(caseOf('Dad has had no contact for two years; there are no other adults in the home, which mum confirmed.'), 'invisible-men')).toEqual([]);
  });

  it('disguised-compliance: raised when engagement is taken at face value or a promise of change accepted; cleared by evidence of change for the child', () => {
    expect(gaps(caseOf('Mum attended every appointment.', 'Mum is engaging well, so I think things have improved at home.'), 'disguised-compliance')).toEqual(['disguised-compliance']);
    expect(gaps(caseOf('Dad came to the meeting.', 'Dad said he will stop drinking before the baby is born.'), 'disguised-compliance')).toEqual(['disguised-compliance']);
    expect(gaps(caseOf('Mum attended every appointment.', 'Mum is engaging well, and I have checked that for myself: school confirms Tilly arrives fed.'), 'disguised-compliance')).toEqual([]);
  });

  it('start-again: raised by earlier sessions or a repeat incident seen alone; cleared by reading the pattern over time', () => {
    const earlier = [{ date: '2026-03-04', text: 'Police notification: argument at home.' }];
    expect(gaps(caseOf('Police notification received after an argument at the home.', 'Mum says it was a one-off and dad has left.', '', { earlier }), 'start-again')).toEqual(['start-again']);
    expect(gaps(caseOf('Tilly came to school hungry again this week.', 'I think money is tight this month.'), 'start-again')).toEqual(['start-again']);
    expect(gaps(caseOf('Police notification received after an argument at the home.', 'Taken together with March, this is a pattern of domestic abuse, not a one-off.', '', { earlier }), 'start-again')).toEqual([]);
    expect(gaps(caseOf('Tilly came to school with a cold.', 'I think she is run down.'), 'start-again')).toEqual([]);
  });

  it('other-agencies: raised when no other agency’s information was sought; cleared by what one told us, or a plan to ask', () => {
    expect(gaps(caseOf('Tilly came to school hungry and tired.', 'I think money is tight at home.', 'Offer breakfast club.'), 'other-agencies')).toEqual(['other-agencies']);
    expect(gaps(caseOf('Tilly came to school hungry and tired.', 'The health visitor told me there were concerns about her weight last year.', 'Offer breakfast club.'), 'other-agencies')).toEqual([]);
    expect(gaps(caseOf('Tilly came to school hungry and tired.', 'I think money is tight at home.', 'Ask the GP about her weight by Friday.'), 'other-agencies')).toEqual([]);
    // Negation: "I haven't asked the school" does not count as asking.
    expect(gaps(caseOf('Tilly came to the surgery alone.', 'I haven’t asked the school or anyone else what they know.', 'Offer a follow-up appointment.'), 'other-agencies')).toEqual(['other-agencies']);
  });

  it('single-explanation: raised when one explanation is accepted; cleared when others are weighed', () => {
    expect(gaps(caseOf('Tilly had a bruise on her cheek. Mum explained she fell against the table.', 'The explanation fits her age; I think it was an accident.'), 'single-explanation')).toEqual(['single-explanation']);
    expect(gaps(caseOf('Tilly had a bruise on her cheek. Mum explained she fell against the table.', 'A fall could explain it, but it might be non-accidental; I cannot rule either out.'), 'single-explanation')).toEqual([]);
  });
});
