// @vitest-environment jsdom
import { cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PromptText } from '../../client/components/PromptText.tsx';
import { renderMarkdown, sanitizeHtml } from '../../client/markdown.ts';
import { getPrompt, promptIds } from '../../prompts/index.ts';

declare global {
  var __xssFired: boolean | undefined;
}

afterEach(() => {
  cleanup();
});

function mount(markdown: string, headingLevel?: 2 | 3): HTMLElement {
  const { container } = render(<PromptText markdown={markdown} headingLevel={headingLevel} id="p1" />);
  const root = container.querySelector('div.app-prompt');
  if (!(root instanceof HTMLElement)) throw new Error('PromptText did not render div.app-prompt');
  return root;
}

describe('PromptText', () => {
  it('renders a prompt heading, guidance and list', () => {
    const root = mount('# What happened?\n\nSome *guidance* with **weight**.\n\n- First?\n- Second?\n');
    expect(root.id).toBe('p1');
    const h2 = root.querySelector('h2');
    expect(h2?.textContent).toBe('What happened?');
    expect(root.querySelector('h1')).toBeNull();
    expect(root.querySelector('p em')?.textContent).toBe('guidance');
    expect(root.querySelector('p strong')?.textContent).toBe('weight');
    const items = [...root.querySelectorAll('ul > li')].map((li) => li.textContent);
    expect(items).toEqual(['First?', 'Second?']);
  });

  it('shifts headings to the requested level', () => {
    const root = mount('# Main\n\n## Sub\n\n###### Deep\n', 3);
    expect(root.querySelector('h3')?.textContent).toBe('Main');
    expect(root.querySelector('h4')?.textContent).toBe('Sub');
    expect(root.querySelector('h6')?.textContent).toBe('Deep');
    expect(root.querySelector('h1, h2')).toBeNull();
  });

  it('renders ordered lists', () => {
    const root = mount('1. one\n2. two\n');
    expect(root.querySelectorAll('ol > li')).toHaveLength(2);
  });

  it('omits the id attribute when no id is given', () => {
    const { container } = render(<PromptText markdown="Hello" />);
    expect(container.querySelector('div.app-prompt')?.hasAttribute('id')).toBe(false);
  });

  it('keeps safe links and adds rel="noopener noreferrer"', () => {
    const root = mount(
      '[site](https://example.org/page) [mail](mailto:someone@example.org) [phone](tel:999)',
    );
    const links = [...root.querySelectorAll('a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.org/page',
      'mailto:someone@example.org',
      'tel:999',
    ]);
    for (const a of links) expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('drops links to other schemes and relative addresses', () => {
    const root = mount('[a](http://example.org) [b](/local) [c](vbscript:msgbox(1)) [d](#frag)');
    for (const a of root.querySelectorAll('a')) expect(a.hasAttribute('href')).toBe(false);
  });

  it('shows images as their alt text and fetches nothing', () => {
    const root = mount('![A diagram of the cycle](https://example.org/cycle.png)');
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toContain('A diagram of the cycle');
  });

  it('renders every prompt in the bank with a heading and at least five list items', () => {
    for (const id of promptIds) {
      const prompt = getPrompt(id);
      const root = mount(prompt.markdown);
      expect(root.querySelector('h2')?.textContent).toBe(prompt.title);
      expect(root.querySelectorAll('li').length).toBeGreaterThanOrEqual(5);
      cleanup();
    }
  });
});

const injectionCorpus: readonly string[] = [
  '<script>alert(1)</script>',
  '<script>globalThis.__xssFired = true</script>',
  '<img src=x onerror=alert(1)>',
  '<img src=x onerror="globalThis.__xssFired = true">',
  '[x](javascript:alert(1))',
  '[x](javascript:globalThis.__xssFired=true)',
  '[x]( JaVaScRiPt:alert(1))',
  '[x](java\tscript:alert(1))',
  '[x](&#106;avascript:alert(1))',
  '<svg onload=alert(1)>',
  '<svg><script>globalThis.__xssFired = true</script></svg>',
  '<a href="data:text/html,<script>alert(1)</script>">x</a>',
  '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<math><mtext><table><mglyph><style><!--</style><img title="--&gt;&lt;/mglyph&gt;&lt;img&Tab;src=1&Tab;onerror=alert(1)&gt;">',
  '<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<object data="javascript:alert(1)"></object>',
  '<details open ontoggle=alert(1)>',
  '<a href="javascript:alert(1)">click</a>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '![x](javascript:alert(1))',
  '![x](x" onerror="alert(1))',
  '[x](https://example.org "title\\" onmouseover=\\"alert(1))',
  '<https://example.org" onmouseover="alert(1)>',
  '`<script>alert(1)</script>`',
  '# <img src=x onerror=alert(1)>\n\n- <svg onload=alert(1)>',
];

function assertInert(root: Element): void {
  expect(root.querySelectorAll('script, iframe, object, embed, svg, math, style, img, form, details, noscript')).toHaveLength(0);
  for (const el of root.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      expect(attr.name.toLowerCase().startsWith('on'), `${el.tagName} has ${attr.name}`).toBe(false);
      expect(['style', 'src', 'srcset', 'action', 'formaction', 'xlink:href']).not.toContain(attr.name.toLowerCase());
    }
    const href = el.getAttribute('href');
    if (href !== null) {
      const compact = href.replace(/[\u0000-\u0020]/g, '').toLowerCase();
      expect(compact.startsWith('javascript:')).toBe(false);
      expect(compact.startsWith('data:')).toBe(false);
      expect(compact).toMatch(/^(https:|mailto:|tel:)/);
    }
  }
}

describe('injection corpus', () => {
  const alertSpy = vi.fn();

  beforeEach(() => {
    globalThis.__xssFired = false;
    alertSpy.mockReset();
    vi.stubGlobal('alert', alertSpy);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it.each(injectionCorpus.map((payload) => [payload] as const))(
    'renders %s inert through PromptText',
    async (payload) => {
      const root = mount(payload);
      assertInert(root);
      // Give any event handler or script a chance to run before checking the flags.
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(globalThis.__xssFired).toBe(false);
      expect(alertSpy).not.toHaveBeenCalled();
    },
  );

  it.each(injectionCorpus.map((payload) => [payload] as const))(
    'sanitizeHtml leaves %s inert even when given as raw HTML',
    async (payload) => {
      const holder = document.createElement('div');
      holder.innerHTML = sanitizeHtml(payload);
      document.body.append(holder);
      assertInert(holder);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(globalThis.__xssFired).toBe(false);
      expect(alertSpy).not.toHaveBeenCalled();
      holder.remove();
    },
  );

  it('shows raw HTML as text rather than passing it through', () => {
    const html = renderMarkdown('Before <b>bold</b> after');
    expect(html).not.toContain('<b>');
    const holder = document.createElement('div');
    holder.innerHTML = html;
    expect(holder.textContent).toContain('<b>bold</b>');
  });
});
