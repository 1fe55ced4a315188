/**
 * Share server load benchmark: `node --import tsx tests/bench/server.ts` prints a table (set
 * BENCH_DATABASE_URL=postgres://… to measure PostgreSQL too); tests/bench/bench.ts calls
 * runServerBench() for its own report. Timings live here, never in tests/.
 *
 * What is measured: storing and fetching one realistic encrypted share on loopback, in requests
 * per second and p99 latency, on three servers in turn:
 *
 * - bare Hono: a plain `new Hono()` app with the same two routes and nothing else. POST reads
 *   the JSON body and answers 201 with a fixed {id, expiresAt, revokeToken}; GET answers the same bytes a
 *   real fetch answers (the 20 KB ciphertext's JSON), serialised once and held in memory. It
 *   is the ceiling: what HTTP, Hono and JSON cost on this machine with no storage at all.
 * - SQLite: the real app (server/app.ts createApp, every middleware included) with the real
 *   store (server/storage/shares.ts openShareStore) in a fresh file under the temp folder, in
 *   WAL mode as the store sets it. A file, not ':memory:', because production uses a file.
 * - PostgreSQL: the same app and store on `databaseUrl`. It is a shared test database, so the
 *   shares table is emptied (DELETE FROM shares, and its usage counter set to 0) before and after. Without a URL these rows
 *   are not measured: none are returned and the log says why.
 *
 * The body is what the client sends: { ciphertext, expiresInHours: 24, oneTime: false } where
 * the ciphertext is 20 KB (20,480 bytes) of random bytes in base64url (27,307 characters),
 * the same bytes in every request. A store run POSTs it to /api/shares again and again (every
 * request makes a new share; nothing expires during the run). A fetch run first stores a few
 * shares through the server, checks that each GET answers their ciphertext, then GETs them in
 * turn (oneTime false, so they stay).
 *
 * Every server runs in this process on 127.0.0.1 and a free port, through @hono/node-server
 * as in production. The load comes from a second process (tests/bench/loadgen.ts, forked),
 * which runs autocannon: `connections` keep-alive connections, each sending its next request
 * as soon as the last is answered, for `durationSeconds`. Each measured run is preceded by a
 * discarded 2 s warm-up run on the same route (JIT, caches, the database's pages, the pool).
 * Reported per run, from autocannon's result: requests per second (`requests.mean`, the mean
 * of its per-second samples), p99 latency (`latency.p99`; autocannon's histogram counts whole
 * milliseconds and only 2xx answers), errors (socket errors and timeouts), non-2xx answers and
 * the requests completed.
 *
 * The figures depend on the machine: the server, the load generator and PostgreSQL share its
 * CPUs (the standalone table names how many). Compare targets within one run, not across
 * machines.
 */
import { Hono } from 'hono';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { z } from 'zod';
import { createApp } from '../../server/app.ts';
import { openShareStore, type ShareStore } from '../../server/storage/shares.ts';
import type { LoadJob } from './loadgen.ts';
import { listen } from './common.ts';

export type ServerBenchRow = {
  target: 'bare Hono' | 'SQLite' | 'PostgreSQL';
  operation: 'store' | 'fetch';
  /** Mean of autocannon's per-second samples. */
  requestsPerSecond: number;
  /** 99th percentile of 2xx latencies, whole milliseconds. */
  p99Ms: number;
  /** Socket errors and timeouts. */
  errors: number;
  non2xx: number;
  /** Requests answered during the measured run. */
  requests: number;
};

export type ServerBenchOptions = {
  /** postgres://… to measure PostgreSQL; without it those rows are not measured. */
  databaseUrl?: string;
  /** Length of each measured run (default 10 s); a 2 s warm-up precedes each. */
  durationSeconds?: number;
  /** Concurrent keep-alive connections from the load generator (default 10). */
  connections?: number;
  /** Progress lines; silent by default. */
  log?: (line: string) => void;
};

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const loadgenFile = fileURLToPath(new URL('./loadgen.ts', import.meta.url));

const defaultDurationSeconds = 10;
const defaultConnections = 10;
const warmupSeconds = 2;
/** A 20 KB record once encrypted (the client's AES-GCM output: IV, ciphertext and tag). */
const ciphertextBytes = 20 * 1024;
/** Shares stored before a fetch run and read in turn by every connection. */
const fetchShares = 8;
/**
 * The app's limiter counts requests per client address over a minute, and the load generator is
 * one client (127.0.0.1) making tens of thousands of requests a minute: with the production limit
 * (120) nearly every request would be a 429. The limit is set far above anything a run reaches,
 * so the middleware still runs (its cost is measured) but never refuses.
 */
