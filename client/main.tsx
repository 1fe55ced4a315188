/**
 * The composition root: the keyring and the sealed database, the app lock in front of
 * everything, the app itself (a separate chunk, loaded while the lock screen is shown), and the
 * service worker.
 */
import { StrictMode, Suspense, lazy, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { SupervisionDB } from './db/db.ts';
import { Keyring } from './db/atRest.ts';
import { createVault } from './db/vault.ts';
import { LockGate } from './app/LockGate.tsx';
import { DEFAULT_IDLE_MINUTES } from '../machines/lock/lock.machine.ts';
import type { ShellProps } from './app/Shell.tsx';
import './styles/app.scss';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');
const root = createRoot(container);

// Every record is sealed at rest with the key this keyring holds while the app is unlocked.
const keyring = new Keyring();
const db = new SupervisionDB(undefined, { keyring });
const vault = createVault(db, { now: () => new Date() });

// The app loads once the lock screen is up, while the passphrase is typed; once loaded it
// renders at once (no Suspense delay).
let LoadedShell: ComponentType<ShellProps> | null = null;
let shellReady: Promise<ComponentType<ShellProps>> | null = null;
function loadShell(): Promise<ComponentType<ShellProps>> {
  shellReady ??= import('./app/Shell.tsx').then(async (m) => {
    await m.preloadOpeningScreen();
    LoadedShell = m.Shell;
    return m.Shell;
  });
  return shellReady;
}
/**
 * Once the lock screen is up (the next task after it renders), the app loads behind it, so it is
 * ready when the passphrase is in; at once if the passphrase is given first.
 */
function preloadShell(when: 'soon' | 'now'): void {
  const load = () => void loadShell().catch((error: unknown) => console.error('The app could not be loaded', error));
  if (when === 'now') return load();
  window.setTimeout(load, 0);
}
const SuspendingShell = lazy(() => loadShell().then((Shell) => ({ default: Shell })));
function AppShell(props: ShellProps) {
  if (LoadedShell) return <LoadedShell {...props} />;
  return (
    <Suspense fallback={<p role="status">Opening…</p>}>
      <SuspendingShell {...props} />
    </Suspense>
  );
}

function render(updateReady = false, onUpdate?: () => void) {
  root.render(
    <StrictMode>
      <LockGate db={db} keyring={keyring} vault={vault} idleMinutes={DEFAULT_IDLE_MINUTES} onAsking={preloadShell}>
        <AppShell db={db} keyring={keyring} updateReady={updateReady} {...(onUpdate ? { onUpdate } : {})} />
      </LockGate>
    </StrictMode>,
  );
}
render();

// A new version waits for the user (registerType 'prompt'): a live session is never reloaded under them.
if ('serviceWorker' in navigator) {
  const updateSW = registerSW({
    onNeedRefresh() {
      render(true, () => void updateSW(true));
    },
  });
}
