/**
 * The prompt for a section or stage, as a calm conversation shows it: the one main question
 * and its guidance, with the follow-up questions a skilled supervisor would ask folded
 * beneath, to open when wanted.
 */
import { getPrompt, isPromptId } from '../../../prompts/index.ts';
import { PromptText } from '../../components/PromptText.tsx';
import { copy } from '../../content/copy.ts';

export function splitPrompt(body: string): { guidance: string; followUps: string } {
  const lines = body.split('\n');
  const firstItem = lines.findIndex((line) => /^\s*[-*] /.test(line));
  if (firstItem === -1) return { guidance: body.trim(), followUps: '' };
  return { guidance: lines.slice(0, firstItem).join('\n').trim(), followUps: lines.slice(firstItem).join('\n').trim() };
}

/** The title and body of a prompt written with a section or stage (`# question` first, as in the bank). */
function ownPrompt(markdown: string): { title: string; body: string } {
  const text = markdown.replace(/\r\n?/g, '\n');
  const newline = text.indexOf('\n');
  const first = newline === -1 ? text : text.slice(0, newline);
  const match = /^# +(.+?)\s*$/.exec(first);
  if (!match?.[1]) return { title: '', body: text.trim() };
  return { title: match[1], body: newline === -1 ? '' : text.slice(newline + 1).replace(/^\s*\n/, '') };
}

/**
 * `showTitle` false where the step's own heading already asks the question (a model's stages).
 * `markdown`: the prompt written with the section or stage itself (a model or template made in the
 * app), shown instead of the bank's.
 */
export function SectionPrompt({
  promptId,
  markdown,
  headingLevel = 3,
  showTitle = true,
}: {
  promptId: string;
  markdown?: string | undefined;
  headingLevel?: 2 | 3;
  showTitle?: boolean;
}) {
  if (!markdown && !isPromptId(promptId)) {
    return <p className="nhsuk-error-message">{copy.session.promptMissing(promptId)}</p>;
  }
  const prompt = markdown ? ownPrompt(markdown) : getPrompt(promptId as Parameters<typeof getPrompt>[0]);
  const { guidance, followUps } = splitPrompt(prompt.body);
  return (
    <div className="app-section-prompt">
      <PromptText markdown={showTitle && prompt.title ? `# ${prompt.title}\n\n${guidance}` : guidance} headingLevel={headingLevel} />
      {followUps && (
        <details className="nhsuk-details app-prompt-followups">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">{copy.session.followUps}</span>
          </summary>
          <div className="nhsuk-details__text">
            <PromptText markdown={followUps} />
          </div>
        </details>
      )}
    </div>
  );
}
