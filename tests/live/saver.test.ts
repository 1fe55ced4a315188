/**
 * The saver (issue 8): every change is made durable at once; the rest of a save's work (its
 * `Later`: the rows other screens read) waits for the changes to pause, no longer than
 * SETTLE_AT_MOST_MS while they go on, and is done at once when the saver is flushed or the app
 * locks (whenAllSaved). Only the latest save's `Later` runs; a save that leaves none has written
 * everything. Failures are reported.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTLE_AFTER_MS, SETTLE_AT_MOST_MS, createSaver, whenAllSaved, type Later, type SaveStatus } from '../../client/live/saver.ts';

/** A saver whose saves record what they wrote (the state `n` at the time) and leave a `Later` for it. */
function recordingSaver(options: { leaveLater?: (n: number) => boolean; failLater?: boolean } = {}) {
  const events: string[] = [];
  const statuses: SaveStatus['kind'][] = [];
  let state = 0;
  const saver = createSaver(
    async () => {
      const n = state;
      events.push(`write ${n}`);
      await Promise.resolve();
      if (options.leaveLater && !options.leaveLater(n)) return;
      const later: Later = async () => {
        events.push(`later ${n}`);
        if (options.failLater) throw new Error('The session row could not be written');
      };
      return later;
    },
    (status) => {
      statuses.push(status.kind);
      if (status.kind === 'saving') events.push('saving');
    },
    () => new Date('2026-11-22T10:00:00Z'),
  );
  return {
    saver,
    events,
    statuses,
    change() {
      state += 1;
      void saver.schedule();
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('The saver', () => {
  it('asks for the write before it says it is saving, and says saved once it is written', async () => {
    const { events, statuses, change } = recordingSaver();
    change();
    expect(events).toEqual(['write 1', 'saving']);
    await vi.advanceTimersByTimeAsync(0);
    expect(statuses).toEqual(['saving', 'saved']);
  });

  it('runs the latest save’s Later once the changes pause, and not before', async () => {
    const { events, change } = recordingSaver();
    change();
    await vi.advanceTimersByTimeAsync(SETTLE_AFTER_MS / 2);
    change();
    await vi.advanceTimersByTimeAsync(SETTLE_AFTER_MS / 2);
    change();
    await vi.advanceTimersByTimeAsync(SETTLE_AFTER_MS - 1);
    expect(events.filter((e) => e.startsWith('later'))).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(events.filter((e) => e.startsWith('write') || e.startsWith('later'))).toEqual(['write 1', 'write 2', 'write 3', 'later 3']);
  });

  it('while the changes go on, runs a Later at least every SETTLE_AT_MOST_MS', async () => {
    const { events, change } = recordingSaver();
    const every = SETTLE_AFTER_MS / 4;
    for (let t = 0; t <= SETTLE_AT_MOST_MS + every; t += every) {
      change();
      await vi.advanceTimersByTimeAsync(every);
    }
    const laters = events.filter((e) => e.startsWith('later'));
    expect(laters).toHaveLength(1);
    // Not the first change's: the latest at the time.
    expect(laters[0]).not.toBe('later 1');
  });

  it('flushing does the waiting Later at once', async () => {
    const { saver, events, change } = recordingSaver();
    change();
    await vi.advanceTimersByTimeAsync(0);
    await saver.flush();
    expect(events.at(-1)).toBe('later 1');
  });

  it('locking (whenAllSaved) does every waiting Later at once', async () => {
    const first = recordingSaver();
    const second = recordingSaver();
    first.change();
    second.change();
    await vi.advanceTimersByTimeAsync(0);
    await whenAllSaved();
    expect(first.events.at(-1)).toBe('later 1');
    expect(second.events.at(-1)).toBe('later 1');
  });

  it('a save that leaves no Later has written everything: the one waiting is dropped', async () => {
    // The second state is, say, a signed record: written whole at once.
    const { events, change } = recordingSaver({ leaveLater: (n) => n !== 2 });
    change();
    await vi.advanceTimersByTimeAsync(0);
    change();
    await vi.advanceTimersByTimeAsync(SETTLE_AT_MOST_MS);
    expect(events.filter((e) => e.startsWith('later'))).toEqual([]);
  });

  it('a Later that fails is reported', async () => {
    const { statuses, change } = recordingSaver({ failLater: true });
    change();
    await vi.advanceTimersByTimeAsync(SETTLE_AFTER_MS);
    expect(statuses.at(-1)).toBe('error');
  });

  it('a change while a Later is written is saved after it, and its own Later follows', async () => {
    let release: () => void = () => undefined;
    const events: string[] = [];
    let state = 0;
    const saver = createSaver(
      async () => {
        const n = state;
        events.push(`write ${n}`);
        return async () => {
          events.push(`later ${n} starts`);
          if (n === 1) await new Promise<void>((resolve) => (release = resolve));
          events.push(`later ${n} ends`);
        };
      },
      () => undefined,
    );
    state = 1;
    void saver.schedule();
    await vi.advanceTimersByTimeAsync(SETTLE_AFTER_MS);
    expect(events).toEqual(['write 1', 'later 1 starts']);
    state = 2;
    void saver.schedule();
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(events).toEqual(['write 1', 'later 1 starts', 'later 1 ends', 'write 2']);
    await vi.advanceTimersByTimeAsync(SETTLE_AFTER_MS);
    expect(events.at(-1)).toBe('later 2 ends');
  });
});
