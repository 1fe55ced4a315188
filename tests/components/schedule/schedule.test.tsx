// The schedule screen (#/schedule/<personId>): choose a frequency and see the status; book,
// cancel with a reason, rebook, and download a calendar file.
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { addSupervisee, renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('schedule');
let downloads: Blob[];

beforeEach(() => {
  downloads = [];
  // jsdom has no object URLs and does not download: catch the file as the browser would get it.
  URL.createObjectURL = vi.fn((blob: Blob | MediaSource) => {
    downloads.push(blob as Blob);
    return `blob:test/${downloads.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
});

describe('schedule screen', () => {
  it('saves a preset and shows the compliance status', async () => {
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    renderApp(harness(), `#/schedule/${personId}`);
    expect(await screen.findByRole('heading', { name: 'Schedule: Val Visitor' })).toBeInTheDocument();
    expect(screen.getByText('No frequency has been set yet.')).toBeInTheDocument();
    const group = screen.getByRole('group', { name: 'NHS Derby and Derbyshire ICB' });
    await user.click(within(group).getByLabelText('Named Nurse for Children in Care'));
    expect(within(group).getByText('Every 6 months — “minimum every 6 months”')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save the frequency' }));
    const status = await screen.findByTestId('compliance-status');
    // No signed session yet: due today.
    expect(within(status).getByText('Due soon')).toBeInTheDocument();
    expect(within(status).getByText('Every 6 months')).toBeInTheDocument();
    expect(within(status).getByText('None yet')).toBeInTheDocument();
    expect(within(status).getByText('2026-11-22')).toBeInTheDocument();
    expect(await harness().repositories.frequencyRules.get(personId)).toMatchObject({ presetId: 'derby-looked-after-children' });
  });

  it('books, cancels with a reason, rebooks, and downloads a calendar file', async () => {
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    renderApp(harness(), `#/schedule/${personId}`);
    await screen.findByRole('heading', { name: 'Schedule: Val Visitor' });

    await user.type(screen.getByLabelText('Date'), '2026-12-01');
    await user.type(screen.getByLabelText('Time'), '10:00');
    await user.type(screen.getByLabelText('Venue', { exact: false }), 'Room 4');
    await user.click(screen.getByRole('button', { name: 'Book appointment' }));
    const item = await screen.findByRole('listitem', { name: '2026-12-01 10:00' });
    expect(within(item).getByText('Booked')).toBeInTheDocument();

    await user.click(within(item).getByRole('button', { name: 'Download calendar file (.ics)' }));
    expect(downloads).toHaveLength(1);
    const ics = await downloads[0]!.text();
    expect(ics).toContain('SUMMARY:Safeguarding supervision');
    expect(ics).not.toContain('Val Visitor');

    await user.click(within(item).getByRole('button', { name: 'Cancel appointment' }));
    await user.click(within(item).getByRole('button', { name: 'Confirm cancellation' }));
    expect(await screen.findByRole('link', { name: 'Say who cancelled' })).toBeInTheDocument();
    await user.click(within(item).getByLabelText('Supervisee'));
    await user.click(within(item).getByRole('button', { name: 'Confirm cancellation' }));
    expect(await screen.findByRole('link', { name: 'Say why it was cancelled' })).toBeInTheDocument();
    await user.type(within(item).getByLabelText('Why it was cancelled'), 'Off sick');
    await user.click(within(item).getByRole('button', { name: 'Confirm cancellation' }));
    expect(await within(item).findByText('Cancelled')).toBeInTheDocument();
    expect(within(item).getByText(/Off sick/)).toBeInTheDocument();
    expect(within(item).getByText('Awaiting rebooking')).toBeInTheDocument();
    expect(within(item).getByText(/Rebook by 2026-12-06/)).toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Rebooking rule'), 'southGlos');
    expect(within(item).getByText(/Rebook by 2026-11-22/)).toBeInTheDocument();

    await user.click(within(item).getByRole('button', { name: 'Rebook' }));
    await user.type(within(item).getByLabelText('Date'), '2026-12-03');
    await user.type(within(item).getByLabelText('Time'), '14:00');
    await user.click(within(item).getByRole('button', { name: 'Book the new appointment' }));
    expect(await within(item).findByText('Rebooked')).toBeInTheDocument();
    const replacement = await screen.findByRole('listitem', { name: '2026-12-03 14:00' });
    expect(within(replacement).getByText('Booked')).toBeInTheDocument();
    const all = await harness().repositories.appointments.listFor(personId);
    expect(all[0]?.rebookedAs).toBe(all[1]?.id);
    expect(all[1]?.bookedOn).toBe('2026-11-22');
  });

  it('shows the 24-hour status of urgent supervision', async () => {
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    renderApp(harness(), `#/schedule/${personId}`);
    await screen.findByRole('heading', { name: 'Schedule: Val Visitor' });
    await user.type(screen.getByLabelText('Date'), '2026-11-23');
    await user.type(screen.getByLabelText('Time'), '09:00');
    await user.click(screen.getByLabelText('Urgent (within 24 hours)'));
    await user.click(screen.getByRole('button', { name: 'Book appointment' }));
    const item = await screen.findByRole('listitem', { name: '2026-11-23 09:00' });
    expect(within(item).getByText('Urgent: due within 24 hours')).toBeInTheDocument();
  });
});
