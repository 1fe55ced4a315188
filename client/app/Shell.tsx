/**
 * The app once unlocked: its services (repositories over the sealed database) and its screens.
 * A separate chunk from the lock screen, loaded while the passphrase is typed, so the first
 * screen carries only what the lock needs.
 */
import { useMemo } from 'react';
import type { SupervisionDB } from '../db/db.ts';
import { createRepositories } from '../db/repositories.ts';
import { createVault } from '../db/vault.ts';
import { App } from './App.tsx';
import { parseRoute } from './router.ts';
import { preloadAllScreens, preloadScreenFor } from './screens.tsx';
import { ServicesProvider, type Services } from './services.tsx';

export type ShellProps = { db: SupervisionDB; updateReady: boolean; onUpdate?: () => void };

export function Shell({ db, updateReady, onUpdate }: ShellProps) {
  const services = useMemo<Services>(() => {
    const now = () => new Date();
    return { repositories: createRepositories(db), vault: createVault(db, { now }), now, newId: () => crypto.randomUUID() };
  }, [db]);
  return (
    <ServicesProvider services={services}>
      <App updateReady={updateReady} {...(onUpdate ? { onUpdate } : {})} />
    </ServicesProvider>
  );
}

/**
 * The opening route's screen, loaded before the app first renders (a reload resumes a session
 * at once, without React's Suspense fallback delay); the rest when the browser is idle.
 */
export async function preloadOpeningScreen(): Promise<void> {
  try {
    await preloadScreenFor(parseRoute(window.location.hash));
  } catch (error) {
    console.error('A screen could not be loaded', error);
  }
  const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 200));
  idle(() => void preloadAllScreens().catch((error: unknown) => console.error('A screen could not be loaded', error)));
}
