/**
 * The noticings engine (machines/noticings/engine.ts): at most one follow-up at a time, only after
 * an answer, only at a stage whose role the rule listens to, never twice in a case, alternatives
 * rotated; it works with any reflective model's stage ids; switched-off rules stay silent; the
 * read-through's unexplored list; and it never throws or blocks, whatever is typed.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { drawnThroughCase, fillQuestion, minimumAnswerWords, notice, unexplored, type CaseText, type NoticeInput } from '../../machines/noticings/engine.ts';
import { noticingRules } from '../../machines/noticings/index.ts';
import { compromiseLanguage } from '../../machines/noticings/language.ts';
import { stageRoles } from '../../machines/model/reflectiveModel.ts';

const allOn = noticingRules.rules.map((r) => r.id);

const thin: CaseText = {
  child: 'Tilly',
  earlier: [],
  stages: [
    { id: 'experience', role: 'account', text: 'Home visit. Mum said everything is fine and the house was tidy and warm.' },
    { id: 'reflection', role: 'reflection', text: 'I felt reassured after the visit.' },
    { id: 'analysis', role: 'analysis', text: 'Mum is engaging well and I think things have improved. It was just a blip.' },
    { id: 'actionPlanning', role: 'plan', text: 'Visit again next month to review.' },
  ],
};

function at(stageId: string, overrides: Partial<NoticeInput> = {}): NoticeInput {
  return { ...thin, currentStageId: stageId, on: allOn, raised: [], ...overrides };
}

describe('notice: one follow-up at a time', () => {
  it('asks the highest-priority gap at a stage that listens for it, with its why and source', () => {
    const first = notice(at('experience'), noticingRules, compromiseLanguage);
    expect(first?.ruleId).toBe('child-voice');
    expect(first?.question).toContain('Tilly');
    expect(first?.why).toMatch(/voice/);
    expect(first?.source).toMatch(/Laming/);
  });

  it('asks nothing until the practitioner has answered, and nothing at a stage no rule listens to', () => {
    const typing = { ...thin, stages: [{ id: 'experience', role: 'account' as const, text: 'Home visit, mum' }] };
    expect('Home visit, mum'.split(' ').length).toBeLessThan(minimumAnswerWords);
    expect(notice({ ...typing, currentStageId: 'experience', on: allOn, raised: [] }, noticingRules, compromiseLanguage)).toBeNull();
    expect(notice(at('reflection'), noticingRules, compromiseLanguage)).toBeNull();
    expect(notice(at('no-such-stage'), noticingRules, compromiseLanguage)).toBeNull();
  });

  it('never asks the same noticing twice in a case, whatever became of it, and moves to the next', () => {
    const first = notice(at('experience'), noticingRules, compromiseLanguage);
    if (!first) throw new Error('expected a noticing');
    for (const outcome of ['raised', 'answered', 'notNow', 'dismissed'] as const) {
      const next = notice(at('experience', { raised: [{ ruleId: first.ruleId, questionIndex: first.questionIndex, outcome }] }), noticingRules, compromiseLanguage);
      expect(next?.ruleId, outcome).not.toBe(first.ruleId);
      expect(next?.ruleId, outcome).toBe('child-not-seen');
    }
  });

  it('rotates the wording: the question after the one last asked elsewhere', () => {
    const rule = noticingRules.rules.find((r) => r.id === 'child-voice');
    if (!rule) throw new Error('no rule');
    const asked = (askedBefore: NoticeInput['askedBefore']) => notice(at('experience', { askedBefore }), noticingRules, compromiseLanguage);
    expect(asked([])?.questionIndex).toBe(0);
    expect(asked([{ ruleId: 'child-voice', questionIndex: 0 }])?.questionIndex).toBe(1);
    expect(asked([{ ruleId: 'child-voice', questionIndex: rule.questions.length - 1 }])?.questionIndex).toBe(0);
    expect(asked([{ ruleId: 'child-voice', questionIndex: 0 }])?.question).toBe(fillQuestion(rule.questions[1] ?? '', thin));
  });

  it('fills in the history: how many times before and the last date, in the product’s date format; a question needing it is skipped without it', () => {
    const earlier = [
      { date: '2026-06-02', text: 'Police attended an argument.' },
      { date: '2026-08-19', text: 'Second police notification.' },
    ];
    const withHistory = notice(at('analysis', { earlier, on: ['start-again'] }), noticingRules, compromiseLanguage);
    expect(withHistory?.question).toBe('Tilly has been discussed two times before, most recently on 19 August 2026. Taken together, what does the whole history tell us?');
    const without = notice(at('analysis', { on: ['start-again'] }), noticingRules, compromiseLanguage);
    expect(without?.ruleId).toBe('start-again');
    expect(without?.question).not.toMatch(/\{|discussed/);
  });

  it('stays silent for rules switched off, and entirely when none are on', () => {
    expect(notice(at('experience', { on: allOn.filter((id) => id !== 'child-voice') }), noticingRules, compromiseLanguage)?.ruleId).toBe('child-not-seen');
    expect(notice(at('experience', { on: [] }), noticingRules, compromiseLanguage)).toBeNull();
  });

  it('works with any reflective model: rules listen to roles, not stage ids (a Gibbs-like model of six stages)', () => {
    const gibbs: CaseText = {
      ...thin,
      stages: [
        { id: 'description', role: 'account', text: thin.stages[0]?.text ?? '' },
        { id: 'feelings', role: 'reflection', text: 'I felt reassured.' },
        { id: 'evaluation', role: 'reflection', text: 'What went well was the rapport with mum.' },
        { id: 'analysis', role: 'analysis', text: thin.stages[2]?.text ?? '' },
        { id: 'conclusion', role: 'analysis', text: 'I could have asked more about who lives in the home.' },
        { id: 'actionPlan', role: 'plan', text: thin.stages[3]?.text ?? '' },
      ],
    };
    const drawn = drawnThroughCase(gibbs, allOn, noticingRules, compromiseLanguage);
    const fourByFour = drawnThroughCase(thin, allOn, noticingRules, compromiseLanguage);
    const roleOf = (c: CaseText, stageId: string) => c.stages.find((s) => s.id === stageId)?.role;
    expect(drawn.map((n) => `${n.ruleId} at ${roleOf(gibbs, n.stageId)}`).sort()).toEqual(fourByFour.map((n) => `${n.ruleId} at ${roleOf(thin, n.stageId)}`).sort());
    expect(drawn.length).toBeGreaterThanOrEqual(3);
    expect(new Set(drawn.map((n) => n.stageId))).toEqual(new Set(['analysis', 'actionPlan']));
  });
});

describe('unexplored: the read-through and the debrief', () => {
  it('lists what was put aside or left unanswered, and gaps never asked; not what was answered or dismissed', () => {
    const left = unexplored(
      thin,
      allOn,
      [
        { ruleId: 'child-voice', questionIndex: 0, outcome: 'answered' },
        { ruleId: 'child-not-seen', questionIndex: 0, outcome: 'dismissed' },
        { ruleId: 'invisible-men', questionIndex: 0, outcome: 'notNow' },
        { ruleId: 'disguised-compliance', questionIndex: 0, outcome: 'raised' },
      ],
      noticingRules,
      compromiseLanguage,
    );
    const byId = Object.fromEntries(left.map((u) => [u.rule.id, u.status]));
    expect(byId).toMatchObject({ 'invisible-men': 'notNow', 'disguised-compliance': 'raised', 'other-agencies': 'never', 'single-explanation': 'never' });
    expect(byId['child-voice']).toBeUndefined();
    expect(byId['child-not-seen']).toBeUndefined();
  });
});

describe('never blocking', () => {
  it('never throws and returns null or one noticing, whatever is typed at whatever stage', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 60 }),
        fc.array(fc.record({ role: fc.constantFrom(...stageRoles), text: fc.string({ maxLength: 300 }) }), { minLength: 1, maxLength: 6 }),
        fc.nat(5),
        fc.array(fc.string({ maxLength: 200 }), { maxLength: 3 }),
        (child, stages, current, earlier) => {
          const input: NoticeInput = {
            child,
            stages: stages.map((s, i) => ({ id: `s${i}`, role: s.role, text: s.text })),
            earlier: earlier.map((text) => ({ date: '2026-01-01', text })),
            currentStageId: `s${current}`,
            on: allOn,
            raised: [],
          };
          const result = notice(input, noticingRules, compromiseLanguage);
          expect(result === null || typeof result.question === 'string').toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('loads without the language library: the engine and the rules import compromise nowhere, so a screen can load it on demand', () => {
    for (const file of ['engine.ts', 'index.ts', 'rules.ts', 'schema.ts', 'settings.ts', 'followUp.ts', 'text.ts']) {
      const source = readFileSync(new URL(`../../machines/noticings/${file}`, import.meta.url), 'utf8');
      expect(source, file).not.toMatch(/from ['"]compromise/);
    }
  });
});

describe('the language analysis', () => {
  const clauses = (text: string) => compromiseLanguage.sentencesOf(text).flatMap((s) => s.clauses);
  it('reads negation word by word within a clause, clauses split at commas and "but", and tense', () => {
    const [seenMum, notDad] = clauses('I saw mum, but not dad.');
    expect(seenMum?.negated).toBe(false);
    expect(notDad?.negated).toBe(true);
    const [confirmed] = clauses('The GP confirmed mum has no care package.');
    expect(confirmed?.words.find((w) => w.norm === 'confirmed')?.negated).toBe(false);
    expect(confirmed?.words.find((w) => w.norm === 'package')?.negated).toBe(true);
    expect(clauses('I haven’t seen Tilly alone.')[0]?.words.find((w) => w.norm === 'alone')?.negated).toBe(true);
    expect(clauses('Mum said she will attend.')[0]?.tense).toBe('future');
    expect(clauses('Dad came to the meeting.')[0]?.tense).toBe('past');
    expect(clauses('Dad is at home.')[0]?.tense).toBe('present');
  });
});
