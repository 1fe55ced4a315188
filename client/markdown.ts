/**
 * Markdown to safe HTML.
 *
 * marked (synchronous, GFM) turns Markdown into HTML. Raw HTML in the source is never
 * passed through: it is escaped and shown as text. The result is then cleaned by DOMPurify
 * with a strict allow-list, and links may only point to https:, mailto: or tel: addresses.
 *
 * We use our own marked and DOMPurify instances so that nothing here changes the shared
 * defaults other parts of the app may rely on. DOMPurify needs a DOM (`window`), which
 * exists in the browser and in the jsdom test environment.
 */
import { Marked, type Tokens } from 'marked';
import DOMPurify, { type Config, type DOMPurify as Purifier } from 'dompurify';

export type BaseHeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

export interface RenderMarkdownOptions {
  /**
   * The HTML level used for a Markdown `#` heading; deeper headings shift with it
   * (capped at h6). Defaults to 1, so `#` becomes h1.
   */
  baseHeadingLevel?: BaseHeadingLevel;
}

const ALLOWED_TAGS = [
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'ul',
  'ol',
  'li',
  'strong',
  'em',
  'a',
  'br',
  'code',
] as const;

const ALLOWED_ATTR = ['href', 'start'] as const;

/** Only these URL schemes may appear in an href. Everything else (javascript:, data:,
 * vbscript:, relative URLs) is removed. */
const SAFE_HREF = /^(?:https:|mailto:|tel:)/i;

const PURIFY_CONFIG: Config = {
  ALLOWED_TAGS: [...ALLOWED_TAGS],
  ALLOWED_ATTR: [...ALLOWED_ATTR],
  ALLOWED_URI_REGEXP: SAFE_HREF,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
  ALLOW_SELF_CLOSE_IN_ATTR: false,
  SAFE_FOR_TEMPLATES: false,
  WHOLE_DOCUMENT: false,
  RETURN_DOM: false,
  RETURN_DOM_FRAGMENT: false,
  RETURN_TRUSTED_TYPE: false,
};

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

/** Strip whitespace and control characters the way browsers do before reading a scheme. */
function normaliseHref(href: string): string {
  // eslint-disable-next-line no-control-regex
  return href.replace(/[\u0000-\u0020\u007f-\u009f]/g, '');
}

function createMarked(base: BaseHeadingLevel): Marked {
  const offset = base - 1;
  return new Marked({
    async: false,
    gfm: true,
    breaks: false,
    renderer: {
      // Never pass raw HTML through: show it as text instead.
      html(token: Tokens.HTML | Tokens.Tag): string {
        return escapeHtml(token.text);
      },
      // Images are not allowed (nothing is fetched from elsewhere): keep the alt text.
      image(token: Tokens.Image): string {
        return escapeHtml(token.text);
      },
      heading(token: Tokens.Heading): string {
        const level = Math.min(6, token.depth + offset);
        return `<h${level}>${this.parser.parseInline(token.tokens)}</h${level}>\n`;
      },
    },
  });
}

const markedByBase = new Map<BaseHeadingLevel, Marked>();

function markedFor(base: BaseHeadingLevel): Marked {
  let instance = markedByBase.get(base);
  if (!instance) {
    instance = createMarked(base);
    markedByBase.set(base, instance);
  }
  return instance;
}

let purifier: Purifier | undefined;

function getPurifier(): Purifier {
  if (purifier) return purifier;
  if (typeof window === 'undefined') {
    throw new Error('renderMarkdown needs a DOM: run it in the browser or a jsdom environment');
  }
  const instance = DOMPurify(window);
  if (!instance.isSupported) {
    throw new Error('DOMPurify is not supported in this environment');
  }
  // Added once, on our own instance. Belt and braces: drop any href that is not on the
  // allow-list, and stop linked pages reaching back to this one.
  instance.addHook('afterSanitizeAttributes', (node) => {
    if (node.nodeName !== 'A' || !('getAttribute' in node)) return;
    const el = node as Element;
    const href = el.getAttribute('href');
    if (href !== null && !SAFE_HREF.test(normaliseHref(href))) {
      el.removeAttribute('href');
    }
    if (el.hasAttribute('href')) {
      el.setAttribute('rel', 'noopener noreferrer');
    }
  });
  purifier = instance;
  return instance;
}

/** Clean an HTML string with the same strict allow-list used for Markdown. */
export function sanitizeHtml(html: string): string {
  return getPurifier().sanitize(html, PURIFY_CONFIG);
}

/** Render Markdown to sanitised HTML that is safe to insert into the page. */
export function renderMarkdown(markdown: string, options: RenderMarkdownOptions = {}): string {
  const base = options.baseHeadingLevel ?? 1;
  const html = markedFor(base).parse(markdown, { async: false });
  return sanitizeHtml(html);
}
