/**
 * What a preparation holds (for the list and the export), and the problems that would stop
 * it being saved, worded for the field concerned. The limits are read from the schema, so
 * the screen and the repository can never disagree about what is too long.
 */
import {
  $PreparationV1,
  $PreparedCaseV1,
  $PreparedIssueV1,
  broughtFrom,
  type PreparationV1,
  type PreparedCaseV1,
  type PreparedIssueV1,
} from '../../../machines/model/preparation.ts';
import { $StageAnswers } from '../../../machines/model/record.ts';
import { stagesBeforePlan } from '../../../machines/model/reflectiveModel.ts';
import { modelOfCase } from '../../../machines/models/index.ts';
import { listModels } from '../../content/models.ts';
import { copy } from '../../content/copy.ts';
import type { FieldError } from '../../components/ErrorSummary.tsx';

export type PreparationHolds = { issues: number; cases: number; markedToBring: number };

/** Counts as the supervisee sees them; "marked to bring" counts what a session would receive. */
export function whatItHolds(preparation: PreparationV1): PreparationHolds {
  const brought = broughtFrom(preparation);
  return { issues: preparation.issues.length, cases: preparation.cases.length, markedToBring: brought.issues.length + brought.cases.length };
}

export const limits = {
  issueText: $PreparedIssueV1.shape.text.maxLength ?? Number.POSITIVE_INFINITY,
  caseLabel: $PreparedCaseV1.shape.label.maxLength ?? Number.POSITIVE_INFINITY,
  stageNotes: $StageAnswers.valueType.maxLength ?? Number.POSITIVE_INFINITY,
};

export function newIssue(id: string): PreparedIssueV1 {
  return { id, text: '', bring: false };
}
export function newCase(id: string): PreparedCaseV1 {
  return { id, label: '', stages: { experience: {}, reflection: {}, analysis: {} }, bring: false };
}

/** Whether one more issue (or case) still fits the schema's limit on how many a preparation holds. */
export function hasRoomFor(preparation: PreparationV1, what: 'issues' | 'cases'): boolean {
  const placeholder = 'placeholder';
  return what === 'issues'
    ? $PreparationV1.shape.issues.safeParse([...preparation.issues.map((i) => ({ ...i, text: '' })), newIssue(placeholder)]).success
    : $PreparationV1.shape.cases.safeParse([...preparation.cases.map((c) => ({ ...newCase(c.id) })), newCase(placeholder)]).success;
}

/** Field ids shared by the editor and its problem list (so a problem can link to its field). */
export const fieldIds = {
  forDate: 'preparation-for-date',
  issue: (issueId: string) => `issue-${issueId}`,
  caseLabel: (caseId: string) => `case-${caseId}-label`,
  stage: (caseId: string, stage: string) => `case-${caseId}-${stage}`,
};

/** Each problem that would make the repository refuse the preparation, on its field. */
export function problemsIn(preparation: PreparationV1): FieldError[] {
  const found: FieldError[] = [];
  if (!/^(\d{4}-\d{2}-\d{2})?$/.test(preparation.forDate)) found.push({ fieldId: fieldIds.forDate, message: copy.preparation.forDateInvalid });
  preparation.issues.forEach((issue, index) => {
    if (issue.text.length > limits.issueText) {
      found.push({ fieldId: fieldIds.issue(issue.id), message: copy.preparation.tooLong(copy.preparation.issueText(index + 1), limits.issueText) });
    }
  });
  preparation.cases.forEach((c, index) => {
    if (c.label.length > limits.caseLabel) {
      found.push({ fieldId: fieldIds.caseLabel(c.id), message: copy.preparation.tooLong(copy.preparation.caseLabelOf(index + 1), limits.caseLabel) });
    }
    for (const stage of stagesBeforePlan(modelOfCase(c, listModels()))) {
      if ((c.stages[stage.id]?.notes ?? '').length > limits.stageNotes) {
        found.push({
          fieldId: fieldIds.stage(c.id, stage.id),
          message: copy.preparation.tooLong(copy.preparation.stageNotesOf(stage.name, index + 1), limits.stageNotes),
        });
      }
    }
  });
  return found;
}
