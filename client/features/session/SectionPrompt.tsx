/** The prompt for a section or stage: its question, guidance and follow-up questions. */
import { getPrompt, isPromptId } from '../../../prompts/index.ts';
import { PromptText } from '../../components/PromptText.tsx';

export function SectionPrompt({ promptId, headingLevel = 3 }: { promptId: string; headingLevel?: 2 | 3 }) {
  if (!isPromptId(promptId)) {
    return <p className="nhsuk-error-message">The prompt “{promptId}” is missing from this version of the app.</p>;
  }
  return <PromptText markdown={getPrompt(promptId).markdown} headingLevel={headingLevel} />;
}
