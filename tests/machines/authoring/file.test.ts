/**
 * The file an organisation's lead sends (issue 19, points 3 and 5): each kind (template,
 * agreement, model) written and read back is the same item; a file is refused whole, with every
 * reason, when anything is wrong: not JSON, hand-edited, the wrong kind, a prompt not in the
 * bank without its own text, a default model not on this device, too large (checked before
 * parsing), nested too deeply or with a prototype key (H40).
 */
import { describe, expect, it } from 'vitest';
import { templates } from '../../../machines/templates/index.ts';
import { agreementTemplates } from '../../../machines/agreements/index.ts';
import { models } from '../../../machines/models/index.ts';
import { isPromptId } from '../../../prompts/index.ts';
import { authoringFileCopy, authoringFileText, compareVersions, freeId, MAX_AUTHORING_FILE_BYTES, nextVersion, readAuthoringFile, type AuthoringItem } from '../../../machines/authoring/file.ts';
import { nestedText } from '../../properties/hostile.ts';

const options = { hasPrompt: isPromptId, hasModel: (id: string) => models.some((m) => m.id === id) || id === 'gibbs' };

describe('authoring files round trip', () => {
  const items: AuthoringItem[] = [
    ...templates.map((item) => ({ kind: 'record-template' as const, item })),
    ...agreementTemplates.map((item) => ({ kind: 'agreement-template' as const, item })),
    ...models.map((item) => ({ kind: 'reflective-model' as const, item })),
  ];
  it.each(items.map((file) => [`${file.kind} ${file.item.id}`, file] as const))('%s is read back as it was written', (_name, file) => {
    expect(readAuthoringFile(authoringFileText(file), options)).toEqual({ ok: true, file });
  });

  it('a template made in the app with its own prompt text, and a default model, round-trips', () => {
    const template = { ...templates[0]!, id: 'own-record', reflectiveModel: 'gibbs', sections: templates[0]!.sections.map((s, i) => (i === 1 ? { ...s, prompt: 'own/issues', promptMarkdown: '# What is worrying you?\n\n- What else?' } : s)) };
    const file = { kind: 'record-template' as const, item: template };
    expect(readAuthoringFile(authoringFileText(file), options)).toEqual({ ok: true, file });
  });
});

describe('authoring files refused whole, with every reason', () => {
  const derby = templates[0]!;
  const text = (value: unknown) => JSON.stringify(value);
  const wrapped = (kind: string, item: unknown) => ({ format: 'safeguarding-supervision/authoring', version: 1, kind, item });

  it('not JSON, empty, or not this app’s file', () => {
    expect(readAuthoringFile('{"format":', options)).toEqual({ ok: false, reasons: [authoringFileCopy.notJson] });
    expect(readAuthoringFile('  ', options)).toEqual({ ok: false, reasons: [authoringFileCopy.empty] });
    const bare = readAuthoringFile(text(derby), options);
    expect(bare.ok).toBe(false);
    if (!bare.ok) expect(bare.reasons[0]).toBe(authoringFileCopy.notWrapper);
  });

  it('a hand-edited template: every problem is named, nothing taken', () => {
    const edited = { ...derby, title: '', version: 'one', sections: derby.sections.slice(0, -1) };
    const result = readAuthoringFile(text(wrapped('record-template', edited)), options);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^version: /), expect.stringMatching(/^title: /), 'sections: A template needs a "signatures" section', 'sections: The signatures section comes last']));
  });

  it('an imported template missing its plan (actions) or signatures is refused (H40)', () => {
    const noPlan = { ...derby, sections: derby.sections.filter((s) => s.collects.kind !== 'actions') };
    const result = readAuthoringFile(text(wrapped('record-template', noPlan)), options);
    expect(result).toMatchObject({ ok: false, reasons: expect.arrayContaining(['sections: A template needs a "actions" section']) });
  });

  it('the wrong kind where a kind is asked for, and an item that is not the kind it says', () => {
    const asModel = readAuthoringFile(authoringFileText({ kind: 'record-template', item: derby }), { ...options, expect: 'reflective-model' });
    expect(asModel).toEqual({ ok: false, reasons: ['The file holds a record template, not a reflective model'] });
    const mislabelled = readAuthoringFile(text(wrapped('agreement-template', derby)), options);
    expect(mislabelled).toMatchObject({ ok: false, reasons: expect.arrayContaining(['The file says it holds an agreement, but what it holds is not one']) });
  });

  it('a model whose prompts are not in the bank and carry no text of their own', () => {
    const model = { ...models[0]!, id: 'elsewhere', stages: models[0]!.stages.map((s, i) => (i === 0 ? { ...s, prompt: 'elsewhere/what-happened' } : s)) };
    const result = readAuthoringFile(text(wrapped('reflective-model', model)), options);
    expect(result).toEqual({ ok: false, reasons: [authoringFileCopy.promptMissing(`Stage 1 (“${model.stages[0]!.name}”)`, 'elsewhere/what-happened')] });
    const withText = { ...model, stages: model.stages.map((s, i) => (i === 0 ? { ...s, promptMarkdown: '# What happened?' } : s)) };
    expect(readAuthoringFile(text(wrapped('reflective-model', withText)), options).ok).toBe(true);
  });

  it('a template whose default model is not on this device', () => {
    const result = readAuthoringFile(text(wrapped('record-template', { ...derby, reflectiveModel: 'no-such-model' })), options);
    expect(result).toEqual({ ok: false, reasons: [authoringFileCopy.modelMissing('no-such-model')] });
  });

  it('too large, before anything is parsed; too deep; a prototype key', () => {
    const large = `{"format":"${'x'.repeat(MAX_AUTHORING_FILE_BYTES)}"}`;
    expect(readAuthoringFile(large, options)).toEqual({ ok: false, reasons: [authoringFileCopy.tooLarge] });
    // Multi-byte characters count as their bytes.
    expect(readAuthoringFile(`"${'é'.repeat(MAX_AUTHORING_FILE_BYTES / 2)}"`, options)).toEqual({ ok: false, reasons: [authoringFileCopy.tooLarge] });
    expect(readAuthoringFile(nestedText(5_000), options)).toEqual({ ok: false, reasons: [authoringFileCopy.tooDeep] });
    expect(readAuthoringFile('{"format":"x","__proto__":{"admin":true}}', options)).toEqual({ ok: false, reasons: [authoringFileCopy.forbiddenKey] });
  });
});

describe('versions and ids', () => {
  it('compares versions as numbers and makes the next minor version', () => {
    expect(compareVersions('1.10.0', '1.9.0')).toBeGreaterThan(0);
    expect(nextVersion('1.0.0', '1.2.3', '1.10.0')).toBe('1.11.0');
  });
  it('keeps an id free of those taken', () => {
    expect(freeId('riverside', new Set())).toBe('riverside');
    expect(freeId('riverside', new Set(['riverside']))).toBe('riverside-copy');
    expect(freeId('riverside', new Set(['riverside', 'riverside-copy']))).toBe('riverside-copy-2');
  });
});
