/**
 * File names in one convention (issue 20, point 5): in client/, machines/, server/ and prompts/ a
 * module is camelCase (`childSummary.ts`, with a role suffix such as `.machine.ts` or `.worker.ts`)
 * and a React component PascalCase (`RecordDocument.tsx`); under tests/ every file is kebab-case
 * (`child-summary.test.ts`). Data files (`*.template.json`, prompts' Markdown) are not TypeScript
 * and keep their own kebab-case ids.
 */
import { execFileSync } from 'node:child_process';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const tracked = (dirs: string[]) =>
  execFileSync('git', ['ls-files', ...dirs], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((path) => /\.tsx?$/.test(path));

const sourceName = /^(?:[a-z][a-zA-Z0-9]*(?:\.[a-z]+)*\.tsx?|[A-Z][a-zA-Z0-9]*\.tsx)$/;
const testName = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)*\.tsx?$/;

describe('file names', () => {
  it('tells the conventions apart', () => {
    expect(['childSummary.ts', 'session.machine.ts', 'RecordDocument.tsx', 'backupContent.worker.ts'].every((name) => sourceName.test(name))).toBe(true);
    expect(['child-summary.ts', 'Child_summary.ts', 'RecordDocument.ts'].some((name) => sourceName.test(name))).toBe(false);
    expect(['child-summary.test.ts', 'layout.e2e.test.ts', 'first-screen.test.ts'].every((name) => testName.test(name))).toBe(true);
    expect(['childSummary.test.ts', 'RecordDocument.test.tsx'].some((name) => testName.test(name))).toBe(false);
  });

  it('source modules are camelCase and components PascalCase', () => {
    const files = tracked(['client', 'machines', 'server', 'prompts']);
    expect(files.length).toBeGreaterThan(200);
    expect(files.filter((path) => !sourceName.test(basename(path)))).toEqual([]);
  });

  it('files under tests/ are kebab-case', () => {
    const files = tracked(['tests']);
    expect(files.length).toBeGreaterThan(150);
    expect(files.filter((path) => !testName.test(basename(path)))).toEqual([]);
  });
});
