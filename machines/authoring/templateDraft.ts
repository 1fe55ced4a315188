/**
 * A record template as the editor holds it while it is written: every value a plain string,
 * boolean or list (what a form field gives), kept as typed even when it is not yet a valid
 * template, so nothing typed is lost. `templateFromDraft` builds the candidate template and
 * validates it with $RecordTemplateV1 itself: the same schema and refinements as the built-in
 * templates, never a second set of rules. Each problem is given with the id of the field it
 * belongs to (`fieldIdFor`), so the error summary links to it.
 */
import { z } from 'zod';
import {
  $RecordTemplateV1,
  supervisionFunctions,
  type CollectsV1,
  type RecordTemplateV1,
  type SectionKind,
  type SectionV1,
} from '../model/template.ts';

export const sectionKinds = ['previousActions', 'keyIssues', 'cases', 'actions', 'nextMeeting', 'fields', 'freeText', 'signatures'] as const satisfies readonly SectionKind[];

const str = z.string().catch('');
const bool = z.boolean().catch(false);
const list = <T extends z.ZodType>(item: T) => z.array(item).catch([]);

/** What every own form's draft begins with (template, agreement, model): its id, version and title. */
export const draftHead = { id: str, version: z.string().catch('1.0.0'), title: str };
/** Where a template or an agreement comes from. */
export const draftSource = { organisation: str, policy: str, appendix: str };
/** The two parties' headings and titles on a template or an agreement. */
export const draftParties = { supervisorHeading: str, supervisorTitle: str, superviseeHeading: str, superviseeTitle: str };

export const $DraftFieldV1 = z.object({ id: str, label: str, hint: str });
export type DraftFieldV1 = z.infer<typeof $DraftFieldV1>;
/** A case field's stage, by id: a stage of the template's default model (the schema decides which ids it takes). */
export const $DraftCaseFieldV1 = $DraftFieldV1.extend({ stage: z.string().regex(/^[a-z][A-Za-z0-9]*$/).catch('experience') });
export type DraftCaseFieldV1 = z.infer<typeof $DraftCaseFieldV1>;

/** A guess made from a Word form: what the heading seemed to collect, until the author confirms it. */
export const $DraftGuessV1 = z.object({ kind: z.enum(sectionKinds), confirmed: bool });
export type DraftGuessV1 = z.infer<typeof $DraftGuessV1>;

export const $DraftSectionV1 = z.object({
  /** Stable while the section moves (React key); never stored in the template. */
  key: str,
  id: str,
  heading: str,
  policyWording: str,
  kind: z.enum(sectionKinds).catch('freeText'),
  fields: list($DraftFieldV1),
  oneChosenByEach: bool,
  minimum: z.number().int().min(0).catch(1),
  supervisorWords: str,
  superviseeWords: str,
  promptSource: z.enum(['bank', 'own']).catch('bank'),
  prompt: str,
  promptMarkdown: str,
  functions: list(z.enum(supervisionFunctions)),
  /** Empty: every session type. */
  sessionTypes: list(z.string()),
  recordsEscalations: bool,
  addedByProduct: bool,
  guess: $DraftGuessV1.nullable().catch(null),
});
export type DraftSectionV1 = z.infer<typeof $DraftSectionV1>;

export const $TemplateDraftV1 = z.object({
  ...draftHead,
  ...draftSource,
  marking: str,
  dateHeading: z.string().catch('Date'),
  ...draftParties,
  childRecordSystem: str,
  sessionTypes: list(z.object({ id: str, label: str })),
  /** '' : the 4x4x4 cycle (the schema's default). */
  reflectiveModel: str,
  caseStructure: z.object({ enabled: bool, heading: str, caseLabel: str, fields: list($DraftCaseFieldV1) }).catch({ enabled: false, heading: '', caseLabel: '', fields: [] }),
  /** The organisation's choice of the assistant's noticings; null: none made (every noticing on). A draft saved before it has none. */
  noticings: z.object({ on: z.boolean().catch(true), off: list(str) }).nullable().optional().catch(null),
  sections: list($DraftSectionV1),
});
export type TemplateDraftV1 = z.infer<typeof $TemplateDraftV1>;

/** Any stored draft, read leniently: a field that is missing or of the wrong type comes back empty (restore, never refuse). */
export function restoreTemplateDraft(value: unknown): TemplateDraftV1 {
  const parsed = $TemplateDraftV1.safeParse(value);
  return parsed.success ? parsed.data : blankTemplateDraft();
}

let keyCounter = 0;
export function newSectionKey(): string {
  keyCounter += 1;
  return `s${Date.now().toString(36)}${keyCounter}`;
}

