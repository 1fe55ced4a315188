/**
 * The machines' refusals and the themes record's problems, each with the field that fixes
 * it, for the error summaries of a group session.
 */
import type { ConsultationV1, GroupSessionContentV1, ThemesRecordPartV1 } from '../../../machines/model/group.ts';
import { themesRecordProblems } from '../../../machines/group/outputs.ts';
import { actionName } from '../../../machines/session/gaps.ts';
import { copy } from '../../content/copy.ts';
import type { GroupStep } from './groupSessionContext.tsx';
import type { Problem } from './ProblemSummary.tsx';

export const fieldIds = {
  attendance: (personId: string) => `attendance-${personId}`,
  agree: 'agree-boundaries',
  presenter: 'consultation-presenter',
  caseLabel: 'consultation-case',
  question: 'consultation-question',
  notes: (phase: string) => `consultation-notes-${phase}`,
  addAction: 'consultation-add-action',
  actionWhat: (id: string) => `action-what-${id}`,
  actionOwner: (id: string) => `action-owner-${id}`,
  actionOwnerName: (id: string) => `action-owner-name-${id}`,
  actionDue: (id: string) => `action-due-${id}`,
  themeRemove: (id: string) => `theme-remove-${id}`,
  themeReword: (id: string) => `theme-reword-${id}`,
  /** The words in one part of the themes record that may name someone, and their checkboxes. */
  names: (part: ThemesRecordPartV1) => `names-${part.kind === 'theme' ? `theme-${part.themeId}` : part.kind}`,
  learning: 'group-learning',
  issues: 'group-issues',
} as const;

function sessionField(content: GroupSessionContentV1, step: GroupStep, message: string): string | null {
  if (step === 'register') {
    const byLongestName = [...content.members].sort((a, b) => b.name.length - a.name.length);
    const member = byLongestName.find((m) => message.includes(m.name));
    return member ? fieldIds.attendance(member.personId) : null;
  }
  if (step === 'agreement') return fieldIds.agree;
  if (/presenter must be present/i.test(message)) return fieldIds.presenter;
  if (/child or family/i.test(message)) return fieldIds.caseLabel;
  return null;
}

function consultationField(consultation: ConsultationV1, message: string): string | null {
  if (/question/i.test(message)) return fieldIds.question;
  if (/child or family/i.test(message)) return null;
  for (const [index, action] of consultation.actions.entries()) {
    const name = actionName(action, index);
    if (!message.startsWith(`${name} `)) continue;
    if (/what is to be done/.test(message)) return fieldIds.actionWhat(action.id);
    if (/not named/.test(message)) return fieldIds.actionOwnerName(action.id);
    if (/no owner/.test(message)) return fieldIds.actionOwner(action.id);
    if (/due date/.test(message)) return fieldIds.actionDue(action.id);
    return fieldIds.actionWhat(action.id);
  }
  return /actions/i.test(message) ? fieldIds.addAction : null;
}

export function refusalProblems(
  content: GroupSessionContentV1,
  step: GroupStep,
  refusal: readonly string[],
  consultation: ConsultationV1 | undefined,
  consultationRefusal: readonly string[],
): Problem[] {
  return [
    ...refusal.map((message) => ({ message, fieldId: sessionField(content, step, message) })),
    ...(consultation ? consultationRefusal.map((message) => ({ message, fieldId: consultationField(consultation, message) })) : []),
  ];
}

/** What stops the themes record being circulated, each linked to the text to reword. */
export function themesProblems(content: GroupSessionContentV1): Problem[] {
  return themesRecordProblems(content).map((problem) => {
    if (problem.nameFlag) return { message: `${problem.where}: ${problem.message}`, fieldId: fieldIds.names(problem.nameFlag.part) };
    if (problem.where === 'Learning') return { message: `${problem.where}: ${problem.message}`, fieldId: fieldIds.learning };
    if (problem.where === 'Organisational issues') return { message: `${problem.where}: ${problem.message}`, fieldId: fieldIds.issues };
    const number = Number(/\d+/.exec(problem.where)?.[0] ?? 0);
    const theme = content.themes[number - 1];
    return {
      message: `${problem.where}: ${problem.message} (${copy.group.removeAndRecapture})`,
      fieldId: theme ? fieldIds.themeRemove(theme.id) : null,
    };
  });
}
