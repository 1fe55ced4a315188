/**
 * Writing a backup's content (version 3: see backup.ts): the JSON framing of its tables, each
 * session's template replaced by its index in the file's `templates`, the opened rows' JSON built
 * from their decrypted bytes, and gzip, stopping at MAX_BACKUP_UNPACKED_BYTES. It runs in a Worker
 * where there is one (`backupContent.worker.ts`), so the page only reads and opens the rows while
 * the JSON is built and compressed beside it; elsewhere (tests) on the page's own thread.
 */
import { rowsJsonBytes, type OpenedBytes, type Row } from './atRestBulk.ts';
import { damagedThing } from '../content/damageCopy.ts';
import { storageCopy } from '../content/storageCopy.ts';

/**
 * The most a backup's content may unpack to. A small file can unpack to gigabytes (a zip bomb):
 * unpacking stops here. Below JavaScript's longest string (2^29 − 24 characters in V8).
 */
export const MAX_BACKUP_UNPACKED_BYTES = 500 * 1024 * 1024;

const decoder = new TextDecoder();
const encoder = new TextEncoder();

export function concat(chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** A session's sealed fields as the app writes them: `{"content":{"template":<template>,"record":…}}`. */
const TEMPLATE_AT = encoder.encode('{"content":{"template":');
const RECORD_AFTER = encoder.encode(',"record":');

function bytesEqualAt(bytes: Uint8Array, at: number, expected: Uint8Array): boolean {
  if (at + expected.length > bytes.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

/**
 * The distinct templates of a backup's sessions, each stored once: `replace` gives a session's
 * opened bytes with its template replaced by the template's index. A session whose bytes begin
 * with a template already seen (the same bytes, then `,"record":`) is spliced without being
 * parsed; any other is parsed, and its template added.
 */
export function templateTable() {
  const texts: string[] = [];
  const known: Uint8Array[] = [];
  const byText = new Map<string, number>();
  const indexOf = (text: string): number => {
    let index = byText.get(text);
    if (index === undefined) {
      index = texts.length;
      byText.set(text, index);
      texts.push(text);
      known.push(encoder.encode(text));
    }
    return index;
  };
  return {
    replace({ clear, secret }: OpenedBytes): OpenedBytes {
      if (bytesEqualAt(secret, 0, TEMPLATE_AT)) {
        for (const [index, template] of known.entries()) {
          const end = TEMPLATE_AT.length + template.length;
          if (bytesEqualAt(secret, TEMPLATE_AT.length, template) && bytesEqualAt(secret, end, RECORD_AFTER)) {
            const head = encoder.encode(String(index));
            const out = new Uint8Array(TEMPLATE_AT.length + head.length + secret.length - end);
            out.set(TEMPLATE_AT);
            out.set(head, TEMPLATE_AT.length);
            out.set(secret.subarray(end), TEMPLATE_AT.length + head.length);
            return { clear, secret: out };
          }
        }
      }
      const fields = JSON.parse(decoder.decode(secret)) as Row & { content?: { template?: unknown } };
      if (typeof fields.content?.template !== 'object' || fields.content.template === null) throw new Error(storageCopy.noTemplate);
      const index = indexOf(JSON.stringify(fields.content.template));
      return { clear, secret: encoder.encode(JSON.stringify({ ...fields, content: { ...fields.content, template: index } })) };
    },
    /** Each template's JSON, by index. */
    json(): readonly string[] {
      return texts;
    },
  };
}


/** What a content writer is told, in order (the same as messages to the Worker). */
export type ContentStep =
  | { kind: 'begin'; createdAt: string }
  | { kind: 'table'; name: string }
  | { kind: 'rows'; name: string; rows: OpenedBytes[] }
  | { kind: 'finish'; notIncluded?: readonly NotIncludedV1[] };

/** A row the backup could not include (it did not open on the device that made it): never its content. */
export type NotIncludedV1 = { table: string; key: string; what: string };
/** The compressed content; 'too-many-records' past the limit; or why it could not be written. */
export type ContentResult = { kind: 'done'; bytes: Uint8Array<ArrayBuffer>; notIncluded: NotIncludedV1[] } | { kind: 'too-many-records' } | { kind: 'failed'; message: string };

/** Writes the content step by step on this thread (see the header). */
export function contentWriter() {
  const stream = new CompressionStream('gzip');
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  const read = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      chunks.push(value);
    }
  })();
  read.catch(() => undefined);
  const templates = templateTable();
  let unpacked = 0;
  let overflowed = false;
  let firstTable = true;
  let firstBatch = true;
  /** Sessions that opened but could not be written (no template): left out and named. */
  const skipped: NotIncludedV1[] = [];
  const templated = (rows: readonly OpenedBytes[]): OpenedBytes[] =>
    rows.flatMap((row) => {
      try {
        return [templates.replace(row)];
      } catch {
        skipped.push({ table: 'sessions', key: String(row.clear['id']), what: damagedThing({ table: 'sessions', clear: row.clear }) });
        return [];
      }
    });

  async function write(text: string | Uint8Array<ArrayBuffer>): Promise<void> {
    if (overflowed) return;
    const bytes = typeof text === 'string' ? encoder.encode(text) : text;
    unpacked += bytes.byteLength;
    if (unpacked > MAX_BACKUP_UNPACKED_BYTES) {
      overflowed = true;
      await writer.abort();
      return;
    }
    await writer.write(bytes);
  }

  async function closeTable(): Promise<void> {
    if (!firstTable) await write(']');
  }

  return {
    async step(step: ContentStep): Promise<ContentResult | null> {
      switch (step.kind) {
        case 'begin':
          await write(`{"createdAt":${JSON.stringify(step.createdAt)},"tables":{`);
          return null;
        case 'table':
          await closeTable();
          await write(`${firstTable ? '' : ','}${JSON.stringify(step.name)}:[`);
          firstTable = false;
          firstBatch = true;
          return null;
        case 'rows': {
          if (overflowed || step.rows.length === 0) return null;
          const rows = step.name === 'sessions' ? templated(step.rows) : step.rows;
          if (rows.length === 0) return null;
          const json = rowsJsonBytes(rows);
          if (!firstBatch) await write(',');
          firstBatch = false;
          await write(json);
          return null;
        }
        case 'finish':
          await closeTable();
          await write(`},"templates":[${templates.json().join(',')}]`);
          // Only when something was left out, so a complete backup's content is as it always was.
          const notIncluded = [...(step.notIncluded ?? []), ...skipped];
          if (notIncluded.length > 0) await write(`,"notIncluded":${JSON.stringify(notIncluded)}`);
          await write('}');
          if (overflowed) return { kind: 'too-many-records' };
          await writer.close();
          await read;
          return { kind: 'done', bytes: concat(chunks), notIncluded };
      }
    },
  };
}
