/** Quality flags not yet resolved (fixed in the text) or dismissed with a reason, worded as gaps before signing. */
import type { SectionV1 } from '../model/template.ts';
import type { SessionContentV1 } from '../model/record.ts';
import { qualityFlags } from './quality.ts';

export function openQualityFlags(sections: readonly SectionV1[], content: SessionContentV1) {
  return qualityFlags(sections, content).filter((flag) => !content.qualityDismissals?.[flag.id]?.trim());
}

export function qualityGaps(sections: readonly SectionV1[], content: SessionContentV1): string[] {
  return openQualityFlags(sections, content).map((flag) => `Quality check — ${flag.where}: ${flag.message} Fix it, or dismiss it with a reason.`);
}
