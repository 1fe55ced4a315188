/**
 * The reflective model editor: the model's name, source and summary, and its stages in order
 * (each with its question, prompt, what it gives the record and the functions it serves; moved by
 * buttons), the plan stage last; validated by $ReflectiveModelV1 itself with each problem listed
 * by field, beside a preview of a case talked through stage by stage. Kept on this device as typed.
 */
import { memo, useMemo } from 'react';
import { stageRoles, type ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { getPrompt, isPromptId, promptIds } from '../../../prompts/index.ts';
import { blankStage, modelFromDraft, stageIdOf, type DraftStageV1, type ModelDraftV1 } from '../../../machines/authoring/modelDraft.ts';
import { EditorHeading, FunctionsField, PromptFields, useDraftEditor } from './useDraftEditor.tsx';
import { authoringCopy } from '../../content/authoringCopy.ts';
import { Input } from '../../components/Input.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { Select } from '../../components/Select.tsx';
import { PromptText } from '../../components/PromptText.tsx';

const w = authoringCopy.editor;
/** The bank's prompts for a stage: every one but the sections' and the escalation's. */
const stagePrompts = promptIds.filter((id) => !id.startsWith('sections/') && !id.startsWith('escalation/'));
const words = { stage: w.stage, promptMissing: w.promptMissing, idTaken: w.modelIdTaken };

export type ModelEditorProps = {
  draft: ModelDraftV1;
  onChange: (draft: ModelDraftV1) => void;
  onSave: (model: ReflectiveModelV1) => Promise<{ ok: true; message: string } | { ok: false; message: string }>;
  takenIds: readonly string[];
};

function markdownOf(stage: DraftStageV1): string {
  if (stage.promptSource === 'own') return stage.promptMarkdown;
  return isPromptId(stage.prompt) ? getPrompt(stage.prompt).markdown : '';
}

const Preview = memo(function Preview({ draft }: { draft: ModelDraftV1 }) {
  return (
    // Focusable: at desktop widths it scrolls on its own, and a keyboard must be able to scroll it.
    <section className="app-authoring__preview" aria-labelledby="mdl-preview-title" tabIndex={0}>
      <h2 className="nhsuk-heading-m" id="mdl-preview-title">
        {w.modelPreview}
      </h2>
      <ol className="nhsuk-list nhsuk-list--number">
        {draft.stages.map((stage) => (
          <li key={stage.key}>
            <h3 className="nhsuk-heading-s">{`${stage.name || '…'} — ${stage.question || '…'}`}</h3>
            {markdownOf(stage) && <PromptText markdown={markdownOf(stage)} headingLevel={3} />}
          </li>
        ))}
      </ol>
    </section>
  );
});

export function ModelEditor({ draft, onChange, onSave, takenIds }: ModelEditorProps) {
  const check = useMemo(() => modelFromDraft(draft, words, { hasPrompt: isPromptId, takenIds }), [draft, takenIds]);
  const { shown, errorFor, set, move: moveItem, save, saved, moveNote, focusOn } = useDraftEditor({
    draft,
    onChange,
    checked: check.ok ? { ok: true as const, value: check.model } : check,
    onSave,
    idField: 'mdl-id',
  });

  const setStage = (index: number, change: Partial<DraftStageV1>) => {
    const before = draft.stages[index];
    const stages = draft.stages.map((s, i) => (i === index ? { ...s, ...change } : s));
    // The plan stage follows its stage's id as it is typed.
    const planStage = before && change.id !== undefined && draft.planStage === before.id ? change.id : draft.planStage;
    set({ stages, planStage });
  };
  const move = (index: number, by: -1 | 1) => moveItem(draft.stages, index, by, (stages) => set({ stages }), 'mdl-move', w.stageMoved);

  return (
    <div className="app-authoring">
      <div className="app-authoring__form">
        <EditorHeading errorTitle={w.modelErrorTitle} errors={shown} title={draft.title.trim() || w.modelTitle} saved={saved} moveNote={moveNote} />
        <Input id="mdl-title" label={w.modelName} hint={w.modelNameHint} value={draft.title} onChange={(title) => set({ title })} error={errorFor('mdl-title')} />
        <Input id="mdl-id" label={w.modelId} hint={w.idHint} value={draft.id} onChange={(id) => set({ id })} error={errorFor('mdl-id')} />
        <Input id="mdl-version" label={w.version} hint={w.versionHint} value={draft.version} onChange={(version) => set({ version })} error={errorFor('mdl-version')} width={10} />
        <Input id="mdl-source" label={w.modelSource} hint={w.modelSourceHint} value={draft.source} onChange={(source) => set({ source })} error={errorFor('mdl-source')} />
        <TextArea id="mdl-summary" label={w.modelSummary} value={draft.summary} onChange={(summary) => set({ summary })} rows={3} error={errorFor('mdl-summary')} />

        <h2 className="nhsuk-heading-m" id="mdl-stages" tabIndex={-1}>
          {w.modelStages}
        </h2>
        <p className="nhsuk-hint">{w.modelStagesHint}</p>
        {errorFor('mdl-stages') && <p className="nhsuk-error-message">{errorFor('mdl-stages')}</p>}
        <ol className="app-authoring__sections">
          {draft.stages.map((stage, index) => {
            const p = `mdl-stage-${index}`;
            return (
              <li key={stage.key} className="app-authoring__section">
                <fieldset className="nhsuk-fieldset" aria-labelledby={`${p}-legend`}>
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s" id={`${p}-legend`}>
                    {w.stage(index + 1, stage.name)}
                  </legend>
                  <Input id={`${p}-name`} label={w.stageName} value={stage.name} onChange={(name) => setStage(index, { name, ...(stage.id === stageIdOf(stage.name) ? { id: stageIdOf(name) } : {}) })} error={errorFor(`${p}-name`)} />
                  <Input id={`${p}-id`} label={w.stageId} hint={w.stageIdHint} value={stage.id} onChange={(id) => setStage(index, { id })} error={errorFor(`${p}-id`)} />
                  <Input id={`${p}-question`} label={w.stageQuestion} value={stage.question} onChange={(question) => setStage(index, { question })} error={errorFor(`${p}-question`)} />
                  <Select id={`${p}-role`} label={w.stageRole} value={stage.role} options={stageRoles.map((r) => ({ value: r, label: w.roles[r] ?? r }))} onChange={(role) => setStage(index, { role: role as DraftStageV1['role'] })} error={errorFor(`${p}-role`)} />
                  <PromptFields
                    p={p}
                    source={stage.promptSource}
                    prompt={stage.prompt}
                    markdown={stage.promptMarkdown}
                    bank={stagePrompts.map((id) => ({ value: id, label: `${getPrompt(id).title} (${id})` }))}
                    onSource={(source) => setStage(index, { promptSource: source, ...(source === 'own' && !stage.promptMarkdown ? { promptMarkdown: markdownOf(stage) || `# ${stage.question}` } : {}), ...(source === 'bank' && !stage.prompt ? { prompt: stagePrompts[0] ?? '' } : {}) })}
                    onPrompt={(prompt) => setStage(index, { prompt })}
                    onMarkdown={(promptMarkdown) => setStage(index, { promptMarkdown })}
                    error={errorFor(`${p}-prompt`)}
                  />
                  <FunctionsField p={p} values={stage.functions} onChange={(functions) => setStage(index, { functions })} error={errorFor(`${p}-functions`)} />
                  <div className="app-authoring__actions">
                    <button type="button" id={`mdl-move-up-${stage.key}`} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => move(index, -1)} disabled={index === 0}>
                      {w.moveStageUp(index + 1)}
                    </button>
                    <button type="button" id={`mdl-move-down-${stage.key}`} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => move(index, 1)} disabled={index === draft.stages.length - 1}>
                      {w.moveStageDown(index + 1)}
                    </button>
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--warning nhsuk-button--small"
                      onClick={() => {
                        set({ stages: draft.stages.filter((_, i) => i !== index) });
                        focusOn('mdl-stages');
                      }}
                    >
                      {w.removeStage(index + 1)}
                    </button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => set({ stages: [...draft.stages, blankStage()] })}>
          {w.addStage}
        </button>
        <Select
          id="mdl-plan-stage"
          label={w.planStage}
          noneLabel={w.chooseStage}
          value={draft.planStage}
          options={draft.stages.filter((s) => s.id).map((s) => ({ value: s.id, label: s.name || s.id }))}
          onChange={(planStage) => set({ planStage })}
          error={errorFor('mdl-plan-stage')}
        />
        <p className="nhsuk-body">{!check.ok ? w.problemsCount(check.problems.length) : ''}</p>
        <button type="button" className="nhsuk-button" onClick={() => void save()}>
          {w.saveModel}
        </button>
      </div>
      <Preview draft={draft} />
    </div>
  );
}
