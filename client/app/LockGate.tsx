/**
 * The app lock in front of everything: on first use a passphrase is set (records are then sealed
 * at rest); afterwards the app opens locked. Unlocked, any activity keeps it open; after the
 * idle time, or at once with "Lock now", the screen empties, the last saves are written, the key
 * is forgotten and the page reloads, so nothing that was read stays in memory.
 *
 * The route to escalate an immediate risk to a child is on the lock screen too.
 */
import { Suspense, createContext, lazy, useContext, useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useActorRef, useSelector } from '@xstate/react';
import { fromPromise } from 'xstate';
import { lockMachine, type RestoreRequest, type SetUpRequest, type VaultOutcome, type VaultState } from '../../machines/lock/lock.machine.ts';
import type { Keyring } from '../db/atRest.ts';
import { sealExistingRows, type Vault } from '../db/vault.ts';
import type { SupervisionDB } from '../db/db.ts';
import { whenAllSaved } from '../features/session/saver.ts';
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

/** The backup chosen on first use, opened (the backup code loads only when one is chosen). */
async function openBackup(db: SupervisionDB, keyring: Keyring, request: RestoreRequest): Promise<{ ok: true; restore: () => Promise<unknown> } | { ok: false; message: string }> {
  const { createBackup } = await import('../db/backup.ts');
  const backup = createBackup(db, { now: () => new Date(), keyring });
  const opened = await backup.open(request.fileText, request.passphrase);
  return opened.ok ? { ok: true, restore: () => backup.restore(opened.value) } : { ok: false, message: opened.message };
}

/** How long the last saves may take before the page reloads regardless. */
const SAVE_WAIT_MS = 3000;

/**
 * `onAsking`: called when the passphrase is asked for (`soon`: the app can load while it is
 * typed) and when it has been given (`now`: the app is about to be needed).
 */
export function LockGate(props: {
  db: SupervisionDB;
  keyring: Keyring;
  vault: Vault;
  idleMinutes: number;
  onAsking?: (when: 'soon' | 'now') => void;
  children: ReactNode;
}) {
  const { db, keyring, vault } = props;
  const actor = useActorRef(
    lockMachine.provide({
      actors: {
        checkVault: fromPromise<VaultState>(() => vault.state()),
        createVault: fromPromise<VaultOutcome, SetUpRequest>(async ({ input }) => {
          // A backup to restore is opened and checked first: if it cannot be, nothing is set up.
          const backup = input.restore ? await openBackup(db, keyring, input.restore) : null;
          if (backup && !backup.ok) return backup;
          const created = await vault.create(input.passphrase, input.confirmation);
          if (!created.ok) return created;
          keyring.unlock(created.value);
          created.value.fill(0);
          await sealExistingRows(db, keyring);
          if (backup?.ok) await backup.restore();
          return { ok: true };
        }),
        unlockVault: fromPromise<VaultOutcome, { passphrase: string }>(async ({ input }) => {
          const opened = await vault.unlock(input.passphrase);
          if (!opened.ok) return opened;
          keyring.unlock(opened.value);
          opened.value.fill(0);
          return { ok: true };
        }),
      },
    }),
    { input: { idleMinutes: props.idleMinutes } },
  );
  const state = useSelector(actor, (s) => s.value);
  const error = useSelector(actor, (s) => s.context.error);

  const { onAsking } = props;
  useEffect(() => {
    if (state === 'firstRun' || state === 'locked') onAsking?.('soon');
    if (state === 'settingUp' || state === 'unlocking') onAsking?.('now');
  }, [state, onAsking]);

  // Any use of the app keeps it unlocked (at most one event a second).
  useEffect(() => {
    if (state !== 'unlocked') return;
    let last = 0;
    const active = () => {
      const at = Date.now();
      if (at - last < 1000) return;
      last = at;
      actor.send({ type: 'activity' });
    };
    const events = ['pointerdown', 'keydown', 'input', 'wheel', 'touchstart'] as const;
    for (const name of events) document.addEventListener(name, active, { passive: true, capture: true });
    return () => {
      for (const name of events) document.removeEventListener(name, active, { capture: true });
    };
  }, [actor, state]);

  // Locked out: the records are off the screen at once; then the saves finish, the key goes, the page reloads.
  useEffect(() => {
    if (state !== 'lockedOut') return;
    void Promise.race([whenAllSaved(), new Promise((resolve) => setTimeout(resolve, SAVE_WAIT_MS))]).finally(() => {
      keyring.lock();
      window.location.reload();
    });
  }, [state, keyring]);

  const lock = useMemo(() => ({ lockNow: () => actor.send({ type: 'lock' }) }), [actor]);

  if (state === 'unlocked') return <LockContext.Provider value={lock}>{props.children}</LockContext.Provider>;
  return (
    <LockFrame>
      {state === 'checking' && <p role="status">{w.opening}</p>}
      {(state === 'firstRun' || state === 'settingUp') && (
        <SetPassphrase busy={state === 'settingUp'} error={error} onSubmit={(request) => actor.send({ type: 'setUp', ...request })} />
      )}
      {(state === 'locked' || state === 'unlocking') && <Unlock busy={state === 'unlocking'} error={error} onSubmit={(passphrase) => actor.send({ type: 'unlock', passphrase })} />}
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
      <header className="nhsuk-header app-header" role="banner">
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
          <EscalationDialog open raisedDuring="Outside a session" recordable={false} onRecord={() => setRouteOpen(false)} onCancel={() => setRouteOpen(false)} />
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
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    if (!file) return onSubmit({ passphrase, confirmation });
    void file.text().then((fileText) => onSubmit({ passphrase, confirmation, restore: { fileText, passphrase: backupPassphrase } }));
  };
  return (
    <form onSubmit={submit} noValidate>
      <h1 className="nhsuk-heading-l">{w.setUpTitle}</h1>
      <p>{w.setUpLede}</p>
      <ErrorSummary title={w.problem} errors={error ? [{ fieldId: 'lock-passphrase', message: error }] : []} />
      <PassphraseInput id="lock-passphrase" label={w.newPassphrase} hint={w.newHint} error={error ?? undefined} value={passphrase} onChange={setPassphrase} autoComplete="new-password" />
      <PassphraseInput id="lock-confirmation" label={w.confirm} value={confirmation} onChange={setConfirmation} autoComplete="new-password" />
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">{w.rememberTitle}</h2>
        <p>{w.remember}</p>
      </div>
      <details className="nhsuk-details">
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">{w.restoreSummary}</span>
        </summary>
        <div className="nhsuk-details__text">
          <p>{w.restoreLede}</p>
          <FileUpload id="first-run-backup" label={copy.security.backup.file} hint={copy.security.backup.fileHint} accept=".ssbk,application/json" onChange={setFile} />
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
