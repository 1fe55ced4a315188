/**
 * What stops a step being finished, or a record being signed, in words the users act on.
 * The session machine's guards are these lists being empty; the screens show the lists.
 */
import type { SectionV1 } from '../model/template.ts';
import type { ActionV1, SessionContentV1 } from '../model/record.ts';
import { driftFlags, driftGaps } from '../review/drift.ts';
import { qualityGaps } from '../review/qualityGaps.ts';
import type { ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { models as shippedModels } from '../models/index.ts';

export function actionName(action: ActionV1, index: number): string {
  const what = action.what.trim();
  return what ? `“${what.length > 60 ? `${what.slice(0, 57)}…` : what}”` : `Action ${index + 1}`;
}

export function actionGaps(actions: readonly ActionV1[]): string[] {
  const gaps: string[] = [];
  actions.forEach((action, index) => {
    const name = actionName(action, index);
    if (!action.what.trim()) gaps.push(`${name} does not say what is to be done`);
    if (!action.owner.kind) gaps.push(`${name} has no owner`);
    else if (action.owner.kind === 'other' && !action.owner.name.trim()) gaps.push(`${name} is owned by another person who is not named`);
    if (!action.dueDate) gaps.push(`${name} has no due date`);
  });
  return gaps;
}

export function reviewGaps(content: SessionContentV1): string[] {
  const gaps: string[] = [];
  for (const action of content.previousActions) {
    const review = content.reviews[action.id];
    const name = `Previous action “${action.what}”`;
    if (!review?.outcome) gaps.push(`${name} is not yet marked done, not done or carried forward`);
    else if (review.outcome === 'notDone' && !review.reason.trim()) gaps.push(`${name} is marked not done without a reason`);
    else if (review.outcome === 'carriedForward' && !review.reason.trim()) gaps.push(`${name} is carried forward without a reason`);
  }
  return gaps;
}

export function caseGaps(section: SectionV1, content: SessionContentV1): string[] {
  if (section.collects.kind !== 'cases') return [];
  const { minimum, oneChosenByEach } = section.collects;
  const complete = content.cases.filter((c) => c.complete);
  const gaps: string[] = [];
  for (const c of content.cases.filter((c) => !c.complete)) {
    gaps.push(`The discussion of “${c.label || 'an unnamed case'}” was set aside before action planning`);
  }
  if (complete.length < minimum && !content.noCasesReason.trim()) {
    gaps.push(
      minimum === 1
        ? 'No case has been discussed: discuss one, or record why none was discussed'
        : `${minimum} cases are expected and ${complete.length} ${complete.length === 1 ? 'has' : 'have'} been discussed: discuss more, or record why not`,
    );
  }
  if (oneChosenByEach && !content.noCasesReason.trim()) {
    for (const who of ['supervisor', 'supervisee'] as const) {
      if (!complete.some((c) => c.chosenBy === who)) gaps.push(`No case chosen by the ${who} has been discussed`);
    }
  }
  return gaps;
}

/** Drift flags of one kind of subject still waiting for the supervisor's response. */
function unansweredDrift(content: SessionContentV1, subject: 'action' | 'case', available: readonly ReflectiveModelV1[]): string[] {
  return driftGaps(driftFlags(content, available).filter((flag) => flag.subject.type === subject), content);
}

/** Gaps that stop leaving one section by "next". */
/** `available`: the reflective models the session's cases may use (the shipped ones by default). */
export function stepGaps(section: SectionV1, content: SessionContentV1, available: readonly ReflectiveModelV1[] = shippedModels): string[] {
  switch (section.collects.kind) {
    case 'previousActions':
      return [...reviewGaps(content), ...unansweredDrift(content, 'action', available)];
    case 'keyIssues':
      return content.priorityAgreed ? [] : ['Agree the order of priority for the issues brought (or agree there are none)'];
    case 'cases':
      return [...caseGaps(section, content), ...unansweredDrift(content, 'case', available)];
    default:
      return [];
  }
}

/** Every gap in the record that stops it being signed. */
export function signingGaps(sections: readonly SectionV1[], content: SessionContentV1, available: readonly ReflectiveModelV1[] = shippedModels): string[] {
  const gaps = sections.flatMap((section) => (section.collects.kind === 'actions' ? [] : stepGaps(section, content, available)));
  return [...gaps, ...actionGaps(content.actions), ...qualityGaps(sections, content, available)];
}
