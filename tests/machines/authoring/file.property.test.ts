/**
 * Property-based tests of the authoring file boundary (issue 19, point 5; H40): any text offered
 * as a template, agreement or model file — random, a valid file mutated (keys dropped or renamed,
 * types swapped, nested deeply, lists inflated), or a file damaged on the way — is either taken as
 * an item its own schema accepts, or refused whole with reasons; it never throws. Through the
 * repository, a refused file changes nothing and a taken one is stored exactly as it was read.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { templates } from '../../../machines/templates/index.ts';
import { agreementTemplates } from '../../../machines/agreements/index.ts';
import { models } from '../../../machines/models/index.ts';
import { isPromptId } from '../../../prompts/index.ts';
import { $RecordTemplateV1 } from '../../../machines/model/template.ts';
import { $AgreementTemplateV1 } from '../../../machines/model/agreement.ts';
import { $ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { authoringFileText, readAuthoringFile, type AuthoringItem } from '../../../machines/authoring/file.ts';
import { SupervisionDB } from '../../../client/db/db.ts';
import { createAuthoringRepositories } from '../../../client/db/authoringRepositories.ts';
import { damagedText, hostileText, mutated, NUM_RUNS, SLOW_RUNS, textOf } from '../../properties/hostile.ts';

const options = { hasPrompt: isPromptId, hasModel: (id: string) => models.some((m) => m.id === id) };
const schemaOf = { 'record-template': $RecordTemplateV1, 'agreement-template': $AgreementTemplateV1, 'reflective-model': $ReflectiveModelV1 } as const;

const files: AuthoringItem[] = [
  { kind: 'record-template', item: templates[0]! },
  { kind: 'record-template', item: templates.at(-1)! },
  { kind: 'agreement-template', item: agreementTemplates[0]! },
  { kind: 'reflective-model', item: models[0]! },
];

const wrapperOf = (file: AuthoringItem) => JSON.parse(authoringFileText(file)) as unknown;

const offered: fc.Arbitrary<string> = fc.oneof(
  hostileText,
  ...files.map((file) => mutated(wrapperOf(file)).map(textOf)),
  ...files.map((file) => damagedText(authoringFileText(file))),
);

function holdsTheContract(text: string): void {
  const result = readAuthoringFile(text, options);
  if (result.ok) {
    // Taken: an item its own schema accepts, as it was read.
    expect(schemaOf[result.file.kind].safeParse(result.file.item).success).toBe(true);
  } else {
    expect(result.reasons.length).toBeGreaterThan(0);
    for (const reason of result.reasons) expect(typeof reason === 'string' && reason.length > 0).toBe(true);
  }
}

describe('authoring files, property-based', () => {
  it('any text is taken as a valid item or refused whole with reasons; never throws', () => {
    fc.assert(fc.property(offered, holdsTheContract), { numRuns: NUM_RUNS });
  });

  const names: string[] = [];
  afterAll(async () => {
    for (const name of names) await Dexie.delete(name);
  });

  it('through the repository: a refused file changes nothing; a taken one is stored as it was read', async () => {
    const name = `authoring-property-${Math.random()}`;
    names.push(name);
    const db = new SupervisionDB(name);
    let ids = 0;
    const authoring = createAuthoringRepositories(db, { now: () => new Date('2026-12-01T10:00:00Z'), newId: () => `row-${++ids}` });
    await fc.assert(
      fc.asyncProperty(fc.oneof(...files.map((file) => mutated(wrapperOf(file)).map(textOf))), async (text) => {
        const before = await db.ownTemplates.count() + (await db.ownAgreements.count()) + (await db.ownModels.count());
        const result = readAuthoringFile(text, options);
        if (!result.ok) {
          expect(await db.ownTemplates.count() + (await db.ownAgreements.count()) + (await db.ownModels.count())).toBe(before);
          return;
        }
        const repository = result.file.kind === 'record-template' ? authoring.templates : result.file.kind === 'agreement-template' ? authoring.agreements : authoring.models;
        const stored = await repository.import(result.file.item as never, 'keepBoth');
        expect(stored.ok).toBe(true);
        if (stored.ok) expect({ ...stored.value, id: result.file.item.id }).toEqual(result.file.item);
      }),
      { numRuns: SLOW_RUNS },
    );
    db.close();
  });
});
