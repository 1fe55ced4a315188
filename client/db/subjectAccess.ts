/**
 * One self-contained HTML document of records, for a subject access request or kept before records
 * are destroyed: a warning to review and redact before disclosure, each record as readable text,
 * and all of it again as JSON (in a `<script type="application/json">`, never run) so it can be
 * read back by a program. No zip, no library: a file any browser opens offline.
 */
import { storageCopy } from '../content/storageCopy.ts';

export type ExportPart = { heading: string; text: string; data: unknown };
export const EXPORT_FORMAT = 'safeguarding-supervision/export';

/** The warning at the top of every export (also on screen before it is made). */
export const REDACTION_WARNING = storageCopy.redactionWarning;

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** JSON that cannot close its script element or open a comment. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function subjectAccessHtml(input: { title: string; madeAt: string; kind: 'subjectAccess' | 'destruction'; parts: readonly ExportPart[] }): string {
  const data = { format: EXPORT_FORMAT, version: 1, kind: input.kind, madeAt: input.madeAt, parts: input.parts.map((p) => ({ heading: p.heading, data: p.data })) };
  const sections = input.parts.map((part) => `<section>\n<h2>${escapeHtml(part.heading)}</h2>\n<pre>${escapeHtml(part.text)}</pre>\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(input.title)}</title>
<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}pre{white-space:pre-wrap;font-family:inherit}.warning{border-left:8px solid #d5281b;padding:1rem;background:#fff4f2}</style>
</head>
<body>
<h1>${escapeHtml(input.title)}</h1>
<p>Made ${escapeHtml(input.madeAt)}. ${input.parts.length} item(s). OFFICIAL-SENSITIVE: confidential.</p>
<p class="warning"><strong>${escapeHtml(REDACTION_WARNING)}</strong></p>
${sections}
<script type="application/json" id="export-data">${scriptSafeJson(data)}</script>
</body>
</html>
`;
}

/** The data of an export, read back (tests, and anyone checking a file). */
export function exportDataOf(html: string): unknown {
  const match = /<script type="application\/json" id="export-data">([\s\S]*?)<\/script>/.exec(html);
  return match?.[1] ? JSON.parse(match[1]) : null;
}
