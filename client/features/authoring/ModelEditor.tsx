/**
 * The reflective model editor: the model's name, source and summary, and its stages in order
 * (each with its question, prompt, what it gives the record and the functions it serves; moved by
 * buttons), the plan stage last; validated by $ReflectiveModelV1 itself with each problem listed
 * by field, beside a preview of a case talked through stage by stage. Kept on this device as typed.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { stageRoles, type ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { supervisionFunctions } from '../../../machines/model/template.ts';
import { getPrompt, isPromptId, promptIds } from '../../../prompts/index.ts';
import { moved, type DraftProblem } from '../../../machines/authoring/templateDraft.ts';
import { blankStage, modelFromDraft, stageIdOf, type DraftStageV1, type ModelDraftV1 } from '../../../machines/authoring/modelDraft.ts';
import { authoringCopy } from '../../content/authoringCopy.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Input } from '../../components/Input.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { Select } from '../../components/Select.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';
import { Radios } from '../../components/Radios.tsx';
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
  const [asked, setAsked] = useState<DraftProblem[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<DraftProblem | null>(null);
  const [moveNote, setMoveNote] = useState('');
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  const check = useMemo(() => modelFromDraft(draft, words, { hasPrompt: isPromptId, takenIds }), [draft, takenIds]);
  const shown = useMemo(() => (saveError ? [...asked, saveError] : asked), [asked, saveError]);
  const errorFor = (id: string) => {
    const found = shown.filter((p) => p.fieldId === id).map((p) => p.message);
    return found.length > 0 ? found.join('. ') : undefined;
  };
  useEffect(() => {
    if (!focusAfter) return;
    document.getElementById(focusAfter)?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  const set = (change: Partial<ModelDraftV1>) => {
    setSaved(null);
    setSaveError(null);
    onChange({ ...draft, ...change });
  };
  const setStage = (index: number, change: Partial<DraftStageV1>) => {
    const before = draft.stages[index];
    const stages = draft.stages.map((s, i) => (i === index ? { ...s, ...change } : s));
    // The plan stage follows its stage's id as it is typed.
    const planStage = before && change.id !== undefined && draft.planStage === before.id ? change.id : draft.planStage;
    set({ stages, planStage });
  };
  function move(index: number, by: -1 | 1) {
    const stage = draft.stages[index];
    if (!stage) return;
    set({ stages: moved(draft.stages, index, by) });
    const to = index + by;
    setMoveNote(w.stageMoved(index + 1, to + 1));
    const atEnd = (by === -1 && to === 0) || (by === 1 && to === draft.stages.length - 1);
    setFocusAfter(`mdl-move-${atEnd ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'}-${stage.key}`);
  }
  async function save() {
    setAsked(check.ok ? [] : check.problems);
    setSaved(null);
    setSaveError(null);
    if (!check.ok) return;
    const result = await onSave(check.model);
    if (result.ok) setSaved(result.message);
    else setSaveError({ fieldId: 'mdl-id', message: result.message });
  }

  return (
    <div className="app-authoring">
      <div className="app-authoring__form">
        <ErrorSummary title={w.modelErrorTitle} errors={shown} />
        <h1 className="nhsuk-heading-l">{draft.title.trim() || w.modelTitle}</h1>
        <p className="nhsuk-body-s">{w.autosaved}</p>
        {saved && (
          <div className="nhsuk-inset-text">
            <p role="status">{saved}</p>
          </div>
        )}
        <p className="nhsuk-u-visually-hidden" aria-live="polite">
          {moveNote}
        </p>
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
                  <Radios
                    name={`${p}-prompt-source`}
                    legend={w.prompt}
                    small
                    inline
                    options={[
                      { value: 'bank', label: w.promptBank },
                      { value: 'own', label: w.promptOwn },
                    ]}
                    value={stage.promptSource}
                    onChange={(value) => setStage(index, { promptSource: value === 'own' ? 'own' : 'bank', ...(value === 'own' && !stage.promptMarkdown ? { promptMarkdown: markdownOf(stage) || `# ${stage.question}` } : {}), ...(value === 'bank' && !stage.prompt ? { prompt: stagePrompts[0] ?? '' } : {}) })}
                  />
                  {stage.promptSource === 'bank' ? (
                    <Select id={`${p}-prompt`} label={w.promptChoice} value={stage.prompt} options={stagePrompts.map((id) => ({ value: id, label: `${getPrompt(id).title} (${id})` }))} onChange={(prompt) => setStage(index, { prompt })} error={errorFor(`${p}-prompt`)} />
                  ) : (
                    <TextArea id={`${p}-prompt`} label={w.promptMarkdown} value={stage.promptMarkdown} onChange={(promptMarkdown) => setStage(index, { promptMarkdown })} rows={6} error={errorFor(`${p}-prompt`)} />
                  )}
                  <Checkboxes
                    name={`${p}-functions`}
                    legend={w.functions}
                    small
                    options={supervisionFunctions.map((f) => ({ value: f, label: w.functionNames[f] }))}
                    values={stage.functions}
                    onChange={(values) => setStage(index, { functions: supervisionFunctions.filter((f) => values.includes(f)) })}
                    error={errorFor(`${p}-functions`)}
                  />
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
                        setFocusAfter('mdl-stages');
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
