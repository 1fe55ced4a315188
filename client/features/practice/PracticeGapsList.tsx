/**
 * The debrief's gaps (issue 21, point 5): which of the gaps a supervisor would notice in the
 * scenario the trainee explored, and which they left unexplored — the same rules and engine as a
 * live session (machines/noticings/practice.ts), every rule on (practice is for learning them).
 */
import { useEffect, useState } from 'react';
import type { ScenarioV1 } from '../../../machines/practice/scenario.ts';
import type { TurnV1 } from '../../../machines/practice/simulate.ts';
import type { CaseDiscussionV1 } from '../../../machines/model/record.ts';
import type { CycleStage } from '../../../machines/model/template.ts';
import type { PracticeGaps } from '../../../machines/noticings/practice.ts';
import { noticingsCopy } from '../../content/noticingsCopy.ts';
import { loadNoticings } from '../noticings/noticingsEngine.ts';

const t = noticingsCopy.debrief;
const cycleStages: readonly CycleStage[] = ['experience', 'reflection', 'analysis', 'actionPlanning'];

export function PracticeGapsList({ scenario, turns, discussion }: { scenario: ScenarioV1; turns: readonly TurnV1[]; discussion: CaseDiscussionV1 | null }) {
  const [gaps, setGaps] = useState<PracticeGaps | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    Promise.all([loadNoticings(), import('../../../machines/noticings/practice.ts')]).then(
      ([engine, practice]) => {
        if (cancelled) return;
        const recorded = Object.fromEntries(cycleStages.map((s) => [s, Object.values(discussion?.stages[s] ?? {}).join('\n')]));
        setGaps(practice.practiceGaps(scenario, turns, engine.rules.rules.map((r) => r.id), engine.rules, engine.language, recorded));
      },
      (error: unknown) => !cancelled && setProblem(noticingsCopy.turn.loadFailed(error instanceof Error ? error.message : String(error))),
    );
    return () => {
      cancelled = true;
    };
  }, [scenario, turns, discussion]);
  if (problem) return <p className="nhsuk-error-message">{problem}</p>;
  if (!gaps) return null;
  return (
    <section aria-labelledby="debrief-gaps">
      <h3 className="nhsuk-heading-m" id="debrief-gaps">
        {t.heading}
      </h3>
      <h4 className="nhsuk-heading-s">{t.unexplored}</h4>
      {gaps.unexplored.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {gaps.unexplored.map((g) => (
            <li key={g.rule.id}>
              <strong>{g.rule.name}</strong>: {g.rule.why}
            </li>
          ))}
        </ul>
      )}
      <h4 className="nhsuk-heading-s">{t.explored}</h4>
      {gaps.explored.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--bullet">
          {gaps.explored.map((g) => (
            <li key={g.rule.id}>
              <strong>{g.rule.name}</strong> ({g.explored === 'asked' ? t.asked : t.drawnOut})
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
