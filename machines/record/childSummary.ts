/**
 * The child-record summary: the entry a supervisee copies into one child's own record
 * (the template says where: a health record, a case file, CPOMS). The child's record can be
 * disclosed to the family, and the policies ask it for the outcome of the discussion, not the
 * discussion itself: "a summary of the discussion" and "agreed actions and timescales" (Derby
 * 3.2.1), "that a supervision discussion took place" with "any agreed actions" (Somerset
 * Appendix 1 §3), "case management decisions" (Temple). So by default an entry carries the
 * date, that a discussion took place and of which kind, who held it, the analysis, the plan,
 * the actions agreed for this child (owner and timescale) and any concern escalated about them.
 * The supervisee's reflection (the Reflection stage, with any policy field placed in it) and
 * their account of what happened (Experience) belong to the supervision record: an entry
 * carries them only when chosen for that case (`include`), a choice kept beside the signed
 * record, never in it. In any reflective model, the stages are chosen by their role: the
 * analysis stages and the plan stage by default, the account and reflection stages when chosen.
 *
 * It must never identify another child discussed in the same session. Everything taken
 * from what people typed (answers, actions, escalations, names and roles) passes through
 * withholdOtherChildren; the fixed wording of this module and of the template cannot name
 * a child, so it is left whole rather than mangled by common words in other labels.
 *
 * The text is meant to be pasted as it is: no instructions inside it, the child's label once
 * (in its heading), each person's name once, and typed text joined to the entry's own words
 * without doubling their punctuation or spaces.
 */
import type { RecordTemplateV1 } from '../model/template.ts';
import { childRecordExtras, childRecordRoles, extraRole, type ChildRecordExtra } from './childRecordChoices.ts';
import type { ModelStageV1, ReflectiveModelV1, StageRole } from '../model/reflectiveModel.ts';
import { modelOfCase, models as shippedModels } from '../models/index.ts';
import type { ActionOwner, CaseDiscussionV1, PersonV1, SessionContentV1 } from '../model/record.ts';
import { caseLabelOf } from './document.ts';
import { formatDate, formatInstant } from '../dates/format.ts';
import { anotherChild, withholdOtherChildren } from './withhold.ts';
import { labelled, recordWording } from './wording.ts';
import { childRecordWords } from '../noticings/followUp.ts';

const w = recordWording.childSummary;

export type ChildRecordSummary = {
  caseId: string;
  caseLabel: string;
  /** The supervision date (YYYY-MM-DD), never the day the summary is made. */
  date: string;
  /** The stages chosen beyond the default, in cycle order. */
  included: ChildRecordExtra[];
  text: string;
  /** Other children's names (and parts of them) replaced by "[another child]". */
  withheld: string[];
  /**
   * Words in what was typed for this entry that look like someone's name and are not this child's,
   * the supervisor's or the supervisee's: for the person copying it to check (only with a name finder).
   */
  possibleNames: string[];
};

/** Finds people's names in text (machines/review/names.ts's createNameCheck; injected, so this module stays light). */
export type NameFinder = (options: { allowed: readonly string[] }) => { namesIn(text: string): readonly { text: string }[] };

export type ChildRecordSummaryOptions = {
  /** The stages to carry beyond the default (the per-case choice); none when absent. */
  include?: readonly ChildRecordExtra[];
  /**
   * With a name finder, names found in what was typed for the session's other cases are withheld
   * too (a sibling named only in another child's discussion), and names found in this entry's typed
   * text that are not this child's or the parties' are listed for checking (`possibleNames`).
   */
  names?: NameFinder;
  /** The reflective models the session's cases may have run with (the shipped ones by default; a model not among them is read from the record). */
  models?: readonly ReflectiveModelV1[];
};

/** Typed text as the entry holds it: spaces collapsed within each line (and none before a mark ending a word), blank lines dropped. */
function tidy(text: string): string {
  return text
    .split(/\r?\n|\r/)
    .map((line) => line.replace(/\s+/g, ' ').replace(/ ([.,;:!?…]+)(?= |$)/gu, '$1').trim())
    .filter(Boolean)
    .join('\n');
}

/** Typed text for one line of the entry: its lines joined, with a semicolon where a line had no closing mark. */
function oneLine(text: string): string {
  return tidy(text).replace(/([.!?…;:,])?\n/gu, (_match, mark: string | undefined) => (mark ? `${mark} ` : '; '));
}

/** Typed text inside a sentence of the entry's own: its closing punctuation gives way to the entry's. */
function phrase(text: string): string {
  return text.replace(/[\s.,;:!?…]+$/u, '');
}

/**
 * Typed text as whole sentences: it ends with one closing mark, its own (a question stays a
 * question; "..." becomes "…") or else a full stop; a comma, colon or doubled mark at the end
 * gives way to it.
 */
