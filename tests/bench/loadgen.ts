/**
 * The load generator for tests/bench/server.ts, in its own process so that making requests and
 * reading answers does not share an event loop (or a CPU, where there is more than one) with the
 * server being measured. Started with child_process.fork (`--import tsx`), it waits for jobs
 * over IPC, runs each one with autocannon and sends autocannon's result object back unchanged
 * (the parent checks the parts it reads with zod). One job at a time; it exits when the parent
 * disconnects or asks it to stop.
 *
 * Jobs come from the parent, so they are checked here too: a malformed job is answered with an
 * error, never run.
 */
import autocannon from 'autocannon';
import { z } from 'zod';

const $Job = z.strictObject({
  /** Echoed back so the parent can pair an answer with its job. */
  id: z.number().int(),
  url: z.url(),
  method: z.enum(['GET', 'POST']),
  /** Sent as is with each request (POST); the same bytes every time. */
  body: z.string().optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Paths each connection goes through in turn, round and round (GET of several shares). */
  paths: z.array(z.string().startsWith('/')).min(1).optional(),
  durationSeconds: z.number().positive(),
  connections: z.number().int().positive(),
});
const $Message = z.union([z.object({ type: z.literal('run'), job: $Job }), z.object({ type: z.literal('stop') })]);

export type LoadJob = z.infer<typeof $Job>;

function reply(message: unknown): void {
  process.send?.(message);
}

async function run(job: LoadJob): Promise<void> {
  try {
    const result = await autocannon({
      url: job.url,
      method: job.method,
      connections: job.connections,
      duration: job.durationSeconds,
      // A request unanswered for 10 s counts as an error (autocannon's default, stated here).
      timeout: 10,
      ...(job.body === undefined ? {} : { body: job.body }),
      ...(job.headers ? { headers: job.headers } : {}),
      ...(job.paths ? { requests: job.paths.map((path) => ({ path })) } : {}),
    });
    reply({ type: 'result', id: job.id, result });
  } catch (error) {
    reply({ type: 'error', id: job.id, message: error instanceof Error ? error.message : String(error) });
  }
}

if (!process.send) {
  console.error('tests/bench/loadgen.ts is started by tests/bench/server.ts (child_process.fork), not on its own.');
  process.exit(1);
}

process.on('message', (raw: unknown) => {
  const message = $Message.safeParse(raw);
  if (!message.success) {
    // No job to name: the parent fails whichever job is waiting.
    reply({ type: 'error', id: null, message: 'The load generator was sent a message it does not understand' });
    return;
  }
  if (message.data.type === 'stop') {
    process.disconnect();
    return;
  }
  void run(message.data.job);
});
// Without the parent there is nothing to do: leave rather than linger.
process.on('disconnect', () => process.exit(0));
reply({ type: 'ready' });
