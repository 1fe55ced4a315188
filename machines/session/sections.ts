/** The sections one session runs, worked out from its template and what was brought to it. */
import { sessionSections, type RecordTemplateV1, type SectionV1 } from '../model/template.ts';
import type { BroughtV1, SessionContentV1 } from '../model/record.ts';

export function broughtAnything(brought: BroughtV1 | null | undefined): boolean {
  return (brought?.issues.length ?? 0) + (brought?.cases.length ?? 0) > 0;
}

export function sectionsOfSession(template: RecordTemplateV1, content: Pick<SessionContentV1, 'sessionType' | 'brought'>): SectionV1[] {
  return sessionSections(template, content.sessionType, { focus: broughtAnything(content.brought) });
}
