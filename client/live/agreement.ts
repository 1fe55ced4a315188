/**
 * The agreement as a live document: restoring its actor from its saved envelope, or rebuilding it
 * from the agreement saved beside it (the source of truth) when the envelope is missing or no
 * longer fits; every change written with the agreement row. (A new agreement is a blank draft
 * with no snapshot: agreementRepositories.ts create; opening it rebuilds its first state.)
 */
import { z } from 'zod';
import type { Actor, Snapshot } from 'xstate';
import { $AgreementV1, sectionGaps, type AgreementTemplateV1, type AgreementV1 } from '../../machines/model/agreement.ts';
import { $AgreementSnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';
import { agreementMachineVersion, agreementOf, agreementSectionOf, createAgreementMachine, type AgreementInput, type AgreementMachine } from '../../machines/agreements/agreement.machine.ts';
import { restoresCleanly } from '../../machines/restoresCleanly.ts';
import { copy } from '../content/copy.ts';
import { findAgreementTemplate } from '../../machines/agreements/index.ts';
import type { LiveKind } from './kind.ts';

export type RestoredAgreement = { machine: AgreementMachine; snapshot: Snapshot<unknown>; input: AgreementInput; rebuilt: string | null };

const $PersistedAgreementSnapshot = z.looseObject({
  status: z.enum(['active', 'done']),
  value: z.unknown(),
  context: z.looseObject({ id: z.string(), furthestSection: z.number().int().min(0), refusal: z.array(z.string()) }),
});

/** How far the flow can have got: up to the first section that still has gaps. */
function furthestReachable(template: AgreementTemplateV1, agreement: AgreementV1): number {
  const index = template.sections.findIndex((s) => sectionGaps(s, agreement).length > 0);
  return index === -1 ? template.sections.length - 1 : index;
}

export function restoreAgreement(template: AgreementTemplateV1, agreement: AgreementV1, envelope: unknown, machine: AgreementMachine = createAgreementMachine(template)): RestoredAgreement {
  const input: AgreementInput = { agreementId: agreement.id, parties: agreement.parties };
  const rebuild = (why: string | null): RestoredAgreement => {
    const furthestSection = furthestReachable(template, agreement);
    const section = template.sections[furthestSection];
    const value = agreement.contentHash
      ? 'sealed'
      : { drafting: section?.kind === 'signatures' ? { [section.id]: 'reading' } : (section?.id ?? '') };
    const snapshot = machine.resolveState({ value, context: { ...agreement, furthestSection, refusal: [] } });
    return { machine, snapshot, input, rebuilt: why };
  };
  if (envelope === undefined) return rebuild(null);
  const parsedEnvelope = $AgreementSnapshotEnvelopeV1.safeParse(envelope);
  if (!parsedEnvelope.success) return rebuild('the saved position could not be read');
  if (parsedEnvelope.data.machineVersion !== agreementMachineVersion) return rebuild('the app has been updated since this agreement was saved');
  const parsed = $PersistedAgreementSnapshot.safeParse(parsedEnvelope.data.snapshot);
  if (!parsed.success || parsed.data.context.id !== agreement.id) return rebuild('the saved position did not match this version of the app');
  const { furthestSection: _f, refusal: _r, ...content } = parsed.data.context;
  if (!$AgreementV1.safeParse(content).success) return rebuild('the saved position did not match this version of the app');
  let at: string;
  try {
    at = agreementSectionOf(parsed.data.value);
  } catch {
    return rebuild('the saved position did not match this version of the app');
  }
  if (at !== 'sealed' && !template.sections.some((s) => s.id === at)) return rebuild('the agreement no longer has that section');
  const snapshot = parsedEnvelope.data.snapshot as Snapshot<unknown>;
  if (!restoresCleanly(machine, snapshot, input)) return rebuild('the saved position could not be resumed');
  return { machine, snapshot, input, rebuilt: null };
}

type StoredAgreementDocument = { agreement: AgreementV1; template: AgreementTemplateV1 };
type AgreementState = { agreement: AgreementV1; snapshot: Snapshot<unknown> };

export const agreementKind: LiveKind<StoredAgreementDocument, AgreementMachine, AgreementState> = {
  machine: (stored) => createAgreementMachine(stored.template),
  load: async (repositories, agreementId) => {
    const stored = await repositories.agreements.get(agreementId);
    if (!stored) throw new Error(copy.agreements.notFound);
    // Built in, or one of the organisation's own (that very version).
    const { templateId, templateVersion } = stored.agreement;
    const template = findAgreementTemplate(templateId, templateVersion) ?? (await (await repositories.authoring()).agreements.find(templateId, templateVersion));
    if (!template) throw new Error(copy.saving.agreementTemplateMissing(templateId, templateVersion));
    return { stored: { agreement: stored.agreement, template }, envelope: await repositories.agreements.snapshot(agreementId) };
  },
  restore: (stored, envelope, machine) => {
    const restored = restoreAgreement(stored.template, stored.agreement, envelope, machine);
    return { snapshot: restored.snapshot, input: restored.input, notice: restored.rebuilt ? copy.agreements.rebuilt(restored.rebuilt) : null };
  },
  capture: (actor: Actor<AgreementMachine>) => ({ agreement: agreementOf(actor.getSnapshot().context), snapshot: actor.getPersistedSnapshot() }),
  write: async (repositories, stored, { agreement, snapshot }) => {
    if (stored.agreement.contentHash) return; // sealed when opened: never rewritten
    const result = await repositories.agreements.save(agreement, snapshot);
    if (result.ok) return;
    const saved = await repositories.agreements.get(agreement.id);
    if (saved?.row.status === 'sealed' && saved.agreement.contentHash === agreement.contentHash) return;
    throw new Error(result.message);
  },
};
