/**
 * The app lock's screens under jsdom with the real vault (PBKDF2, WebCrypto) and database:
 * first use refuses a short or mismatched passphrase by name and sets nothing; a good one opens
 * the app; "Lock now" takes the records off the screen at once and reloads; the locked screen
 * refuses a wrong passphrase and opens with the right one; the escalation route is there while
 * locked. Security changes the passphrase, refusing a wrong current one.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LockGate, useLock } from '../../../client/app/LockGate.tsx';
import { SupervisionDB } from '../../../client/db/db.ts';
import { Keyring } from '../../../client/db/atRest.ts';
import { createVault } from '../../../client/db/vault.ts';

const names: string[] = [];
afterEach(async () => {
  cleanup();
  for (const name of names.splice(0)) await Dexie.delete(name);
  vi.restoreAllMocks();
});

function Records() {
  const lock = useLock();
  return (
    <main>
      <p>Records on screen</p>
      <button type="button" onClick={lock?.lockNow}>
        Lock now
      </button>
    </main>
  );
}

function mount(name = `lock-${Math.random()}`) {
  names.push(name);
  const keyring = new Keyring();
  const db = new SupervisionDB(name, { keyring });
  const vault = createVault(db, { now: () => new Date('2026-11-22T10:00:00Z') });
  render(
    <LockGate db={db} keyring={keyring} vault={vault} idleMinutes={10}>
      <Records />
    </LockGate>,
  );
  return { name, keyring, db };
}

describe('the app lock', { timeout: 30_000 }, () => {
  it('on first use refuses a bad passphrase by name, then opens with a good one', async () => {
    const user = userEvent.setup();
    const { db } = mount();
    expect(await screen.findByRole('heading', { level: 1, name: 'Protect the records on this device' })).toBeInTheDocument();
    // The escalation route is there even before anything is unlocked.
    expect(screen.getByRole('button', { name: 'Escalate an immediate concern' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Passphrase'), 'short');
    await user.type(screen.getByLabelText('Type the passphrase again'), 'short');
    await user.click(screen.getByRole('button', { name: 'Set the passphrase' }));
    expect(await screen.findByRole('link', { name: 'Use a passphrase of at least 10 characters.' })).toBeInTheDocument();
    expect(await db.vault.count()).toBe(0);
    await user.clear(screen.getByLabelText('Passphrase'));
    await user.type(screen.getByLabelText('Passphrase'), 'four unrelated words here');
    await user.clear(screen.getByLabelText('Type the passphrase again'));
    await user.type(screen.getByLabelText('Type the passphrase again'), 'four unrelated words here');
    await user.click(screen.getByRole('button', { name: 'Set the passphrase' }));
    expect(await screen.findByText('Records on screen', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(await db.vault.count()).toBe(1);
  });

  it('"Lock now" takes the records off the screen at once, forgets the key and reloads', async () => {
    const user = userEvent.setup();
    const reload = vi.fn();
    vi.spyOn(window, 'location', 'get').mockReturnValue({ ...window.location, reload } as Location);
    const { keyring } = mount();
    await user.type(await screen.findByLabelText('Passphrase'), 'four unrelated words here');
    await user.type(screen.getByLabelText('Type the passphrase again'), 'four unrelated words here');
    await user.click(screen.getByRole('button', { name: 'Set the passphrase' }));
    await screen.findByText('Records on screen', {}, { timeout: 5000 });
    expect(keyring.unlocked).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Lock now' }));
    expect(screen.queryByText('Records on screen')).toBeNull();
    expect(screen.getByRole('status')).toHaveTextContent('Locked');
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(keyring.unlocked).toBe(false);
  });

  it('opens locked, refuses a wrong passphrase, opens with the right one', async () => {
    const user = userEvent.setup();
    const name = `lock-${Math.random()}`;
    names.push(name);
    const setUp = createVault(new SupervisionDB(name), { now: () => new Date() });
    expect((await setUp.create('four unrelated words here', 'four unrelated words here')).ok).toBe(true);
    mount(name);
    expect(await screen.findByRole('heading', { level: 1, name: 'Unlock' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Passphrase'), 'not the one at all');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    const problem = await screen.findByRole('alert', {}, { timeout: 5000 });
    expect(within(problem).getByRole('link', { name: 'That passphrase is not right. Try again.' })).toBeInTheDocument();
    await user.clear(screen.getByLabelText('Passphrase'));
    await user.type(screen.getByLabelText('Passphrase'), 'four unrelated words here');
    await user.click(screen.getByRole('button', { name: 'Unlock' }));
    expect(await screen.findByText('Records on screen', {}, { timeout: 5000 })).toBeInTheDocument();
  });
});
