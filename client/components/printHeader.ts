/**
 * The running header and footer of a printed document: its title, who it is about and its
 * date at the top of every page, "Private and Confidential" beside them, and "Page x of y" at
 * the foot. Chromium draws CSS page-margin boxes (since version 131), but their content cannot
 * come from the page's elements, so the document's screen writes its own `@page` rule while it
 * is open. The app's CSP has no 'unsafe-inline', so the rule goes in a constructed stylesheet
 * (CSSOM, which the CSP allows) rather than a <style> element. Browsers without constructed
 * stylesheets print without the running header; nothing else changes.
 */
import { useEffect } from 'react';
import { copy } from '../content/copy.ts';

export type PrintHeader = {
  /** The document's title, e.g. "Safeguarding supervision record". */
  title: string;
  /** Who it is about: the supervisee, or the group. */
  who?: string;
  /** Its date, as a person reads it ("4 December 2026"). */
  date?: string;
  /** Printed on A4 landscape (a wide table). */
  landscape?: boolean;
};

/** Text as a CSS string: every character but plain letters, digits and spaces is escaped, so no text can end the string or the rule. */
export function cssString(text: string): string {
  let out = '"';
  for (const ch of text) out += /[A-Za-z0-9 ]/.test(ch) ? ch : `\\${(ch.codePointAt(0) ?? 0x3f).toString(16).padStart(6, '0')}`;
  return `${out}"`;
}

/** The @page rules for a document's header and footer. */
export function pageRules(header: PrintHeader): string {
  const running = [header.title, header.who, header.date].filter((part): part is string => Boolean(part?.trim())).join(' · ');
  const { before, between } = copy.print.pageOf;
  return [
    '@page {',
    header.landscape ? '  size: A4 landscape;' : '',
    `  @top-left { content: ${cssString(running)}; }`,
    `  @top-right { content: ${cssString(copy.print.marking)}; }`,
    `  @bottom-right { content: ${cssString(before)} counter(page) ${cssString(between)} counter(pages); }`,
    '}',
  ].join('\n');
}

/** While the calling screen is shown, printing it carries this running header and the page numbers. */
export function usePrintHeader(header: PrintHeader | null): void {
  const rules = header ? pageRules(header) : null;
  useEffect(() => {
    if (!rules || typeof CSSStyleSheet === 'undefined' || !('adoptedStyleSheets' in document)) return;
    const sheet = new CSSStyleSheet();
    if (typeof sheet.replaceSync !== 'function') return;
    sheet.replaceSync(rules);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    return () => {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    };
  }, [rules]);
}

/** usePrintHeader as an element, for a screen that knows its document only after its early returns. */
export function PrintRunningHeader(props: PrintHeader): null {
  usePrintHeader(props);
  return null;
}

/**
 * Prints one part of a screen on its own (a child-record entry, a presenter's summary) with its
 * own running header: everything else on the page is left out of the print (see _print.scss,
 * `html[data-printing]`). `done` runs once the print is over.
 */
export function printOnly(element: HTMLElement, header: PrintHeader, done: () => void = () => undefined): void {
  const root = document.documentElement;
  let sheet: CSSStyleSheet | null = null;
  if (typeof CSSStyleSheet !== 'undefined' && 'adoptedStyleSheets' in document) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(pageRules(header));
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }
  element.classList.add('app-print-target');
  root.dataset['printing'] = 'part';
  window.addEventListener(
    'afterprint',
    () => {
      element.classList.remove('app-print-target');
      delete root.dataset['printing'];
      if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
      done();
    },
    { once: true },
  );
  window.print();
}
