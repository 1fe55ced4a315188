/**
 * The app lock machine, headless: first run, locked, damaged; setting up and unlocking through
 * the provided vault actors (refusals keep the message and stay put); the idle clock on a
 * SimulatedClock (activity restarts it; it locks at exactly the idle time); "Lock now"; and
 * every path (xstate/graph) reaches the unlocked state only through a vault that said yes.
 */
import { createActor, fromPromise, SimulatedClock, waitFor, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_MINUTES, lockMachine, type LockEvent, type VaultOutcome, type VaultState } from '../../machines/lock/lock.machine.ts';

const PASSPHRASE = 'four unrelated words here';

function machine(vault: VaultState, opts: { failWith?: string } = {}) {
  return lockMachine.provide({
    actors: {
      checkVault: fromPromise<VaultState>(async () => vault),
      createVault: fromPromise<VaultOutcome, { passphrase: string; confirmation: string }>(async ({ input }) =>
        input.passphrase.length >= 10 && input.passphrase === input.confirmation ? { ok: true } : { ok: false, message: 'Use a passphrase of at least 10 characters.' },
      ),
      unlockVault: fromPromise<VaultOutcome, { passphrase: string }>(async ({ input }) => {
        if (opts.failWith) throw new Error(opts.failWith);
        return input.passphrase === PASSPHRASE ? { ok: true } : { ok: false, message: 'That passphrase is not right. Try again.' };
      }),
    },
  });
}

async function settled(actor: ReturnType<typeof createActor<typeof lockMachine>>, value: string) {
  return waitFor(actor, (s) => s.value === value, { timeout: 1000 });
}

describe('the lock machine', () => {
  it('opens on first run, locked, or damaged, from what the vault says', async () => {
    for (const [vault, value] of [
      ['none', 'firstRun'],
      ['set', 'locked'],
      ['damaged', 'damaged'],
    ] as const) {
      const actor = createActor(machine(vault), { input: { idleMinutes: 10 } }).start();
      await settled(actor, value);
    }
  });

  it('without the app’s vault actors it can never unlock', async () => {
    const actor = createActor(lockMachine, { input: { idleMinutes: 10 } }).start();
    await settled(actor, 'damaged');
  });

  it('sets up, refusing a bad passphrase with its message and staying on first run', async () => {
    const actor = createActor(machine('none'), { input: { idleMinutes: 10 } }).start();
    await settled(actor, 'firstRun');
    actor.send({ type: 'setUp', passphrase: 'short', confirmation: 'short' });
    await waitFor(actor, (s) => s.value === 'firstRun' && s.context.error !== null);
    expect(actor.getSnapshot().context.error).toBe('Use a passphrase of at least 10 characters.');
    actor.send({ type: 'setUp', passphrase: PASSPHRASE, confirmation: PASSPHRASE });
    await settled(actor, 'unlocked');
    expect(actor.getSnapshot().context.error).toBeNull();
  });

  it('unlocks only with the right passphrase; a vault that fails is reported, not swallowed', async () => {
    const actor = createActor(machine('set'), { input: { idleMinutes: 10 } }).start();
    await settled(actor, 'locked');
    actor.send({ type: 'unlock', passphrase: 'wrong one' });
    await waitFor(actor, (s) => s.value === 'locked' && s.context.error !== null);
    expect(actor.getSnapshot().context.error).toBe('That passphrase is not right. Try again.');
    actor.send({ type: 'unlock', passphrase: PASSPHRASE });
    await settled(actor, 'unlocked');

    const failing = createActor(machine('set', { failWith: 'The browser refused' }), { input: { idleMinutes: 10 } }).start();
    await settled(failing, 'locked');
    failing.send({ type: 'unlock', passphrase: PASSPHRASE });
    await waitFor(failing, (s) => s.value === 'locked' && s.context.error !== null);
    expect(failing.getSnapshot().context.error).toBe('The browser refused');
  });

  it('locks after exactly the idle time; activity restarts the clock; "Lock now" locks at once', async () => {
    const clock = new SimulatedClock();
    const actor = createActor(machine('set'), { input: { idleMinutes: 10 }, clock }).start();
    await settled(actor, 'locked');
    actor.send({ type: 'unlock', passphrase: PASSPHRASE });
    await settled(actor, 'unlocked');
    clock.increment(9 * 60_000);
    actor.send({ type: 'activity' });
    clock.increment(9 * 60_000 + 59_999);
    expect(actor.getSnapshot().value).toBe('unlocked');
    clock.increment(1);
    expect(actor.getSnapshot()).toMatchObject({ value: 'lockedOut', status: 'done', context: { lockedBy: 'idle' } });

    const hide = createActor(machine('set'), { input: { idleMinutes: 10 }, clock: new SimulatedClock() }).start();
    await settled(hide, 'locked');
    hide.send({ type: 'unlock', passphrase: PASSPHRASE });
    await settled(hide, 'unlocked');
    hide.send({ type: 'lock' });
    expect(hide.getSnapshot()).toMatchObject({ value: 'lockedOut', context: { lockedBy: 'user' } });
  });

  it('an unusable idle time falls back to the default', () => {
    const actor = createActor(machine('set'), { input: { idleMinutes: 0 } }).start();
    expect(actor.getSnapshot().context.idleMinutes).toBe(DEFAULT_IDLE_MINUTES);
    actor.stop();
  });
});

