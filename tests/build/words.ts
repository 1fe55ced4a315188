/**
 * Finding user-facing words in code (STYLE 14: all of them in client/content/), shared by
 * storage-words.test.ts (client/db/) and screen-words.test.ts (the rest of client/). Each file is
 * read with TypeScript's parser, and a string is words when:
 * - it looks like a sentence: a capital letter (or opening quote) first, a space in it, and a full
 *   stop at the end;
 * - it is said, and starts with a capital letter and has a space: the text of a `message`, `heading`,
 *   `title` or `error` property, of a constant named for one (`…_MESSAGE`, `…Heading`, `…Label`, …),
 *   of an error thrown, of a `return`, or given to a React state setter (`setStatus('…')`);
 * - (in .tsx) it is text between JSX tags with a letter in it, or a literal with a letter given as a
 *   JSX child (`{listening ? 'Stop dictating' : 'Dictate'}`), or the value of an attribute a person
 *   reads or hears (label, hint, title, aria-label, …) that starts with a capital letter.
 * Punctuation between tags (a full stop after a link, a dash) is not words. Technical strings
 * (programming errors nobody using the app meets, CSS classes, ids) are allowed by each test, by
 * file and exact text; `${}` stands for each interpolation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export type Found = { file: string; line: number; text: string };

/** Attributes a person reads or hears. */
const SPOKEN_ATTRIBUTES = new Set(['label', 'hint', 'title', 'heading', 'legend', 'description', 'aria-label', 'aria-description', 'placeholder', 'alt', 'message', 'caption', 'summary']);

function textOf(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => '${}' + span.literal.text).join('');
  return null;
}

/** The expression a value is passed up to through `a ? b : c`, `a ?? b`, `a || b`, `a && b` and brackets. */
function outerOf(node: ts.Node): ts.Node {
  const parent = node.parent;
  if (ts.isParenthesizedExpression(parent)) return outerOf(parent);
  if (ts.isConditionalExpression(parent) && parent.condition !== node) return outerOf(parent);
  if (
    ts.isBinaryExpression(parent) &&
    [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(parent.operatorToken.kind) &&
    (parent.right === node || parent.operatorToken.kind !== ts.SyntaxKind.AmpersandAmpersandToken)
  ) return outerOf(parent);
  return node;
}

/** Where a string is said to the user: a result's message, a heading or title, an error's text, a returned text. */
function isSaid(node: ts.Node): boolean {
  const outer = outerOf(node);
  const parent = outer.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === outer && ['message', 'heading', 'title', 'error'].includes(parent.name.getText())) return true;
  // const NOT_LOCAL_MESSAGE = '…', const heading = '…'
  if (ts.isVariableDeclaration(parent) && parent.initializer === outer && /(message|heading|title|error|label|hint|status)$/i.test(parent.name.getText())) return true;
  // setStatus('Dictation stopped'): a React state setter given a text to show
  if (ts.isCallExpression(parent) && parent.arguments.includes(outer as ts.Expression) && /^set[A-Z]/.test(parent.expression.getText())) return true;
  if (ts.isNewExpression(parent) || (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.SuperKeyword)) return true;
  if (ts.isReturnStatement(parent)) return true;
  return false;
}

/** A JSX child (`<p>{…}</p>`) or the value of a spoken attribute (`label={…}`), through ternaries. */
function jsxPlace(node: ts.Node): 'child' | 'spoken' | null {
  const outer = outerOf(node);
  const parent = outer.parent;
  if (!ts.isJsxExpression(parent)) return null;
  if (ts.isJsxElement(parent.parent) || ts.isJsxFragment(parent.parent)) return 'child';
  if (ts.isJsxAttribute(parent.parent) && SPOKEN_ATTRIBUTES.has(parent.parent.name.getText())) return 'spoken';
  return null;
}

const startsCapital = (text: string) => /^[A-Z‘“]/.test(text);
const looksLikeSentence = (text: string) => startsCapital(text) && text.includes(' ') && /\.\s*$/.test(text);
const looksSaid = (text: string) => startsCapital(text) && text.includes(' ');

/** The words in a .ts or .tsx file. */
export function wordsIn(file: string, source: string): Found[] {
  const jsx = file.endsWith('.tsx');
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, jsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: Found[] = [];
  const at = (node: ts.Node, text: string) => found.push({ file, line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
  const visit = (node: ts.Node) => {
    const text = textOf(node);
    if (text !== null) {
      const place = jsx ? jsxPlace(node) : null;
      if (
        looksLikeSentence(text) ||
        (isSaid(node) && looksSaid(text)) ||
        (place === 'child' && /\p{L}/u.test(text)) ||
        (place === 'spoken' && startsCapital(text))
      ) at(node, text);
    }
    if (ts.isJsxText(node)) {
      const words = node.text.replace(/\s+/g, ' ').trim();
      if (/\p{L}/u.test(words)) at(node, words);
    }
    if (ts.isJsxAttribute(node) && node.initializer && ts.isStringLiteral(node.initializer) && SPOKEN_ATTRIBUTES.has(node.name.getText()) && startsCapital(node.initializer.text)) {
      at(node, node.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  // A literal attribute that is also a sentence is found once.
  return found.filter((each, index) => found.findIndex((other) => other.line === each.line && other.text === each.text) === index);
}

/** Every .ts and .tsx file under a directory, but the directories left out (absolute paths). */
export function sourceFiles(dir: string, leaveOut: readonly string[] = []): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || leaveOut.includes(path)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path, leaveOut);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Technical strings allowed, by file (relative to the directory scanned): `${}` stands for each interpolation. */
export type Allowed = Readonly<Record<string, readonly string[]>>;

/** The words in these files (relative to `dir`) that `allowed` does not allow, as `file:line: text`. */
export function wordsLeft(dir: string, files: readonly string[], allowed: Allowed): string[] {
  return files
    .flatMap((file) => wordsIn(file, readFileSync(join(dir, file), 'utf8')))
    .filter((each) => !(allowed[each.file] ?? []).includes(each.text))
    .map((each) => `${each.file}:${each.line}: ${each.text}`);
}

/** Each allowed string no longer found in its file, as `file: text`: an allowance must not outlive its string. */
export function staleAllowances(dir: string, allowed: Allowed): string[] {
  return Object.entries(allowed).flatMap(([file, texts]) => {
    const present = new Set(wordsIn(file, readFileSync(join(dir, file), 'utf8')).map((each) => each.text));
    return texts.filter((text) => !present.has(text)).map((text) => `${file}: ${text}`);
  });
}
