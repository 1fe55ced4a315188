/**
 * Typed index of the prompt bank.
 *
 * Each prompt is a Markdown file under this folder. Its id is its path relative to this
 * folder, without the `.md` extension (for example `cycle/experience`). The first line of
 * every file is `# <main question>`; the rest is short guidance and a bulleted list of
 * follow-up questions.
 *
 * `promptIds` is written out literally so that TypeScript knows every id. A test checks
 * that it matches the .md files on disk exactly, so adding or removing a file means
 * updating this list too.
 */

const files: Record<string, string> = import.meta.glob<string>('./**/*.md', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export const promptIds = [
  'cycle/experience',
  'cycle/reflection',
  'cycle/analysis',
  'cycle/action-planning',
  'models/gibbs/description',
  'models/gibbs/feelings',
  'models/gibbs/evaluation',
  'models/gibbs/analysis',
  'models/gibbs/conclusion',
  'models/gibbs/action-plan',
  'models/kolb/concrete-experience',
  'models/kolb/reflective-observation',
  'models/kolb/abstract-conceptualisation',
  'models/kolb/active-experimentation',
  'models/temple-appendix-3/summary-of-events',
  'models/temple-appendix-3/risks-issues',
  'models/temple-appendix-3/actions-taken',
  'models/temple-appendix-3/protective-factors',
  'models/temple-appendix-3/role-with-family',
  'models/temple-appendix-3/agreed-actions',
  'sections/review-previous-actions',
  'sections/key-issues',
  'sections/issues-or-concerns',
  'sections/professional-challenges',
  'sections/case-discussion',
  'sections/development',
  'sections/plan-and-actions',
  'sections/any-other-business',
  'sections/next-meeting',
  'sections/signatures',
  'sections/since-last-supervision',
  'sections/quality-assurance',
  'sections/workload-and-wellbeing',
  'sections/points-for-development',
  'sections/caseload-management',
  'sections/support-issues',
  'sections/professional-development',
  'sections/updates-revised-targets',
  'sections/professional-judgements',
  'sections/reflection-on-experiences',
  'sections/escalation-facilitation',
  'escalation/immediate-concern',
] as const;

export type PromptId = (typeof promptIds)[number];

export interface Prompt {
  readonly id: PromptId;
  /** Text of the first `# ` heading line: the one main question shown to users. */
  readonly title: string;
  /** The whole Markdown file. */
  readonly markdown: string;
  /** The file without its first heading line (leading blank lines removed). */
  readonly body: string;
}

const idSet: ReadonlySet<string> = new Set<string>(promptIds);

export function isPromptId(x: string): x is PromptId {
  return idSet.has(x);
}

/** Ids of the .md files actually bundled, derived from the glob (useful for checks). */
export function bundledPromptIds(): string[] {
  return Object.keys(files)
    .map((path) => path.replace(/^\.\//, '').replace(/\.md$/, ''))
    .sort();
}

const cache = new Map<PromptId, Prompt>();

export function getPrompt(id: PromptId): Prompt {
  const cached = cache.get(id);
  if (cached) return cached;

  const path = `./${id}.md`;
  const raw = files[path];
  if (raw === undefined) {
    throw new Error(`Prompt "${id}" not found: expected the file prompts/${id}.md`);
  }
  const markdown = raw.replace(/\r\n?/g, '\n');
  const newline = markdown.indexOf('\n');
  const firstLine = newline === -1 ? markdown : markdown.slice(0, newline);
  const match = /^# +(.+?)\s*$/.exec(firstLine);
  const title = match?.[1];
  if (title === undefined) {
    throw new Error(`Prompt "${id}" (prompts/${id}.md) must start with a "# " heading line`);
  }
  const body = newline === -1 ? '' : markdown.slice(newline + 1).replace(/^\s*\n/, '');

  const prompt: Prompt = { id, title, markdown, body };
  cache.set(id, prompt);
  return prompt;
}
