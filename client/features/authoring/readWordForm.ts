/**
 * Reads an organisation's Word form (.docx) into a draft template: mammoth (loaded only here, on
 * the press) turns it into HTML, machines/authoring/wordForm.ts reads the outline and guesses.
 * Every failure is a plain reason; nothing is stored until the author saves the draft.
 */
import { draftFromOutline, outlineOfHtml } from '../../../machines/authoring/wordForm.ts';
import type { TemplateDraftV1 } from '../../../machines/authoring/templateDraft.ts';
import { authoringCopy } from '../../content/authoringCopy.ts';

export const MAX_WORD_FORM_BYTES = 10 * 1024 * 1024;

export type WordFormRead = { ok: true; draft: TemplateDraftV1; headings: string[] } | { ok: false; message: string };

/** A .docx is a zip: it starts with "PK\x03\x04". */
function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

export async function readWordForm(bytes: ArrayBuffer): Promise<WordFormRead> {
  const w = authoringCopy.forms;
  if (bytes.byteLength > MAX_WORD_FORM_BYTES) return { ok: false, message: w.wordTooLarge };
  if (!looksLikeZip(new Uint8Array(bytes))) return { ok: false, message: w.wordNotDocx };
  let html: string;
  try {
    const mammoth = await import('mammoth');
    const convert = (mammoth as unknown as { convertToHtml: typeof import('mammoth').convertToHtml }).convertToHtml ?? mammoth.default.convertToHtml;
    // The browser build reads `arrayBuffer`, the Node build (tests) `buffer`: both are given the same bytes.
    html = (await convert({ arrayBuffer: bytes, buffer: bytes } as unknown as Parameters<typeof convert>[0])).value;
  } catch {
    return { ok: false, message: w.wordNotDocx };
  }
  const result = draftFromOutline(outlineOfHtml(html));
  if (!result.ok) return { ok: false, message: result.reason === 'empty' ? w.wordEmpty : w.wordNotAForm };
  return result;
}
