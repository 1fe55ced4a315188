import { describe, expect, it } from 'vitest';
import { cssString, pageRules } from '../../client/components/printHeader.ts';

/** What a CSS parser reads from a string written by cssString. */
function decode(css: string): string {
  expect(css.startsWith('"') && css.endsWith('"')).toBe(true);
  return css.slice(1, -1).replace(/\\([0-9a-f]{6})/g, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)));
}

describe('the running header of a printed document', () => {
  it('writes any text as a CSS string that reads back the same and cannot end the rule', () => {
    for (const text of ['Val Visitor', 'Siân O’Brien-Évora', 'a "quoted" name', 'back\\slash', '}; @page { content: "x', 'line\nbreak', '4 December 2026 · 😀']) {
      const css = cssString(text);
      expect(decode(css)).toBe(text);
      expect(css.slice(1, -1)).not.toMatch(/["\n;{}]/);
    }
  });

  it('puts the title, who and date top left, the marking top right and the page numbers at the foot', () => {
    const rules = pageRules({ title: 'Safeguarding supervision record', who: 'Val Visitor', date: '20 November 2026' });
    const contents = [...rules.matchAll(/@(top-left|top-right|bottom-right) \{ content: (.*); \}/g)].map(([, box, content]) => [box, content]);
    expect(contents.map(([box]) => box)).toEqual(['top-left', 'top-right', 'bottom-right']);
    expect(decode(contents[0]?.[1] ?? '')).toBe('Safeguarding supervision record · Val Visitor · 20 November 2026');
    expect(decode(contents[1]?.[1] ?? '')).toBe('Private and Confidential');
    expect(contents[2]?.[1]).toBe('"Page " counter(page) " of " counter(pages)');
    expect(rules).not.toContain('landscape');
    expect(pageRules({ title: 'Compliance report', landscape: true })).toContain('size: A4 landscape;');
  });
});
