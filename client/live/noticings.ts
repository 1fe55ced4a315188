/**
 * Which of the assistant's noticings are in force for a document begun now (issue 21, point 6):
 * the supervisor's own choice (client/db/noticingSettings.ts: one profile row) over the
 * organisation's (the template's `noticings`), over all on. A session records the answer when it
 * begins (create, in session.ts); a preparation, which has no template, takes its person's own
 * choice. The rules are loaded on first use, as the engine is.
 */
import type { NoticingsInForce } from '../../machines/noticings/settings.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { NoticingSettingsRepository } from '../db/noticingSettings.ts';

export async function noticingsInForceFor(settings: NoticingSettingsRepository, template: Pick<RecordTemplateV1, 'noticings'>): Promise<NoticingsInForce> {
  const [choice, { noticingRules }, { noticingsInForce }] = await Promise.all([settings.get(), import('../../machines/noticings/index.ts'), import('../../machines/noticings/settings.ts')]);
  return noticingsInForce(noticingRules.rules, template.noticings ?? null, choice);
}
