/**
 * Drift: supervision exists to avoid it. Four signs, each flagged where it matters and
 * answered by the supervisor (revise, escalate, close, or continue with a reason):
 *  - an action carried forward twice or more;
 *  - an action past its due date and not done;
 *  - a case discussed at three or more sessions whose plan has not changed;
 *  - a case whose cycle skipped analysis (any stage its reflective model gives the role "analysis").
 */
import type { CaseDiscussionV1, CaseHistoryEntryV1, DriftResponseV1, PreviousActionV1, SessionContentV1 } from '../model/record.ts';
import { stageHasAnswer } from '../model/record.ts';
import { formatDate } from '../dates/format.ts';
import { stagesWithRole, type ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { modelOfCase, models as shippedModels } from '../models/index.ts';

export type DriftKind = 'carriedForward' | 'overdue' | 'staticPlan' | 'skippedAnalysis';
export type DriftFlag = {
  id: string;
  kind: DriftKind;
  subject: { type: 'action'; actionId: string } | { type: 'case'; caseId: string; caseKey: string };
  message: string;
};

/** The key a case is known by across sessions: its label, ignoring case, spacing and punctuation. */
export function caseKey(label: string): string {
  return label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A plan as compared across sessions: the answers at the model's plan stage and the case's actions, normalised. */
export function planOf(discussion: CaseDiscussionV1, actions: readonly string[], available: readonly ReflectiveModelV1[] = shippedModels): string {
  const model = modelOfCase(discussion, available);
  const answers = Object.values(discussion.stages[model.planStage] ?? {}).filter((text) => text.trim() !== '');
  return [...answers, ...[...actions].sort()].map(caseKey).join(' | ');
}

/** How many times an action will have been carried forward once this session's review counts. */
export function carriedForwardCount(action: PreviousActionV1, content: SessionContentV1): number {
  return action.timesCarriedForward + (content.reviews[action.id]?.outcome === 'carriedForward' ? 1 : 0);
}

/** How many times a carried-forward flag's action has been carried forward, this review counted (null for other flags). */
export function timesCarriedForwardOf(flag: DriftFlag, content: SessionContentV1): number | null {
  const subject = flag.subject;
  if (flag.kind !== 'carriedForward' || subject.type !== 'action') return null;
  const action = content.previousActions.find((a) => a.id === subject.actionId);
  return action ? carriedForwardCount(action, content) : null;
}

function actionFlags(content: SessionContentV1): DriftFlag[] {
  return content.previousActions.flatMap((action): DriftFlag[] => {
    const flags: DriftFlag[] = [];
    const carried = carriedForwardCount(action, content);
    const done = content.reviews[action.id]?.outcome === 'done';
    // Done at last, the drift is over: an action carried forward and now done asks for nothing.
    if (carried >= 2 && !done) {
      flags.push({
        id: `carriedForward:${action.id}`,
        kind: 'carriedForward',
        subject: { type: 'action', actionId: action.id },
        message: `“${action.what}” has been carried forward ${carried} times.`,
      });
    }
    if (action.dueDate && action.dueDate < content.date && !done) {
      flags.push({
        id: `overdue:${action.id}`,
        kind: 'overdue',
        subject: { type: 'action', actionId: action.id },
        message: `“${action.what}” was due on ${formatDate(action.dueDate)} and is not done.`,
      });
    }
    return flags;
  });
}

function caseFlags(content: SessionContentV1, available: readonly ReflectiveModelV1[]): DriftFlag[] {
  const history = content.caseHistory ?? {};
  return content.cases
    .filter((c) => c.complete)
    .flatMap((discussion): DriftFlag[] => {
      const key = caseKey(discussion.label);
      const flags: DriftFlag[] = [];
      // Sessions, not discussions: a case discussed twice at one session counts once (its last plan).
      const bySession = new Map<string, CaseHistoryEntryV1>();
      for (const entry of history[key] ?? []) if (entry.sessionId !== content.sessionId) bySession.set(entry.sessionId, entry);
      const earlier = [...bySession.values()];
      const plan = planOf(
        discussion,
        content.actions.filter((a) => a.caseId === discussion.id).map((a) => a.what),
        available,
      );
      const lastTwo = earlier.slice(-2);
      if (lastTwo.length === 2 && plan !== '' && lastTwo.every((entry) => entry.plan === plan)) {
        flags.push({
          id: `staticPlan:${discussion.id}`,
          kind: 'staticPlan',
          subject: { type: 'case', caseId: discussion.id, caseKey: key },
          message: `${discussion.label} has been discussed at ${earlier.length + 1} sessions and the plan has not changed.`,
        });
      }
      // Every analysis stage of the model counts: skipping Gibbs' Conclusion is as much drift as skipping its Analysis.
      const model = modelOfCase(discussion, available);
      const skippedAnalysis = stagesWithRole(model, 'analysis').filter(
        (stage) => discussion.skipped[stage.id] !== undefined && !stageHasAnswer(discussion.stages[stage.id]),
      );
      const first = skippedAnalysis[0];
      if (first) {
        // One flag per case (its id unchanged since 4x4x4 only), naming each analysis stage skipped.
        const what = skippedAnalysis.length === 1 && first.name.toLowerCase() === 'analysis' ? 'analysis' : skippedAnalysis.map((s) => s.name).join(' and ');
        const reasons = skippedAnalysis.map((s) => discussion.skipped[s.id]).join('; ');
        flags.push({
          id: `skippedAnalysis:${discussion.id}`,
          kind: 'skippedAnalysis',
          subject: { type: 'case', caseId: discussion.id, caseKey: key },
          message: `The discussion of ${discussion.label} skipped ${what} (reason given: ${reasons}).`,
        });
      }
      return flags;
    });
}

/** `available`: the models the session's cases may have run with (the shipped ones by default; a model not among them is read from the record). */
export function driftFlags(content: SessionContentV1, available: readonly ReflectiveModelV1[] = shippedModels): DriftFlag[] {
  return [...actionFlags(content), ...caseFlags(content, available)];
}

export function isAnswered(response: DriftResponseV1 | undefined): boolean {
  if (!response) return false;
  return response.response !== 'continue' || response.reason.trim() !== '';
}

/** Flags still waiting for the supervisor's response, worded as gaps. */
export function driftGaps(flags: readonly DriftFlag[], content: SessionContentV1): string[] {
  return flags
    .filter((flag) => !isAnswered(content.driftResponses?.[flag.id]))
    .map((flag) => `Drift: ${flag.message} Record a response (revise, escalate, close, or continue with a reason).`);
}
