/** The composition root: one database, one set of repositories, the service worker. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { registerSW } from 'virtual:pwa-register';
import { App } from './app/App.tsx';
import { parseRoute } from './app/router.ts';
import { preloadAllScreens, preloadScreenFor } from './app/screens.tsx';
import { ServicesProvider, type Services } from './app/services.tsx';
import { SupervisionDB } from './db/db.ts';
import { createRepositories } from './db/repositories.ts';
import './styles/app.scss';

const container = document.getElementById('root');
if (!container) throw new Error('Missing #root element');
const root = createRoot(container);

const db = new SupervisionDB();
const services: Services = {
  repositories: createRepositories(db),
  now: () => new Date(),
  newId: () => crypto.randomUUID(),
};

function render(updateReady = false, onUpdate?: () => void) {
  root.render(
    <StrictMode>
      <ServicesProvider services={services}>
        <App updateReady={updateReady} {...(onUpdate ? { onUpdate } : {})} />
      </ServicesProvider>
    </StrictMode>,
  );
}
// The opening screen is loaded before the first render (a reload resumes a session at once);
// the rest load when the browser is idle, so moving between screens never waits.
void preloadScreenFor(parseRoute(window.location.hash))
  .catch((error: unknown) => console.error('A screen could not be loaded', error))
  .finally(() => {
    render();
    const idle = window.requestIdleCallback ?? ((callback: () => void) => window.setTimeout(callback, 200));
    idle(() => void preloadAllScreens().catch((error: unknown) => console.error('A screen could not be loaded', error)));
  });

// A new version waits for the user (registerType 'prompt'): a live session is never reloaded under them.
if ('serviceWorker' in navigator) {
  const updateSW = registerSW({
    onNeedRefresh() {
      render(true, () => void updateSW(true));
    },
  });
}
