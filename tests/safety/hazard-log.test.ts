/**
 * The clinical hazard log is kept honest: it parses; every risk is the matrix's for its severity and
 * likelihood; no residual risk is above its initial one; a closed hazard's residual risk is
 * acceptable (2 or less); an open one says why; every hazard has a control, every control names a
 * test, and every named test exists in the file named (by its title, as Vitest reports it); the
 * safety case lists every hazard.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { $HazardLog, riskOf, type TestRef } from './hazard-log.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const log = $HazardLog.parse(JSON.parse(readFileSync(`${root}.clinical-safety/hazard-log.json`, 'utf8')));
const safetyCase = readFileSync(`${root}.clinical-safety/safety-case.md`, 'utf8');

/** A test file's text with its string escapes undone, so a title reads as Vitest reports it. */
function titlesIn(file: string): string {
  return readFileSync(`${root}${file}`, 'utf8').replaceAll("\\'", "'").replaceAll('\\"', '"');
}

/** Whether a test with this exact title is declared in the file (it, test, or a row of it.each). */
export function declares(ref: TestRef): boolean {
  if (!existsSync(`${root}${ref.file}`)) return false;
  const text = titlesIn(ref.file);
  return [`'${ref.name}'`, `"${ref.name}"`, `\`${ref.name}\``].some((quoted) => text.includes(quoted));
}

describe('the hazard log', () => {
  it('lists every hazard the safety case names at least, each id once', () => {
    const ids = log.hazards.map((h) => h.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(14);
  });

  it.each(log.hazards.map((h) => [h.id, h] as const))('%s: risks follow the matrix; residual no worse than initial; closed only when acceptable', (_id, hazard) => {
    expect(hazard.initial.risk).toBe(riskOf(hazard.initial.severity, hazard.initial.likelihood));
    expect(hazard.residual.risk).toBe(riskOf(hazard.residual.severity, hazard.residual.likelihood));
    expect(hazard.residual.risk).toBeLessThanOrEqual(hazard.initial.risk);
    if (hazard.status === 'closed') expect(hazard.residual.risk).toBeLessThanOrEqual(2);
    else expect(hazard.openBecause, `${hazard.id} is open: say why`).toBeTruthy();
  });

  it.each(log.hazards.map((h) => [h.id, h] as const))('%s: every control names tests that exist', (_id, hazard) => {
    expect(hazard.controls.length).toBeGreaterThan(0);
    for (const control of hazard.controls) {
      expect(control.tests.length, control.id).toBeGreaterThan(0);
      for (const ref of control.tests) expect(declares(ref), `${control.id}: "${ref.name}" in ${ref.file}`).toBe(true);
    }
  });

  it('the safety case lists every hazard, by id and title', () => {
    for (const hazard of log.hazards) expect(safetyCase, hazard.id).toContain(`| ${hazard.id} | ${hazard.title} |`);
  });

  it('the check can fail: a test name that does not exist, or a file that does not, is caught', () => {
    expect(declares({ file: 'tests/db/trust.test.ts', name: 'a test nobody wrote' })).toBe(false);
    expect(declares({ file: 'tests/db/no-such.test.ts', name: 'a stored signature swapped for one by another key is never valid: not confirmed without pins, unknown with them' })).toBe(false);
    expect(riskOf('Major', 'Medium')).toBe(3);
    expect(riskOf('Catastrophic', 'Very high')).toBe(5);
    expect(riskOf('Minor', 'Very low')).toBe(1);
  });
});
