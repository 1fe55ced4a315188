/**
 * The relay for component tests: the page's `fetch` answered by the real Hono app over an in-memory
 * SQLite share store (one store for the file, or for the describe block that calls `useRelay`; a
 * new app over it for each test). A test can take the server down (every request then fails as a
 * browser's fetch does when the server cannot be reached), move the relay's clock on (a link then
 * expires on it), or answer some requests itself (a refusal, say); each is undone after the test.
 * Nothing of ours is mocked.
 */
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { openShareStore, type ShareStore } from '../../server/storage/shares.ts';

/** Answers a request in the app's place when it gives a response; otherwise the app answers it. */
export type Answer = (init: RequestInit) => Promise<Response> | undefined;

export type Relay = {
  store: () => ShareStore;
  /** While down, every request fails as an unreachable server's does. */
  setDown: (down: boolean) => void;
  /** Moves the relay's clock on by so many hours (a link then expires on it). */
  advanceHours: (hours: number) => void;
  /** For this test, `answer` answers what it gives a response for before the app does. */
  answerWith: (answer: Answer) => void;
  /** Requests made since the test began (also those made while down): method and path. */
  requests: { method: string; path: string }[];
};

export function useRelay(): Relay {
  let store: ShareStore | undefined;
  let offset = 0;
  let down = false;
  let answer: Answer | undefined;
  const requests: Relay['requests'] = [];
  const opened = () => {
    if (!store) throw new Error('The relay exists only while a test runs');
    return store;
  };

  beforeAll(async () => {
    store = await openShareStore({ sqliteFile: ':memory:' });
  });
  // Stubbed before each test, since a test's own clean-up may restore every stubbed global.
  beforeEach(() => {
    const app = createApp({ staticRoot: tmpdir(), shares: opened(), rateLimitPerMinute: 100_000, now: () => Date.now() + offset });
    vi.stubGlobal('fetch', (input: string | URL | Request, init: RequestInit = {}) => {
      requests.push({ method: init.method ?? 'GET', path: String(input) });
      if (down) return Promise.reject(new TypeError('Failed to fetch'));
      return answer?.(init) ?? Promise.resolve(app.request(String(input), init));
    });
  });
  afterEach(() => {
    offset = 0;
    down = false;
    answer = undefined;
    requests.length = 0;
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await store?.close();
  });

  return {
    store: opened,
    setDown: (value) => {
      down = value;
    },
    advanceHours: (hours) => {
      offset += hours * 3_600_000;
    },
    answerWith: (value) => {
      answer = value;
    },
    requests,
  };
}
