/**
 * Writes a backup's content off the page's thread (backupContent.ts): each message is a step
 * (rows' decrypted bytes transferred, not copied), taken in order; the result is posted back
 * after 'finish' (the compressed bytes transferred).
 */
import { contentWriter, type ContentResult, type ContentStep } from './backupContent.ts';

const writer = contentWriter();
let queue: Promise<unknown> = Promise.resolve();
let failed: string | null = null;

onmessage = (event: MessageEvent<ContentStep>) => {
  const step = event.data;
  queue = queue.then(async () => {
    if (failed !== null) return;
    try {
      const result = await writer.step(step);
      if (result) postMessage(result, result.kind === 'done' ? { transfer: [result.bytes.buffer] } : {});
    } catch (error) {
      failed = error instanceof Error ? error.message : String(error);
      postMessage({ kind: 'failed', message: failed } satisfies ContentResult);
    }
  });
};
