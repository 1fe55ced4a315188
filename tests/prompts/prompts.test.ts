// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledPromptIds, getPrompt, isPromptId, promptIds, type PromptId } from '../../prompts/index.ts';

const promptsDir = fileURLToPath(new URL('../../prompts/', import.meta.url));

function markdownFilesOnDisk(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownFilesOnDisk(full));
    else if (entry.isFile() && entry.name.endsWith('.md')) found.push(full);
  }
  return found;
}

const idsOnDisk = markdownFilesOnDisk(promptsDir)
  .map((file) => relative(promptsDir, file).split(sep).join('/').replace(/\.md$/, ''))
  .sort();

function bullets(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('- '));
}

describe('prompt index', () => {
  it('lists exactly the .md files on disk', () => {
    expect([...promptIds].sort()).toEqual(idsOnDisk);
  });

  it('bundles exactly the .md files on disk', () => {
    expect(bundledPromptIds()).toEqual(idsOnDisk);
  });

  it('has no duplicate ids', () => {
    expect(new Set(promptIds).size).toBe(promptIds.length);
  });

  it('includes the ids the templates rely on', () => {
    const required: PromptId[] = [
      'cycle/experience',
      'cycle/reflection',
      'cycle/analysis',
      'cycle/action-planning',
      'sections/key-issues',
      'escalation/immediate-concern',
    ];
    for (const id of required) expect(promptIds).toContain(id);
  });

  it('isPromptId accepts known ids and rejects others', () => {
    expect(isPromptId('cycle/experience')).toBe(true);
    expect(isPromptId('sections/signatures')).toBe(true);
    expect(isPromptId('cycle/experience.md')).toBe(false);
    expect(isPromptId('./cycle/experience')).toBe(false);
    expect(isPromptId('cycle/unknown')).toBe(false);
    expect(isPromptId('')).toBe(false);
  });

  it('throws a clear error for a missing file', () => {
    expect(() => getPrompt('cycle/nope' as PromptId)).toThrow(/cycle\/nope.*not found/);
  });

  it('uses the four cycle questions of the 4x4x4 model', () => {
    expect(getPrompt('cycle/experience').title).toBe('What happened?');
    expect(getPrompt('cycle/reflection').title).toBe('What was it like?');
    expect(getPrompt('cycle/analysis').title).toBe('What does this mean?');
    expect(getPrompt('cycle/action-planning').title).toBe('What next?');
  });

  it('the immediate-concern route names 999 and no other phone number', () => {
    const { markdown } = getPrompt('escalation/immediate-concern');
    expect(markdown).toContain('999');
    expect(markdown).toMatch(/never delay/i);
    expect(markdown).toMatch(/MASH/);
    const numbers = markdown.match(/\d(?:[\d -]*\d)?/g) ?? [];
    expect(new Set(numbers)).toEqual(new Set(['999']));
  });
});

describe.each(promptIds.map((id) => [id] as const))('prompt %s', (id) => {
  it('loads, with a title, markdown and body', () => {
    const prompt = getPrompt(id);
    expect(prompt.id).toBe(id);
    expect(prompt.title.length).toBeGreaterThan(0);
    expect(prompt.title.length).toBeLessThanOrEqual(80);
    expect(prompt.markdown.startsWith(`# ${prompt.title}\n`)).toBe(true);
    expect(prompt.body.startsWith('#')).toBe(false);
    expect(prompt.markdown).toContain(prompt.body);
  });

  it('matches the file on disk and starts with "# "', () => {
    const onDisk = readFileSync(join(promptsDir, `${id}.md`), 'utf8');
    expect(onDisk.startsWith('# ')).toBe(true);
    expect(getPrompt(id).markdown).toBe(onDisk.replace(/\r\n?/g, '\n'));
  });

  it('has short guidance before the list', () => {
    const { body } = getPrompt(id);
    const guidance = body.split('\n\n')[0] ?? '';
    expect(guidance.startsWith('- ')).toBe(false);
    expect(guidance.trim().length).toBeGreaterThan(20);
    const sentences = guidance.split(/[.!?](?:\s|$)/).filter((s) => s.trim().length > 0);
    expect(sentences.length).toBeGreaterThanOrEqual(1);
    expect(sentences.length).toBeLessThanOrEqual(2);
  });

  it('has between 5 and 9 bullet points', () => {
    const list = bullets(getPrompt(id).markdown);
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(list.length).toBeLessThanOrEqual(9);
  });

  if (!id.startsWith('escalation/')) {
    it('asks its main question and follow-ups as questions', () => {
      const prompt = getPrompt(id);
      expect(prompt.title.endsWith('?')).toBe(true);
      for (const line of bullets(prompt.markdown)) expect(line.trimEnd().endsWith('?')).toBe(true);
    });
  }

  it('contains no HTML', () => {
    const { markdown } = getPrompt(id);
    expect(markdown).not.toMatch(/<\/?[a-z!][^>]*>/i);
    expect(markdown).not.toMatch(/[<>]/);
    expect(markdown).not.toMatch(/&[a-z#0-9]+;/i);
  });

  it('uses only one heading', () => {
    const headings = getPrompt(id).markdown.split('\n').filter((line) => line.startsWith('#'));
    expect(headings).toHaveLength(1);
  });
});
