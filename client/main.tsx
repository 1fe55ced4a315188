/**
 * The composition root. The first screen is the app lock, and it is kept small: React, the lock's
 * form and its words. Which form to show comes from a plain-IndexedDB look at the vault; the
 * lock's working half (Dexie, the lock machine, the cipher) loads once the form is on the screen,
 * and the app itself (a separate chunk) loads while the passphrase is typed.
 */
import { StrictMode, Suspense, lazy, type ComponentType } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { peekVault, type PeekedVault } from './db/peekVault.ts';
import { databaseName } from './db/databaseName.ts';
import { LockGate } from './app/LockGate.tsx';
import { DatabaseFaultGate } from './app/DatabaseFault.tsx';
import type { LockService } from './app/lockService.ts';
import type { ShellProps } from './app/Shell.tsx';
import './styles/lock.scss';
import { commonCopy } from './content/commonCopy.ts';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');
const root = createRoot(container);

// Started at once, before React renders: which lock form to show. Until it answers, the form this
// device last needed (a hint kept in localStorage: whether a passphrase is set, nothing else), or
// with no hint the first-use form (a device that has a passphrase but lost the hint shows the
// unlock form a moment later, when the look answers, and keeps the hint from then on).
const peek = peekVault();
const hintKey = `${databaseName}:lock`;
function readHint(): PeekedVault {
  try {
    const value = window.localStorage.getItem(hintKey);
    return value === 'set' ? 'set' : 'none';
  } catch (error) {
    console.warn('The lock hint could not be read; the lock screen waits for the database', error);
    return 'unknown';
  }
}
function keepHint(vault: 'none' | 'set'): void {
  try {
    window.localStorage.setItem(hintKey, vault);
  } catch (error) {
    console.warn('The lock hint could not be kept; the next opening waits for the database', error);
  }
}
const hint = readHint();
let lock: Promise<LockService> | null = null;
const loadLock = () => (lock ??= import('./app/lockService.ts').then((m) => m.openDeviceLock()));

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
    <Suspense fallback={<p role="status">{commonCopy.opening}</p>}>
      <SuspendingShell {...props} />
    </Suspense>
  );
}

function render(updateReady = false, onUpdate?: () => void) {
  root.render(
    <StrictMode>
      <DatabaseFaultGate>
        <LockGate load={loadLock} peek={peek} hint={hint} onKnown={keepHint} onAsking={preloadShell}>
          {(service) => <AppShell db={service.db} keyring={service.keyring} updateReady={updateReady} {...(onUpdate ? { onUpdate } : {})} />}
        </LockGate>
      </DatabaseFaultGate>
    </StrictMode>,
  );
}
render();

// A new version waits for the user (registerType 'prompt'): a live session is never reloaded
// under them. Registered once the page has loaded, so the lock screen comes first.
function registerServiceWorker(): void {
  const updateSW = registerSW({
    onNeedRefresh() {
      render(true, () => void updateSW(true));
    },
  });
}
if ('serviceWorker' in navigator) {
  if (document.readyState === 'complete') registerServiceWorker();
  else window.addEventListener('load', registerServiceWorker, { once: true });
}