const rateLimitPerMinute = 10_000_000;
/**
 * A store run keeps every share it makes (tens of thousands of 27 KB shares, more than the
 * production quota of 512 MiB): the quota is set beyond reach for the same reason, so its
 * accounting still runs (its cost is measured) but never refuses.
 */
const sharesQuotaBytes = Number.MAX_SAFE_INTEGER;

// ---------------------------------------------------------------------------------------
// The payload.

/** One share as the client sends it, and the ciphertext inside it (to check what comes back). */
function sharePayload(): { body: string; ciphertext: string } {
  const ciphertext = randomBytes(ciphertextBytes).toString('base64url');
  return { body: JSON.stringify({ ciphertext, expiresInHours: 24, oneTime: false }), ciphertext };
}

// ---------------------------------------------------------------------------------------
// Servers.


/** The ceiling: the same two routes with no middleware and no storage. */
function bareApp(ciphertext: string): Hono {
  const expiresAt = new Date(Date.now() + 24 * 3_600_000).toISOString();
  const stored = { id: randomBytes(16).toString('base64url'), expiresAt, revokeToken: randomBytes(32).toString('base64url') };
  // Serialised once: GET answers these bytes from memory.
  const fetchAnswer = JSON.stringify({ ciphertext, expiresAt });
  return new Hono()
    .post('/api/shares', async (c) => {
      await c.req.json();
      return c.json(stored, 201);
    })
    .get('/api/shares/:id', (c) => c.body(fetchAnswer, 200, { 'Content-Type': 'application/json' }));
}

// ---------------------------------------------------------------------------------------
// The load generator (a second process).

const $AutocannonResult = z.object({
  requests: z.object({ mean: z.number(), total: z.number() }),
  latency: z.object({ p99: z.number() }),
  errors: z.number(),
  timeouts: z.number(),
  non2xx: z.number(),
  statusCodeStats: z.record(z.string(), z.object({ count: z.number() })).optional(),
});
type AutocannonResult = z.infer<typeof $AutocannonResult>;

const $Reply = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: z.number(), result: $AutocannonResult }),
  // id null: a message the child could not read, so no job in particular.
  z.object({ type: z.literal('error'), id: z.number().nullable(), message: z.string() }),
]);

type LoadGenerator = {
  run: (job: Omit<LoadJob, 'id'>) => Promise<AutocannonResult>;
  close: () => Promise<void>;
};

