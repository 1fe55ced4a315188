/**
 * The editors' drafts (issue 19, point 2): a built-in template or agreement opened in the editor
 * and saved unchanged is the same template (nothing the editor does not show is lost); a draft's
 * problems are the schema's own, each with the field it belongs to; a Word-form guess blocks saving
 * until it is checked (H43).
 */
import { describe, expect, it } from 'vitest';
import { templates } from '../../../machines/templates/index.ts';
import { agreementTemplates } from '../../../machines/agreements/index.ts';
import { $RecordTemplateV1 } from '../../../machines/model/template.ts';
import { $AgreementTemplateV1 } from '../../../machines/model/agreement.ts';
import { blankTemplateDraft, candidateOf, draftFromTemplate, moved, restoreTemplateDraft, templateFromDraft } from '../../../machines/authoring/templateDraft.ts';
import { agreementCandidateOf, agreementFromDraft, blankAgreementDraft, draftFromAgreement } from '../../../machines/authoring/agreementDraft.ts';
import { templateProblemWords } from '../../../client/content/authoringCopy.ts';
import { models } from '../../../machines/models/index.ts';
import { $ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { blankModelDraft, draftFromModel, modelCandidateOf, modelFromDraft, stageIdOf } from '../../../machines/authoring/modelDraft.ts';

const words = templateProblemWords;

describe('template drafts', () => {
  it.each(templates.map((t) => [t.id, t] as const))('%s round-trips through the editor unchanged', (_id, template) => {
    const again = $RecordTemplateV1.parse(candidateOf(draftFromTemplate(template)));
    expect(again).toEqual(template);
  });

  it('the organisation’s choice of noticings is kept in the template, and one with none names none', () => {
    const draft = draftFromTemplate(templates[0]!);
    expect(candidateOf(draft)).not.toHaveProperty('noticings');
    draft.noticings = { on: true, off: ['invisible-men'] };
    expect($RecordTemplateV1.parse(candidateOf(draft)).noticings).toEqual({ schema: 'noticing-settings/v1', on: true, off: ['invisible-men'] });
    const again = draftFromTemplate($RecordTemplateV1.parse(candidateOf(draft)));
    expect(again.noticings).toEqual({ on: true, off: ['invisible-men'] });
  });

  it('a blank draft lists every missing value by field, from the schema itself', () => {
    const check = templateFromDraft(blankTemplateDraft(), words, { modelIds: [] });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const ids = check.problems.map((p) => p.fieldId);
    expect(ids).toEqual(expect.arrayContaining(['tpl-id', 'tpl-title', 'tpl-organisation', 'tpl-policy', 'tpl-appendix', 'tpl-child-record']));
  });

  it('the rules every policy shares are the schema’s: review before cases, signatures last', () => {
    const draft = draftFromTemplate(templates[0]!);
    draft.id = 'own-derby';
    const cases = draft.sections.findIndex((s) => s.kind === 'cases');
    const review = draft.sections.findIndex((s) => s.kind === 'previousActions');
    draft.sections = moved(draft.sections, review, 1);
    for (let i = review + 1; i <= cases; i++) draft.sections = moved(draft.sections, i, 1);
    draft.sections = moved(draft.sections, draft.sections.length - 1, -1);
    const check = templateFromDraft(draft, words, { modelIds: [] });
    expect(check.ok).toBe(false);
    if (check.ok) return;
    const messages = check.problems.map((p) => p.message);
    expect(messages).toContain('A template reviews previous actions before cases and new actions are discussed');
    expect(messages).toContain('The signatures section comes last');
    expect(check.problems.every((p) => p.fieldId.startsWith('tpl-'))).toBe(true);
  });

  it('an unchecked guess from a Word form stops the save, named by its heading (H43)', () => {
    const draft = draftFromTemplate(templates[0]!);
    draft.id = 'own-derby';
    draft.sections[0]!.guess = { kind: 'previousActions', confirmed: false };
    const check = templateFromDraft(draft, words, { modelIds: [] });
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems).toEqual([{ fieldId: 'tpl-section-0-guess', message: expect.stringContaining('We guessed “Review of previous supervision / 1:1 session” collects the review of previous actions: check') }]);
    draft.sections[0]!.guess = { kind: 'previousActions', confirmed: true };
    expect(templateFromDraft(draft, words, { modelIds: [] }).ok).toBe(true);
  });

  it('a default model this device does not have is a problem; one it has is not', () => {
    const draft = draftFromTemplate(templates[0]!);
    draft.reflectiveModel = 'gibbs';
    expect(templateFromDraft(draft, words, { modelIds: ['4x4x4'] })).toMatchObject({ ok: false, problems: [{ fieldId: 'tpl-model' }] });
    expect(templateFromDraft(draft, words, { modelIds: ['4x4x4', 'gibbs'] }).ok).toBe(true);
  });

  it('a stored draft of the wrong shape is restored field by field, never refused', () => {
    const restored = restoreTemplateDraft({ title: 42, sections: [{ heading: 'Kept', kind: 'nonsense' }] });
    expect(restored.title).toBe('');
    expect(restored.sections[0]).toMatchObject({ heading: 'Kept', kind: 'freeText' });
  });
});

