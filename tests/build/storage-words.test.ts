/**
 * The storage layer holds no user-facing words (STYLE 14: all of them in client/content/): every
 * string literal in client/db/*.ts is read with the rules in ./words.ts (shared with
 * screen-words.test.ts) and fails this test when it looks like a sentence — a capital letter
 * first, spaces in it, and a full stop at the end — or when it is said (a result's `message`, a
 * `heading` or `title`, an error thrown, a returned text) and starts with a capital letter and
 * has a space. Technical strings (programming errors nobody using the app meets, schema
 * descriptions never shown) are allowed below, each by its file and its exact text.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleAllowances, wordsIn, wordsLeft, type Allowed } from './words';

const dbDir = join(import.meta.dirname, '../../client/db');

/** Technical strings, by file: `${}` stands for each interpolation. */
const TECHNICAL: Allowed = {
  'atRest.ts': ['A data key is 32 bytes', 'Table “${}” has no inbound primary key to bind its rows to'],
  'atRestBulk.ts': ['Table “${}” has no inbound primary key to bind its rows to'],
  // zod's issue texts while checking a backup: the file is refused as one ("invalid-contents"), never with these.
  'backupFormat.ts': ['A row of ${} is not valid: ${}', 'The id ${} appears twice in ${}', 'A person is not valid', 'A template is not valid', 'A session refers to a template the backup does not hold'],
  'db.ts': ['No table ${}'],
  'lazyRepository.ts': ['No repository method ${}'],
};

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
    expect(wordsLeft(dbDir, files, TECHNICAL)).toEqual([]);
  });

  it('allows only technical strings that are still there', () => {
    expect(staleAllowances(dbDir, TECHNICAL)).toEqual([]);
  });
});
