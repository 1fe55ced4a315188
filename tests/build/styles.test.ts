// The stylesheets carry only the NHS.UK frontend components the screens use (issue 17, point 9):
// every nhsuk-* class written in client/ must be styled by the lock screen's sheet or the app's,
// and neither sheet compiles NHS.UK frontend's core more than once.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const stylesDir = join(repoRoot, 'client/styles');

function compiled(file: string): string {
  return sass.compile(join(stylesDir, file), {
    loadPaths: [stylesDir, join(repoRoot, 'node_modules')],
    style: 'compressed',
    logger: sass.Logger.silent,
  }).css;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(tsx?|html)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Whole class names (not a prefix completed at run time, like `nhsuk-tag--${colour}`). */
function classesUsed(): Map<string, string> {
  const used = new Map<string, string>();
  for (const file of sourceFiles(join(repoRoot, 'client')).filter((file) => !file.includes('node_modules'))) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bnhsuk-[a-z0-9]+(?:[-_][a-z0-9]+)*\b(?![-_$])/g)) {
      if (!used.has(match[0])) used.set(match[0], file.slice(repoRoot.length));
    }
  }
  return used;
}

/** Classes NHS.UK frontend defines with no styles of its own (the file upload's is a hook for its script). */
const unstyledByDesign = new Set(['nhsuk-file-upload']);

describe('stylesheets', () => {
  const lock = compiled('lock.scss');
  const app = compiled('app.scss');

  it('style every NHS.UK frontend class the screens use', () => {
    const unstyled = [...classesUsed()].filter(([name]) => !unstyledByDesign.has(name) && !new RegExp(`\\.${name}(?![a-z0-9_-])`).test(lock + app));
    expect(unstyled).toEqual([]);
  });

  it('compile NHS.UK frontend’s core once, in the lock screen’s sheet that every page loads first', () => {
    const coreMarker = '--nhsuk-frontend-version';
    expect(lock).toContain(coreMarker);
    expect(app).not.toContain(coreMarker);
    // The utility classes are core's: in the app's sheet they would be a second copy.
    expect(app).not.toMatch(/\.nhsuk-u-margin-bottom-0\b/);
  });

  it('leave out the components no screen uses', () => {
    for (const unused of ['nhsuk-hero', 'nhsuk-pagination', 'nhsuk-tabs', 'nhsuk-task-list', 'nhsuk-header__navigation', 'nhsuk-do-dont-list']) {
      expect(lock + app).not.toContain(`.${unused}`);
    }
  });
});
