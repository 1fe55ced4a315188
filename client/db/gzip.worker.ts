/**
 * Compresses a backup's content off the page's thread (see `gzipWriter` in backup.ts): each
 * message is a chunk of the content (its buffer transferred) or 'close'; compressed chunks are
 * posted back as they come, then 'done'.
 */
const stream = new CompressionStream('gzip');
const writer = stream.writable.getWriter();
const reader = stream.readable.getReader();

void (async () => {
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return postMessage('done');
    postMessage(value, { transfer: [value.buffer] });
  }
})();

onmessage = (event: MessageEvent<Uint8Array<ArrayBuffer> | 'close'>) => {
  if (event.data === 'close') void writer.close();
  else void writer.write(event.data);
};
