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
import { startLock } from '../../../client/app/lockService.ts';
import { peekVault } from '../../../client/db/peekVault.ts';
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

/**
 * The gate over a real vault and database. `held`: the lock's working half loads only when the
 * test releases it (as a slow network would hold the chunk), so what happens before can be seen.
 */
function mount(name = `lock-${Math.random()}`, options: { held?: boolean } = {}) {
  names.push(name);
  const keyring = new Keyring();
  const db = new SupervisionDB(name, { keyring });
  const vault = createVault(db, { now: () => new Date('2026-11-22T10:00:00Z') });
  let release = () => undefined as void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const load = vi.fn(async () => {
    if (options.held) await released;
    return startLock({ db, keyring, vault, idleMinutes: 10 });
  });
  render(
    <LockGate load={load} peek={peekVault(name)}>
      {() => <Records />}
    </LockGate>,
  );
  return { name, keyring, db, load, release };
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

  it('on first use says so, and sets nothing up, when the chosen backup cannot be read', async () => {
    const user = userEvent.setup();
    const { db } = mount();
    await screen.findByRole('heading', { level: 1, name: 'Protect the records on this device' });
    await user.type(screen.getByLabelText('Passphrase'), 'four unrelated words here');
    await user.type(screen.getByLabelText('Type the passphrase again'), 'four unrelated words here');
    await user.click(screen.getByText('Restore records from an encrypted backup'));
    // A file chosen and then moved or deleted: reading it fails (the browser's NotReadableError).
    const gone = new File(['x'], 'records.ssbk', { type: 'application/json' });
    Object.defineProperty(gone, 'text', { value: () => Promise.reject(new DOMException('The file could not be read', 'NotReadableError')) });
    await user.upload(screen.getByLabelText('Backup file'), gone);
    await user.click(screen.getByRole('button', { name: 'Set the passphrase' }));
    const message = 'The backup file could not be read on this device. Choose it again. Nothing has been set up.';
    expect(await screen.findByRole('link', { name: message })).toHaveAttribute('href', '#first-run-backup');
    expect(screen.queryByText('Records on screen')).not.toBeInTheDocument();
    expect(await db.vault.count()).toBe(0);
    // Choosing again clears the message.
    await user.upload(screen.getByLabelText('Backup file'), new File(['{}'], 'other.ssbk', { type: 'application/json' }));
    expect(screen.queryByRole('link', { name: message })).not.toBeInTheDocument();
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

  it('shows the form before the lock has loaded, keeps what was typed and focused, and hands on a passphrase given early', async () => {
    const user = userEvent.setup();
    const { db, load, release } = mount(undefined, { held: true });
    // No database yet: the first-use form, from the plain look at IndexedDB alone.
    const passphrase = await screen.findByLabelText('Passphrase');
    await waitFor(() => expect(load).toHaveBeenCalled());
    await user.type(passphrase, 'four unrelated words here');
    await user.type(screen.getByLabelText('Type the passphrase again'), 'four unrelated words here');
    await user.click(screen.getByRole('button', { name: 'Set the passphrase' }));
    // Held until the lock has loaded: the button says it is working, nothing is set up yet.
    expect(screen.getByRole('button', { name: 'Protecting the records…' })).toHaveAttribute('aria-disabled', 'true');
    expect(await db.vault.count()).toBe(0);
    expect(screen.getByLabelText('Passphrase')).toBe(passphrase);
    release();
    expect(await screen.findByText('Records on screen', {}, { timeout: 5000 })).toBeInTheDocument();
    expect(await db.vault.count()).toBe(1);
  });

  it('text typed before the lock loads is still there, in the same field with the focus, after it loads', async () => {
    const user = userEvent.setup();
    const name = `lock-${Math.random()}`;
    names.push(name);
    await createVault(new SupervisionDB(name), { now: () => new Date() }).create('four unrelated words here', 'four unrelated words here');
    const { release } = mount(name, { held: true });
    // The device has a passphrase: the unlock form, before the vault code has loaded.
    expect(await screen.findByRole('heading', { level: 1, name: 'Unlock' })).toBeInTheDocument();
    const field = screen.getByLabelText('Passphrase');
    await user.type(field, 'four unrelated');
    release();
    await waitFor(() => expect(screen.getByRole('button', { name: 'Unlock' })).toBeInTheDocument());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(screen.getByLabelText('Passphrase')).toBe(field);
    expect(field).toHaveValue('four unrelated');
    expect(field).toHaveFocus();
    await user.type(field, ' words here{Enter}');
    expect(await screen.findByText('Records on screen', {}, { timeout: 5000 })).toBeInTheDocument();
  });

  it('says so, and changes nothing, when the lock cannot be loaded', async () => {
    const name = `lock-${Math.random()}`;
    names.push(name);
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <LockGate load={() => Promise.reject(new Error('Failed to fetch dynamically imported module'))} peek={peekVault(name)}>
        {() => <Records />}
      </LockGate>,
    );
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'The app could not be opened' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('Failed to fetch dynamically imported module');
    expect(await Dexie.exists(name)).toBe(false);
  });

  it('shows the form the hint names before the database has answered, and keeps the hint with what the lock found', async () => {
    const user = userEvent.setup();
    const name = `lock-${Math.random()}`;
    names.push(name);
    await createVault(new SupervisionDB(name), { now: () => new Date() }).create('four unrelated words here', 'four unrelated words here');
    const keyring = new Keyring();
    const db = new SupervisionDB(name, { keyring });
    const vault = createVault(db, { now: () => new Date() });
    let answer = (_: 'none' | 'set' | 'unknown') => undefined as void;
    const peek = new Promise<'none' | 'set' | 'unknown'>((resolve) => {
      answer = resolve;
    });
    const onKnown = vi.fn();
    render(
      <LockGate load={async () => startLock({ db, keyring, vault, idleMinutes: 10 })} peek={peek} hint="none" onKnown={onKnown}>
        {() => <Records />}
      </LockGate>,
    );
    // No answer yet from the database: the hint's form, at once (this device lost its hint: 'none').
    expect(screen.getByRole('heading', { level: 1, name: 'Protect the records on this device' })).toBeInTheDocument();
    answer('set');
    // The look at the database corrects it; the lock, once loaded, agrees and the hint is kept.
    expect(await screen.findByRole('heading', { level: 1, name: 'Unlock' })).toBeInTheDocument();
    await waitFor(() => expect(onKnown).toHaveBeenCalledWith('set'));
    expect(onKnown).not.toHaveBeenCalledWith('none');
    await user.type(screen.getByLabelText('Passphrase'), 'four unrelated words here{Enter}');
    expect(await screen.findByText('Records on screen', {}, { timeout: 5000 })).toBeInTheDocument();
  });
});
