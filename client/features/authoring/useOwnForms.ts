/**
 * The record templates and agreements a session or agreement can be started with: the ones
 * built into the app, then the organisation's own (the newest version of each; database
 * version 16). Read live, so a template saved or imported shows at once.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { templates as shippedTemplates } from '../../../machines/templates/index.ts';
import { agreementTemplates as shippedAgreements, findAgreementTemplate } from '../../../machines/agreements/index.ts';
import type { RecordTemplateV1 } from '../../../machines/model/template.ts';
import type { AgreementTemplateV1 } from '../../../machines/model/agreement.ts';
import type { Repositories } from '../../db/repositories.ts';
import { useServices } from '../../app/services.tsx';

/** Built-in first (while the own ones load, only those). */
export function useRecordTemplates(): readonly RecordTemplateV1[] {
  const { repositories } = useServices();
  const own = useLiveQuery(async () => (await repositories.authoring()).templates.latest(), [repositories]);
  return own && own.length > 0 ? [...shippedTemplates, ...own] : shippedTemplates;
}

export function useAgreementTemplates(): readonly AgreementTemplateV1[] {
  const { repositories } = useServices();
  const own = useLiveQuery(async () => (await repositories.authoring()).agreements.latest(), [repositories]);
  return own && own.length > 0 ? [...shippedAgreements, ...own] : shippedAgreements;
}

/** The agreement template an agreement was made with: built in, or one of the organisation's own (that very version). */
export async function findAnyAgreementTemplate(repositories: Repositories, id: string, version: string): Promise<AgreementTemplateV1 | undefined> {
  return findAgreementTemplate(id, version) ?? (await repositories.authoring()).agreements.find(id, version);
}

/** Every agreement template this device knows, each version (for naming agreements in a list). */
export function useAllAgreementTemplates(): readonly AgreementTemplateV1[] {
  const { repositories } = useServices();
  const own = useLiveQuery(async () => (await repositories.authoring()).agreements.all(), [repositories]);
  return own && own.length > 0 ? [...shippedAgreements, ...own] : shippedAgreements;
}
