/**
 * The prompt for a section or stage, as a calm conversation shows it: the one main question
 * and its guidance, with the follow-up questions a skilled supervisor would ask folded
 * beneath, to open when wanted.
 */
import { getPrompt, isPromptId } from '../../../prompts/index.ts';
import { PromptText } from '../../components/PromptText.tsx';

export function splitPrompt(body: string): { guidance: string; followUps: string } {
  const lines = body.split('\n');
  const firstItem = lines.findIndex((line) => /^\s*[-*] /.test(line));
  if (firstItem === -1) return { guidance: body.trim(), followUps: '' };
  return { guidance: lines.slice(0, firstItem).join('\n').trim(), followUps: lines.slice(firstItem).join('\n').trim() };
}

/** `showTitle` false where the step's own heading already asks the question (the 4x4x4 stages). */
export function SectionPrompt({ promptId, headingLevel = 3, showTitle = true }: { promptId: string; headingLevel?: 2 | 3; showTitle?: boolean }) {
  if (!isPromptId(promptId)) {
    return <p className="nhsuk-error-message">The prompt “{promptId}” is missing from this version of the app.</p>;
  }
  const prompt = getPrompt(promptId);
  const { guidance, followUps } = splitPrompt(prompt.body);
  return (
    <div className="app-section-prompt">
      <PromptText markdown={showTitle ? `# ${prompt.title}\n\n${guidance}` : guidance} headingLevel={headingLevel} />
      {followUps && (
        <details className="nhsuk-details app-prompt-followups">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Questions to explore</span>
          </summary>
          <div className="nhsuk-details__text">
            <PromptText markdown={followUps} />
          </div>
        </details>
      )}
    </div>
  );
}
