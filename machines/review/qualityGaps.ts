/** Quality flags not yet resolved (fixed in the text) or dismissed with a reason, worded as gaps before signing. */
import type { SectionV1 } from '../model/template.ts';
import type { SessionContentV1 } from '../model/record.ts';
import { qualityFlags, type QualityFlag } from './quality.ts';
import type { ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { models as shippedModels } from '../models/index.ts';

/**
 * A dismissal holds for the words that were dismissed: it is keyed by the flag's place and
 * the text there, so rewriting the entry (even into another vague one) asks again.
 */
export function dismissalKey(flag: Pick<QualityFlag, 'id' | 'excerpt'>): string {
  return `${flag.id}|${flag.excerpt}`;
}

export function openQualityFlags(sections: readonly SectionV1[], content: SessionContentV1, available: readonly ReflectiveModelV1[] = shippedModels) {
  return qualityFlags(sections, content, available).filter((flag) => !content.qualityDismissals?.[dismissalKey(flag)]?.trim());
}

export function qualityGaps(sections: readonly SectionV1[], content: SessionContentV1, available: readonly ReflectiveModelV1[] = shippedModels): string[] {
  return openQualityFlags(sections, content, available).map((flag) => `Quality check — ${flag.where}: ${flag.message} Fix it, or dismiss it with a reason.`);
}
