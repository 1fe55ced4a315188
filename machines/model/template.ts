/**
 * Record templates as data. Each template reproduces one policy's own record form:
 * its headings exactly as the policy words them, in the policy's order. A new template
 * is one JSON file in machines/templates/ that parses with $RecordTemplateV1.
 */
import { z } from 'zod';
import { $NoticingSettingsV1 } from '../noticings/settings.ts';

export const supervisionFunctions = ['management', 'development', 'support', 'mediation'] as const;
export const $SupervisionFunction = z.enum(supervisionFunctions);
export type SupervisionFunction = z.infer<typeof $SupervisionFunction>;

/**
 * The 4x4x4 cycle's stage ids, as records made before models were data store them. Product code
 * reads a case's stages from its reflective model (machines/models/); these remain for tests and
 * for reading old data.
 */
export const cycleStages = ['experience', 'reflection', 'analysis', 'actionPlanning'] as const;
export const $CycleStage = z.enum(cycleStages);
export type CycleStage = z.infer<typeof $CycleStage>;
/** A stage id of any reflective model (the same rule as machines/model/reflectiveModel.ts, which imports this file). */
const $AnyStageId = z.string().regex(/^[a-z][A-Za-z0-9]*$/, 'A stage id such as actionPlanning (letters and digits, starting lower-case)');

const $Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lower-case letters, digits and hyphens');
const $PromptRef = z.string().regex(/^[a-z0-9-]+(\/[a-z0-9-]+)+$/, 'A prompt id such as sections/key-issues');

/** A labelled free-text field, worded as the policy words it (e.g. "Sickness absence:"). */
export const $FieldV1 = z.strictObject({
  id: $Id,
  label: z.string().min(1),
  hint: z.string().optional(),
});
export type FieldV1 = z.infer<typeof $FieldV1>;

/** What a section collects. One kind per section; the machine builds its step from this. */
export const $CollectsV1 = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('freeText') }),
  z.strictObject({ kind: z.literal('fields'), fields: z.array($FieldV1).min(1) }),
  z.strictObject({ kind: z.literal('previousActions') }),
  z.strictObject({ kind: z.literal('keyIssues') }),
  z.strictObject({
    kind: z.literal('cases'),
    /** Temple: one case chosen by the supervisor and one by the supervisee. */
    oneChosenByEach: z.boolean().default(false),
    minimum: z.number().int().min(0).default(1),
  }),
  z.strictObject({ kind: z.literal('actions') }),
  z.strictObject({ kind: z.literal('nextMeeting') }),
  z.strictObject({
    kind: z.literal('signatures'),
    /** The policy's words beside each signature, e.g. "Signature and date of supervisor". */
    supervisor: z.string().min(1),
    supervisee: z.string().min(1),
  }),
]);
export type CollectsV1 = z.infer<typeof $CollectsV1>;
export type SectionKind = CollectsV1['kind'];

/** Names the session machine uses for its own states: a section may not take them. */
export const reservedSectionIds = ['signed', 'focus'] as const;

export const $SectionV1 = z.strictObject({
  id: $Id,
  /** The heading exactly as the policy words it. */
  heading: z.string().min(1),
  collects: $CollectsV1,
  prompt: $PromptRef,
  functions: z.array($SupervisionFunction).min(1),
  /** The policy's full sentence where the heading is a shortened form of it. */
  policyWording: z.string().min(1).optional(),
  /** True where the policy's form has no such heading and the product adds one (said on screen). */
  addedByProduct: z.boolean().default(false),
  /** Restrict a section to some session types; absent means every type. */
  sessionTypes: z.array($Id).optional(),
  /**
   * True where the form's own heading covers escalation (Derby's "Professional challenges /
   * escalation/ risk"): the concerns escalated during the session are shown there as well as in
   * the record's log of escalations. Optional without a default, so a template copy saved with a
   * session before it existed parses unchanged.
   */
  recordsEscalations: z.boolean().optional(),
  /**
   * The prompt's own Markdown, for a template made in the app whose prompt is not in the bank
   * (prompts/). Shown instead of `prompt`'s text, through the same sanitiser. Optional without a
   * default, so copies saved with earlier sessions parse unchanged.
   */
  promptMarkdown: z.string().min(1).max(20000).optional(),
});
export type SectionV1 = z.infer<typeof $SectionV1>;

/**
 * One field of a case, placed in the stage it belongs to (by stage id: a 4x4x4 stage in every
 * template made before models were data). A field shows only in a case whose model has that stage.
 */
export const $CaseFieldV1 = $FieldV1.extend({ stage: $AnyStageId });

export const $CaseStructureV1 = z.strictObject({
  /** The policy's own name for the per-case structure, e.g. "Appendix 3 aide-memoire". */
  heading: z.string().min(1),
  /** What the policy calls the child or family (e.g. "Name of Student"). */
  caseLabel: z.string().min(1),
  /** Fields added to the model's stages; none where the template's model asks the policy's questions itself (Temple 1.1.0). */
  fields: z.array($CaseFieldV1),
});

export const $SessionTypeV1 = z.strictObject({ id: $Id, label: z.string().min(1) });

