/**
 * Two devices in one test: each a real SupervisionDB on fake-indexeddb (sealed, unlocked with a
 * random key), the real repositories with its own clock and its own ids (so an id can never match
 * the other device's by chance), rendered through ServicesProvider as client/main.tsx does. The
 * page's fetch goes to the real Hono app over an in-memory SQLite share store; `relay.down()`
 * makes it fail as a browser does when the server cannot be reached. Nothing of ours is mocked.
 */
import { cleanup, configure, render, type RenderResult } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { App } from '../../../client/app/App.tsx';
import { ServicesProvider, type Services } from '../../../client/app/services.tsx';
import { SupervisionDB } from '../../../client/db/db.ts';
import { Keyring } from '../../../client/db/atRest.ts';
import { createRepositories, type Repositories } from '../../../client/db/repositories.ts';
import { createVault } from '../../../client/db/vault.ts';
import { createBackup } from '../../../client/db/backup.ts';
import type { TrustRepositories } from '../../../client/db/trustRepositories.ts';
import type { ConnectDeps } from '../../../client/trust/connect.ts';
import { whenAllSaved } from '../../../client/features/session/saver.ts';
import { createApp } from '../../../server/app.ts';
import { openShareStore, type ShareStore } from '../../../server/storage/shares.ts';

configure({ asyncUtilTimeout: 5000 });
vi.setConfig({ testTimeout: 30_000 });

export const SARAH = { name: 'Sarah Jones', jobRole: 'Named Nurse' } as const;
export const TOM = { name: 'Tom Smith', jobRole: 'Health Visitor' } as const;
/** Every device's clock in these tests: the day pins are dated. */
export const TODAY = '2026-12-04T14:05:00.000Z';
export const TODAY_READ = '4 December 2026';

export type Device = {
  name: string;
  db: SupervisionDB;
  repositories: Repositories;
  services: Services;
  trust: () => Promise<TrustRepositories>;
  /** The protocol's dependencies, as useTrust gives them to a screen: for driving this device without its screens. */
  connect: () => Promise<ConnectDeps>;
  /** Renders `node` (the whole app by default, at `hash`) on this device. */
  render: (hash?: string, node?: ReactNode) => RenderResult;
  close: () => Promise<void>;
};

let databases = 0;

export function createDevice(name: string): Device {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  const db = new SupervisionDB(`${name}-${++databases}-${Math.random()}`, { keyring });
  let ids = 0;
  const now = () => new Date(TODAY);
  const newId = () => `${name}-${String(++ids).padStart(6, '0')}`;
  const repositories = createRepositories(db, { now, newId });
  const services: Services = { repositories, vault: createVault(db, { now }), backup: createBackup(db, { now, keyring }), now, newId };
  const device: Device = {
    name,
    db,
    repositories,
    services,
    trust: () => repositories.trust(),
    connect: async () => ({ trust: await repositories.trust(), people: repositories.people, now, newId, origin: window.location.origin, fetcher: (input, init) => fetch(input, init) }),
    render: (hash, node = <App />) => {
      if (hash !== undefined) window.location.hash = hash;
      return render(
        <StrictMode>
          <ServicesProvider services={services}>{node}</ServicesProvider>
        </StrictMode>,
      );
    },
    close: async () => {
      db.close();
      await db.delete();
    },
  };
  return device;
}

/** Devices made in a test are closed after it (screens unmounted first, saves let finish). */
export function useDevices(): (name: string) => Device {
  const made: Device[] = [];
  afterEach(async () => {
    cleanup();
    await whenAllSaved();
    for (const device of made.splice(0)) await device.close();
    window.location.hash = '';
  });
  return (name) => {
    const device = createDevice(name);
    made.push(device);
    return device;
  };
}

export type Relay = {
  store: () => ShareStore;
  /** The server cannot be reached: every request fails as fetch does then. */
  down: () => void;
  up: () => void;
  requests: { method: string; path: string }[];
};

/** The page's fetch answered by the real app (in-memory SQLite), for the whole file. */
export function useRelay(): Relay {
  let store: ShareStore;
  let reachable = true;
  const requests: { method: string; path: string }[] = [];
  beforeAll(async () => {
    store = await openShareStore({ sqliteFile: ':memory:' });
    const app = createApp({ staticRoot: tmpdir(), shares: store, rateLimitPerMinute: 100_000 });
    vi.stubGlobal('fetch', (input: string | URL | Request, init: RequestInit = {}) => {
      if (!reachable) return Promise.reject(new TypeError('Failed to fetch'));
      requests.push({ method: init.method ?? 'GET', path: String(input) });
      return Promise.resolve(app.request(String(input), init));
    });
  });
  afterEach(() => {
    reachable = true;
    requests.length = 0;
  });
  afterAll(async () => {
    vi.unstubAllGlobals();
    await store.close();
  });
  return {
    store: () => store,
    down: () => {
      reachable = false;
    },
    up: () => {
      reachable = true;
    },
    requests,
  };
}

export async function saveProfile(device: Device, profile: { name: string; jobRole: string }): Promise<void> {
  const saved = await (await device.trust()).profile.save(profile);
  if (!saved.ok) throw new Error(saved.message);
}

export async function addPerson(device: Device, person: { name: string; jobRole: string }): Promise<string> {
  const added = await device.repositories.people.add({ name: person.name, role: person.jobRole });
  if (!added.ok) throw new Error(added.message);
  return added.value.id;
}

/** The id and key of a connect link. */
export function linkParts(link: string): { shareId: string; key: string } {
  const match = /#\/connect\/([A-Za-z0-9_-]{22})\/([A-Za-z0-9_-]{43})$/.exec(link);
  if (!match?.[1] || !match[2]) throw new Error(`Not a connect link: ${link}`);
  return { shareId: match[1], key: match[2] };
}
