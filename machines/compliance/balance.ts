/**
 * The "swingometer": how far a session covered each of the four functions of supervision
 * (management, development, support, mediation), from the functions its template gives each
 * section. Too much management feels like checking up; too much support drifts into counselling.
 * Only whether something was recorded is read here, never what it says.
 */
import { supervisionFunctions, type SectionV1, type SectionKind, type SupervisionFunction } from '../model/template.ts';
import { stageHasAnswer, type CaseDiscussionV1, type SessionContentV1 } from '../model/record.ts';
import type { ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { isStandIn, modelOfCase, models as shippedModels } from '../models/index.ts';
import { compareDates } from './dates.ts';

/** Management above this share of a session's weight "dominates". */
export const MANAGEMENT_DOMINANT_SHARE = 0.6;
/** Support above this share drifts towards counselling. */
export const SUPPORT_DOMINANT_SHARE = 0.6;
/** A function at or below this share is "absent". */
export const ABSENT_SHARE = 0;

/**
 * Sections that are administration rather than conversation: every signed record has them,
 * so counting them would add the same management weight to every session.
 */
export const administrativeSectionKinds: readonly SectionKind[] = ['nextMeeting', 'signatures'];

export type FunctionCounts = Record<SupervisionFunction, number>;
export type FunctionShares = Record<SupervisionFunction, number>;

export type FunctionBalance = {
  counts: FunctionCounts;
  /** Each function's share of the total (0 to 1); all 0 when nothing was recorded. */
  shares: FunctionShares;
  total: number;
  /** The ids of the sections that counted. */
  sectionsCounted: string[];
  /** The number of case discussions that counted. */
  casesCounted: number;
};

function zeroCounts(): FunctionCounts {
  return { management: 0, development: 0, support: 0, mediation: 0 };
}

function filled(text: string | undefined): boolean {
  return (text ?? '').trim().length > 0;
}

export function caseHasContent(discussion: CaseDiscussionV1): boolean {
  return Object.values(discussion.stages).some(stageHasAnswer);
}

/** How many times a section counts: 0 when nothing was recorded in it; once per case discussed for a cases section. */
export function sectionWeight(section: SectionV1, content: SessionContentV1): number {
  const collects = section.collects;
  if (administrativeSectionKinds.includes(collects.kind)) return 0;
  switch (collects.kind) {
    case 'freeText':
      return filled(content.answers[section.id]) ? 1 : 0;
    case 'fields':
      return collects.fields.some((field) => filled(content.fields[section.id]?.[field.id])) ? 1 : 0;
    case 'previousActions':
      return content.previousActions.some((action) => content.reviews[action.id]?.outcome) ? 1 : 0;
    case 'keyIssues':
      return content.keyIssues.some((issue) => filled(issue.text)) ? 1 : 0;
    case 'cases':
      return content.cases.filter(caseHasContent).length;
    case 'actions':
      return content.actions.some((action) => filled(action.what)) ? 1 : 0;
    case 'nextMeeting':
      return filled(content.nextMeeting.date) || filled(content.nextMeeting.venue) ? 1 : 0;
    case 'signatures':
      return content.signatures.supervisor || content.signatures.supervisee ? 1 : 0;
  }
}

export function sharesOf(counts: FunctionCounts): { shares: FunctionShares; total: number } {
  const total = supervisionFunctions.reduce((sum, f) => sum + counts[f], 0);
  const shares = zeroCounts();
  if (total > 0) for (const f of supervisionFunctions) shares[f] = counts[f] / total;
  return { shares, total };
}

/**
 * The functions one case discussion served: each function of its reflective model's stages that
 * were answered, once (the model's own mapping: in the 4x4x4 cycle experience serves management,
 * reflection support, analysis development, action planning management and mediation). A case
 * whose model is not on this device counts for the functions its template gives the cases section.
 */
export function caseFunctions(discussion: CaseDiscussionV1, section: SectionV1, available: readonly ReflectiveModelV1[] = shippedModels): Set<SupervisionFunction> {
  const model = modelOfCase(discussion, available);
  if (isStandIn(model, available)) return new Set(section.functions);
  const served = new Set<SupervisionFunction>();
  for (const stage of model.stages) {
    if (stageHasAnswer(discussion.stages[stage.id] ?? {})) for (const f of stage.functions) served.add(f);
  }
  return served;
}

/**
 * Counts each function once for every section with recorded content that serves it, and, for
 * each case discussed, once for every function its model's answered stages serve (caseFunctions).
 * `available`: the models the session may use (its saved copies and the shipped ones).
 */
export function functionBalance(sections: readonly SectionV1[], content: SessionContentV1, available: readonly ReflectiveModelV1[] = shippedModels): FunctionBalance {
  const counts = zeroCounts();
  const sectionsCounted: string[] = [];
  let casesCounted = 0;
  for (const section of sections) {
    const weight = sectionWeight(section, content);
    if (weight === 0) continue;
    sectionsCounted.push(section.id);
    if (section.collects.kind === 'cases') {
      casesCounted += weight;
      for (const discussion of content.cases.filter(caseHasContent)) {
        for (const f of caseFunctions(discussion, section, available)) counts[f] += 1;
      }
      continue;
    }
    for (const f of new Set(section.functions)) counts[f] += weight;
  }
  return { counts, ...sharesOf(counts), sectionsCounted, casesCounted };
}

/** `models`: the models its cases may use (its saved copies and the shipped ones); the shipped ones when absent. */
export type BalanceSession = { sections: readonly SectionV1[]; content: SessionContentV1; models?: readonly ReflectiveModelV1[] };

export type BalancePoint = {
  sessionId: string;
  date: string;
  counts: FunctionCounts;
  shares: FunctionShares;
  total: number;
  warning: BalanceWarning;
};

export type BalanceOverTime = {
  /** One point per session, oldest first: the chart's series. */
  points: BalancePoint[];
  /** All sessions together. */
  overall: { counts: FunctionCounts; shares: FunctionShares; total: number; warning: BalanceWarning };
};

export function balanceOverTime(sessions: readonly BalanceSession[]): BalanceOverTime {
  const ordered = [...sessions].sort(
    (a, b) => compareDates(a.content.date, b.content.date) || a.content.sessionId.localeCompare(b.content.sessionId),
  );
  const overallCounts = zeroCounts();
  const points = ordered.map(({ sections, content, models }) => {
    const balance = functionBalance(sections, content, models ?? shippedModels);
    for (const f of supervisionFunctions) overallCounts[f] += balance.counts[f];
    return {
      sessionId: content.sessionId,
      date: content.date,
      counts: balance.counts,
      shares: balance.shares,
      total: balance.total,
      warning: balanceWarning(balance.shares),
    };
  });
  const overall = sharesOf(overallCounts);
  return { points, overall: { counts: overallCounts, ...overall, warning: balanceWarning(overall.shares) } };
}

export type BalanceWarning = 'checkingUp' | 'counselling' | null;

/**
 * "checkingUp" when management dominates and neither support nor development is present;
 * "counselling" when support dominates; null otherwise (and when nothing was recorded).
 */
export function balanceWarning(shares: FunctionShares): BalanceWarning {
  if (shares.management > MANAGEMENT_DOMINANT_SHARE && shares.support <= ABSENT_SHARE && shares.development <= ABSENT_SHARE) {
    return 'checkingUp';
  }
  if (shares.support > SUPPORT_DOMINANT_SHARE) return 'counselling';
  return null;
}
