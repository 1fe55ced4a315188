import { describe, expect, it } from 'vitest';
import { lazyRepository, once } from '../../client/db/lazyRepository.ts';

describe('lazyRepository', () => {
  it('loads the repository once, on first use, and passes calls through', async () => {
    let loads = 0;
    const repository = lazyRepository(async () => {
      loads += 1;
      return { double: async (n: number) => n * 2, hello: async (name: string) => `Hello ${name}` };
    });
    expect(loads).toBe(0);
    await expect(repository.double(21)).resolves.toBe(42);
    await expect(repository.hello('Val')).resolves.toBe('Hello Val');
    expect(loads).toBe(1);
  });

  it('reports a method the repository does not have, and a failed load, as errors', async () => {
    const repository = lazyRepository(async () => ({ ok: async () => true })) as unknown as { missing: () => Promise<unknown> };
    await expect(repository.missing()).rejects.toThrow('No repository method missing');
    const broken = lazyRepository<{ go: () => Promise<void> }>(() => Promise.reject(new Error('chunk failed')));
    await expect(broken.go()).rejects.toThrow('chunk failed');
  });

  it('tries a failed load again on the next call', async () => {
    let attempts = 0;
    const repository = lazyRepository(async () => {
      attempts += 1;
      if (attempts === 1) throw new Error('offline');
      return { ping: async () => 'pong' };
    });
    await expect(repository.ping()).rejects.toThrow('offline');
    await expect(repository.ping()).resolves.toBe('pong');
    expect(attempts).toBe(2);
  });

  it('once shares one load between callers', async () => {
    let loads = 0;
    const load = once(async () => ++loads);
    await Promise.all([load(), load()]);
    expect(loads).toBe(1);
  });
});
