/**
 * The child-record summary: the entry a supervisee copies into one child's own record
 * (the template says where: a health record, a case file, CPOMS). It records that a
 * safeguarding supervision discussion took place on the supervision's date, who was
 * there, a short account of the discussion through the four stages, and the actions
 * agreed for this child only.
 *
 * It must never identify another child discussed in the same session. Everything taken
 * from what people typed (answers, actions, escalations, names and roles) passes through
 * withholdOtherChildren; the fixed wording of this module and of the template cannot name
 * a child, so it is left whole rather than mangled by common words in other labels.
 */
import { cycleStages, type RecordTemplateV1 } from '../model/template.ts';
import { stageNames } from '../model/cycle.ts';
import type { CaseDiscussionV1, SessionContentV1 } from '../model/record.ts';
import { actionDueText, actionOwnerText, caseLabelOf } from './document.ts';
import { formatRecordDate, formatRecordInstant } from './dates.ts';
import { withholdOtherChildren } from './withhold.ts';
import { labelled, recordWording } from './wording.ts';

const w = recordWording.childSummary;

export type ChildRecordSummary = {
  caseId: string;
  caseLabel: string;
  /** The supervision date (YYYY-MM-DD), never the day the summary is made. */
  date: string;
  text: string;
  /** Other children's names (and parts of them) replaced by "[another child]". */
  withheld: string[];
};

function stageParagraph(
  template: RecordTemplateV1,
  discussion: CaseDiscussionV1,
  stage: (typeof cycleStages)[number],
  withhold: (text: string) => string,
): string {
  const { title } = stageNames[stage];
  const skipped = discussion.skipped[stage]?.trim();
  const answers = discussion.stages[stage];
  const labels = new Map((template.caseStructure?.fields ?? []).filter((f) => f.stage === stage).map((f) => [f.id, f.label]));
  const ordered = [
    ...[...labels.keys()].filter((id) => id in answers),
    ...Object.keys(answers).filter((id) => !labels.has(id)),
  ];
  const parts = ordered.flatMap((id) => {
    const text = answers[id]?.trim();
    if (!text) return [];
    const label = labels.get(id);
    return [withhold(label ? labelled(label, text) : text)];
  });
  if (skipped) parts.unshift(`${recordWording.cases.skipped(withhold(skipped))}.`);
  if (parts.length === 0) parts.push(`${recordWording.nothingRecorded}.`);
  return `${title}: ${parts.join(' ')}`;
}

function partyWithRole(title: string, role: string, withhold: (text: string) => string): string {
  return role.trim() ? `${title} (${withhold(role.trim())})` : title;
}

export function childRecordSummary(template: RecordTemplateV1, content: SessionContentV1, caseId: string): ChildRecordSummary {
  const discussion = content.cases.find((c) => c.id === caseId);
  if (!discussion) throw new Error(`No case ${caseId} was discussed in session ${content.sessionId}`);
  const caseLabel = caseLabelOf(discussion);
  const otherLabels = content.cases.filter((c) => c.id !== caseId).map((c) => c.label);
  const withholder = withholdOtherChildren(caseLabel, otherLabels);
  const withhold = withholder.withhold;
  const { supervisor, supervisee } = content.parties;
  const titles = template.parties;
  const sessionType = template.sessionTypes.find((t) => t.id === content.sessionType)?.label ?? content.sessionType;

  const skipped = cycleStages.filter((stage) => discussion.skipped[stage]?.trim());
  const actions = content.actions.filter((action) => action.caseId === caseId);
  const escalations = content.escalations.filter((e) => e.caseId === caseId);

  const groups: string[][] = [
    [w.heading(caseLabel), w.destination(template.childRecord.system)],
    [
      labelled(w.date, formatRecordDate(content.date)),
      labelled(w.sessionType, sessionType),
      w.tookPlace(caseLabel),
      `${labelled(
        w.present,
        `${partyWithRole(titles.supervisor.title, supervisor.role, withhold)} and ${partyWithRole(titles.supervisee.title, supervisee.role, withhold)}`,
      )}.`,
      `${labelled(w.names, `${withhold(supervisor.name)} (${titles.supervisor.title}); ${withhold(supervisee.name)} (${titles.supervisee.title})`)}.`,
    ],
    [
      w.summaryHeading,
      ...cycleStages.map((stage) => stageParagraph(template, discussion, stage, withhold)),
      skipped.length === 0 ? w.noneSkipped : w.skippedList(skipped.map((s) => stageNames[s].title).join(', ')),
      ...(discussion.complete ? [] : [w.setAside]),
    ],
    [
      w.actionsHeading,
      ...(actions.length === 0
        ? [w.noActions]
        : actions.map(
            (action, index) =>
              `${index + 1}. ${withhold(action.what.trim() || recordWording.nothingRecorded)} — ${withhold(
                actionOwnerText(template, content, action.owner),
              )}; ${action.dueDate ? `by ${formatRecordDate(action.dueDate)}` : recordWording.actions.noDueDate.toLowerCase()}.`,
          )),
    ],
    ...(escalations.length === 0
      ? []
      : [
          [
            w.escalationsHeading,
            ...escalations.map((e) =>
              w.escalation(
                formatRecordInstant(e.raisedAt),
                withhold(e.concern.trim()),
                withhold(e.actionTaken.trim() || recordWording.escalations.noAction),
              ),
            ),
          ],
        ]),
  ];

  return {
    caseId,
    caseLabel,
    date: content.date,
    text: `${groups.map((g) => g.join('\n')).join('\n\n')}\n`,
    withheld: withholder.withheld(),
  };
}

/** Just the text, for callers that only paste it. */
export function childRecordSummaryText(template: RecordTemplateV1, content: SessionContentV1, caseId: string): string {
  return childRecordSummary(template, content, caseId).text;
}

/** "supervision-2026-11-22-baby-t.txt": the date of the supervision and a safe slug of the label. */
/**
 * The download's file name. It never carries the child's name or label: a Downloads folder
 * on a shared device is not confidential. The case id's opening characters tell files apart.
 */
export function childSummaryFileName(summary: Pick<ChildRecordSummary, 'date' | 'caseId'>): string {
  const tag = summary.caseId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toLowerCase() || 'case';
  return `supervision-${summary.date}-child-record-entry-${tag}.txt`;
}