/** The prompt from the bank a section of each kind starts with. */
export const defaultPromptFor: Record<SectionKind, string> = {
  previousActions: 'sections/review-previous-actions',
  keyIssues: 'sections/key-issues',
  cases: 'sections/case-discussion',
  actions: 'sections/plan-and-actions',
  nextMeeting: 'sections/next-meeting',
  fields: 'sections/any-other-business',
  freeText: 'sections/any-other-business',
  signatures: 'sections/signatures',
};

export const defaultFunctionsFor: Record<SectionKind, DraftSectionV1['functions']> = {
  previousActions: ['management'],
  keyIssues: ['management', 'support'],
  cases: ['management', 'development', 'support', 'mediation'],
  actions: ['management'],
  nextMeeting: ['management'],
  fields: ['support'],
  freeText: ['support'],
  signatures: ['management'],
};

export function blankSection(kind: SectionKind, heading = ''): DraftSectionV1 {
  return {
    key: newSectionKey(),
    id: slugOf(heading),
    heading,
    policyWording: '',
    kind,
    fields: kind === 'fields' ? [{ id: '', label: '', hint: '' }] : [],
    oneChosenByEach: false,
    minimum: 1,
    supervisorWords: kind === 'signatures' ? 'Signature of supervisor' : '',
    superviseeWords: kind === 'signatures' ? 'Signature of supervisee' : '',
    promptSource: 'bank',
    prompt: defaultPromptFor[kind],
    promptMarkdown: '',
    functions: [...defaultFunctionsFor[kind]],
    sessionTypes: [],
    recordsEscalations: false,
    addedByProduct: false,
    guess: null,
  };
}

/** How a new template's or agreement's draft begins: nothing named yet, version 1.0.0, the parties as "Supervisor" and "Supervisee". */
export function blankFormHead() {
  return {
    id: '',
    version: '1.0.0',
    title: '',
    organisation: '',
    policy: '',
    appendix: '',
    supervisorHeading: 'Supervisor',
    supervisorTitle: 'Supervisor',
    superviseeHeading: 'Supervisee',
    superviseeTitle: 'Supervisee',
  };
}

/** The head of a template's or agreement's draft, from the form itself (opened for editing or copying). */
export function formHeadOf(form: {
  id: string;
  version: string;
  title: string;
  source: { organisation: string; policy: string; appendix: string };
  parties: { supervisor: { heading: string; title: string }; supervisee: { heading: string; title: string } };
}): ReturnType<typeof blankFormHead> {
  return {
    id: form.id,
    version: form.version,
    title: form.title,
    organisation: form.source.organisation,
    policy: form.source.policy,
    appendix: form.source.appendix,
    supervisorHeading: form.parties.supervisor.heading,
    supervisorTitle: form.parties.supervisor.title,
    superviseeHeading: form.parties.supervisee.heading,
    superviseeTitle: form.parties.supervisee.title,
  };
}

/** A new template: the sections every template needs, in the order the rules ask for them. */
export function blankTemplateDraft(): TemplateDraftV1 {
  return {
    ...blankFormHead(),
    marking: '',
    dateHeading: 'Date',
    childRecordSystem: '',
    sessionTypes: [{ id: 'supervision', label: 'Supervision' }],
    reflectiveModel: '',
    caseStructure: { enabled: false, heading: '', caseLabel: '', fields: [] },
    sections: [
      blankSection('previousActions', 'Review of previous actions'),
      blankSection('cases', 'Case discussion'),
      blankSection('actions', 'Actions agreed'),
      blankSection('nextMeeting', 'Next meeting'),
      blankSection('signatures', 'Signatures'),
    ],
  };
}

/** An id from words: lower-case letters, digits and hyphens (the schema's rule). */
export function slugOf(words: string): string {
  return words
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48)
    .replace(/-+$/g, '');
}

function sectionDraftOf(section: SectionV1): DraftSectionV1 {
  const collects = section.collects;
  return {
    key: newSectionKey(),
    id: section.id,
    heading: section.heading,
    policyWording: section.policyWording ?? '',
    kind: collects.kind,
    fields: collects.kind === 'fields' ? collects.fields.map((f) => ({ id: f.id, label: f.label, hint: f.hint ?? '' })) : [],
    oneChosenByEach: collects.kind === 'cases' ? collects.oneChosenByEach : false,
    minimum: collects.kind === 'cases' ? collects.minimum : 1,
    supervisorWords: collects.kind === 'signatures' ? collects.supervisor : '',
    superviseeWords: collects.kind === 'signatures' ? collects.supervisee : '',
    promptSource: section.promptMarkdown ? 'own' : 'bank',
    prompt: section.prompt,
    promptMarkdown: section.promptMarkdown ?? '',
    functions: [...section.functions],
    sessionTypes: [...(section.sessionTypes ?? [])],
    recordsEscalations: section.recordsEscalations ?? false,
    addedByProduct: section.addedByProduct,
    guess: null,
  };
}

