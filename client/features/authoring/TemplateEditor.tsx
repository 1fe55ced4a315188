/**
 * The record template editor: every part of a template in a form, the sections in order (add,
 * remove, move up or down by buttons), validated by $RecordTemplateV1 itself with each problem
 * listed by field, and beside it the record as it will print, built by the record document
 * builder from an empty record. The draft is kept on this device as it is typed (FormEditorScreen).
 */
import { memo, useMemo, useState } from 'react';
import { cycleStages, type RecordTemplateV1 } from '../../../machines/model/template.ts';
import { promptIds, getPrompt } from '../../../prompts/index.ts';
import { buildRecordDocument } from '../../../machines/record/document.ts';
import type { SessionContentV1 } from '../../../machines/model/record.ts';
import {
  blankSection,
  candidateOf,
  sectionKinds,
  slugOf,
  templateFromDraft,
  type DraftSectionV1,
  type TemplateDraftV1,
} from '../../../machines/authoring/templateDraft.ts';
import { EditorHeading, FunctionsField, PromptFields, useDraftEditor } from './useDraftEditor.tsx';
import { authoringCopy, templateProblemWords } from '../../content/authoringCopy.ts';
import { localIsoDate } from '../../content/format.ts';
import { Input } from '../../components/Input.tsx';
import { Select } from '../../components/Select.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';
import { PromptText } from '../../components/PromptText.tsx';
import { RecordDocument } from '../../components/RecordDocument.tsx';
import { PreviewBoundary } from './PreviewBoundary.tsx';
import { TemplateNoticings } from '../noticings/TemplateNoticings.tsx';

const w = authoringCopy.editor;

export type TemplateEditorProps = {
  draft: TemplateDraftV1;
  onChange: (draft: TemplateDraftV1) => void;
  /** Saves a valid template; answers the message to show. */
  onSave: (template: RecordTemplateV1) => Promise<{ ok: true; message: string } | { ok: false; message: string }>;
  /** The reflective models a template can name by default (built in and own), with their stages (for the case fields). */
  models: readonly { id: string; title: string; stages: readonly { id: string; name: string }[] }[];
  /** Ids other forms already use (built in, and own ones this draft does not edit). */
  takenIds: readonly string[];
  today: Date;
};

/** An empty record of this template, as a new session would begin it (for the preview). */
function emptyRecord(template: RecordTemplateV1, today: Date): SessionContentV1 {
  return {
    sessionId: 'preview-record',
    templateId: template.id,
    templateVersion: template.version,
    sessionType: template.sessionTypes[0]?.id ?? '',
    date: localIsoDate(today),
    parties: {
      supervisor: { name: w.previewPerson.supervisor, role: w.previewPerson.role },
      supervisee: { personId: 'preview-person', name: w.previewPerson.supervisee, role: w.previewPerson.role },
    },
    answers: {},
    fields: {},
    keyIssues: [],
    priorityAgreed: false,
    previousActions: [],
    reviews: {},
    cases: [],
    noCasesReason: '',
    actions: [],
    nextMeeting: { date: '', time: '', venue: '' },
    escalations: [],
    signatures: { supervisor: null, supervisee: null },
    contentHash: null,
    furthestSection: template.sections.length,
    refusal: [],
  };
}

/**
 * The preview renders the draft as it stands, valid or not (the draft always has the template's
 * shape; only its values may break a rule): only a valid template is ever saved or used.
 */
const Preview = memo(function Preview({ draft, today }: { draft: TemplateDraftV1; today: Date }) {
  const doc = useMemo(() => {
    try {
      const template = candidateOf(draft) as unknown as RecordTemplateV1;
      return buildRecordDocument(template, emptyRecord(template, today));
    } catch {
      return null;
    }
  }, [draft, today]);
  return (
    // Focusable: at desktop widths it scrolls on its own, and a keyboard must be able to scroll it.
    <section className="app-authoring__preview" aria-labelledby="tpl-preview-title" tabIndex={0}>
      <h2 className="nhsuk-heading-m" id="tpl-preview-title">
        {w.preview}
      </h2>
      {doc ? (
        <PreviewBoundary resetKey={doc} fallback={<p>{w.previewUnavailable}</p>}>
          <RecordDocument doc={doc} />
        </PreviewBoundary>
      ) : (
        <p>{w.previewUnavailable}</p>
      )}
    </section>
  );
});

