/**
 * The app lock in front of everything: on first use a passphrase is set (records are then sealed
 * at rest); afterwards the app opens locked. Unlocked, any activity keeps it open; after the
 * idle time, or at once with "Lock now", the screen empties, the last saves are written, the key
 * is forgotten and the page reloads, so nothing that was read stays in memory.
 *
 * The screen is the first thing shown, so it carries no Dexie, xstate or cipher: the form to show
 * comes from a plain-IndexedDB look (`peek`, client/db/peekVault.ts) and the lock's working half
 * (lockService.ts: the machine and the vault) is loaded once the form is on the screen. A
 * passphrase given before it has loaded is held (the button says it is working) and handed on as
 * soon as it has; the form stays mounted throughout, so nothing typed or focused moves.
 *
 * The route to escalate an immediate risk to a child is on the lock screen too.
 */
import { Suspense, createContext, lazy, useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore, type FormEvent, type ReactNode } from 'react';
import type { LockEvent, SetUpRequest } from '../../machines/lock/lock.machine.ts';
import type { LockService, LockStateValue, LockView } from './lockService.ts';
import type { PeekedVault } from '../db/peekVault.ts';
import { whenAllSaved } from '../live/saver.ts';
import { lockCopy as copy } from '../content/lockCopy.ts';
import { ErrorSummary } from '../components/ErrorSummary.tsx';
import { PassphraseInput } from '../components/PassphraseInput.tsx';
import { FileUpload } from '../components/FileUpload.tsx';

const w = copy.lock;

/** "Lock now" for the header; null outside the gate (tests that render the app alone). */
export const LockContext = createContext<{ lockNow: () => void } | null>(null);
export function useLock() {
  return useContext(LockContext);
}

/** How long the last saves may take before the page reloads regardless. */
const SAVE_WAIT_MS = 3000;

const noSubscription = () => () => undefined;

/** A passphrase given before the lock had loaded, and the state it is for. */
type Pending = { event: LockEvent; for: 'firstRun' | 'locked' };

/**
 * `load`: starts the lock's working half (called once the form is on the screen, or at once when
 * the form cannot be known without it). `peek`: which form to show meanwhile. `hint`: the form to
 * show before even the peek has answered (what this device last knew: opening IndexedDB the first
 * time in a session can take a tenth of a second); `onKnown`: told what the lock found, to keep
 * the hint. `onAsking`: called when the passphrase is asked for (`soon`: the app can load while it
 * is typed) and when it has been given (`now`: the app is about to be needed). `children`: the
 * app, given the running lock.
 */