async function startLoadGenerator(): Promise<LoadGenerator> {
  // cwd at the repository root so that `--import tsx` resolves the project's tsx.
  const child: ChildProcess = fork(loadgenFile, [], { cwd: repoRoot, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let pending: { id: number; resolve: (result: AutocannonResult) => void; reject: (error: Error) => void } | undefined;
  let nextId = 1;
  let exited = false;

  const ready = new Promise<void>((resolveReady, rejectReady) => {
    child.on('message', (raw: unknown) => {
      const reply = $Reply.safeParse(raw);
      if (!reply.success) {
        pending?.reject(new Error(`The load generator answered something unexpected: ${reply.error.message}`));
        pending = undefined;
        return;
      }
      const message = reply.data;
      if (message.type === 'ready') return resolveReady();
      if (!pending || (message.id !== pending.id && !(message.type === 'error' && message.id === null))) return;
      const { resolve: settle, reject } = pending;
      pending = undefined;
      if (message.type === 'result') settle(message.result);
      else reject(new Error(`The load generator failed: ${message.message}`));
    });
    child.once('error', (error) => rejectReady(error));
    child.once('exit', (code, signal) => {
      exited = true;
      const error = new Error(`The load generator stopped (exit code ${code ?? 'none'}, signal ${signal ?? 'none'})`);
      rejectReady(error);
      pending?.reject(error);
      pending = undefined;
    });
  });

  const close = async (): Promise<void> => {
    if (exited) return;
    const gone = once(child, 'exit');
    if (child.connected) child.send({ type: 'stop' });
    else child.kill();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await gone;
    clearTimeout(timer);
  };

  try {
    await ready;
  } catch (error) {
    await close();
    throw error;
  }

  return {
    close,
    run: (job) =>
      new Promise<AutocannonResult>((settle, reject) => {
        if (exited || !child.connected) return reject(new Error('The load generator is not running'));
        const id = nextId++;
        // A run that never answers (a hung server, a lost child) fails the bench instead of hanging it.
        const timer = setTimeout(() => {
          if (pending?.id !== id) return;
          pending = undefined;
          reject(new Error(`The load generator did not answer within ${job.durationSeconds + 30} s`));
        }, (job.durationSeconds + 30) * 1000);
        pending = {
          id,
          resolve: (result) => { clearTimeout(timer); settle(result); },
          reject: (error) => { clearTimeout(timer); reject(error); },
        };
        child.send({ type: 'run', job: { ...job, id } });
      }),
  };
}

// ---------------------------------------------------------------------------------------
// One target: a store run and a fetch run.

const $Stored = z.object({ id: z.string().min(1), expiresAt: z.string() });
const $Fetched = z.object({ ciphertext: z.string(), expiresAt: z.string() });

/**
 * Stores `count` shares through the server and reads each back: the server must answer 201 and
 * then the very ciphertext, or its figures would measure something else (a 4xx is cheap).
 */
async function storeAndCheck(baseUrl: string, body: string, ciphertext: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const stored = await fetch(`${baseUrl}/api/shares`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    if (stored.status !== 201) throw new Error(`POST /api/shares answered ${stored.status}, not 201`);
    const { id } = $Stored.parse(await stored.json());
    const fetched = await fetch(`${baseUrl}/api/shares/${id}`);
    if (fetched.status !== 200) throw new Error(`GET /api/shares/:id answered ${fetched.status}, not 200`);
    if ($Fetched.parse(await fetched.json()).ciphertext !== ciphertext) throw new Error('GET /api/shares/:id answered another ciphertext');
    ids.push(id);
  }
  return ids;
}

type RunSettings = { durationSeconds: number; connections: number; log: (line: string) => void };

/** A discarded warm-up run, then the measured run, of one job. */
async function measure(
  loadgen: LoadGenerator,
  target: ServerBenchRow['target'],
  operation: ServerBenchRow['operation'],
  job: Omit<LoadJob, 'id' | 'durationSeconds' | 'connections'>,
  settings: RunSettings,
): Promise<ServerBenchRow> {
  settings.log(`${target} ${operation}: warm-up ${warmupSeconds} s, then ${settings.durationSeconds} s with ${settings.connections} connections`);
  await loadgen.run({ ...job, durationSeconds: warmupSeconds, connections: settings.connections });
  const result = await loadgen.run({ ...job, durationSeconds: settings.durationSeconds, connections: settings.connections });
  const row: ServerBenchRow = {
    target,
    operation,
    requestsPerSecond: result.requests.mean,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    requests: result.requests.total,
  };
  if (row.non2xx > 0 || row.errors > 0) {
    const codes = Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => `${code}×${count}`).join(', ');
    settings.log(`  ${target} ${operation}: ${row.errors} error(s) (${result.timeouts} timeout(s)), status codes ${codes}`);
  }
  return row;
}

/** Store, then fetch, on one running server. */
async function measureTarget(
  loadgen: LoadGenerator,
  target: ServerBenchRow['target'],
  baseUrl: string,
  payload: { body: string; ciphertext: string },
  settings: RunSettings,
): Promise<ServerBenchRow[]> {
  // Checked before timing: a server that answers wrongly would give meaningless figures.
  await storeAndCheck(baseUrl, payload.body, payload.ciphertext, 1);
  const store = await measure(
    loadgen,
    target,
    'store',
    { url: `${baseUrl}/api/shares`, method: 'POST', body: payload.body, headers: { 'Content-Type': 'application/json' } },
    settings,
  );
  const ids = await storeAndCheck(baseUrl, payload.body, payload.ciphertext, fetchShares);
  const fetchRow = await measure(
    loadgen,
    target,
    'fetch',
    { url: `${baseUrl}/api/shares/${ids[0] ?? ''}`, method: 'GET', paths: ids.map((id) => `/api/shares/${id}`) },
    settings,
  );
  return [store, fetchRow];
}

/**
 * The real app on a share store, served for the length of `body`; everything closed after.
 * `staticRoot` is an empty folder: the API never serves files, and the default (dist/) may not
 * be built.
 */
async function withRealServer<T>(shares: ShareStore, staticRoot: string, body: (baseUrl: string) => Promise<T>): Promise<T> {
  const server = await listen(createApp({ shares, rateLimitPerMinute, sharesQuotaBytes, staticRoot }).fetch);
  try {
    return await body(server.baseUrl);
  } finally {
    await server.close();
  }
}

/** Empties the shares table of the (shared) PostgreSQL test database, and its usage counter with it. */
async function emptyPostgresShares(databaseUrl: string, vacuum: boolean): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query('DELETE FROM shares');
    await client.query('UPDATE share_usage SET bytes = 0');
    await client.query('COMMIT');
    // A store run leaves hundreds of MB of dead rows; reclaim them now rather than at autovacuum's pace.
    if (vacuum) await client.query('VACUUM shares');
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------
// The benchmark.

export async function runServerBench(options: ServerBenchOptions): Promise<ServerBenchRow[]> {
  const settings: RunSettings = {
    durationSeconds: options.durationSeconds ?? defaultDurationSeconds,
    connections: options.connections ?? defaultConnections,
    log: options.log ?? (() => {}),
  };
  const payload = sharePayload();
  settings.log(`Payload: ${payload.body.length} bytes of JSON (ciphertext ${ciphertextBytes} bytes, ${payload.ciphertext.length} base64url characters)`);
  const rows: ServerBenchRow[] = [];
  // Holds the SQLite file and an empty folder for the app's static root.
  const dir = mkdtempSync(join(os.tmpdir(), 'bench-shares-'));
  const loadgen = await startLoadGenerator().catch((error: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  try {
    const staticRoot = join(dir, 'static');
    mkdirSync(staticRoot);

    const bare = await listen(bareApp(payload.ciphertext).fetch);
    try {
      rows.push(...(await measureTarget(loadgen, 'bare Hono', bare.baseUrl, payload, settings)));
    } finally {
      await bare.close();
    }

    const sqlite = await openShareStore({ sqliteFile: join(dir, 'shares.sqlite') });
    try {
      rows.push(...(await withRealServer(sqlite, staticRoot, (baseUrl) => measureTarget(loadgen, 'SQLite', baseUrl, payload, settings))));
    } finally {
      await sqlite.close();
    }

    if (!options.databaseUrl) {
      settings.log('PostgreSQL: not measured (no database URL given)');
    } else {
      const databaseUrl = options.databaseUrl;
      const postgres = await openShareStore({ databaseUrl });
      try {
        // After openShareStore, whose migrations create the table on a fresh database.
        await emptyPostgresShares(databaseUrl, false);
        rows.push(...(await withRealServer(postgres, staticRoot, (baseUrl) => measureTarget(loadgen, 'PostgreSQL', baseUrl, payload, settings))));
      } finally {
        try {
          await emptyPostgresShares(databaseUrl, true);
        } finally {
          await postgres.close();
        }
      }
    }
  } finally {
    try {
      await loadgen.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// Standalone: `node --import tsx tests/bench/server.ts` (BENCH_DATABASE_URL for PostgreSQL).

function printTable(rows: ServerBenchRow[]): void {
  const bare = new Map(rows.filter((row) => row.target === 'bare Hono').map((row) => [row.operation, row.requestsPerSecond]));
  const header = ['target', 'operation', 'req/s', 'p99 ms', '× bare req/s', 'errors', 'non-2xx', 'requests'];
  const lines = rows.map((row) => {
    const baseline = bare.get(row.operation);
    return [
      row.target,
      row.operation,
      row.requestsPerSecond.toFixed(0),
      row.p99Ms.toFixed(0),
      baseline ? (row.requestsPerSecond / baseline).toFixed(2) : '—',
      String(row.errors),
      String(row.non2xx),
      String(row.requests),
    ];
  });
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => (line[i] ?? '').length)));
  const format = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  console.log(format(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
  const durationSeconds = defaultDurationSeconds;
  const connections = defaultConnections;
  console.log(
    `Share server load: ${os.cpus().length} CPU(s) (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}, ` +
      `${durationSeconds} s per run after ${warmupSeconds} s warm-up, ${connections} connections.`,
  );
  const rows = await runServerBench({ ...(databaseUrl ? { databaseUrl } : {}), durationSeconds, connections, log: (line) => console.log(line) });
  console.log('');
  printTable(rows);
  if (!databaseUrl) console.log('\nPostgreSQL: not measured (set BENCH_DATABASE_URL=postgres://…).');
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
