/**
 * Practice mode learns from the noticings (issue 21, point 5): on the shipped scenarios, the
 * debrief's gaps a supervisor would have noticed, explored by the trainee (asked, or drawn out
 * by the conversation) or left unexplored — the same rules and engine as the live session.
 */
import { describe, expect, it } from 'vitest';
import { fillQuestion } from '../../machines/noticings/engine.ts';
import { noticingRules } from '../../machines/noticings/index.ts';
import { compromiseLanguage } from '../../machines/noticings/language.ts';
import { asksAbout, practiceGaps } from '../../machines/noticings/practice.ts';
import { scenarios } from '../../machines/practice/scenarios/index.ts';
import { classifyQuestion, respond, type TurnV1 } from '../../machines/practice/simulate.ts';
import type { InterventionKind, ScenarioV1 } from '../../machines/practice/scenario.ts';
import type { CycleStage } from '../../machines/model/template.ts';

const on = noticingRules.rules.map((r) => r.id);
const stages: readonly CycleStage[] = ['experience', 'reflection', 'analysis', 'actionPlanning'];

/** The trainee says these words at these stages; the simulated supervisee answers from the script. */
function transcript(scenario: ScenarioV1, said: readonly { stage: CycleStage; intervention: InterventionKind; words: string }[]): TurnV1[] {
  const turns: TurnV1[] = [];
  for (const s of said) {
    const reply = respond(scenario, turns, s.stage, s.intervention);
    turns.push({ id: `turn-${turns.length + 1}`, at: '2026-12-04T10:00:00.000Z', stage: s.stage, intervention: s.intervention, words: s.words, question: classifyQuestion(s.words), ...reply });
  }
  return turns;
}

const neglect = scenarios.find((s) => s.id === 'neglect-with-drift');

describe('practice gaps on the shipped scenarios', () => {
  it.each(scenarios.map((s) => [s.id, s] as const))('%s: a trainee who asks nothing leaves every gap unexplored', (_id, scenario) => {
    const gaps = practiceGaps(scenario, [], on, noticingRules, compromiseLanguage);
    expect(gaps.unexplored.length).toBeGreaterThan(0);
    expect(gaps.explored).toEqual([]);
  });

  it.each(scenarios.map((s) => [s.id, s] as const))('%s: a trainee who asks each gap’s question, as gaps come out, explores them all, each by the turn that asked', (_id, scenario) => {
    const said: { stage: CycleStage; intervention: InterventionKind; words: string }[] = [];
    let turns: TurnV1[] = [];
    // A reply can bring out a gap of its own ("I haven't actually seen Pip awake"): ask about each as it appears.
    for (let round = 0; round < 4; round += 1) {
      const open = practiceGaps(scenario, turns, on, noticingRules, compromiseLanguage).unexplored;
      if (open.length === 0) break;
      said.push(...open.map((gap) => ({ stage: 'analysis' as const, intervention: 'catalytic' as const, words: fillQuestion(gap.rule.questions[0] ?? '', { child: scenario.case.label, earlier: [] }) })));
      turns = transcript(scenario, said);
    }
    const after = practiceGaps(scenario, turns, on, noticingRules, compromiseLanguage);
    expect(after.unexplored.map((g) => g.rule.id)).toEqual([]);
    expect(after.explored.length).toBeGreaterThan(0);
    for (const gap of after.explored.filter((g) => g.explored === 'asked')) expect(turns.find((t) => t.id === gap.turnId)?.words).toBeTruthy();
  });

  it('neglect with drift, the scripted supervisor: Pip’s day is asked about; his not being seen comes out but is not followed up; his father is never asked about', () => {
    if (!neglect) throw new Error('scenario missing');
    const said = stages.flatMap((stage) => neglect.supervisorPrompts[stage].map((p) => ({ stage, intervention: p.intervention, words: p.text })));
    const gaps = practiceGaps(neglect, transcript(neglect, said), on, noticingRules, compromiseLanguage);
    const explored = Object.fromEntries(gaps.explored.map((g) => [g.rule.id, g.explored]));
    expect(explored['child-voice']).toBe('asked');
    expect(gaps.unexplored.map((g) => g.rule.id)).toEqual(expect.arrayContaining(['child-not-seen', 'invisible-men']));
    // What the trainee wrote in the record fills a gap too.
    const recorded = practiceGaps(neglect, transcript(neglect, said), on, noticingRules, compromiseLanguage, {
      experience: 'Pip’s dad, Lee, lives with them; I met Lee and mum together at the visit.',
    });
    expect(recorded.unexplored.map((g) => g.rule.id)).not.toContain('invisible-men');
  });

  it('every rule’s own questions count as asking about it (its askedBy terms), and a question on another theme does not', () => {
    for (const rule of noticingRules.rules) {
      for (const question of rule.questions) expect(asksAbout(rule, fillQuestion(question, { child: 'Pip', earlier: [{ date: '2026-01-01', text: 'x' }] }), 'Pip', noticingRules, compromiseLanguage), `${rule.id}: ${question}`).toBe(true);
    }
    const agencies = noticingRules.rules.find((r) => r.id === 'other-agencies');
    if (!agencies) throw new Error('rule missing');
    expect(asksAbout(agencies, 'How did you feel when you left the house?', 'Pip', noticingRules, compromiseLanguage)).toBe(false);
  });
});