export function LockGate(props: {
  load: () => Promise<LockService>;
  peek: Promise<PeekedVault>;
  hint?: PeekedVault;
  onKnown?: (vault: 'none' | 'set') => void;
  onAsking?: (when: 'soon' | 'now') => void;
  children: (service: LockService) => ReactNode;
}) {
  const { load, peek, onAsking, onKnown } = props;
  const [peeked, setPeeked] = useState<PeekedVault | null>(null);
  const [service, setService] = useState<LockService | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [pending, setPending] = useState<Pending | null>(null);
  const loading = useRef<Promise<void> | null>(null);

  const startLoading = useCallback(() => {
    loading.current ??= load().then(setService, (error: unknown) => {
      console.error('The lock could not be loaded', error);
      setLoadError(error instanceof Error ? error.message : String(error));
    });
  }, [load]);

  useEffect(() => {
    let live = true;
    void peek.then((value) => {
      if (live) setPeeked(value);
    });
    return () => {
      live = false;
    };
  }, [peek]);

  const view: LockView | null = useSyncExternalStore(service?.subscribe ?? noSubscription, () => service?.view() ?? null);
  // The machine's state once it has checked the vault; until then, the form the peek chose, or
  // before that the hint's.
  const guess = peeked === 'none' || peeked === 'set' ? peeked : (props.hint ?? 'unknown');
  let state: LockStateValue = view && view.value !== 'checking' ? view.value : guess === 'none' ? 'firstRun' : guess === 'set' ? 'locked' : 'checking';
  if (pending?.for === state) state = state === 'firstRun' ? 'settingUp' : 'unlocking';
  const error = view?.error ?? null;

  // What the lock found, for the next opening's hint.
  const found = view?.value === 'firstRun' ? 'none' : view?.value === 'locked' || view?.value === 'unlocked' ? 'set' : null;
  useEffect(() => {
    if (found) onKnown?.(found);
  }, [found, onKnown]);

  // The lock loads once the form is painted; at once when there is no form to show without it.
  const formKnown = guess !== 'unknown';
  useEffect(() => {
    if (!formKnown) {
      if (peeked === 'unknown') startLoading();
      return;
    }
    let frame = 0;
    let timer = 0;
    frame = requestAnimationFrame(() => {
      timer = window.setTimeout(startLoading, 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [formKnown, peeked, startLoading]);

  // A passphrase given early goes to the lock as soon as it is ready for it (or is dropped if the
  // lock found something else, such as a damaged vault: that screen says so).
  useEffect(() => {
    if (!pending || !service || !view || view.value === 'checking') return;
    if (view.value === pending.for) service.send(pending.event);
    setPending(null);
  }, [pending, service, view]);

  useEffect(() => {
    if (state === 'firstRun' || state === 'locked') onAsking?.('soon');
    if (state === 'settingUp' || state === 'unlocking') onAsking?.('now');
  }, [state, onAsking]);

  const submit = (event: LockEvent, ready: 'firstRun' | 'locked') => {
    if (service && view?.value === ready) return service.send(event);
    setPending({ event, for: ready });
    startLoading();
  };

  // Any use of the app keeps it unlocked (at most one event a second).
  useEffect(() => {
    if (state !== 'unlocked' || !service) return;
    let last = 0;
    const active = () => {
      const at = Date.now();
      if (at - last < 1000) return;
      last = at;
      service.send({ type: 'activity' });
    };
    const events = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;
    for (const name of events) document.addEventListener(name, active, { passive: true, capture: true });
    return () => {
      for (const name of events) document.removeEventListener(name, active, { capture: true });
    };
  }, [service, state]);

  // Locked out: the records are off the screen at once; then the saves finish, the key goes, the page reloads.
  useEffect(() => {
    if (state !== 'lockedOut' || !service) return;
    void Promise.race([whenAllSaved(), new Promise((resolve) => setTimeout(resolve, SAVE_WAIT_MS))]).finally(() => {
      service.keyring.lock();
      window.location.reload();
    });
  }, [state, service]);

  const lock = useMemo(() => ({ lockNow: () => service?.send({ type: 'lock' }) }), [service]);

  if (state === 'unlocked' && service) return <LockContext.Provider value={lock}>{props.children(service)}</LockContext.Provider>;
  return (
    <LockFrame>
      {loadError !== null ? (
        <div className="nhsuk-error-summary" role="alert">
          <h1 className="nhsuk-error-summary__title">{w.loadFailedTitle}</h1>
          <p>{w.loadFailed}</p>
          <p className="nhsuk-body-s">{loadError}</p>
        </div>
      ) : (
        <>
          {state === 'checking' && <p role="status">{w.opening}</p>}
          {(state === 'firstRun' || state === 'settingUp') && (
            <SetPassphrase busy={state === 'settingUp'} error={error} onSubmit={(request) => submit({ type: 'setUp', ...request }, 'firstRun')} />
          )}
          {(state === 'locked' || state === 'unlocking') && (
            <Unlock busy={state === 'unlocking'} error={error} onSubmit={(passphrase) => submit({ type: 'unlock', passphrase }, 'locked')} />
          )}
          {state === 'damaged' && (
            <div className="nhsuk-error-summary" role="alert">
              <h1 className="nhsuk-error-summary__title">{w.damagedTitle}</h1>
              <p>{w.damaged}</p>
            </div>
          )}
          {state === 'lockedOut' && (
            <p role="status" className="nhsuk-heading-m">
              {w.locking}
            </p>
          )}
        </>
      )}
    </LockFrame>
  );
}

// The escalation route's text is Markdown (marked + DOMPurify): loaded when asked for, so the lock screen stays small.
const EscalationDialog = lazy(() => import('../components/EscalationDialog.tsx').then((m) => ({ default: m.EscalationDialog })));

/** The lock screens' frame: the app's name, and the route to escalate an immediate concern. */
function LockFrame({ children }: { children: ReactNode }) {
  const [routeOpen, setRouteOpen] = useState(false);
  return (
    <>
      <header className="app-header" role="banner">
        <div className="nhsuk-width-container app-header__container">
          <span className="app-header__name">{copy.appName}</span>
          <div className="app-escalate">
            <button type="button" className="nhsuk-button nhsuk-button--warning app-escalate__button" onClick={() => setRouteOpen(true)}>
              {copy.escalate.button}
            </button>
          </div>
        </div>
      </header>
      <div className="nhsuk-width-container app-width">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          {children}
        </main>
      </div>
      {routeOpen && (
        <Suspense fallback={<p role="status">{w.opening}</p>}>
          <EscalationDialog open raisedDuring={copy.escalate.outsideSession} recordable={false} onRecord={() => setRouteOpen(false)} onCancel={() => setRouteOpen(false)} />
        </Suspense>
      )}
    </>
  );
}

function SetPassphrase({ busy, error, onSubmit }: { busy: boolean; error: string | null; onSubmit: (request: SetUpRequest) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [backupPassphrase, setBackupPassphrase] = useState('');
  // A backup chosen and then moved, deleted or unreadable: said at the field, and nothing is set up.
  const [fileError, setFileError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFileError(null);
    if (!file) return onSubmit({ passphrase, confirmation });
    file.text().then(
      (fileText) => onSubmit({ passphrase, confirmation, restore: { fileText, passphrase: backupPassphrase } }),
      () => setFileError(w.backupUnreadable),
    );
  };
  const errors = [...(error ? [{ fieldId: 'lock-passphrase', message: error }] : []), ...(fileError ? [{ fieldId: 'first-run-backup', message: fileError }] : [])];
  return (
    <form onSubmit={submit} noValidate>
      <h1 className="nhsuk-heading-l">{w.setUpTitle}</h1>
      <p>{w.setUpLede}</p>
      <ErrorSummary title={w.problem} errors={errors} />
      <PassphraseInput id="lock-passphrase" label={w.newPassphrase} hint={w.newHint} error={error ?? undefined} value={passphrase} onChange={setPassphrase} autoComplete="new-password" />
      <PassphraseInput id="lock-confirmation" label={w.confirm} value={confirmation} onChange={setConfirmation} autoComplete="new-password" />
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">{w.rememberTitle}</h2>
        <p>{w.remember}</p>
      </div>
      <details className="nhsuk-details" open={fileError !== null || undefined}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">{w.restoreSummary}</span>
        </summary>
        <div className="nhsuk-details__text">
          <p>{w.restoreLede}</p>
          <FileUpload
            id="first-run-backup"
            label={copy.security.backup.file}
            hint={copy.security.backup.fileHint}
            error={fileError ?? undefined}
            accept=".ssbk,application/json"
            onChange={(chosen) => {
              setFile(chosen);
              setFileError(null);
            }}
          />
          <PassphraseInput id="first-run-backup-passphrase" label={copy.security.backup.restorePassphrase} value={backupPassphrase} onChange={setBackupPassphrase} autoComplete="current-password" />
        </div>
      </details>
      <button type="submit" className="nhsuk-button" aria-disabled={busy}>
        {busy ? w.settingUp : w.setUp}
      </button>
    </form>
  );
}

function Unlock({ busy, error, onSubmit }: { busy: boolean; error: string | null; onSubmit: (passphrase: string) => void }) {
  const [passphrase, setPassphrase] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!busy) onSubmit(passphrase);
  };
  return (
    <form onSubmit={submit} noValidate>
      <h1 className="nhsuk-heading-l">{w.unlockTitle}</h1>
      <p>{w.unlockLede}</p>
      <ErrorSummary title={w.problem} errors={error ? [{ fieldId: 'unlock-passphrase', message: error }] : []} />
      <PassphraseInput id="unlock-passphrase" label={w.passphrase} error={error ?? undefined} value={passphrase} onChange={setPassphrase} autoComplete="current-password" />
      <button type="submit" className="nhsuk-button" aria-disabled={busy}>
        {busy ? w.unlocking : w.unlock}
      </button>
      <p className="nhsuk-body-s">{w.forgotten}</p>
    </form>
  );
}
