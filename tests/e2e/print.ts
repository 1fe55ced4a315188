/**
 * A document printed as Chromium prints it (its PDF on A4) and read back page by page with pdfjs:
 * each page's text, its running header and its page number. Shared by the layout test (every
 * document) and the tests of what one document prints.
 */
import { writeFile } from 'node:fs/promises';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Page } from 'playwright-core';

/** Text without its spaces: a line wrapped in a PDF loses the space where it wrapped. */
export const squeezed = (text: string) => text.replace(/\s+/g, '');

/** A printed page's text: all of it, its top margin's (the running header) and its bottom margin's (the page number). */
export type PdfPage = { text: string; header: string; footer: string; width: number; height: number; items: { str: string; right: number }[] };

export async function printPdf(p: Page, label: string): Promise<PdfPage[]> {
  await p.emulateMedia({ media: 'print' });
  const pdf = await p.pdf({ format: 'A4', preferCSSPageSize: true });
  // LAYOUT_SHOTS=<folder> keeps each printed document, to look at.
  if (process.env['LAYOUT_SHOTS']) await writeFile(`${process.env['LAYOUT_SHOTS']}/${label.replace(/\W+/g, '-')}.pdf`, pdf);
  await p.emulateMedia({ media: 'screen' });
  const doc = await getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const pdfPage = await doc.getPage(n);
    const [, , width, height] = pdfPage.view as [number, number, number, number];
    const content = await pdfPage.getTextContent();
    const items = content.items.flatMap((item) => ('str' in item ? [{ str: item.str, right: (item.transform[4] as number) + item.width, y: item.transform[5] as number }] : []));
    const join = (some: typeof items) => some.map((i) => i.str).join(' ').replace(/\s+/g, ' ');
    // The page's margins are 18 mm at the top and 16 mm at the foot (51 and 45 points).
    pages.push({ text: join(items), header: join(items.filter((i) => i.y > height - 51)), footer: join(items.filter((i) => i.y < 45)), width, height, items });
  }
  await doc.destroy();
  return pages;
}
