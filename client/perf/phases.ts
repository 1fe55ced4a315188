/**
 * Named phases of long work (a backup, a restore), for the bench only. The production build
 * compiles this away: `__BENCH_PHASES__` is false in vite.config.ts, so `phase` is just `work()`,
 * and only the bench's own builds (tests/bench/bench.ts, tests/bench/backup.ts) define it true, so
 * their pages make a User Timing measure per phase (`performance.measure`, read by the bench to say
 * where a slow figure's time went). Under Vitest nothing defines it: no measures.
 */
declare const __BENCH_PHASES__: boolean | undefined;

const measuring = typeof __BENCH_PHASES__ !== 'undefined' && __BENCH_PHASES__;

/** Marks a phase that began at `start` (performance.now()) and ends now. */
export function phaseSince(name: string, start: number): void {
  if (!measuring) return;
  try {
    performance.measure(name, { start, end: performance.now() });
  } catch {
    // Measuring is optional.
  }
}

/** Runs `work`; in a bench build, its time is the measure `name`. */
export function phase<T>(name: string, work: () => Promise<T>): Promise<T> {
  if (!measuring) return work();
  const start = performance.now();
  return work().finally(() => phaseSince(name, start));
}

/** The time now, for `phaseSince` (0 outside a bench build: nothing reads it). */
export const phaseStart = (): number => (measuring ? performance.now() : 0);
