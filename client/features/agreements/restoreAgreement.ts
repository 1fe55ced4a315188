/**
 * Restoring an agreement's actor from its saved envelope, or rebuilding it from the agreement
 * saved beside it (the source of truth) when the envelope is missing or no longer fits.
 */
import { z } from 'zod';
import type { Snapshot } from 'xstate';
import { $AgreementV1, sectionGaps, type AgreementTemplateV1, type AgreementV1 } from '../../../machines/model/agreement.ts';
import { $AgreementSnapshotEnvelopeV1 } from '../../../machines/model/envelope.ts';
import { agreementMachineVersion, agreementSectionOf, createAgreementMachine, type AgreementInput, type AgreementMachine } from '../../../machines/agreements/agreement.machine.ts';
import { restoresCleanly } from '../../../machines/restoresCleanly.ts';

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

export function restoreAgreement(template: AgreementTemplateV1, agreement: AgreementV1, envelope: unknown): RestoredAgreement {
  const machine = createAgreementMachine(template);
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