/** A template opened for editing (or copying). */
export function draftFromTemplate(template: RecordTemplateV1): TemplateDraftV1 {
  return {
    ...formHeadOf(template),
    marking: template.marking ?? '',
    dateHeading: template.dateHeading,
    childRecordSystem: template.childRecord.system,
    sessionTypes: template.sessionTypes.map((t) => ({ ...t })),
    reflectiveModel: template.reflectiveModel ?? '',
    noticings: template.noticings ? { on: template.noticings.on, off: [...template.noticings.off] } : null,
    caseStructure: template.caseStructure
      ? {
          enabled: true,
          heading: template.caseStructure.heading,
          caseLabel: template.caseStructure.caseLabel,
          fields: template.caseStructure.fields.map((f) => ({ id: f.id, label: f.label, hint: f.hint ?? '', stage: f.stage })),
        }
      : { enabled: false, heading: '', caseLabel: '', fields: [] },
    sections: template.sections.map(sectionDraftOf),
  };
}

const optional = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

function collectsOf(section: DraftSectionV1): CollectsV1 | Record<string, unknown> {
  switch (section.kind) {
    case 'fields':
      return { kind: 'fields', fields: section.fields.map((f) => ({ id: f.id, label: f.label, ...(optional(f.hint) ? { hint: f.hint } : {}) })) };
    case 'cases':
      return { kind: 'cases', oneChosenByEach: section.oneChosenByEach, minimum: section.minimum };
    case 'signatures':
      return { kind: 'signatures', supervisor: section.supervisorWords, supervisee: section.superviseeWords };
    default:
      return { kind: section.kind };
  }
}

/** The candidate template as the draft describes it (not yet validated). */
export function candidateOf(draft: TemplateDraftV1): Record<string, unknown> {
  return {
    schema: 'record-template/v1',
    id: draft.id,
    version: draft.version,
    title: draft.title,
    source: { organisation: draft.organisation, policy: draft.policy, appendix: draft.appendix },
    ...(optional(draft.marking) ? { marking: draft.marking } : {}),
    dateHeading: draft.dateHeading,
    parties: {
      supervisor: { heading: draft.supervisorHeading, title: draft.supervisorTitle },
      supervisee: { heading: draft.superviseeHeading, title: draft.superviseeTitle },
    },
    childRecord: { system: draft.childRecordSystem },
    sessionTypes: draft.sessionTypes.map((t) => ({ id: t.id, label: t.label })),
    ...(draft.caseStructure.enabled
      ? {
          caseStructure: {
            heading: draft.caseStructure.heading,
            caseLabel: draft.caseStructure.caseLabel,
            fields: draft.caseStructure.fields.map((f) => ({ id: f.id, label: f.label, stage: f.stage, ...(optional(f.hint) ? { hint: f.hint } : {}) })),
          },
        }
      : {}),
    ...(optional(draft.reflectiveModel) ? { reflectiveModel: draft.reflectiveModel } : {}),
    ...(draft.noticings ? { noticings: { schema: 'noticing-settings/v1', on: draft.noticings.on, off: draft.noticings.off } } : {}),
    sections: draft.sections.map((s) => ({
      id: s.id,
      heading: s.heading,
      collects: collectsOf(s),
      // A prompt written with the section is shown instead of the bank's; its id names it as the template's own.
      prompt: s.promptSource === 'own' ? `own/${s.id || 'section'}` : s.prompt,
      ...(s.promptSource === 'own' ? { promptMarkdown: s.promptMarkdown } : {}),
      functions: s.functions,
      ...(optional(s.policyWording) ? { policyWording: s.policyWording } : {}),
      ...(s.addedByProduct ? { addedByProduct: true } : {}),
      ...(s.sessionTypes.length > 0 ? { sessionTypes: s.sessionTypes } : {}),
      ...(s.recordsEscalations ? { recordsEscalations: true } : {}),
    })),
  };
}

export type DraftProblem = { fieldId: string; message: string };

