/**
 * The app once unlocked: its services (repositories over the sealed database) and its screens.
 * A separate chunk from the lock screen, loaded while the passphrase is typed, so the first
 * screen carries only what the lock needs.
 */
import { useEffect, useMemo, useState } from 'react';
import type { SupervisionDB } from '../db/db.ts';
import type { Keyring } from '../db/atRest.ts';
import { createRepositories } from '../db/repositories.ts';
import { createVault } from '../db/vault.ts';
import { createBackup } from '../db/backup.ts';
import { App } from './App.tsx';
import { OwnModels } from '../features/authoring/OwnModels.tsx';
import { parseRoute } from './router.ts';
import { preloadAllScreens, preloadScreenFor } from './routes.tsx';
import { ServicesProvider, type Services } from './services.tsx';
import '../styles/app.scss';

export type ShellProps = { db: SupervisionDB; keyring: Keyring; updateReady: boolean; onUpdate?: () => void };

export function Shell({ db, keyring, updateReady, onUpdate }: ShellProps) {
  const services = useMemo<Services>(() => {
    const now = () => new Date();
    return { repositories: createRepositories(db), vault: createVault(db, { now }), backup: createBackup(db, { now, keyring }), now, newId: () => crypto.randomUUID() };
  }, [db, keyring]);
  // Ask the browser to keep the records when space runs short; say so when it will not.
  const [persisted, setPersisted] = useState<boolean | null>(null);
  useEffect(() => {
    const storage = navigator.storage;
    if (!storage?.persist) return setPersisted(false);
    storage
      .persisted()
      .then((already) => already || storage.persist())
      .then(setPersisted, () => setPersisted(false));
  }, []);
  return (
    <ServicesProvider services={services}>
      <OwnModels repositories={services.repositories} />
      <App updateReady={updateReady} storageWarning={persisted === false} {...(onUpdate ? { onUpdate } : {})} />
    </ServicesProvider>
  );
}

/**
 * The opening route's screen, loaded before the app first renders (a reload resumes a session
 * at once, without React's Suspense fallback delay); the rest when the browser is idle.
 */
export async function preloadOpeningScreen(): Promise<void> {
  try {
    await preloadScreenFor(parseRoute(window.location.hash).name);
  } catch (error) {
    console.error('A screen could not be loaded', error);
  }
  const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 200));
  idle(() => void preloadAllScreens().catch((error: unknown) => console.error('A screen could not be loaded', error)));
}