function sentences(text: string): string {
  const [, body = '', ending = ''] = /^(.*?)([\s.,;:!?…]*)$/su.exec(text) ?? [];
  if (!body) return '';
  if (/[.!?…]["”’)\]]+$/u.test(body)) return body;
  const mark = ending.includes('...') ? '…' : (/[.!?…]/u.exec(ending)?.[0] ?? '.');
  return `${body}${mark}`;
}

/** "Sam Supervisor, Named Nurse": a person's name and role, each tidied, either possibly empty. */
function personText(person: Pick<PersonV1, 'name' | 'role'>): string {
  return [person.name, person.role].map((part) => phrase(oneLine(part))).filter(Boolean).join(', ') || recordWording.notRecorded;
}

/**
 * Who owns an action. The supervisor and supervisee are named once, beside their titles, at
 * the top of the entry; their actions carry the title alone, so no name is written twice.
 */
function ownerText(template: RecordTemplateV1, owner: ActionOwner): string {
  switch (owner.kind) {
    case 'supervisor':
      return template.parties.supervisor.title;
    case 'supervisee':
      return template.parties.supervisee.title;
    case 'other':
      return phrase(oneLine(owner.name)) || recordWording.actions.otherUnnamed;
    default:
      return recordWording.actions.noOwner;
  }
}

/** The practitioner's answers to follow-ups at a stage the entry takes (followUp.ts: childRecordWords), one per line. */
function followUpWords(discussion: CaseDiscussionV1, modelStage: ModelStageV1, roles: readonly StageRole[]): string[] {
  return childRecordWords(modelStage.role, '', discussion.followUps?.[modelStage.id] ?? [], roles).split('\n').filter((t) => t.trim() !== '');
}

/**
 * One stage as the entry gives it: each of the policy's own fields on a line under its label
 * (Temple's aide-memoire: "Identified Risks/Issues? …"), what was written without one after the
 * stage's title, and the reason when the stage was skipped.
 */
function stageLines(template: RecordTemplateV1, discussion: CaseDiscussionV1, modelStage: ModelStageV1, withhold: (text: string) => string, roles: readonly StageRole[]): string[] {
  const { name: title, id: stage } = modelStage;
  const skipped = oneLine(discussion.skipped[stage] ?? '');
  const answers = discussion.stages[stage] ?? {};
  const typed = (id: string) => withhold(tidy(answers[id] ?? ''));
  const policyFields = (template.caseStructure?.fields ?? []).filter((f) => f.stage === stage);
  const fields = policyFields.flatMap((f) => {
    const text = typed(f.id);
    return text ? [sentences(labelled(f.label, text))] : [];
  });
  const notes = Object.keys(answers)
    .filter((id) => !policyFields.some((f) => f.id === id))
    .map(typed)
    .filter(Boolean)
    .map(sentences);
  // The practitioner's own answers to the assistant's follow-ups here, never the questions (issue 21).
  notes.push(...followUpWords(discussion, modelStage, roles).map((text) => withhold(tidy(text))).filter(Boolean).map(sentences));
  if (skipped) notes.unshift(sentences(recordWording.cases.skipped(phrase(withhold(skipped)))));
  if (notes.length === 0 && fields.length === 0) notes.push(`${recordWording.nothingRecorded}.`);
  return [...(notes.length > 0 ? [`${title}: ${notes.join(' ')}`] : []), ...fields];
}

export function childRecordSummary(
  template: RecordTemplateV1,
  content: SessionContentV1,
  caseId: string,
  options: ChildRecordSummaryOptions = {},
): ChildRecordSummary {
  const discussion = content.cases.find((c) => c.id === caseId);
  if (!discussion) throw new Error(`No case ${caseId} was discussed in session ${content.sessionId}`);
  const caseLabel = caseLabelOf(discussion);
  const others = content.cases.filter((c) => c.id !== caseId);
  const otherLabels = others.map((c) => c.label);
  // Whose names may stand in this entry: this child's and the two people who held the supervision.
  const allowed = [caseLabel, content.parties.supervisor.name, content.parties.supervisee.name].flatMap((name) => name.split(/[\s'’-]+/)).filter(Boolean);
  const finder = options.names?.({ allowed });
  // Names written in another child's discussion (its stages, skips, actions, escalations) are theirs to keep.
  const namesElsewhere = finder ? [...new Set(others.flatMap((other) => typedFor(content, other).flatMap((text) => finder.namesIn(text).map((name) => name.text))))] : [];
  const withholder = withholdOtherChildren(caseLabel, [...otherLabels, ...namesElsewhere]);
  // Inside brackets someone typed, the withheld name reads without brackets of its own, so brackets never nest.
  const withhold = (text: string) => withholder.withhold(text).replace(/\(([^()]*)\)/g, (whole) => whole.replaceAll(anotherChild, anotherChild.slice(1, -1)));
  const { parties } = template;
  const sessionType = template.sessionTypes.find((t) => t.id === content.sessionType)?.label ?? content.sessionType;
  const included = childRecordExtras.filter((stage) => options.include?.includes(stage));
  const available = options.models ?? shippedModels;
  const model = modelOfCase(discussion, available);
  const roles: StageRole[] = [...childRecordRoles, ...included.map((extra) => extraRole[extra])];
  const stages = model.stages.filter((stage) => roles.includes(stage.role));

  const actions = content.actions.filter((action) => action.caseId === caseId);
  const escalations = content.escalations.filter((e) => e.caseId === caseId);

  const groups: string[][] = [
    [
      w.heading(oneLine(caseLabel)),
      labelled(w.date, formatDate(content.date)),
      labelled(w.sessionType, phrase(oneLine(sessionType))),
      w.tookPlace,
      labelled(parties.supervisor.title, withhold(personText(content.parties.supervisor))),
      labelled(parties.supervisee.title, withhold(personText(content.parties.supervisee))),
    ],
    [w.summaryHeading, ...stages.flatMap((stage) => stageLines(template, discussion, stage, withhold, roles)), ...(discussion.complete ? [] : [w.setAside])],
    [
      w.actionsHeading,
      ...(actions.length === 0
        ? [w.noActions]
        : actions.map((action, index) => {
            const what = phrase(withhold(oneLine(action.what))) || recordWording.nothingRecorded;
            const due = action.dueDate ? w.due(formatDate(action.dueDate)) : w.noDueDate;
            return `${index + 1}. ${what} — ${withhold(ownerText(template, action.owner))}; ${due}.`;
          })),
    ],
    ...(escalations.length === 0
      ? []
      : [
          [
            w.escalationsHeading,
            ...escalations.map((e) =>
              w.escalation(
                formatInstant(e.raisedAt),
                sentences(withhold(oneLine(e.concern)) || recordWording.nothingRecorded),
                sentences(withhold(oneLine(e.actionTaken)) || recordWording.escalations.noAction),
              ),
            ),
          ],
        ]),
  ];

  // What was typed for this entry, as it reads in it (other children already withheld).
  const typedHere = [
    ...stages.flatMap((stage) => Object.values(discussion.stages[stage.id] ?? {}).concat(discussion.skipped[stage.id] ?? [], followUpWords(discussion, stage, roles))),
    ...actions.map((action) => action.what),
    ...escalations.flatMap((e) => [e.concern, e.actionTaken]),
  ].map(withhold);
  const possibleNames = finder ? [...new Set(typedHere.flatMap((text) => finder.namesIn(text).map((name) => name.text)))] : [];

  return {
    caseId,
    caseLabel,
    date: content.date,
    included,
    text: `${groups.map((g) => g.join('\n')).join('\n\n')}\n`,
    withheld: withholder.withheld(),
    possibleNames,
  };
}

/** Everything typed in a case's discussion: its stages' answers, skip reasons, its actions and the concerns escalated about it. */
function typedFor(content: SessionContentV1, discussion: CaseDiscussionV1): string[] {
  return [
    // Every stage stored, whatever the model: another child's name anywhere in their discussion is theirs.
    ...Object.keys({ ...discussion.stages, ...discussion.skipped }).flatMap((stage) =>
      Object.values(discussion.stages[stage] ?? {}).concat(
        discussion.skipped[stage] ?? [],
        (discussion.followUps?.[stage] ?? []).flatMap((f) => (f.outcome === 'answered' && f.answer ? [f.answer] : [])),
      ),
    ),
    ...content.actions.filter((action) => action.caseId === discussion.id).map((action) => action.what),
    ...content.escalations.filter((e) => e.caseId === discussion.id).flatMap((e) => [e.concern, e.actionTaken]),
  ];
}

/** Just the text, for callers that only paste it. */
export function childRecordSummaryText(template: RecordTemplateV1, content: SessionContentV1, caseId: string, options: ChildRecordSummaryOptions = {}): string {
  return childRecordSummary(template, content, caseId, options).text;
}

/**
 * The download's file name. It never carries the child's name or label: a Downloads folder
 * on a shared device is not confidential. The case id's opening characters tell files apart.
 */
export function childSummaryFileName(summary: Pick<ChildRecordSummary, 'date' | 'caseId'>, extension = 'txt'): string {
  const tag = summary.caseId.replace(/[^A-Za-z0-9]/g, '').slice(0, 8).toLowerCase() || 'case';
  return `supervision-${summary.date}-child-record-entry-${tag}.${extension}`;
}
