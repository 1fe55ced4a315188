/**
 * The app lock. On opening, the device either has no passphrase yet (first run: set one), has one
 * (locked: unlock), or its vault is damaged. Unlocked, it locks again after a period with no
 * activity, or at once when someone presses "Lock now" (the quick hide). Locking is final for
 * the page: the screen then forgets the key and reloads, so nothing read stays in memory.
 *
 * Pure: the vault work (deriving keys, unwrapping) is done by actors the screen provides; the
 * machine never holds a passphrase or a key after handing it on, and never a key at all.
 */
import { assign, fromPromise, setup } from 'xstate';

export type VaultState = 'none' | 'set' | 'damaged';
export type VaultOutcome = { ok: true } | { ok: false; message: string };

export type LockInput = {
  /** Minutes without activity before the app locks itself. */
  idleMinutes: number;
};

export type LockContext = { idleMinutes: number; error: string | null; lockedBy: 'idle' | 'user' | null };

/** A backup to restore on first use, read by the screen: its text and its own passphrase. */
export type RestoreRequest = { fileText: string; passphrase: string };
export type SetUpRequest = { passphrase: string; confirmation: string; restore?: RestoreRequest };

export type LockEvent =
  | ({ type: 'setUp' } & SetUpRequest)
  | { type: 'unlock'; passphrase: string }
  | { type: 'activity' }
  | { type: 'lock' };

/** NHS devices commonly lock after 10 minutes; a shared device should not show records longer. */
export const DEFAULT_IDLE_MINUTES = 10;

export const lockMachine = setup({
  types: { context: {} as LockContext, events: {} as LockEvent, input: {} as LockInput },
  actors: {
    // Provided by the screen: these stand-ins refuse, so a machine without them can never unlock.
    checkVault: fromPromise<VaultState>(async () => 'damaged'),
    createVault: fromPromise<VaultOutcome, SetUpRequest>(async () => ({ ok: false, message: 'No vault' })),
    unlockVault: fromPromise<VaultOutcome, { passphrase: string }>(async () => ({ ok: false, message: 'No vault' })),
  },
  delays: {
    idle: ({ context }) => context.idleMinutes * 60_000,
  },
  actions: {
    clearError: assign({ error: null }),
  },
}).createMachine({
  id: 'lock',
  context: ({ input }) => ({ idleMinutes: input.idleMinutes > 0 ? input.idleMinutes : DEFAULT_IDLE_MINUTES, error: null, lockedBy: null }),
  initial: 'checking',
  states: {
    checking: {
      invoke: {
        src: 'checkVault',
        onDone: [
          { guard: ({ event }) => event.output === 'none', target: 'firstRun' },
          { guard: ({ event }) => event.output === 'set', target: 'locked' },
          { target: 'damaged' },
        ],
        onError: { target: 'damaged', actions: assign({ error: ({ event }) => String(event.error) }) },
      },
    },
    firstRun: {
      on: { setUp: 'settingUp' },
    },
    settingUp: {
      entry: 'clearError',
      invoke: {
        src: 'createVault',
        input: ({ event }): SetUpRequest =>
          event.type === 'setUp'
            ? { passphrase: event.passphrase, confirmation: event.confirmation, ...(event.restore ? { restore: event.restore } : {}) }
            : { passphrase: '', confirmation: '' },
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'unlocked' },
          { target: 'firstRun', actions: assign({ error: ({ event }) => (event.output.ok ? null : event.output.message) }) },
        ],
        onError: { target: 'firstRun', actions: assign({ error: ({ event }) => (event.error instanceof Error ? event.error.message : String(event.error)) }) },
      },
    },
    locked: {
      on: { unlock: 'unlocking' },
    },
    unlocking: {
      entry: 'clearError',
      invoke: {
        src: 'unlockVault',
        input: ({ event }) => ({ passphrase: event.type === 'unlock' ? event.passphrase : '' }),
        onDone: [
          { guard: ({ event }) => event.output.ok, target: 'unlocked' },
          { target: 'locked', actions: assign({ error: ({ event }) => (event.output.ok ? null : event.output.message) }) },
        ],
        onError: { target: 'locked', actions: assign({ error: ({ event }) => (event.error instanceof Error ? event.error.message : String(event.error)) }) },
      },
    },
    damaged: {},
    unlocked: {
      after: { idle: { target: 'lockedOut', actions: assign({ lockedBy: 'idle' }) } },
      on: {
        // Any activity starts the idle clock again.
        activity: { target: 'unlocked', reenter: true },
        lock: { target: 'lockedOut', actions: assign({ lockedBy: 'user' }) },
      },
    },
    lockedOut: { type: 'final' },
  },
});

export type LockMachine = typeof lockMachine;