// Every path: the vault actors are async, so the graph is walked over the synchronous shape of
// the machine, with their outcomes as events (xstate.done.actor.*).
type Snapshot = SnapshotFrom<typeof lockMachine>;
const graphEvents = [
  { type: 'xstate.done.actor.0.lock.checking', output: 'none' },
  { type: 'xstate.done.actor.0.lock.checking', output: 'set' },
  { type: 'xstate.done.actor.0.lock.checking', output: 'damaged' },
  { type: 'setUp', passphrase: PASSPHRASE, confirmation: PASSPHRASE },
  { type: 'xstate.done.actor.0.lock.settingUp', output: { ok: true } },
  { type: 'xstate.done.actor.0.lock.settingUp', output: { ok: false, message: 'no' } },
  { type: 'unlock', passphrase: PASSPHRASE },
  { type: 'xstate.done.actor.0.lock.unlocking', output: { ok: true } },
  { type: 'xstate.done.actor.0.lock.unlocking', output: { ok: false, message: 'no' } },
  { type: 'activity' },
  { type: 'lock' },
] as unknown as LockEvent[];

describe('the lock machine, every path', () => {
  const paths = getShortestPaths(lockMachine, {
    input: { idleMinutes: 10 },
    events: graphEvents,
    serializeState: (s: Snapshot) => JSON.stringify({ value: s.value, error: s.context.error, by: s.context.lockedBy }),
    stopWhen: (s: Snapshot) => s.status !== 'active',
  });

  it('reaches every state', () => {
    expect(new Set(paths.map((p) => p.state.value))).toEqual(new Set(['checking', 'firstRun', 'settingUp', 'locked', 'unlocking', 'damaged', 'unlocked', 'lockedOut']));
  });

  it('reaches unlocked only straight after a vault said yes', () => {
    for (const path of paths) {
      path.steps.forEach((step, i) => {
        if (step.state.value !== 'unlocked') return;
        const previous = path.steps[i - 1]?.state.value;
        if (previous === 'unlocked') return; // activity re-enters
        const event = step.event as unknown as { type: string; output?: VaultOutcome };
        expect(event.type).toMatch(/^xstate\.done\.actor\.0\.lock\.(settingUp|unlocking)$/);
        expect(event.output?.ok).toBe(true);
      });
    }
  });

  it('never reaches unlocked from damaged', () => {
    for (const path of paths) {
      const values = path.steps.map((s) => s.state.value);
      const damaged = values.indexOf('damaged');
      if (damaged >= 0) expect(values.slice(damaged)).not.toContain('unlocked');
    }
  });
});
