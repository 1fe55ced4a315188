/**
 * Making a backup: every table a backup carries (backupFormat.ts `recordTables`) read as stored,
 * in one transaction on a connection without the at-rest middleware, a batch at a time, each batch
 * opened with WebCrypto as it arrives (nothing in the transaction waits for it); the rows' JSON
 * copied into the content writer (backupContent.ts, in a Worker where there is one) and the result
 * sealed with the backup's passphrase. A row that does not open here is left out, reported as
 * damaged, and named in the file (`notIncluded`) and in the result.
 */
import { MINIMUM_PASSPHRASE_LENGTH } from '../crypto/passphraseFile.ts';
import { damagedThing } from '../content/damageCopy.ts';
import { storageCopy } from '../content/storageCopy.ts';
import { phase, phaseSince, phaseStart } from '../perf/phases.ts';
import { BULK_BATCH_ROWS, type BulkCodec } from './atRestBulk.ts';
import { contentWriter, type ContentResult, type ContentStep, type NotIncludedV1 } from './backupContent.ts';
import { fail, primaryKeyOf, recordTables, sealBackup, type BackupDeps, type BackupTable, type ExportResult } from './backupFormat.ts';
import type { SupervisionDB } from './db.ts';
import { rawConnection, transactionDone } from './idb.ts';

