/**
 * The noticings in a case being discussed (issue 21): what the screens hand the engine, from a
 * case as the session (or a preparation) holds it, and what they read back. Pure.
 *
 * - The case text: every stage written so far, in the model's order, with the practitioner's
 *   answers to follow-ups counted as part of their stage (an answer fills a gap as the stage's own
 *   words would).
 * - Earlier sessions' entries: the case's history in this session (its signed discussions' plans
 *   and actions, by case key; machines/review/history.ts), which is all the session carries of them.
 * - What was raised: every follow-up stored in the case, whatever became of it (a rule is asked at
 *   most once in a case); the questions used in the session's other cases rotate the wording.
 */
import type { CaseDiscussionV1, CaseHistoryEntryV1, FollowUpV1, SessionContentV1 } from '../model/record.ts';
import type { ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { caseKey } from '../review/drift.ts';
import { notice, unexplored, type AskedBefore, type CaseStageText, type EarlierEntry, type Noticing, type NoticingEvent, type NoticingRules } from './engine.ts';
import type { LanguageAnalysis } from './text.ts';

type Discussion = Pick<CaseDiscussionV1, 'label' | 'stages' | 'followUps'>;

/** Every follow-up of a case, stage by stage in the model's order. */
export function followUpsOf(discussion: Pick<CaseDiscussionV1, 'followUps'>, model: ReflectiveModelV1): { stage: string; followUp: FollowUpV1 }[] {
  return model.stages.flatMap((s) => (discussion.followUps?.[s.id] ?? []).map((followUp) => ({ stage: s.id, followUp })));
}

/** The stages as the engine reads them: the answers at each stage and the answers to its follow-ups. */
export function caseStagesOf(discussion: Discussion, model: ReflectiveModelV1): CaseStageText[] {
  return model.stages.map((s) => ({
    id: s.id,
    role: s.role,
    text: [
      ...Object.values(discussion.stages[s.id] ?? {}),
      ...(discussion.followUps?.[s.id] ?? []).flatMap((f) => (f.outcome === 'answered' && f.answer ? [f.answer] : [])),
    ]
      .filter((t) => t.trim() !== '')
      .join('\n'),
  }));
}

/** Earlier sessions' entries for this case, from the history the session carries. */
export function earlierEntriesOf(label: string, caseHistory: Record<string, readonly CaseHistoryEntryV1[]> | undefined): EarlierEntry[] {
  const key = caseKey(label);
  if (key === '') return [];
  return (caseHistory?.[key] ?? []).map((e) => ({ date: e.date, text: [e.plan, ...e.actions].filter((t) => t.trim() !== '').join('\n') }));
}

export function raisedIn(discussion: Pick<CaseDiscussionV1, 'followUps'>): NoticingEvent[] {
  return Object.values(discussion.followUps ?? {}).flatMap((list) => list.map((f) => ({ ruleId: f.ruleId, questionIndex: f.questionIndex, outcome: f.outcome })));
}

/** The questions asked in the session's other cases, so the next case hears another wording. */
export function askedBeforeIn(others: readonly Pick<CaseDiscussionV1, 'id' | 'followUps'>[], caseId: string): AskedBefore[] {
  return others.filter((c) => c.id !== caseId).flatMap((c) => raisedIn(c).map(({ ruleId, questionIndex }) => ({ ruleId, questionIndex })));
}

export type CaseNoticingInput = {
  discussion: Discussion & { id: string };
  model: ReflectiveModelV1;
  stageId: string;
  on: readonly string[];
  caseHistory?: Record<string, readonly CaseHistoryEntryV1[]>;
  otherCases?: readonly Pick<CaseDiscussionV1, 'id' | 'followUps'>[];
};

/** The next follow-up for a stage of a case, or null (engine.ts: notice). */
export function nextNoticing(input: CaseNoticingInput, rules: NoticingRules, language: LanguageAnalysis): Noticing | null {
  if (input.on.length === 0) return null;
  return notice(
    {
      child: input.discussion.label,
      stages: caseStagesOf(input.discussion, input.model),
      earlier: earlierEntriesOf(input.discussion.label, input.caseHistory),
      currentStageId: input.stageId,
      on: input.on,
      raised: raisedIn(input.discussion),
      askedBefore: askedBeforeIn(input.otherCases ?? [], input.discussion.id),
    },
    rules,
    language,
  );
}

/** The rule ids a session's record says were on ([] for a record made before noticings, or with them off). */
export function rulesOnIn(content: Pick<SessionContentV1, 'noticings'>): string[] {
  return content.noticings?.on ? content.noticings.rules.map((r) => r.id) : [];
}

export type LeftNoticing =
  | { caseId: string; caseLabel: string; stage: string; question: string; status: 'raised' | 'notNow' }
  /** A gap still in the case that was never asked (another was open, or the stage moved on): named by its rule. */
  | { caseId: string; caseLabel: string; name: string; status: 'never' };

/**
 * What is still unexplored in a session, for the read-through (engine.ts: unexplored): the
 * follow-ups asked and left — put aside ("Not now") or never answered — and the gaps still in a
 * case that were never asked. Listed once, briefly, never blocking. Answered and dismissed ones
 * are in the record. None when the noticings were off (or the record was made before them).
 */
export function leftNoticings(
  content: Pick<SessionContentV1, 'cases' | 'noticings'>,
  modelOf: (discussion: CaseDiscussionV1) => ReflectiveModelV1,
  rules: NoticingRules,
  language: LanguageAnalysis,
): LeftNoticing[] {
  const on = rulesOnIn(content);
  if (on.length === 0) return [];
  return content.cases.flatMap((discussion): LeftNoticing[] => {
    const model = modelOf(discussion);
    const asked = followUpsOf(discussion, model);
    const left = unexplored({ child: discussion.label, stages: caseStagesOf(discussion, model), earlier: [] }, on, raisedIn(discussion), rules, language);
    const leftIds = new Set(left.filter((l) => l.status !== 'never').map((l) => l.rule.id));
    return [
      ...asked
        .filter(({ followUp }) => leftIds.has(followUp.ruleId) && (followUp.outcome === 'raised' || followUp.outcome === 'notNow'))
        .map(({ stage, followUp }) => ({ caseId: discussion.id, caseLabel: discussion.label, stage, question: followUp.question, status: followUp.outcome as 'raised' | 'notNow' })),
      ...left.filter((l) => l.status === 'never').map((l) => ({ caseId: discussion.id, caseLabel: discussion.label, name: l.rule.name, status: 'never' as const })),
    ];
  });
}