/** The id of the editor's field for a place in the template (as a zod issue's path gives it). */
export function fieldIdFor(path: readonly PropertyKey[]): string {
  const parts = path.map(String);
  const [head, ...rest] = parts;
  // The draft's own fields, where the template nests them.
  if (head === 'source' && rest[0]) return `tpl-${rest[0]}`;
  if (head === 'parties' && rest[0] && rest[1]) return `tpl-${rest[0]}-${rest[1]}`;
  if (head === 'childRecord') return 'tpl-child-record';
  if (head === 'sessionTypes') return rest.length >= 2 ? `tpl-session-types-${rest[0]}-${rest[1]}` : 'tpl-session-types';
  if (head === 'caseStructure') {
    if (rest[0] === 'fields') return rest.length >= 3 ? `tpl-case-fields-${rest[1]}-${rest[2]}` : 'tpl-case-fields';
    return rest[0] ? `tpl-case-${rest[0]}` : 'tpl-case-heading';
  }
  if (head === 'sections') {
    const index = rest[0];
    if (index === undefined) return 'tpl-sections';
    const prefix = `tpl-section-${index}`;
    const field = rest[1];
    if (field === undefined) return `${prefix}-heading`;
    if (field === 'collects') {
      if (rest[2] === 'fields') return rest.length >= 5 ? `${prefix}-fields-${rest[3]}-${rest[4]}` : `${prefix}-fields`;
      if (rest[2] === 'supervisor' || rest[2] === 'supervisee') return `${prefix}-${rest[2]}-words`;
      if (rest[2] === 'minimum') return `${prefix}-minimum`;
      return `${prefix}-kind`;
    }
    if (field === 'prompt' || field === 'promptMarkdown') return `${prefix}-prompt`;
    return `${prefix}-${field === 'sessionTypes' ? 'session-types' : field === 'recordsEscalations' ? 'escalations' : field === 'policyWording' ? 'policy-wording' : field}`;
  }
  if (head === 'reflectiveModel') return 'tpl-model';
  if (head === 'dateHeading') return 'tpl-date-heading';
  return `tpl-${head ?? 'title'}`;
}

/** Words for the field a problem is about, so the summary says where it is ("Section 3, heading: …"). */
function whereOf(path: readonly PropertyKey[], draft: TemplateDraftV1, words: TemplateProblemWords): string {
  if (path[0] === 'sections' && typeof path[1] === 'number') {
    const section = draft.sections[path[1]];
    return words.section(path[1] + 1, section?.heading ?? '');
  }
  if (path[0] === 'caseStructure') return words.caseStructure;
  if (path[0] === 'sessionTypes') return words.sessionTypes;
  return '';
}

export type TemplateProblemWords = {
  section: (number: number, heading: string) => string;
  caseStructure: string;
  sessionTypes: string;
  guessUnchecked: (heading: string, kind: string) => string;
  modelUnknown: (id: string) => string;
  idTaken: (id: string) => string;
  kindName: (kind: SectionKind) => string;
};

export type TemplateCheck = { ok: true; template: RecordTemplateV1 } | { ok: false; problems: DraftProblem[] };

/**
 * Validates the draft as a template. Beyond the schema: a guess from a Word form must be checked
 * before the template is saved (hazard H43), and the default model must be one this device has.
 */
export function templateFromDraft(
  draft: TemplateDraftV1,
  words: TemplateProblemWords,
  options: { modelIds: readonly string[]; takenIds?: readonly string[] } = { modelIds: [] },
): TemplateCheck {
  const problems: DraftProblem[] = [];
  const parsed = $RecordTemplateV1.safeParse(candidateOf(draft));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const where = whereOf(issue.path, draft, words);
      problems.push({ fieldId: fieldIdFor(issue.path), message: where ? `${where}: ${issue.message}` : issue.message });
    }
  }
  draft.sections.forEach((section, index) => {
    if (section.guess && !section.guess.confirmed) {
      problems.push({ fieldId: `tpl-section-${index}-guess`, message: words.guessUnchecked(section.heading, words.kindName(section.guess.kind)) });
    }
  });
  if (draft.reflectiveModel && !options.modelIds.includes(draft.reflectiveModel)) problems.push({ fieldId: 'tpl-model', message: words.modelUnknown(draft.reflectiveModel) });
  if (options.takenIds?.includes(draft.id)) problems.push({ fieldId: 'tpl-id', message: words.idTaken(draft.id) });
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: dedupe(problems) };
  return { ok: true, template: parsed.data };
}

function dedupe(problems: DraftProblem[]): DraftProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.fieldId}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Moves one item of a list up or down (nothing moves past either end). */
export function moved<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const to = index + by;
  if (index < 0 || index >= items.length || to < 0 || to >= items.length) return [...items];
  const next = [...items];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}
