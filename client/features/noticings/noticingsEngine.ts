/**
 * The noticings' engine and rules for the screens, loaded when first needed (the language
 * analysis, compromise, is large: it is not part of the first screen's code). One load per tab.
 */
import type { NoticingRules } from '../../../machines/noticings/engine.ts';
import type { LanguageAnalysis } from '../../../machines/noticings/text.ts';

export type NoticingsEngine = {
  rules: NoticingRules;
  language: LanguageAnalysis;
  caseNoticings: typeof import('../../../machines/noticings/caseNoticings.ts');
};

let loading: Promise<NoticingsEngine> | null = null;

export function loadNoticings(): Promise<NoticingsEngine> {
  loading ??= Promise.all([
    import('../../../machines/noticings/index.ts'),
    import('../../../machines/noticings/language.ts'),
    import('../../../machines/noticings/caseNoticings.ts'),
  ]).then(([index, language, caseNoticings]) => ({ rules: index.noticingRules, language: language.compromiseLanguage, caseNoticings }));
  // A failed load is tried again next time, not kept.
  loading.catch(() => {
    loading = null;
  });
  return loading;
}
