/**
 * A supervisee's history across sessions: their sessions over time, every action with its
 * status across sessions, and for each case (by its label) a timeline of every discussion,
 * judgement and action about it — with the drift flags raised and how they were answered.
 */
import type { ModelRefV1, ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { modelOfCase, models as shippedModels } from '../models/index.ts';
import type { CaseHistoryEntryV1, DriftResponseV1, ReviewOutcome, SessionContentV1 } from '../model/record.ts';
import { caseKey, driftFlags, planOf, timesCarriedForwardOf, type DriftFlag } from './drift.ts';

/**
 * 'copy': a copy restored from a backup that differs from the record kept here (`copy` says which
 * row and which backup); shown in the list of sessions, never counted in the history's analysis.
 */
export type HistorySession = { record: SessionContentV1; templateTitle: string; status: 'inProgress' | 'signed' | 'copy'; copy?: { id: string; backupCreatedAt: string } };

export type HistoryAction = {
  id: string;
  sessionId: string;
  what: string;
  ownerLabel: string;
  raisedOn: string;
  dueDate: string;
  caseLabel: string | null;
  status: 'draft' | 'open' | 'done' | 'notDone';
  reviews: { sessionId: string; date: string; outcome: ReviewOutcome; reason: string; newDueDate: string }[];
};

export type CaseDiscussionEntry = {
  sessionId: string;
  date: string;
  label: string;
  prepared: boolean;
  /** The model the case ran with, when it was not the 4x4x4 cycle 1.0.0 (whose cases carry no ref). */
  model?: ModelRefV1;
  /** Each stage of the case's model, by stage id, in the model's order. */
  stages: { stage: string; text: string; skipped: string | null }[];
  actions: { what: string; dueDate: string }[];
  escalations: { concern: string; actionTaken: string }[];
  drift: { flag: DriftFlag; response: DriftResponseV1 | null }[];
};

export type CaseTimeline = { key: string; label: string; discussions: CaseDiscussionEntry[] };

/** `timesCarriedForward`: for a carried-forward flag, how many times by that session (null for other kinds). */
export type DriftRecord = { sessionId: string; date: string; flag: DriftFlag; response: DriftResponseV1 | null; timesCarriedForward: number | null };

export type SupervisionHistory = {
  sessions: HistorySession[];
  actions: HistoryAction[];
  cases: CaseTimeline[];
  drift: DriftRecord[];
};

const byDate = (a: { record: SessionContentV1 }, b: { record: SessionContentV1 }) =>
  a.record.date.localeCompare(b.record.date) || a.record.sessionId.localeCompare(b.record.sessionId);

/** `available`: the models cases may have run with (the shipped ones by default; a model not among them is read from the record). */
export function buildHistory(sessions: readonly HistorySession[], actions: readonly HistoryAction[], available: readonly ReflectiveModelV1[] = shippedModels): SupervisionHistory {
  const ordered = [...sessions].sort(byDate);
  const signed = ordered.filter((s) => s.status === 'signed');
  const timelines = new Map<string, CaseTimeline>();
  const drift: DriftRecord[] = [];
  for (const { record } of signed) {
    const flags = driftFlags(record, available);
    for (const flag of flags) {
      drift.push({
        sessionId: record.sessionId,
        date: record.date,
        flag,
        response: record.driftResponses?.[flag.id] ?? null,
        timesCarriedForward: timesCarriedForwardOf(flag, record),
      });
    }
    for (const discussion of record.cases) {
      const key = caseKey(discussion.label);
      if (key === '') continue;
      const timeline = timelines.get(key) ?? { key, label: discussion.label, discussions: [] };
      timeline.label = discussion.label;
      timeline.discussions.push({
        sessionId: record.sessionId,
        date: record.date,
        label: discussion.label,
        prepared: discussion.prepared === true,
        ...(discussion.model ? { model: discussion.model } : {}),
        stages: modelOfCase(discussion, available).stages.map((stage) => ({
          stage: stage.id,
          text: Object.values(discussion.stages[stage.id] ?? {}).filter((t) => t.trim() !== '').join('\n'),
          skipped: discussion.skipped[stage.id] ?? null,
        })),
        actions: record.actions.filter((a) => a.caseId === discussion.id).map((a) => ({ what: a.what, dueDate: a.dueDate })),
        escalations: record.escalations.filter((e) => e.caseId === discussion.id).map((e) => ({ concern: e.concern, actionTaken: e.actionTaken })),
        drift: flags
          .filter((flag) => flag.subject.type === 'case' && flag.subject.caseId === discussion.id)
          .map((flag) => ({ flag, response: record.driftResponses?.[flag.id] ?? null })),
      });
      timelines.set(key, timeline);
    }
  }
  return {
    sessions: [...ordered].reverse(),
    actions: [...actions].sort((a, b) => a.raisedOn.localeCompare(b.raisedOn) || a.what.localeCompare(b.what)),
    cases: [...timelines.values()].sort((a, b) => a.label.localeCompare(b.label)),
    drift,
  };
}

/** What drift detection in a new session compares against: earlier signed discussions by case key. */
export function caseHistoryOf(signedRecords: readonly SessionContentV1[], available: readonly ReflectiveModelV1[] = shippedModels): Record<string, CaseHistoryEntryV1[]> {
  const history: Record<string, CaseHistoryEntryV1[]> = {};
  for (const record of [...signedRecords].sort((a, b) => a.date.localeCompare(b.date))) {
    for (const discussion of record.cases.filter((c) => c.complete)) {
      const key = caseKey(discussion.label);
      if (key === '') continue;
      const actions = record.actions.filter((a) => a.caseId === discussion.id).map((a) => a.what);
      (history[key] ??= []).push({
        sessionId: record.sessionId,
        date: record.date,
        label: discussion.label,
        plan: planOf(discussion, actions, available),
        actions,
        skipped: modelOfCase(discussion, available).stages.map((s) => s.id).filter((stage) => discussion.skipped[stage] !== undefined),
        ...(discussion.model ? { model: discussion.model } : {}),
      });
    }
  }
  return history;
}
