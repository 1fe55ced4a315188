/**
 * What an own template, agreement or model row holds (database version 16), shared by the
 * repository and the backup. A row is either one saved version of an item (validated by the
 * item's own schema) or a draft being written in an editor (kept as typed, restored leniently).
 */
import { z } from 'zod';
import { $RecordTemplateV1 } from '../../machines/model/template.ts';
import { $AgreementTemplateV1 } from '../../machines/model/agreement.ts';
import { $ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';

export const ownTables = ['ownTemplates', 'ownAgreements', 'ownModels'] as const;
export type OwnTable = (typeof ownTables)[number];

export const ownItemSchemas = {
  ownTemplates: $RecordTemplateV1,
  ownAgreements: $AgreementTemplateV1,
  ownModels: $ReflectiveModelV1,
} as const;

/** A draft: the editor's state as typed (any JSON object; the editor restores it field by field). */
export const $OwnDraftContent = z.strictObject({
  state: z.literal('draft'),
  /** The saved row the draft edits (null: a new item). */
  basedOn: z.string().min(1).max(64).nullable(),
  draft: z.record(z.string(), z.unknown()),
});

function savedContent<T extends z.ZodType>(item: T) {
  return z.strictObject({
    state: z.literal('saved'),
    item,
    /** True once a session (or agreement) has been started with this version: an edit then makes a new version. */
    used: z.boolean(),
    /** How it came here: made in the app, or imported from a file. */
    origin: z.enum(['made', 'imported']),
  });
}

export const ownRowContentSchemas = {
  ownTemplates: z.discriminatedUnion('state', [savedContent($RecordTemplateV1), $OwnDraftContent]),
  ownAgreements: z.discriminatedUnion('state', [savedContent($AgreementTemplateV1), $OwnDraftContent]),
  ownModels: z.discriminatedUnion('state', [savedContent($ReflectiveModelV1), $OwnDraftContent]),
} as const;
