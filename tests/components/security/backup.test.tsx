// The backup section on the Security screen while its work runs: "Making the backup…" or
// "Restoring…" is shown in a status region, the buttons say they are unavailable (and a second
// click starts nothing), and a failure is shown in the error summary, never swallowed. The backup
// service is replaced by one the test settles by hand there; the last test runs the real one
// under jsdom (compression streams are Node's globals here) from one device to another.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Backup, BackupContents, RestoreReport } from '../../../client/db/backup.ts';
import { BackupSection } from '../../../client/features/security/BackupSection.tsx';
import { addSupervisee, createHarness, renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('backup-section');
const objectUrls = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
afterEach(() => {
  vi.restoreAllMocks();
  Object.assign(URL, objectUrls);
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const contents: BackupContents = { createdAt: '2026-11-22T10:00:00.000Z', tables: {} as BackupContents['tables'] };

function withBackup(backup: Partial<Backup>) {
  const h = harness();
  const services = { ...h.services, backup: { ...h.services.backup, ...backup } };
  return renderApp({ ...h, services }, '#/security', <BackupSection />);
}

describe('backup section while it works', () => {
  it('says the backup is being made, refuses a second click, then says it was downloaded', async () => {
    const user = userEvent.setup();
    const made = deferred<Awaited<ReturnType<Backup['export']>>>();
    const exportBackup = vi.fn(() => made.promise);
    // jsdom has neither object URLs nor downloads: the file handed over is checked instead.
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:backup'), revokeObjectURL: () => undefined });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    withBackup({ export: exportBackup });
    await user.type(screen.getByLabelText('Passphrase for the backup'), 'backup passphrase');
    await user.type(screen.getByLabelText('Type the backup’s passphrase again'), 'backup passphrase');
    const button = screen.getByRole('button', { name: 'Download an encrypted backup' });
    await user.click(button);
    expect(screen.getByRole('status')).toHaveTextContent('Making the backup…');
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('button', { name: 'Restore' })).toHaveAttribute('aria-disabled', 'true');
    await user.click(button);
    expect(exportBackup).toHaveBeenCalledTimes(1);

    expect(clicked).not.toHaveBeenCalled();

    made.resolve({ ok: true, value: '{"format":"safeguarding-supervision/backup"}', notIncluded: [] });
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('The encrypted backup has been downloaded.'));
    expect(button).toHaveAttribute('aria-disabled', 'false');
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(await blobs[0]?.text()).toBe('{"format":"safeguarding-supervision/backup"}');
  });

  it('says it is restoring, then shows what was restored; a failure is shown, not swallowed', async () => {
    const user = userEvent.setup();
    const restored = deferred<RestoreReport>();
    const restore = vi.fn(() => restored.promise);
    withBackup({ open: vi.fn(async () => ({ ok: true as const, value: contents })), restore });
    const file = new File(['{}'], 'supervision-backup-2026-11-22.ssbk', { type: 'application/json' });
    await user.upload(screen.getByLabelText('Backup file'), file);
    await user.type(screen.getByLabelText('The backup’s passphrase', { exact: true }), 'backup passphrase');
    const button = screen.getByRole('button', { name: 'Restore' });
    await user.click(button);
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('Restoring…'));
    expect(button).toHaveAttribute('aria-disabled', 'true');
    restored.resolve({ added: 12, identical: 3, keptAsCopy: 2, refused: 1 });
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('The backup has been restored.'));
    // The four counts, each said with what it means.
    expect(within(screen.getByRole('status')).getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      '12 added (not on this device before)',
      '3 identical (already on this device)',
      '2 kept as a copy (a record that differs from the one on this device: both are kept; the copy is in the supervisee’s history)',
      '1 refused (differs from this device’s version, which is kept: a person’s details, a setting or a key)',
    ]);

    restore.mockImplementationOnce(() => Promise.reject(new Error('The device has run out of storage space.')));
    await user.click(button);
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('The device has run out of storage space.'));
    expect(screen.getByRole('status')).not.toHaveTextContent('Restoring…');
    expect(button).toHaveAttribute('aria-disabled', 'false');
  });

  it('makes a real backup on one device and restores it on another through the screen', { timeout: 60_000 }, async () => {
    const user = userEvent.setup();
    const blobs: Blob[] = [];
    Object.assign(URL, { createObjectURL: (blob: Blob) => (blobs.push(blob), 'blob:backup'), revokeObjectURL: () => undefined });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const h = harness();
    await addSupervisee(h);
    const first = renderApp(h, '#/security', <BackupSection />);
    await user.type(screen.getByLabelText('Passphrase for the backup'), 'backup passphrase');
    await user.type(screen.getByLabelText('Type the backup’s passphrase again'), 'backup passphrase');
    await user.click(screen.getByRole('button', { name: 'Download an encrypted backup' }));
    await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('The encrypted backup has been downloaded.'), { timeout: 30_000 });
    const text = await blobs[0]!.text();
    expect(JSON.parse(text)).toMatchObject({ format: 'safeguarding-supervision/backup', version: 3 });
    first.unmount();

    const other = createHarness('backup-section-other');
    try {
      renderApp(other, '#/security', <BackupSection />);
      await user.upload(screen.getByLabelText('Backup file'), new File([text], 'supervision-backup.ssbk', { type: 'application/json' }));
      await user.type(screen.getByLabelText('The backup’s passphrase', { exact: true }), 'backup passphrase');
      await user.click(screen.getByRole('button', { name: 'Restore' }));
      await waitFor(() => expect(screen.getByRole('status')).toHaveTextContent('1 added (not on this device before)'), { timeout: 30_000 });
      expect((await other.repositories.people.list()).map((p) => p.name)).toEqual((await h.repositories.people.list()).map((p) => p.name));
    } finally {
      await other.close();
    }
  });
});

