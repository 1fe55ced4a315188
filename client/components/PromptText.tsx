import { useMemo } from 'react';
import { renderMarkdown } from '../markdown.ts';

export interface PromptTextProps {
  /** Markdown to show, usually a prompt from the prompt bank. */
  markdown: string;
  /**
   * HTML level for the Markdown `#` heading, so the prompt fits the page outline.
   * Deeper headings shift with it. Defaults to 2.
   */
  headingLevel?: 2 | 3;
  id?: string;
}

/**
 * Shows Markdown prompt text. The Markdown is rendered and sanitised by renderMarkdown
 * (strict allow-list, no raw HTML, safe links only) before it reaches the DOM; this is the
 * only place in the app that uses dangerouslySetInnerHTML.
 */
export function PromptText({ markdown, headingLevel = 2, id }: PromptTextProps) {
  const html = useMemo(
    () => renderMarkdown(markdown, { baseHeadingLevel: headingLevel }),
    [markdown, headingLevel],
  );
  return <div className="app-prompt" id={id} dangerouslySetInnerHTML={{ __html: html }} />;
}

export default PromptText;
