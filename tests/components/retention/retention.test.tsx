/**
 * Retention and backup reminders on screen, over the sealed database: the review screen (keep for
 * longer with a reason; destroy only after the copy is downloaded and the destruction confirmed),
 * the dashboard's flag, "Mark as left" and its undo, the backup reminder on the start page (shown,
 * then gone after a backup), and the reminder settings (bad input changes nothing).
 */
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { addSupervisee, renderApp, signEarlierSession, useHarness } from '../session/harness.tsx';

const harness = useHarness('retention-screens');
const objectUrls = { createObjectURL: URL.createObjectURL, revokeObjectURL: URL.revokeObjectURL };
let downloads: { name: string; blob: Blob }[] = [];
beforeEach(() => {
  downloads = [];
  let last: Blob | null = null;
  Object.assign(URL, { createObjectURL: (blob: Blob) => ((last = blob), 'blob:x'), revokeObjectURL: () => undefined });
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (this.download && last) downloads.push({ name: this.download, blob: last });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  Object.assign(URL, objectUrls);
});

/** Val, with a record signed on 1 November 2026, who left on 30 June 2019 by the clock's account. */
async function leftLongAgo() {
  const h = harness();
  const personId = await addSupervisee(h);
  await signEarlierSession(h, personId);
  const retention = await h.repositories.retention();
  const left = await retention.departures.markLeft(personId, '2019-06-30');
  if (!left.ok) throw new Error(left.message);
  return { h, personId };
}

