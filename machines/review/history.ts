/**
 * A supervisee's history across sessions: their sessions over time, every action with its
 * status across sessions, and for each case (by its label) a timeline of every discussion,
 * judgement and action about it — with the drift flags raised and how they were answered.
 */
import { cycleStages, type CycleStage } from '../model/template.ts';
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
  stages: { stage: CycleStage; text: string; skipped: string | null }[];
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

export function buildHistory(sessions: readonly HistorySession[], actions: readonly HistoryAction[]): SupervisionHistory {
  const ordered = [...sessions].sort(byDate);
  const signed = ordered.filter((s) => s.status === 'signed');
  const timelines = new Map<string, CaseTimeline>();
  const drift: DriftRecord[] = [];
  for (const { record } of signed) {
    const flags = driftFlags(record);
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
        stages: cycleStages.map((stage) => ({
          stage,
          text: Object.values(discussion.stages[stage]).filter((t) => t.trim() !== '').join('\n'),
          skipped: discussion.skipped[stage] ?? null,
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
export function caseHistoryOf(signedRecords: readonly SessionContentV1[]): Record<string, CaseHistoryEntryV1[]> {
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
        plan: planOf(discussion, actions),
        actions,
        skipped: cycleStages.filter((stage) => discussion.skipped[stage] !== undefined),
      });
    }
  }
  return history;
}
