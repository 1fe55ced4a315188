/**
 * Practice mode learns from the noticings (issue 21, point 5): the debrief lists the gaps a
 * supervisor would have noticed in the scenario and says which the trainee explored and which
 * they left. Same rules, same engine as the live session.
 *
 * - The gaps: every rule raised by the case as the supervisee first tells it (each stage's
 *   opening) or by what they said in the end (openings, every reply, what the trainee wrote in
 *   the record).
 * - Explored: the trainee asked about it (a turn's words hold one of the rule's `askedBy` terms),
 *   or what came out of the conversation fills the gap (the rule is no longer raised).
 * - Unexplored: the rest.
 */
import fourByFour from '../models/4x4x4.model.json';
import type { CycleStage } from '../model/template.ts';
import type { StageRole } from '../model/reflectiveModel.ts';
import type { ScenarioV1 } from '../practice/scenario.ts';
import type { TurnV1 } from '../practice/simulate.ts';
import { gapsIn, type CaseStageText, type NoticingRules } from './engine.ts';
import type { NoticingRuleV1 } from './schema.ts';
import type { LanguageAnalysis } from './text.ts';

/** The scenarios run through the 4x4x4 cycle: its stages' roles, from the model file. */
const cycleRoles = new Map<string, StageRole>(fourByFour.stages.map((s) => [s.id, s.role as StageRole]));
const practiceStages: readonly CycleStage[] = ['experience', 'reflection', 'analysis', 'actionPlanning'];

export type PracticeGap = { rule: NoticingRuleV1; explored: 'asked' | 'drawnOut' | null; turnId: string | null };

export type PracticeGaps = { explored: PracticeGap[]; unexplored: PracticeGap[] };

function stagesOf(texts: (stage: CycleStage) => string): CaseStageText[] {
  return practiceStages.map((id) => ({ id, role: cycleRoles.get(id) ?? 'account', text: texts(id) }));
}

/** Whether these words ask about the rule's theme (its askedBy terms, in any clause). */
export function asksAbout(rule: NoticingRuleV1, words: string, child: string, rules: NoticingRules, language: LanguageAnalysis): boolean {
  const probe: NoticingRuleV1 = { ...rule, raiseWhen: { mentions: rule.askedBy }, clearWhen: undefined };
  return gapsIn({ child, stages: [{ id: 'question', role: 'account', text: words }], earlier: [] }, [rule.id], { ...rules, rules: [probe] }, language).length > 0;
}

/**
 * The debrief's gaps for a practice session: from the scenario, the turns taken, and what the
 * trainee wrote in the record at each stage (optional).
 */
export function practiceGaps(
  scenario: ScenarioV1,
  turns: readonly TurnV1[],
  on: readonly string[],
  rules: NoticingRules,
  language: LanguageAnalysis,
  recorded: Partial<Record<CycleStage, string>> = {},
): PracticeGaps {
  const child = scenario.case.label;
  const openings = stagesOf((stage) => scenario.script[stage].opening);
  const told = stagesOf((stage) =>
    [scenario.script[stage].opening, ...turns.filter((t) => t.stage === stage).map((t) => t.reply), recorded[stage] ?? ''].filter((t) => t.trim() !== '').join('\n'),
  );
  const atFirst = gapsIn({ child, stages: openings, earlier: [] }, on, rules, language);
  const inTheEnd = gapsIn({ child, stages: told, earlier: [] }, on, rules, language);
  const stillOpen = new Set(inTheEnd.map((r) => r.id));
  const gaps = [...atFirst, ...inTheEnd.filter((r) => !atFirst.some((a) => a.id === r.id))].sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id));
  const result: PracticeGaps = { explored: [], unexplored: [] };
  for (const rule of gaps) {
    const turn = turns.find((t) => asksAbout(rule, t.words, child, rules, language)) ?? null;
    if (turn) result.explored.push({ rule, explored: 'asked', turnId: turn.id });
    else if (!stillOpen.has(rule.id)) result.explored.push({ rule, explored: 'drawnOut', turnId: null });
    else result.unexplored.push({ rule, explored: null, turnId: null });
  }
  return result;
}
