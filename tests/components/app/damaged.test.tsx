// Damage stays local, on screen (issue 17, points 1 and 2): with one person's sealed row damaged
// (a flipped byte), the home page lists everyone else and shows one notice saying what could not
// be opened, in words; a backup made then says what it could not include; a copy restored from a
// backup is listed in the supervisee's history with its label and opens, labelled, beside the
// record on this device. The real app over the sealed database throughout.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SupervisionDB } from '../../../client/db/db.ts';
import { BackupSection } from '../../../client/features/security/BackupSection.tsx';
import { addSupervisee, createDerbySession, renderApp, useHarness, type Harness } from '../session/harness.tsx';
import { signSession } from '../../db/backup-devices.ts';

const harness = useHarness('damaged');
const objectUrls = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
afterEach(() => {
  vi.restoreAllMocks();
  Object.assign(URL, objectUrls);
});

async function flipByte(h: Harness, table: string, key: string): Promise<void> {
  const raw = new SupervisionDB(h.db.name);
  try {
    const row = (await raw.table(table).get(key)) as { sealed: { ct: Uint8Array } };
    row.sealed.ct[0]! ^= 0x01;
    await raw.table(table).put(row);
  } finally {
    raw.close();
  }
}

describe('a damaged row on screen', () => {
  it('the home page lists everyone else and shows one notice saying what could not be opened', async () => {
    const h = harness();
    await addSupervisee(h);
    const ash = await h.repositories.people.add({ name: 'Ash Able', role: 'School Nurse' });
    if (!ash.ok) throw new Error(ash.message);
    await flipByte(h, 'people', ash.value.id);
    renderApp(h, '#/');
    const notice = await screen.findByRole('region', { name: 'Some items on this device could not be opened' });
    expect(within(notice).getAllByRole('listitem').map((item) => item.textContent)).toEqual(['One person’s details could not be opened.']);
    expect(within(notice).getByRole('link', { name: 'Make a backup' })).toHaveAttribute('href', '#/security');
    const supervisees = screen.getByRole('heading', { name: /supervisees/i }).closest('section')!;
    await waitFor(() => expect(within(supervisees).getByText('Val Visitor')).toBeInTheDocument());
    expect(within(supervisees).queryByRole('alert')).toBeNull();
    expect(screen.getAllByRole('region', { name: 'Some items on this device could not be opened' })).toHaveLength(1);
  });

  it('a backup made then says what it could not include', { timeout: 60_000 }, async () => {
    const user = userEvent.setup();
    Object.assign(URL, { createObjectURL: () => 'blob:backup', revokeObjectURL: () => undefined });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const h = harness();
    await addSupervisee(h);
    const ash = await h.repositories.people.add({ name: 'Ash Able', role: 'School Nurse' });
    if (!ash.ok) throw new Error(ash.message);
    await flipByte(h, 'people', ash.value.id);
    renderApp(h, '#/security', <BackupSection />);
    await user.type(screen.getByLabelText('Passphrase for the backup'), 'backup passphrase');
    await user.type(screen.getByLabelText('Type the backup’s passphrase again'), 'backup passphrase');
    await user.click(screen.getByRole('button', { name: 'Download an encrypted backup' }));
    await waitFor(
      () =>
        expect(screen.getByRole('status')).toHaveTextContent(
          'The encrypted backup has been downloaded. 1 item could not be included: One person’s details. They could not be opened on this device and have been left as they are.',
        ),
      { timeout: 30_000 },
    );
  });

  it('a copy restored from a backup is listed with its label and opens labelled, linking to the record here', async () => {
    const h = harness();
    const personId = await addSupervisee(h);
    const sessionId = await createDerbySession(h, personId);
    await signSession(h.repositories, sessionId);
    const row = (await h.db.sessions.get(sessionId))!;
    await h.db.sessions.add({ ...row, id: 'copy-000001', status: 'copy', content: { ...row.content, restoredCopy: { of: sessionId, backupCreatedAt: '2026-12-04T09:00:00.000Z', restoredAt: '2026-12-05T09:00:00.000Z', status: 'signed' } } });
    const label = 'Copy from a backup of 4 December 2026 — differs from the record on this device';

    const history = renderApp(h, `#/history/${personId}`);
    const sessions = (await screen.findByRole('heading', { name: 'Sessions over time' })).closest('section')!;
    expect(await within(sessions).findByText(label)).toBeInTheDocument();
    expect(within(sessions).getByRole('link', { name: 'Open copy of 22 November 2026' })).toHaveAttribute('href', '#/record/copy-000001');
    history.unmount();

    renderApp(h, '#/record/copy-000001');
    expect(await screen.findByRole('heading', { level: 1, name: 'Copy restored from a backup' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: label })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Open the record on this device' })).toHaveAttribute('href', `#/record/${sessionId}`);
    // Never signed, sent or amended from here.
    expect(screen.queryByRole('heading', { name: 'Add an amendment' })).toBeNull();
    expect(screen.queryByRole('heading', { name: 'Send to the other party' })).toBeNull();
  });
});