describe('the retention review', () => {
  it('is flagged on the dashboard and lists the record with whose it is', async () => {
    const { h } = await leftLongAgo();
    renderApp(h, '#/dashboard');
    const flag = await screen.findByRole('link', { name: '1 record is past its retention period — review' });
    expect(flag).toHaveAttribute('href', '#/retention');
  });

  it('keeps a record for longer only with a reason and a later review date', async () => {
    const user = userEvent.setup();
    const { h } = await leftLongAgo();
    renderApp(h, '#/retention');
    await screen.findByRole('table', { name: 'Records past their retention period' });
    await user.click(screen.getByRole('button', { name: 'Keep the chosen records for longer' }));
    expect(await screen.findByRole('link', { name: 'Choose at least one record' })).toBeInTheDocument();
    await user.click(screen.getByRole('checkbox', { name: 'Supervision record of 1 November 2026, Val Visitor' }));
    await user.click(screen.getByRole('button', { name: 'Keep the chosen records for longer' }));
    expect(await screen.findByRole('link', { name: 'Say why the record is kept for longer' })).toBeInTheDocument();
    await user.type(screen.getByLabelText('Why keep them for longer'), 'Complaint under investigation');
    await user.type(screen.getByLabelText('Review again on'), '2027-06-01');
    await user.click(screen.getByRole('button', { name: 'Keep the chosen records for longer' }));
    expect(await screen.findByText('1 record is kept for longer.')).toBeInTheDocument();
    expect(await screen.findByText('No record on this device is past its retention period.')).toBeInTheDocument();
    expect(await (await h.repositories.retention()).review.dueCount()).toBe(0);
  });

  it('destroys only after the copy is downloaded and the destruction confirmed, then logs it on Security', async () => {
    const user = userEvent.setup();
    const { h } = await leftLongAgo();
    const view = renderApp(h, '#/retention');
    await screen.findByRole('table', { name: 'Records past their retention period' });
    await user.click(screen.getByRole('checkbox', { name: 'Supervision record of 1 November 2026, Val Visitor' }));
    await user.click(screen.getByRole('button', { name: 'Destroy the chosen records' }));
    expect(await screen.findByRole('link', { name: 'Download a copy of the chosen records first' })).toBeInTheDocument();
    expect(await h.db.sessions.count()).toBe(1);

    await user.click(screen.getByRole('button', { name: 'Download a copy of the chosen records' }));
    await screen.findByText('Copy downloaded. Check it opens before you destroy the records.');
    expect(downloads).toHaveLength(1);
    expect(downloads[0]?.name).toMatch(/^records-before-destruction-\d{4}-\d{2}-\d{2}\.html$/);
    expect(await downloads[0]?.blob.text()).toContain('Val Visitor');
    await user.click(screen.getByRole('button', { name: 'Destroy the chosen records' }));
    expect(await screen.findByRole('link', { name: 'Confirm that you want the records destroyed' })).toBeInTheDocument();
    expect(await h.db.sessions.count()).toBe(1);

    await user.click(screen.getByRole('checkbox', { name: 'I have downloaded and checked the copy, and want this record destroyed from this device' }));
    await user.click(screen.getByRole('button', { name: 'Destroy the chosen records' }));
    expect(await screen.findByText('1 record destroyed from this device.')).toBeInTheDocument();
    expect(await h.db.sessions.count()).toBe(0);
    expect(await h.db.actions.count()).toBe(0);
    view.unmount();

    renderApp(h, '#/security');
    const log = await screen.findByRole('region', { name: 'Destruction log' });
    expect(await within(log).findByText(/1 × supervision record/)).toHaveTextContent('Records dated 1 November 2026.');
    expect(log).not.toHaveTextContent('Val Visitor');
  });

  it('shows the periods as the product’s defaults and refuses a period that is not whole years', async () => {
    const user = userEvent.setup();
    const h = harness();
    renderApp(h, '#/retention');
    expect(await screen.findByText(/None of the five supervision policies this product follows sets how long/)).toBeInTheDocument();
    const years = await screen.findByLabelText('Supervision records: years kept');
    expect(years).toHaveValue('6');
    await user.clear(years);
    await user.type(years, '0');
    await user.click(screen.getByRole('button', { name: 'Save the periods' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter each period as a whole number of years from 1 to 100');
    expect(await (await h.repositories.retention()).settings.retention()).toBeNull();
    await user.clear(years);
    await user.type(years, '8');
    await user.click(screen.getByRole('button', { name: 'Save the periods' }));
    expect(await screen.findByText('Retention periods saved.')).toBeInTheDocument();
    expect((await (await h.repositories.retention()).settings.years()).session).toBe(8);
  });
});

describe('leaving supervision', () => {
  it('takes a supervisee off the start page’s list and back again', async () => {
    const user = userEvent.setup();
    const h = harness();
    const personId = await addSupervisee(h);
    const view = renderApp(h, `#/history/${personId}`);
    await user.clear(await screen.findByLabelText('Date they left'));
    await user.type(screen.getByLabelText('Date they left'), '2026-11-01');
    await user.click(screen.getByRole('button', { name: 'Mark as left' }));
    expect(await screen.findByText('Left on 1 November 2026. Their records are kept for their retention period, counted from that date.')).toBeInTheDocument();
    view.unmount();

    const home = renderApp(h, '#/');
    expect(await screen.findByRole('heading', { name: 'Supervisees who have left' })).toBeInTheDocument();
    expect(screen.getByText(/^No supervisees yet/)).toBeInTheDocument();
    home.unmount();

    renderApp(h, `#/history/${personId}`);
    await user.click(await screen.findByRole('button', { name: 'Undo: they are supervised again' }));
    expect(await screen.findByRole('button', { name: 'Mark as left' })).toBeInTheDocument();
    expect(await (await h.repositories.retention()).departures.left()).toEqual([]);
  });
});

describe('backup reminders', () => {
  it('reminds on the start page until a backup is made, and says when it was', async () => {
    const user = userEvent.setup();
    const h = harness();
    const personId = await addSupervisee(h);
    await signEarlierSession(h, personId);
    const home = renderApp(h, '#/');
    expect(await screen.findByText('No backup made on this device yet')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: /Time to make a backup/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Make a backup now' })).toHaveAttribute('href', '#/security');
    home.unmount();

    const security = renderApp(h, '#/security');
    await user.type(await screen.findByLabelText('Passphrase for the backup'), 'backup passphrase');
    await user.type(screen.getByLabelText('Type the backup’s passphrase again'), 'backup passphrase');
    await user.click(screen.getByRole('button', { name: 'Download an encrypted backup' }));
    await screen.findByText('The encrypted backup has been downloaded.', undefined, { timeout: 10_000 });
    expect(await screen.findAllByText('Last backup: 22 November 2026')).not.toHaveLength(0);
    security.unmount();

    renderApp(h, '#/');
    expect(await screen.findByText('Last backup: 22 November 2026')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: /Time to make a backup/ })).toBeNull();
  });

  it('keeps the reminder settings as they were when a value is not a whole number in range', async () => {
    const user = userEvent.setup();
    const h = harness();
    renderApp(h, '#/security');
    const days = await screen.findByLabelText('Remind me after this many days');
    expect(days).toHaveValue('30');
    expect(screen.getByLabelText('Or after this many signed records')).toHaveValue('5');
    await user.clear(days);
    await user.type(days, 'soon');
    await user.click(screen.getByRole('button', { name: 'Save reminder settings' }));
    expect(await screen.findByText('Enter a whole number')).toBeInTheDocument();
    await user.clear(days);
    await user.type(days, '400');
    await user.click(screen.getByRole('button', { name: 'Save reminder settings' }));
    expect(await screen.findByText('At most 365 days')).toBeInTheDocument();
    expect(await (await h.repositories.retention()).settings.reminder()).toEqual({ version: 1, days: 30, signedRecords: 5 });
    await user.clear(days);
    await user.type(days, '14');
    await user.click(screen.getByRole('button', { name: 'Save reminder settings' }));
    expect(await screen.findByText('Reminder settings saved.')).toBeInTheDocument();
    expect(await (await h.repositories.retention()).settings.reminder()).toEqual({ version: 1, days: 14, signedRecords: 5 });
  });
});
