/**
 * Screens, components and the rest of client/ hold no user-facing words (STYLE 14: all of them in
 * client/content/): every .ts and .tsx file under client/ but client/content/ and client/db/ (whose
 * own test is storage-words.test.ts) is read with the rules in ./words.ts — text between JSX tags
 * with a letter in it, a literal given as a JSX child, a spoken attribute (label, hint, title, …),
 * a sentence anywhere, and a message, heading, title, error or returned text. Technical strings
 * are allowed below, each by its file and its exact text.
 */
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceFiles, staleAllowances, wordsIn, wordsLeft, type Allowed } from './words';

const clientDir = join(import.meta.dirname, '../../client');

/** Technical strings, by file (relative to client/). */
const TECHNICAL: Allowed = {
  // Programming errors nobody using the app meets: the page always has its root; DOMPurify runs in every supported browser; keys are made by the app.
  'main.tsx': ['Missing #root element'],
  'markdown.ts': ['DOMPurify is not supported in this environment'],
  'share/share.ts': ['A share key is ${} bytes'],
};

const scanned = () =>
  sourceFiles(clientDir, [join(clientDir, 'content'), join(clientDir, 'db')])
    .map((path) => relative(clientDir, path));

describe('user-facing words in screens and components', () => {
  it('finds words between tags, in a spoken attribute, a JSX child, a sentence and a said text, and passes punctuation and technical strings', () => {
    const found = wordsIn('Example.tsx', [
      'const a = <p role="status">Opening the session…</p>;',
      'const b = <Input label="Your name" id="name" />;',
      'const c = <p>{copy.home.lede}. <a href="#/">{copy.home.link}</a> – </p>;',
      'const d = <div className="nhsuk-u-margin-bottom-3" data-testid="Two words" />;',
      "const e = <TextArea hint={'Say what you saw'} />;",
      "const f = <button>{listening ? 'Stop dictating' : 'Dictate'}</button>;",
      "const g = <Button label={busy ? 'Saving the case' : copy.save} />;",
      "const h = 'This record could not be read.';",
      "const i = { ok: false, message: 'Choose the supervisee' };",
      'const j = () => { throw new Error(`The table ${name} is missing`); };',
      "const k = <p className={open ? 'nhsuk-u-bold' : 'two words'}>{' '}{'–'}</p>;",
      "const l = () => setStatus('Dictation stopped');",
      "const NOT_LOCAL_MESSAGE = 'Dictation is off here';",
      "function m(name: string) { return name || 'No owner'; }",
      'const o = <section aria-label="Conversation" id="Main" />;',
    ].join('\n'));
    expect(found.map((each) => each.text)).toEqual([
      'Opening the session…',
      'Your name',
      'Say what you saw',
      'Stop dictating',
      'Dictate',
      'Saving the case',
      'This record could not be read.',
      'Choose the supervisee',
      'The table ${} is missing',
      'Dictation stopped',
      'Dictation is off here',
      'No owner',
      'Conversation',
    ]);
  });

  it('client/**/*.{ts,tsx} (but content/ and db/) has none: their words are in client/content/', () => {
    const files = scanned();
    expect(files.length).toBeGreaterThan(150);
    expect(wordsLeft(clientDir, files, TECHNICAL)).toEqual([]);
  });

  it('allows only technical strings that are still there', () => {
    expect(staleAllowances(clientDir, TECHNICAL)).toEqual([]);
  });
});
