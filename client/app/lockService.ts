/**
 * The app lock's working half, loaded while the lock screen is already up (client/main.tsx):
 * the lock machine, run with the vault's actors over the sealed database. The screen
 * (LockGate.tsx) shows the passphrase form before this has loaded and hands it what was typed.
 */
import { createActor, fromPromise } from 'xstate';
import { DEFAULT_IDLE_MINUTES, lockMachine, type LockEvent, type RestoreRequest, type SetUpRequest, type VaultOutcome, type VaultState } from '../../machines/lock/lock.machine.ts';
import { Keyring } from '../db/atRest.ts';
import { createVault, sealExistingRows, type Vault } from '../db/vault.ts';
import { SupervisionDB } from '../db/db.ts';
import { openChecked, setFlushBeforeClosing } from '../db/databaseFaults.ts';
import { anySaveFailing, whenAllSaved } from '../live/saver.ts';

/** The lock machine's state names (the screen shows one form or message for each). */
export type LockStateValue = 'checking' | 'firstRun' | 'settingUp' | 'locked' | 'unlocking' | 'damaged' | 'unlocked' | 'lockedOut';
export type LockView = { value: LockStateValue; error: string | null };

/** What the lock screen needs from the running lock: its state, and a way to send it events. */
export interface LockService {
  db: SupervisionDB;
  keyring: Keyring;
  view(): LockView;
  subscribe(listener: () => void): () => void;
  send(event: LockEvent): void;
}

/** The backup chosen on first use, opened (the backup code loads only when one is chosen). */
async function openBackup(db: SupervisionDB, keyring: Keyring, request: RestoreRequest): Promise<{ ok: true; restore: () => Promise<unknown> } | { ok: false; message: string }> {
  const { createBackup } = await import('../db/backup.ts');
  const backup = createBackup(db, { now: () => new Date(), keyring });
  const opened = await backup.open(request.fileText, request.passphrase);
  return opened.ok ? { ok: true, restore: () => backup.restore(opened.value) } : { ok: false, message: opened.message };
}

const lockStates: readonly LockStateValue[] = ['checking', 'firstRun', 'settingUp', 'locked', 'unlocking', 'damaged', 'unlocked', 'lockedOut'];
function isLockState(value: unknown): value is LockStateValue {
  return typeof value === 'string' && (lockStates as readonly string[]).includes(value);
}

/** Starts the lock over this device's database and vault (it checks the vault at once). */
export function startLock(options: { db: SupervisionDB; keyring: Keyring; vault: Vault; idleMinutes: number }): LockService {
  const { db, keyring, vault } = options;
  const actor = createActor(
    lockMachine.provide({
      actors: {
        // Opened first, checked: a newer database or a failed upgrade is reported, not used.
        checkVault: fromPromise<VaultState>(async () => {
          await openChecked(db);
          return vault.state();
        }),
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
    { input: { idleMinutes: options.idleMinutes } },
  );
  // One view object per machine state, so React sees a change only when there is one.
  let view: LockView = { value: 'checking', error: null };
  const listeners = new Set<() => void>();
  const show = (next: LockView) => {
    if (next.value === view.value && next.error === view.error) return;
    view = next;
    for (const listener of listeners) listener();
  };
  actor.subscribe({
    next: (snapshot) => show({ value: isLockState(snapshot.value) ? snapshot.value : 'damaged', error: snapshot.context.error }),
    // The machine itself failing: the vault cannot be trusted to open, so the screen says so.
    error: (error) => show({ value: 'damaged', error: error instanceof Error ? error.message : String(error) }),
  });
  actor.start();
  return {
    db,
    keyring,
    view: () => view,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    send: (event) => actor.send(event),
  };
}

/**
 * This device's lock: the keyring (every record is sealed at rest with the key it holds while
 * the app is unlocked), the sealed database and its vault.
 */
export function openDeviceLock(idleMinutes: number = DEFAULT_IDLE_MINUTES): LockService {
  const keyring = new Keyring();
  const db = new SupervisionDB(undefined, { keyring });
  // Another tab upgrading the database: every live document's waiting save is written first.
  setFlushBeforeClosing(async () => {
    await whenAllSaved();
    return { saved: !anySaveFailing() };
  });
  return startLock({ db, keyring, vault: createVault(db, { now: () => new Date() }), idleMinutes });
}
