// `npm test`: checks the browser is present, type-checks, runs every Vitest project, and
// ends with one plain line `N passed, N failed` that CI reads (it does not parse Vitest's).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const chromiumPath = '/usr/bin/chromium';
const require = createRequire(import.meta.url);

/** The parts of Vitest's JSON report (Jest-compatible) that the summary needs. */
interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  testResults: { name: string; status: string; assertionResults: { status: string }[] }[];
}

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (result.error) console.error(result.error.message);
  return result.status ?? 1;
}

function ensureChromium(): void {
  if (existsSync(chromiumPath)) return;
  if (process.getuid?.() !== 0) {
    console.error(
      `Browser tests need Debian's Chromium at ${chromiumPath}.\n` +
        'Install it with: sudo apt-get update && sudo apt-get install -y chromium',
    );
    process.exit(1);
  }
  console.log(`${chromiumPath} is missing: installing chromium with apt-get`);
  run('bash', ['-c', 'apt-get update && apt-get install -y chromium']);
  if (!existsSync(chromiumPath)) {
    console.error('Installing chromium failed');
    process.exit(1);
  }
}

function typecheck(): boolean {
  console.log('Type-checking (tsc --noEmit)');
  const tsc = require.resolve('typescript/bin/tsc');
  const ok = run(process.execPath, [tsc, '--noEmit', '-p', 'tsconfig.json']) === 0;
  console.log(ok ? 'Type-check passed' : 'Type-check failed');
  return ok;
}

function vitest(reportFile: string): { exitCode: number; report: VitestReport | undefined } {
  const vitestBin = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
  const exitCode = run(process.execPath, [
    vitestBin,
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${reportFile}`,
  ]);
  if (!existsSync(reportFile)) return { exitCode, report: undefined };
  return { exitCode, report: JSON.parse(readFileSync(reportFile, 'utf8')) as VitestReport };
}

ensureChromium();
const typecheckPassed = typecheck();

const workDir = mkdtempSync(join(tmpdir(), 'supervision-tests-'));
const { exitCode, report } = vitest(join(workDir, 'vitest.json'));
rmSync(workDir, { recursive: true, force: true });

if (!report) console.error('Vitest wrote no JSON report');
// A test file that fails to load has no failed tests of its own: count it once.
const brokenFiles = (report?.testResults ?? []).filter(
  (file) =>
    file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
);
for (const file of brokenFiles) console.error(`Test file failed to run: ${file.name}`);

let vitestFailures = (report?.numFailedTests ?? 0) + brokenFiles.length;
// e.g. global set-up (the client build) failed, or an unhandled error: count it once.
if ((exitCode !== 0 || !report) && vitestFailures === 0) {
  console.error(`Vitest exited with code ${exitCode} without reporting a failed test`);
  vitestFailures = 1;
}

const passed = (report?.numPassedTests ?? 0) + (typecheckPassed ? 1 : 0);
const failed = vitestFailures + (typecheckPassed ? 0 : 1);
const skipped = (report?.numPendingTests ?? 0) + (report?.numTodoTests ?? 0);

console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
