/**
 * The dataset seeder, bundled by the bench (Vite, IIFE) and evaluated inside the app's own
 * page, so the generated records are written by the real repositories over the real sealed
 * IndexedDB of that origin. It sets the app lock's passphrase as first use does, unlocks the
 * keyring with the new data key, and writes `generateDataset(...)`. Nothing here ships in the app.
 */
import { Keyring } from '../../client/db/atRest.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';
import { createVault } from '../../client/db/vault.ts';
import { generateDataset, type DatasetSize, type DatasetSummary } from './dataset.ts';

export type SeedOptions = { seed: number; size: DatasetSize; passphrase: string; now: string };
export type SeedResult = { summary: DatasetSummary; personIds: string[] };
export type SeedProgress = { done: number; total: number };

declare global {
  interface Window {
    __benchSeed?: (options: SeedOptions) => Promise<SeedResult>;
    __benchSeedProgress?: SeedProgress;
  }
}

window.__benchSeed = async (options) => {
  const keyring = new Keyring();
  const db = new SupervisionDB(undefined, { keyring });
  try {
    const vault = createVault(db, { now: () => new Date(options.now) });
    const created = await vault.create(options.passphrase, options.passphrase);
    if (!created.ok) throw new Error(created.message);
    keyring.unlock(created.value);
    let n = 0;
    const repositories = createRepositories(db, { now: () => new Date(options.now), newId: () => `person-${String(++n).padStart(6, '0')}` });
    window.__benchSeedProgress = { done: 0, total: options.size.supervisees * options.size.sessionsPerSupervisee };
    const summary = await generateDataset(repositories, {
      seed: options.seed,
      size: options.size,
      onProgress: (done, total) => {
        window.__benchSeedProgress = { done, total };
      },
    });
    return { summary, personIds: (await repositories.people.list()).map((person) => person.id) };
  } finally {
    db.close();
  }
};