describe('agreement drafts', () => {
  it.each(agreementTemplates.map((t) => [t.id, t] as const))('%s round-trips through the editor unchanged', (_id, template) => {
    const again = $AgreementTemplateV1.parse(agreementCandidateOf(draftFromAgreement(template)));
    expect(again).toEqual(template);
  });

  it('a blank agreement lists its problems by field; signatures must come last', () => {
    const draft = blankAgreementDraft();
    const first = agreementFromDraft(draft, { section: (n) => `Section ${n}` });
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.problems.map((p) => p.fieldId)).toEqual(expect.arrayContaining(['agr-id', 'agr-title', 'agr-section-0-text']));
    draft.sections.reverse();
    const second = agreementFromDraft(draft, { section: (n) => `Section ${n}` });
    if (!second.ok) expect(second.problems.map((p) => p.message)).toContain('The signatures section comes last');
  });
});

describe('model drafts', () => {
  it.each(models.map((m) => [m.id, m] as const))('%s round-trips through the editor unchanged', (_id, model) => {
    expect($ReflectiveModelV1.parse(modelCandidateOf(draftFromModel(model)))).toEqual(model);
  });

  it('a blank model lists its problems by field; a prompt not in the bank is named; the plan stage comes last', () => {
    const words = { stage: (n: number, name: string) => `Stage ${n} (${name})`, promptMissing: (id: string) => `no prompt ${id}`, idTaken: (id: string) => `taken ${id}` };
    const draft = blankModelDraft();
    const first = modelFromDraft(draft, words, { hasPrompt: () => false, takenIds: [] });
    expect(first.ok).toBe(false);
    if (!first.ok) expect(first.problems.map((p) => p.fieldId)).toEqual(expect.arrayContaining(['mdl-id', 'mdl-title', 'mdl-source', 'mdl-summary', 'mdl-stage-0-name', 'mdl-stage-0-question']));
    const copy = draftFromModel(models[0]!);
    copy.id = 'own-cycle';
    copy.stages[0] = { ...copy.stages[0]!, promptSource: 'bank', prompt: 'cycle/nowhere' };
    copy.stages.reverse();
    const second = modelFromDraft(copy, words, { hasPrompt: () => false, takenIds: [] });
    expect(second.ok).toBe(false);
    if (!second.ok) {
      expect(second.problems).toEqual(expect.arrayContaining([{ fieldId: 'mdl-plan-stage', message: 'The plan stage comes last' }, expect.objectContaining({ fieldId: `mdl-stage-${copy.stages.length - 1}-prompt`, message: expect.stringContaining('no prompt cycle/nowhere') })]));
    }
  });

  it('a stage id is made from its name as the schema asks', () => {
    expect(stageIdOf('Concrete experience')).toBe('concreteExperience');
    expect(stageIdOf('4 Action plan')).toBe('stage4ActionPlan');
  });
});
