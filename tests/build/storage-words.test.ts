/**
 * The storage layer holds no user-facing words (STYLE 14: all of them in client/content/): every
 * string literal in client/db/*.ts is read with TypeScript's parser and fails this test when it
 * looks like a sentence — a capital letter first, spaces in it, and a full stop at the end — or
 * when it is the text of a result's `message`, a `heading` or a `title`, or of an error thrown,
 * and starts with a capital letter and has a space. Technical strings (programming errors nobody
 * using the app meets, schema descriptions never shown) are allowed below, each by its file and
 * its exact text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const dbDir = join(import.meta.dirname, '../../client/db');

/** Technical strings, by file: `${}` stands for each interpolation. */
const TECHNICAL: Readonly<Record<string, readonly string[]>> = {
  'atRest.ts': ['A data key is 32 bytes', 'Table “${}” has no inbound primary key to bind its rows to'],
  'atRestBulk.ts': ['Table “${}” has no inbound primary key to bind its rows to'],
  // zod's issue texts while checking a backup: the file is refused as one ("invalid-contents"), never with these.
  'backupFormat.ts': ['A row of ${} is not valid: ${}', 'The id ${} appears twice in ${}', 'A person is not valid', 'A template is not valid', 'A session refers to a template the backup does not hold'],
  'db.ts': ['No table ${}'],
  'lazyRepository.ts': ['No repository method ${}'],
};

type Found = { file: string; line: number; text: string };

function textOf(node: ts.Node): string | null {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => '${}' + span.literal.text).join('');
  return null;
}

/** Where a string is said to the user: a result's message, a heading or title, an error's text. */
function isSaid(node: ts.Node): boolean {
  const parent = node.parent;
  if (ts.isPropertyAssignment(parent) && parent.initializer === node && ['message', 'heading', 'title'].includes(parent.name.getText())) return true;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return isSaid(parent);
  if (ts.isConditionalExpression(parent)) return isSaid(parent);
  if (ts.isNewExpression(parent) || (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.SuperKeyword)) return true;
  if (ts.isReturnStatement(parent)) return true;
  return false;
}

const looksLikeSentence = (text: string) => /^[A-Z‘“]/.test(text) && text.includes(' ') && /\.\s*$/.test(text);
const looksSaid = (text: string) => /^[A-Z‘“]/.test(text) && text.includes(' ');

export function wordsIn(file: string, source: string): Found[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const visit = (node: ts.Node) => {
    const text = textOf(node);
    if (text !== null && (looksLikeSentence(text) || (isSaid(node) && looksSaid(text)))) {
      found.push({ file, line: tree.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

describe('user-facing words in the storage layer', () => {
  it('finds a sentence, a message and an error’s text, and passes a technical string that is allowed', () => {
    const found = wordsIn('example.ts', [
      `const a = 'This record could not be read.';`,
      `const b = { ok: false, message: 'Choose the supervisee' };`,
      'throw new Error(`The table ${name} is missing`);',
      `const c = 'kebab-case-id';`,
      `const d = 'Two words';`,
    ].join('\n'));
    expect(found.map((each) => each.text)).toEqual(['This record could not be read.', 'Choose the supervisee', 'The table ${} is missing']);
  });

  it('client/db/*.ts has none: its words are in client/content/', () => {
    const files = readdirSync(dbDir).filter((name) => name.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(20);
    const found = files.flatMap((file) => wordsIn(file, readFileSync(join(dbDir, file), 'utf8'))).filter((each) => !(TECHNICAL[each.file] ?? []).includes(each.text));
    expect(found.map((each) => `${each.file}:${each.line}: ${each.text}`)).toEqual([]);
  });

  it('allows only technical strings that are still there', () => {
    for (const [file, texts] of Object.entries(TECHNICAL)) {
      const present = new Set(wordsIn(file, readFileSync(join(dbDir, file), 'utf8')).map((each) => each.text));
      for (const text of texts) expect(present.has(text), `${file}: ${text}`).toBe(true);
    }
  });
});