export function TemplateEditor({ draft, onChange, onSave, models, takenIds, today }: TemplateEditorProps) {
  const modelIds = useMemo(() => models.map((m) => m.id), [models]);
  const check = useMemo(() => templateFromDraft(draft, templateProblemWords, { modelIds, takenIds }), [draft, modelIds, takenIds]);
  const { shown, errorFor, set, move: moveItem, save, saved, moveNote, focusOn } = useDraftEditor({
    draft,
    onChange,
    checked: check.ok ? { ok: true as const, value: check.template } : check,
    onSave,
    idField: 'tpl-id',
  });

  const setSection = (index: number, change: Partial<DraftSectionV1>) =>
    set({ sections: draft.sections.map((s, i) => (i === index ? { ...s, ...change } : s)) });

  // Focus stays with the button pressed, or its pair where the section reached an end.
  const move = (index: number, by: -1 | 1) => moveItem(draft.sections, index, by, (sections) => set({ sections }), 'tpl-move', w.moved);


  // A case field sits in a stage of the template's default model (the 4x4x4 cycle unless another is chosen).
  const caseModel = models.find((m) => m.id === (draft.reflectiveModel || '4x4x4'));
  const stageOptions = (stage: string) => {
    const options = caseModel ? caseModel.stages.map((s) => ({ value: s.id, label: s.name })) : cycleStages.map((s) => ({ value: s, label: w.stages[s] ?? s }));
    return options.some((o) => o.value === stage) ? options : [...options, { value: stage, label: stage }];
  };
  const sessionTypeOptions = draft.sessionTypes.filter((t) => t.id.trim()).map((t) => ({ value: t.id, label: t.label || t.id }));

  return (
    <div className="app-authoring">
      <div className="app-authoring__form">
        <EditorHeading errorTitle={w.errorTitle} errors={shown} title={draft.title.trim() || w.templateTitle} saved={saved} moveNote={moveNote} />

        <h2 className="nhsuk-heading-m">{w.about}</h2>
        <Input id="tpl-title" label={w.title} hint={w.titleHint} value={draft.title} onChange={(title) => set({ title })} error={errorFor('tpl-title')} />
        <Input id="tpl-id" label={w.id} hint={w.idHint} value={draft.id} onChange={(id) => set({ id })} error={errorFor('tpl-id')} />
        <Input id="tpl-version" label={w.version} hint={w.versionHint} value={draft.version} onChange={(version) => set({ version })} error={errorFor('tpl-version')} width={10} />
        <Input id="tpl-organisation" label={w.organisation} value={draft.organisation} onChange={(organisation) => set({ organisation })} error={errorFor('tpl-organisation')} />
        <Input id="tpl-policy" label={w.policy} value={draft.policy} onChange={(policy) => set({ policy })} error={errorFor('tpl-policy')} />
        <Input id="tpl-appendix" label={w.appendix} hint={w.appendixHint} value={draft.appendix} onChange={(appendix) => set({ appendix })} error={errorFor('tpl-appendix')} />
        <Input id="tpl-marking" label={w.marking} hint={w.markingHint} value={draft.marking} onChange={(marking) => set({ marking })} error={errorFor('tpl-marking')} />
        <Input id="tpl-date-heading" label={w.dateHeading} value={draft.dateHeading} onChange={(dateHeading) => set({ dateHeading })} error={errorFor('tpl-date-heading')} />
        <Input id="tpl-supervisor-heading" label={w.supervisorHeading} value={draft.supervisorHeading} onChange={(supervisorHeading) => set({ supervisorHeading })} error={errorFor('tpl-supervisor-heading')} />
        <Input id="tpl-supervisor-title" label={w.supervisorTitle} value={draft.supervisorTitle} onChange={(supervisorTitle) => set({ supervisorTitle })} error={errorFor('tpl-supervisor-title')} />
        <Input id="tpl-supervisee-heading" label={w.superviseeHeading} value={draft.superviseeHeading} onChange={(superviseeHeading) => set({ superviseeHeading })} error={errorFor('tpl-supervisee-heading')} />
        <Input id="tpl-supervisee-title" label={w.superviseeTitle} value={draft.superviseeTitle} onChange={(superviseeTitle) => set({ superviseeTitle })} error={errorFor('tpl-supervisee-title')} />
        <Input id="tpl-child-record" label={w.childRecord} hint={w.childRecordHint} value={draft.childRecordSystem} onChange={(childRecordSystem) => set({ childRecordSystem })} error={errorFor('tpl-child-record')} />
        <Select
          id="tpl-model"
          label={w.model}
          hint={w.modelHint}
          noneLabel={w.modelDefault}
          value={draft.reflectiveModel}
          options={models.filter((m) => m.id !== '4x4x4').map((m) => ({ value: m.id, label: m.title }))}
          onChange={(reflectiveModel) => set({ reflectiveModel })}
          error={errorFor('tpl-model')}
        />
        <TemplateNoticings value={draft.noticings ?? null} onChange={(noticings) => set({ noticings })} />

        <fieldset className="nhsuk-fieldset" id="tpl-session-types">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{w.sessionTypes}</legend>
          {errorFor('tpl-session-types') && <p className="nhsuk-error-message">{errorFor('tpl-session-types')}</p>}
          {draft.sessionTypes.map((type, j) => (
            <div className="app-authoring__row" key={j}>
              <Input id={`tpl-session-types-${j}-label`} label={w.sessionTypeLabel(j + 1)} value={type.label} onChange={(label) => set({ sessionTypes: draft.sessionTypes.map((t, k) => (k === j ? { id: t.id || slugOf(label), label } : t)) })} error={errorFor(`tpl-session-types-${j}-label`)} />
              <Input id={`tpl-session-types-${j}-id`} label={w.sessionTypeId(j + 1)} value={type.id} onChange={(id) => set({ sessionTypes: draft.sessionTypes.map((t, k) => (k === j ? { ...t, id } : t)) })} error={errorFor(`tpl-session-types-${j}-id`)} />
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => set({ sessionTypes: draft.sessionTypes.filter((_, k) => k !== j) })}>
                {w.removeSessionType(j + 1)}
              </button>
            </div>
          ))}
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => set({ sessionTypes: [...draft.sessionTypes, { id: '', label: '' }] })}>
            {w.addSessionType}
          </button>
        </fieldset>

        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">{w.caseStructure}</legend>
          <Checkbox id="tpl-case-enabled" label={w.caseStructureUse} checked={draft.caseStructure.enabled} onChange={(enabled) => set({ caseStructure: { ...draft.caseStructure, enabled } })} />
          {draft.caseStructure.enabled && (
            <>
              <Input id="tpl-case-heading" label={w.caseHeading} value={draft.caseStructure.heading} onChange={(heading) => set({ caseStructure: { ...draft.caseStructure, heading } })} error={errorFor('tpl-case-heading')} />
              <Input id="tpl-case-caseLabel" label={w.caseLabel} value={draft.caseStructure.caseLabel} onChange={(caseLabel) => set({ caseStructure: { ...draft.caseStructure, caseLabel } })} error={errorFor('tpl-case-caseLabel')} />
              <div id="tpl-case-fields">
                {errorFor('tpl-case-fields') && <p className="nhsuk-error-message">{errorFor('tpl-case-fields')}</p>}
                {draft.caseStructure.fields.map((field, j) => {
                  const setField = (change: Partial<typeof field>) => set({ caseStructure: { ...draft.caseStructure, fields: draft.caseStructure.fields.map((f, k) => (k === j ? { ...f, ...change } : f)) } });
                  return (
                    <div className="app-authoring__row" key={j}>
                      <Input id={`tpl-case-fields-${j}-label`} label={w.caseFieldLabel(j + 1)} value={field.label} onChange={(label) => setField({ label, id: field.id || slugOf(label) })} error={errorFor(`tpl-case-fields-${j}-label`)} />
                      <Input id={`tpl-case-fields-${j}-id`} label={w.caseFieldId(j + 1)} value={field.id} onChange={(id) => setField({ id })} error={errorFor(`tpl-case-fields-${j}-id`)} />
                      <Select id={`tpl-case-fields-${j}-stage`} label={w.caseFieldStage(j + 1)} value={field.stage} options={stageOptions(field.stage)} onChange={(stage) => setField({ stage })} error={errorFor(`tpl-case-fields-${j}-stage`)} />
                      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => set({ caseStructure: { ...draft.caseStructure, fields: draft.caseStructure.fields.filter((_, k) => k !== j) } })}>
                        {w.removeCaseField(j + 1)}
                      </button>
                    </div>
                  );
                })}
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => set({ caseStructure: { ...draft.caseStructure, fields: [...draft.caseStructure.fields, { id: '', label: '', hint: '', stage: 'experience' }] } })}>
                  {w.addCaseField}
                </button>
              </div>
            </>
          )}
        </fieldset>

        <h2 className="nhsuk-heading-m" id="tpl-sections" tabIndex={-1}>
          {w.sections}
        </h2>
        <p className="nhsuk-hint">{w.sectionsHint}</p>
        {errorFor('tpl-sections') && <p className="nhsuk-error-message">{errorFor('tpl-sections')}</p>}
        <ol className="app-authoring__sections">
          {draft.sections.map((section, index) => (
            <li key={section.key} className="app-authoring__section">
              <SectionEditor
                section={section}
                index={index}
                count={draft.sections.length}
                sessionTypes={sessionTypeOptions}
                errorFor={errorFor}
                onChange={(change) => setSection(index, change)}
                onMove={(by) => move(index, by)}
                onRemove={() => {
                  set({ sections: draft.sections.filter((_, i) => i !== index) });
                  focusOn('tpl-sections');
                }}
              />
            </li>
          ))}
        </ol>
        <AddSection onAdd={(kind) => set({ sections: [...draft.sections, blankSection(kind)] })} />

        <p className="nhsuk-body">{!check.ok ? w.problemsCount(check.problems.length) : ''}</p>
        <button type="button" className="nhsuk-button" onClick={() => void save()}>
          {w.save}
        </button>
      </div>
      <Preview draft={draft} today={today} />
    </div>
  );
}