/** Items handed over as they come, taken in order by one reader. */
function channel<T>() {
  const items: T[] = [];
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  return {
    push(item: T): void {
      items.push(item);
      notify();
    },
    end(): void {
      ended = true;
      notify();
    },
    fail(error: unknown): void {
      failure ??= { error };
      notify();
    },
    async *[Symbol.asyncIterator](): AsyncGenerator<T> {
      for (;;) {
        const item = items.shift();
        if (item !== undefined) yield item;
        else if (failure) throw failure.error;
        else if (ended) return;
        else await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}

/**
 * Reads every table a backup carries as stored, in one transaction, a batch of rows at a time
 * (each table's keys first, then all its batches asked for at once), handing each batch to `opened` as it arrives: the page opens and compresses what has arrived
 * while the browser reads the rest. A signed session's snapshot is not read (see the header): the
 * signed sessions' ids come from the status index, readable as stored.
 */
function readInBatches<T>(idb: IDBDatabase, opened: (name: BackupTable, rows: unknown[]) => Promise<T>) {
  // A database of an earlier version (its upgrade failed: legacyBackup.ts) lacks the later tables: they are empty.
  const present = recordTables.filter((name) => idb.objectStoreNames.contains(name));
  const transaction = idb.transaction(present, 'readonly');
  const channels = new Map<BackupTable, ReturnType<typeof channel<Promise<T>>>>(recordTables.map((name) => [name, channel<Promise<T>>()]));
  const hand = (name: BackupTable, rows: unknown[]) => {
    const batch = opened(name, rows);
    batch.catch(() => undefined);
    channels.get(name)?.push(batch);
  };
  const done = transactionDone(transaction, storageCopy.failures.recordsNotRead);
  // A failed read ends every table's batches with its error.
  done.catch((error: unknown) => {
    for (const each of channels.values()) each.fail(error);
  });
  for (const name of recordTables) {
    const channel = channels.get(name)!;
    if (!present.includes(name)) {
      channel.end();
      continue;
    }
    const store = transaction.objectStore(name);
    if (name === 'snapshots') {
      const signed = transaction.objectStore('sessions').index('status').getAllKeys(IDBKeyRange.only('signed'));
      signed.onsuccess = () => {
        const left = new Set(signed.result.map(String));
        const keys = store.getAllKeys();
        keys.onsuccess = () => {
          const wanted = keys.result.filter((key) => !left.has(String(key)));
          const rows: unknown[] = [];
          let answered = 0;
          if (wanted.length === 0) return channel.end();
          for (const key of wanted) {
            const row = store.get(key);
            row.onsuccess = () => {
              if (row.result !== undefined) rows.push(row.result);
              if (++answered < wanted.length) return;
              hand(name, rows);
              channel.end();
            };
          }
        };
      };
      continue;
    }
    // The keys first (key-only, quick), then every batch asked for at once: the browser reads on
    // without waiting for this page to take in each batch.
    const keys = store.getAllKeys();
    keys.onsuccess = () => {
      const all = keys.result;
      if (all.length === 0) return channel.end();
      for (let i = 0; i < all.length; i += BULK_BATCH_ROWS) {
        const last = Math.min(i + BULK_BATCH_ROWS, all.length) - 1;
        const batch = store.getAll(IDBKeyRange.bound(all[i], all[last]));
        batch.onsuccess = () => {
          if (batch.result.length > 0) hand(name, batch.result);
          if (last === all.length - 1) channel.end();
        };
      }
    };
  }
  return {
    of: (name: BackupTable): AsyncIterable<T> => ({
      async *[Symbol.asyncIterator]() {
        for await (const batch of channels.get(name)!) yield await batch;
      },
    }),
    done,
  };
}

/**
 * The content writer (backupContent.ts): in a Worker where there is one, each step posted to it
 * (the rows' decrypted bytes transferred); else on this thread, step after step.
 */
function openContentWriter(): { send(step: ContentStep): void; result(): Promise<ContentResult> } {
  let worker: Worker | null = null;
  try {
    worker = typeof Worker === 'function' ? new Worker(new URL('./backupContent.worker.ts', import.meta.url), { type: 'module' }) : null;
  } catch {
    worker = null;
  }
  if (worker) {
    const running = worker;
    const result = new Promise<ContentResult>((resolve) => {
      running.onmessage = (event: MessageEvent<ContentResult>) => resolve(event.data);
      running.onerror = (event) => resolve({ kind: 'failed', message: storageCopy.failures.backupNotWritten(event.message) });
    });
    return {
      send(step) {
        running.postMessage(step, step.kind === 'rows' ? { transfer: [...new Set(step.rows.map((row) => row.secret.buffer))] } : {});
      },
      async result() {
        try {
          return await result;
        } finally {
          running.terminate();
        }
      },
    };
  }
  const writer = contentWriter();
  let queue: Promise<ContentResult | null> = Promise.resolve(null);
  return {
    send(step) {
      queue = queue.then(() => writer.step(step));
    },
    async result() {
      return (await queue) ?? { kind: 'failed', message: storageCopy.failures.backupNotFinished };
    },
  };
}

async function exportContent(db: SupervisionDB, codec: BulkCodec, now: () => Date): Promise<{ bytes: Uint8Array<ArrayBuffer>; notIncluded: NotIncludedV1[] } | 'too-many-records'> {
  // Opened at the version installed, never upgrading it: a backup can be made after a failed upgrade.
  const { raw, schemaOf } = await phase('backup:connect', () => rawConnection(db, 'asInstalled'));
  const readStart = phaseStart();
  const notIncluded: NotIncludedV1[] = [];
  // Each batch is opened (on WebCrypto's threads) as soon as it is read, while the browser reads the next.
  // A row that does not open is left out, reported, and named in the file (never its content).
  const batches = readInBatches(raw.backendDB(), async (name, rows) => {
    const schema = schemaOf(name);
    const { opened, unopened } = await codec.openBytesSkipping(schema, rows);
    for (const clear of unopened) {
      const key = String(clear[primaryKeyOf(name)]);
      db.damage.report({ table: name, key, clear, cause: 'sealed' });
      notIncluded.push({ table: name, key, what: damagedThing({ table: name, clear }) });
    }
    return opened;
  });
  void batches.done.finally(() => {
    phaseSince('backup:read', readStart);
    raw.close();
  });
  const content = openContentWriter();
  content.send({ kind: 'begin', createdAt: now().toISOString() });
  await phase('backup:read-and-open', async () => {
    for (const name of recordTables) {
      content.send({ kind: 'table', name });
      for await (const opened of batches.of(name)) content.send({ kind: 'rows', name, rows: opened });
    }
  });
  content.send({ kind: 'finish', notIncluded });
  const result = await phase('backup:finish-content', () => content.result());
  if (result.kind === 'failed') throw new Error(result.message);
  return result.kind === 'done' ? { bytes: result.bytes, notIncluded: result.notIncluded } : 'too-many-records';
}

/**
 * Every record on the device that opens, as one file sealed with the backup's passphrase;
 * `notIncluded`: the rows that did not open (left out, and named in the file too).
 */
export async function exportBackup(db: SupervisionDB, codec: BulkCodec, now: () => Date, passphrase: string, deps: BackupDeps = {}): Promise<ExportResult> {
  // Refused before the records are read, as sealing would refuse it after.
  if (Array.from(passphrase).length < MINIMUM_PASSPHRASE_LENGTH) return fail('passphrase-too-short');
  if (!globalThis.crypto?.subtle) return fail('crypto-unavailable');
  const content = await exportContent(db, codec, now);
  if (content === 'too-many-records') return fail('too-many-records');
  const sealed = await sealBackup(content.bytes, passphrase, deps);
  return sealed.ok ? { ...sealed, notIncluded: content.notIncluded } : sealed;
}
