/** The application shell: header, the always-present escalation route, and the screens. */
import { Fragment, Suspense, useEffect, useMemo, useState } from 'react';
import { copy } from '../content/copy.ts';
import { EscalationDialog } from '../components/EscalationDialog.tsx';
import { hrefFor, titleOf, useRoute } from './router.ts';
import { entryOf } from './routes.tsx';
import { EscalationTargetContext, useServices, type EscalationTarget } from './services.tsx';
import { DamagedNotice } from '../components/DamagedNotice.tsx';
import { useLock } from './LockGate.tsx';

export function App({ updateReady, onUpdate, storageWarning }: { updateReady?: boolean; onUpdate?: () => void; storageWarning?: boolean }) {
  const route = useRoute();
  const [target, setTarget] = useState<EscalationTarget>(null);
  const [routeOpen, setRouteOpen] = useState(false);
  const escalation = useMemo(() => ({ target, setTarget }), [target]);
  const lock = useLock();
  const services = useServices();
  const href = hrefFor(route);
  const title = titleOf(route);
  useEffect(() => {
    document.title = title;
  }, [title]);

  function escalate() {
    if (target) target.raise();
    else setRouteOpen(true);
  }

  return (
    <EscalationTargetContext.Provider value={escalation}>
      <a
        className="nhsuk-skip-link"
        href="#maincontent"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('maincontent')?.focus();
        }}
      >
        {copy.skipLink}
      </a>
      <header className="app-header" role="banner">
        <div className="nhsuk-width-container app-header__container">
          <a className="app-header__name" href={hrefFor({ name: 'home' })}>
            {copy.appName}
          </a>
          <div className="app-escalate">
            {lock && (
              <button type="button" className="nhsuk-button nhsuk-button--reverse app-escalate__button app-lock-now" aria-label={copy.lock.lockNowLabel} onClick={lock.lockNow}>
                {copy.lock.lockNow}
              </button>
            )}{' '}
            <button type="button" className="nhsuk-button nhsuk-button--warning app-escalate__button" onClick={escalate}>
              {copy.escalate.button}
            </button>
          </div>
        </div>
      </header>
      {updateReady && (
        <div className="nhsuk-width-container">
          <div className="nhsuk-inset-text" role="status">
            <p>
              {copy.update.ready}{' '}
              {onUpdate && (
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={onUpdate}>
                  {copy.update.useNow}
                </button>
              )}
            </p>
          </div>
        </div>
      )}
      <div className="nhsuk-width-container app-width">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          {storageWarning && route.name === 'home' && (
            <div className="nhsuk-warning-callout">
              <h2 className="nhsuk-warning-callout__label">{copy.security.storageTitle}</h2>
              <p>
                {copy.security.storageWarning} <a href={hrefFor({ name: 'security' })}>{copy.security.storageLink}</a>
              </p>
            </div>
          )}
          <DamagedNotice register={services.repositories.damage} />
          <Suspense fallback={<p role="status">{copy.loadingScreen}</p>}>
            {/* Keyed by the address: another record's screen starts afresh. */}
            {route.name !== 'notFound' && <Fragment key={href}>{entryOf(route.name).render(route)}</Fragment>}
          </Suspense>
          {route.name === 'notFound' && (
            <>
              <h1 className="nhsuk-heading-l">{copy.notFound.title}</h1>
              <p>
                <a href={hrefFor({ name: 'home' })}>{copy.notFound.home}</a>
              </p>
            </>
          )}
        </main>
      </div>
      {!target && (
        <EscalationDialog open={routeOpen} raisedDuring={copy.escalate.outsideSession} recordable={false} onRecord={() => setRouteOpen(false)} onCancel={() => setRouteOpen(false)} />
      )}
    </EscalationTargetContext.Provider>
  );
}