function AddSection({ onAdd }: { onAdd: (kind: DraftSectionV1['kind']) => void }) {
  const [kind, setKind] = useState<DraftSectionV1['kind']>('freeText');
  return (
    <div className="app-authoring__add">
      <Select id="tpl-add-kind" label={w.addSectionKind} value={kind} options={sectionKinds.map((k) => ({ value: k, label: w.kinds[k] }))} onChange={(value) => setKind(value as DraftSectionV1['kind'])} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => onAdd(kind)}>
        {w.addSection}
      </button>
    </div>
  );
}

const bankPrompts = promptIds.filter((id) => id.startsWith('sections/'));

function SectionEditor(props: {
  section: DraftSectionV1;
  index: number;
  count: number;
  sessionTypes: { value: string; label: string }[];
  errorFor: (id: string) => string | undefined;
  onChange: (change: Partial<DraftSectionV1>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { section, index, errorFor, onChange } = props;
  const p = `tpl-section-${index}`;
  const n = index + 1;
  const setField = (j: number, change: Partial<DraftSectionV1['fields'][number]>) => onChange({ fields: section.fields.map((f, k) => (k === j ? { ...f, ...change } : f)) });
  const promptMarkdown = section.promptSource === 'own' ? section.promptMarkdown : (promptIds as readonly string[]).includes(section.prompt) ? getPrompt(section.prompt as (typeof promptIds)[number]).markdown : '';
  return (
    <fieldset className="nhsuk-fieldset" aria-labelledby={`${p}-legend`}>
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s" id={`${p}-legend`}>
        {w.section(n, section.heading)}
      </legend>
      {section.guess && (
        <div className="nhsuk-warning-callout" id={`${p}-guess`} tabIndex={-1}>
          <h3 className="nhsuk-warning-callout__label">{w.guessed(templateProblemWords.kindName(section.guess.kind))}</h3>
          {errorFor(`${p}-guess`) && <p className="nhsuk-error-message">{errorFor(`${p}-guess`)}</p>}
          <Checkbox id={`${p}-guess-confirm`} label={w.guessConfirm} checked={section.guess.confirmed} onChange={(confirmed) => onChange({ guess: section.guess ? { ...section.guess, confirmed } : null })} />
        </div>
      )}
      <Input id={`${p}-heading`} label={w.sectionHeading} value={section.heading} onChange={(heading) => onChange({ heading, ...(section.id === slugOf(section.heading) ? { id: slugOf(heading) } : {}) })} error={errorFor(`${p}-heading`)} />
      <Input id={`${p}-id`} label={w.sectionId} hint={w.sectionIdHint} value={section.id} onChange={(id) => onChange({ id })} error={errorFor(`${p}-id`)} />
      <Input id={`${p}-policy-wording`} label={w.policyWording} value={section.policyWording} onChange={(policyWording) => onChange({ policyWording })} error={errorFor(`${p}-policy-wording`)} />
      <Select
        id={`${p}-kind`}
        label={w.collects}
        value={section.kind}
        options={sectionKinds.map((k) => ({ value: k, label: w.kinds[k] }))}
        onChange={(value) => {
          const kind = value as DraftSectionV1['kind'];
          const fresh = blankSection(kind, section.heading);
          // Choosing what it collects answers the guess: it is now the author's choice, checked.
          onChange({
            kind,
            fields: kind === 'fields' && section.fields.length === 0 ? fresh.fields : section.fields,
            supervisorWords: section.supervisorWords || fresh.supervisorWords,
            superviseeWords: section.superviseeWords || fresh.superviseeWords,
            ...(section.promptSource === 'bank' ? { prompt: fresh.prompt } : {}),
            guess: section.guess ? { ...section.guess, kind, confirmed: true } : null,
          });
        }}
        error={errorFor(`${p}-kind`)}
      />
      {section.kind === 'fields' && (
        <div id={`${p}-fields`}>
          {section.fields.map((field, j) => (
            <div className="app-authoring__row" key={j}>
              <Input id={`${p}-fields-${j}-label`} label={w.fieldLabel(j + 1)} value={field.label} onChange={(label) => setField(j, { label, ...(field.id === slugOf(field.label) ? { id: slugOf(label) } : {}) })} error={errorFor(`${p}-fields-${j}-label`)} />
              <Input id={`${p}-fields-${j}-id`} label={w.fieldId(j + 1)} value={field.id} onChange={(id) => setField(j, { id })} error={errorFor(`${p}-fields-${j}-id`)} />
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => onChange({ fields: section.fields.filter((_, k) => k !== j) })}>
                {w.removeField(j + 1)}
              </button>
            </div>
          ))}
          {errorFor(`${p}-fields`) && <p className="nhsuk-error-message">{errorFor(`${p}-fields`)}</p>}
          <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => onChange({ fields: [...section.fields, { id: '', label: '', hint: '' }] })}>
            {w.addField}
          </button>
        </div>
      )}
      {section.kind === 'cases' && (
        <>
          <Checkbox id={`${p}-one-each`} label={w.oneChosenByEach} checked={section.oneChosenByEach} onChange={(oneChosenByEach) => onChange({ oneChosenByEach })} />
          <Input id={`${p}-minimum`} label={w.minimum} value={String(section.minimum)} onChange={(value) => onChange({ minimum: Math.max(0, Number.parseInt(value, 10) || 0) })} width={10} error={errorFor(`${p}-minimum`)} />
        </>
      )}
      {section.kind === 'signatures' && (
        <>
          <Input id={`${p}-supervisor-words`} label={w.supervisorWords} value={section.supervisorWords} onChange={(supervisorWords) => onChange({ supervisorWords })} error={errorFor(`${p}-supervisor-words`)} />
          <Input id={`${p}-supervisee-words`} label={w.superviseeWords} value={section.superviseeWords} onChange={(superviseeWords) => onChange({ superviseeWords })} error={errorFor(`${p}-supervisee-words`)} />
        </>
      )}
      <PromptFields
        p={p}
        source={section.promptSource}
        prompt={section.prompt}
        markdown={section.promptMarkdown}
        bank={bankPrompts.map((id) => ({ value: id, label: getPrompt(id).title }))}
        onSource={(source) => onChange({ promptSource: source, ...(source === 'own' && !section.promptMarkdown ? { promptMarkdown: promptMarkdown || `# ${section.heading}` } : {}) })}
        onPrompt={(prompt) => onChange({ prompt })}
        onMarkdown={(text) => onChange({ promptMarkdown: text })}
        error={errorFor(`${p}-prompt`)}
      />
      {promptMarkdown && (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">{w.promptPreview}</span>
          </summary>
          <div className="nhsuk-details__text">
            <PromptText markdown={promptMarkdown} headingLevel={3} />
          </div>
        </details>
      )}
      <FunctionsField p={p} values={section.functions} onChange={(functions) => onChange({ functions })} error={errorFor(`${p}-functions`)} />
      {props.sessionTypes.length > 1 && (
        <Checkboxes
          name={`${p}-session-types`}
          legend={w.sectionSessionTypes}
          hint={w.sectionSessionTypesHint}
          small
          options={props.sessionTypes}
          values={section.sessionTypes}
          onChange={(sessionTypes) => onChange({ sessionTypes })}
          error={errorFor(`${p}-session-types`)}
        />
      )}
      {section.kind !== 'signatures' && (
        <Checkbox id={`${p}-escalations`} label={w.recordsEscalations} checked={section.recordsEscalations} onChange={(recordsEscalations) => onChange({ recordsEscalations })} small />
      )}
      <div className="app-authoring__actions">
        <button type="button" id={`tpl-move-up-${section.key}`} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => props.onMove(-1)} disabled={index === 0}>
          {w.moveUp(index + 1)}
        </button>
        <button type="button" id={`tpl-move-down-${section.key}`} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => props.onMove(1)} disabled={index === props.count - 1}>
          {w.moveDown(index + 1)}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--warning nhsuk-button--small" onClick={props.onRemove}>
          {w.remove(index + 1)}
        </button>
      </div>
    </fieldset>
  );
}
