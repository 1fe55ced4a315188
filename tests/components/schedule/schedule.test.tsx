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
    // The rebooking rule follows the chosen policy until someone chooses one.
    expect(screen.getByLabelText('Within two weeks')).toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Save these rules' }));
    expect(await screen.findByRole('status')).toHaveTextContent('Rules saved');
    const status = await screen.findByTestId('compliance-status');
    // No signed session yet: due today.
    expect(within(status).getByText('Due soon')).toBeInTheDocument();
    expect(within(status).getByText('Every 6 months')).toBeInTheDocument();
    expect(within(status).getByText('None yet')).toBeInTheDocument();
    expect(within(status).getByText('22 November 2026')).toBeInTheDocument();
    expect(within(status).getByText('Within two weeks')).toBeInTheDocument();
    expect(await harness().repositories.frequencyRules.get(personId)).toMatchObject({ presetId: 'derby-looked-after-children', rebooking: { policy: 'devon' } });
  });

  it('edits the school’s half-term dates for a half-termly rule; bad dates change nothing', async () => {
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    renderApp(harness(), `#/schedule/${personId}`);
    await screen.findByRole('heading', { name: 'Schedule: Val Visitor' });
    await user.click(screen.getByLabelText('School staff (designated safeguarding staff)'));
    const first = screen.getByRole('group', { name: 'Half term 1: Autumn 1' });
    expect(within(first).getByLabelText('First day')).toHaveValue('2025-09-03');
    // Six example terms: remove all but two, then make this school's own year.
    for (let i = 0; i < 4; i++) await user.click(screen.getAllByRole('button', { name: /^Remove half term/ }).at(-1)!);
    expect(screen.getAllByRole('group', { name: /^Half term \d/ })).toHaveLength(2);
    const setTerm = async (n: number, name: string, start: string, end: string) => {
      const group = screen.getByRole('group', { name: new RegExp(`^Half term ${n}`) });
      await user.clear(within(group).getByLabelText('Name'));
      await user.type(within(group).getByLabelText('Name'), name);
      await user.clear(within(group).getByLabelText('First day'));
      await user.type(within(group).getByLabelText('First day'), start);
      await user.clear(within(group).getByLabelText('Last day'));
      await user.type(within(group).getByLabelText('Last day'), end);
    };
    await setTerm(1, 'Autumn 1', '2026-09-02', '2026-10-23');
    await setTerm(2, 'Autumn 2', '2026-10-20', '2026-12-18');
    await user.click(screen.getByRole('button', { name: 'Save these rules' }));
    expect(await screen.findByRole('link', { name: '“Autumn 2” overlaps “Autumn 1”' })).toBeInTheDocument();
    expect(await harness().repositories.frequencyRules.get(personId)).toBeUndefined();

    await setTerm(2, 'Autumn 2', '2026-11-02', '2026-12-18');
    await user.click(screen.getByRole('button', { name: 'Add a half term' }));
    await setTerm(3, 'Spring 1', '2027-01-04', '2027-02-12');
    await user.click(screen.getByRole('button', { name: 'Save these rules' }));
    const status = await screen.findByTestId('compliance-status');
    // 22 November 2026 is in Autumn 2: with no session yet, due by its last day.
    expect(within(status).getByText('18 December 2026')).toBeInTheDocument();
    expect(within(status).getByText('Every half term')).toBeInTheDocument();
    const saved = await harness().repositories.frequencyRules.get(personId);
    expect(saved?.rule).toEqual({
      kind: 'halfTermly',
      termDates: [
        { name: 'Autumn 1', start: '2026-09-02', end: '2026-10-23' },
        { name: 'Autumn 2', start: '2026-11-02', end: '2026-12-18' },
        { name: 'Spring 1', start: '2027-01-04', end: '2027-02-12' },
      ],
    });
    expect(saved?.presetId).toBe('temple-school-staff');
  });

  it('keeps a rebooking rule of its own (days), refusing a number that is not whole', async () => {
    const user = userEvent.setup();
    const personId = await addSupervisee(harness());
    renderApp(harness(), `#/schedule/${personId}`);
    await screen.findByRole('heading', { name: 'Schedule: Val Visitor' });
    await user.click(screen.getByRole('button', { name: 'Save these rules' }));
    expect(await screen.findByRole('link', { name: 'Choose a frequency' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Choose when a cancelled session must be rebooked' })).toBeInTheDocument();
    await user.click(screen.getByLabelText('All relevant staff'));
    // South Gloucestershire's own rule: rebooked immediately.
    expect(screen.getByLabelText('Immediately')).toBeChecked();
    await user.click(screen.getByLabelText('Within a number of days you set'));
    await user.type(screen.getByLabelText('Days to rebook within'), '3.5');
    await user.click(screen.getByRole('button', { name: 'Save these rules' }));
    expect(await screen.findByRole('link', { name: 'Enter a whole number of days from 0 to 90' })).toBeInTheDocument();
    expect(await harness().repositories.frequencyRules.get(personId)).toBeUndefined();
    await user.clear(screen.getByLabelText('Days to rebook within'));
    await user.type(screen.getByLabelText('Days to rebook within'), '5');
    await user.click(screen.getByRole('button', { name: 'Save these rules' }));
    const status = await screen.findByTestId('compliance-status');
    expect(within(status).getByText('Within 5 days')).toBeInTheDocument();
    expect(within(status).getByText('6 times a year')).toBeInTheDocument();
    expect((await harness().repositories.frequencyRules.get(personId))?.rebooking).toEqual({ policy: 'custom', days: 5 });
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
    const item = await screen.findByRole('listitem', { name: '1 December 2026 at 10:00' });
    expect(within(item).getByText('Booked')).toBeInTheDocument();

    // Their email address (kept on the person) and a reminder chosen for the calendar file.
    await user.click(screen.getByText('Calendar files'));
    await user.type(screen.getByLabelText('Email address of Val Visitor'), 'val.visitor@example.nhs.uk');
    await user.click(screen.getByRole('button', { name: 'Save email addresses' }));
    expect(await screen.findByText('Email addresses saved.')).toBeInTheDocument();
    expect((await harness().repositories.people.get(personId))?.email).toBe('val.visitor@example.nhs.uk');
    await user.selectOptions(screen.getByLabelText('Reminder in each calendar file'), '1 hour before');

    await user.click(within(item).getByRole('button', { name: 'Download calendar file (.ics)' }));
    expect(downloads).toHaveLength(1);
    // Content lines unfolded (RFC 5545 folds them at 75 octets).
    const ics = (await downloads[0]!.text()).replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('SUMMARY:Safeguarding supervision: Val Visitor (one-to-one)');
    expect(ics).toContain('ATTENDEE;CN="Val Visitor";ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION:mailto:val.visitor@example.nhs.uk');
    expect(ics).toContain('TRIGGER:-PT1H');
    // No profile on this device: nobody to name as the organiser.
    expect(ics).not.toContain('ORGANIZER');

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
    expect(within(item).getByText(/Rebook by 6 December 2026/)).toBeInTheDocument();

    // The supervisee's own rebooking rule sets the clock: South Gloucestershire's is the same day.
    await harness().repositories.frequencyRules.save(personId, { rule: { kind: 'timesPerYear', times: 6 }, presetId: 'south-gloucestershire', rebooking: { policy: 'southGlos' } });
    expect(await within(item).findByText(/Rebook by 22 November 2026/)).toBeInTheDocument();

    await user.click(within(item).getByRole('button', { name: 'Rebook' }));
    await user.type(within(item).getByLabelText('Date'), '2026-12-03');
    await user.type(within(item).getByLabelText('Time'), '14:00');
    await user.click(within(item).getByRole('button', { name: 'Book the new appointment' }));
    expect(await within(item).findByText('Rebooked')).toBeInTheDocument();
    const replacement = await screen.findByRole('listitem', { name: '3 December 2026 at 14:00' });
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
    const item = await screen.findByRole('listitem', { name: '23 November 2026 at 09:00' });
    expect(within(item).getByText('Urgent: due within 24 hours')).toBeInTheDocument();
  });
});