export const $RecordTemplateV1 = z
  .strictObject({
    schema: z.literal('record-template/v1'),
    id: $Id,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'A version such as 1.0.0'),
    title: z.string().min(1),
    source: z.strictObject({
      organisation: z.string().min(1),
      policy: z.string().min(1),
      appendix: z.string().min(1),
    }),
    /** A marking printed at the top of the record, e.g. "Private and Confidential". */
    marking: z.string().min(1).optional(),
    dateHeading: z.string().min(1).default('Date'),
    /** The two people: the form's heading for each, and the title of the role. */
    parties: z.strictObject({
      supervisor: z.strictObject({ heading: z.string().min(1), title: z.string().min(1) }),
      supervisee: z.strictObject({ heading: z.string().min(1), title: z.string().min(1) }),
    }),
    /** Where each child-record summary goes, in the policy's words. */
    childRecord: z.strictObject({ system: z.string().min(1) }),
    sessionTypes: z.array($SessionTypeV1).min(1),
    /** Optional policy structure for each case; the 4x4x4 prompts apply regardless. */
    caseStructure: $CaseStructureV1.optional(),
    /**
     * The reflective model each case runs by default (machines/models/, by id); the supervisor may
     * choose another at the start of a case. Absent: the 4x4x4 cycle. Optional without a default,
     * so copies saved with earlier sessions parse unchanged.
     */
    reflectiveModel: $Id.optional(),
    /**
     * The organisation's choice of the assistant's noticings for sessions using this template
     * (issue 21; machines/noticings/settings.ts): which are off, or all of them. Absent: all on.
     * Optional without a default, so copies saved with earlier sessions parse unchanged.
     */
    noticings: $NoticingSettingsV1.optional(),
    sections: z.array($SectionV1).min(1),
  })
  .superRefine((template, ctx) => {
    const ids = new Set<string>();
    template.sections.forEach((section, index) => {
      if ((reservedSectionIds as readonly string[]).includes(section.id)) {
        ctx.addIssue({ code: 'custom', path: ['sections', index, 'id'], message: `"${section.id}" is reserved for the session's own states; choose another section id` });
      }
      if (ids.has(section.id)) {
        ctx.addIssue({ code: 'custom', path: ['sections', index, 'id'], message: `Section id "${section.id}" is used twice` });
      }
      ids.add(section.id);
      for (const type of section.sessionTypes ?? []) {
        if (!template.sessionTypes.some((t) => t.id === type)) {
          ctx.addIssue({ code: 'custom', path: ['sections', index, 'sessionTypes'], message: `Unknown session type "${type}"` });
        }
      }
    });
    const escalationSections = template.sections.filter((s) => s.recordsEscalations);
    if (escalationSections.length > 1) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'Only one section records the escalations' });
    }
    if (escalationSections.some((s) => s.collects.kind === 'signatures')) {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'The signatures section cannot record the escalations' });
    }
    const kinds = template.sections.map((s) => s.collects.kind);
    const once = ['previousActions', 'cases', 'actions', 'nextMeeting', 'signatures'] as const;
    for (const kind of once) {
      const count = kinds.filter((k) => k === kind).length;
      if (count > 1) ctx.addIssue({ code: 'custom', path: ['sections'], message: `Only one "${kind}" section is allowed` });
    }
    // Every session reviews earlier actions before any case or new action is taken.
    const review = kinds.indexOf('previousActions');
    const firstWork = kinds.findIndex((k) => k === 'cases' || k === 'actions');
    if (review === -1 || (firstWork !== -1 && review > firstWork)) {
      ctx.addIssue({
        code: 'custom',
        path: ['sections'],
        message: 'A template reviews previous actions before cases and new actions are discussed',
      });
    }
    for (const kind of ['actions', 'signatures'] as const) {
      if (!kinds.includes(kind)) ctx.addIssue({ code: 'custom', path: ['sections'], message: `A template needs a "${kind}" section` });
    }
    if (kinds.at(-1) !== 'signatures') {
      ctx.addIssue({ code: 'custom', path: ['sections'], message: 'The signatures section comes last' });
    }
  });
export type RecordTemplateV1 = z.infer<typeof $RecordTemplateV1>;

/** The sections that apply to one session type, in template order. */
export function sectionsFor(template: RecordTemplateV1, sessionTypeId: string): SectionV1[] {
  return template.sections.filter((s) => !s.sessionTypes || s.sessionTypes.includes(sessionTypeId));
}

/**
 * When the supervisee brings a preparation, the session opens by agreeing its focus: which
 * of the issues and cases brought to take, and in what order. A template with its own
 * key-issues section (Somerset) does this there; any other gets this section first.
 */
export const focusSection: SectionV1 = {
  id: 'focus',
  heading: 'Issues and cases brought to supervision',
  policyWording: 'The supervisee brought these from their preparation. Agree which to take, and in what order.',
  addedByProduct: true,
  collects: { kind: 'keyIssues' },
  prompt: 'sections/key-issues',
  functions: ['management', 'support'],
};

/** The sections a session runs, in order: the template's, opened by agreeing the focus when something was brought. */
export function sessionSections(template: RecordTemplateV1, sessionTypeId: string, options: { focus: boolean }): SectionV1[] {
  const sections = sectionsFor(template, sessionTypeId);
  if (!options.focus || sections.some((s) => s.collects.kind === 'keyIssues')) return sections;
  return [focusSection, ...sections];
}
