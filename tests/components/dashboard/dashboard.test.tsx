// The supervision dashboard (#/dashboard) and the compliance report (#/report), on the real
// repositories over fake-indexeddb.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { forgetBalances } from '../../../client/features/dashboard/DashboardScreen.tsx';
import { addSupervisee, renderApp, signEarlierSession, useHarness, type Harness } from '../session/harness.tsx';

const harness = useHarness('dashboard');
let downloads: Blob[];
let names: string[];

beforeEach(() => {
  forgetBalances();
  downloads = [];
  names = [];
  URL.createObjectURL = vi.fn((blob: Blob | MediaSource) => {
    downloads.push(blob as Blob);
    return `blob:test/${downloads.length}`;
  });
  URL.revokeObjectURL = vi.fn();
  vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    names.push(this.download);
  });
});

/** Val: every 3 months, signed on 2026-11-01, one open action; Ash: no rule, no session. */
async function seed(h: Harness): Promise<{ val: string; ash: string }> {
  const val = await addSupervisee(h);
  await signEarlierSession(h, val);
  const saved = await h.repositories.frequencyRules.save(val, { rule: { kind: 'everyMonths', months: 3 }, presetId: null });
  if (!saved.ok) throw new Error(saved.message);
  const ash = await h.repositories.people.add({ name: 'Ash Other', role: 'Social Worker' });
  if (!ash.ok) throw new Error(ash.message);
  return { val, ash: ash.value.id };
}

describe('supervision dashboard', () => {
  it('shows the status of a supervisee with a rule and a signed session, and of one without a rule', async () => {
    const { val, ash } = await seed(harness());
    renderApp(harness(), '#/dashboard');
    expect(await screen.findByRole('heading', { name: 'Supervision dashboard' })).toBeInTheDocument();
    const table = screen.getByRole('table', { name: 'Supervisees' });
    expect(within(table).getAllByRole('columnheader')[0]).toHaveAttribute('scope', 'col');

    const valRow = await screen.findByTestId(`dashboard-row-${val}`);
    const valStatus = within(valRow).getByRole('link', { name: 'Up to date: schedule for Val Visitor' });
    expect(valStatus).toHaveAttribute('href', `#/schedule/${val}`);
    expect(within(valRow).getByText('Every 3 months')).toBeInTheDocument();
    expect(within(valRow).getByText('1 February 2027')).toBeInTheDocument();
    const cells = within(valRow).getAllByRole('cell');
    expect(cells[3]).toHaveTextContent('1');
    expect(cells[4]).toHaveTextContent('0');
    expect(within(valRow).getByRole('link', { name: 'None' })).toHaveAttribute('href', '#/agreements');

    const ashRow = screen.getByTestId(`dashboard-row-${ash}`);
    expect(within(ashRow).getByRole('link', { name: /^No frequency set: schedule for / })).toHaveAttribute('href', `#/schedule/${ash}`);

    // The balance chart and its table, for Val only (Ash has no signed session).
    expect(await screen.findByRole('img', { name: /Balance of the four functions for Val Visitor over 1 signed session/ })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: 'Balance of functions over time: Val Visitor' })).toBeInTheDocument();
    expect(screen.queryByRole('img', { name: /Ash Other/ })).not.toBeInTheDocument();
  });

  it('weighs a supervisee’s year of records once while it is unchanged, and again when it changes', async () => {
    const h = harness();
    const { val } = await seed(h);
    const opened = vi.spyOn(h.repositories.sessions, 'signedBetween');
    const balanceOfVal = /Balance of the four functions for Val Visitor over (\d+) signed sessions?/;
    const first = renderApp(h, '#/dashboard');
    expect(await screen.findByRole('img', { name: balanceOfVal })).toHaveAccessibleName(/over 1 signed session/);
    const readsFirstTime = opened.mock.calls.length;
    expect(readsFirstTime).toBeGreaterThan(0);
    first.unmount();

    const again = renderApp(h, '#/dashboard');
    expect(await screen.findByRole('img', { name: balanceOfVal })).toHaveAccessibleName(/over 1 signed session/);
    expect(opened.mock.calls.length).toBe(readsFirstTime);
    again.unmount();

    // The year's records change (here the record is stored again under another id, as a restored
    // copy would be): the balance is worked out again.
    const [signedId] = await h.repositories.sessions.signedIdsBetween(val, '2000-01-01', '2099-12-31');
    const row = await h.db.sessions.get(signedId ?? '');
    if (!row) throw new Error('No signed row');
    await h.db.sessions.delete(row.id);
    await h.db.sessions.put({ ...row, id: 'session-restored-copy' });
    renderApp(h, '#/dashboard');
    expect(await screen.findByRole('img', { name: balanceOfVal })).toHaveAccessibleName(/over 1 signed session/);
    expect(opened.mock.calls.length).toBeGreaterThan(readsFirstTime);
  });

  it('counts overdue open actions', async () => {
    const val = await addSupervisee(harness());
    await signEarlierSession(harness(), val, { dueDate: '2026-11-10' });
    renderApp(harness(), '#/dashboard');
    const row = await screen.findByTestId(`dashboard-row-${val}`);
    const cells = within(row).getAllByRole('cell');
    expect(cells[3]).toHaveTextContent('1');
    expect(cells[4]).toHaveTextContent('1');
  });

  // Controls for H53: a row's figures are kept between visits, never past a change behind them.
  it('keeps a row’s figures between visits, and shows a change to them at once, on screen or on the next visit', async () => {
    const h = harness();
    const val = await addSupervisee(h);
    await signEarlierSession(h, val, { dueDate: '2026-11-10' });
    const counted = vi.spyOn(h.repositories.actions, 'countsFor');
    const first = renderApp(h, '#/dashboard');
    const cellsOf = async () => within(await screen.findByTestId(`dashboard-row-${val}`)).getAllByRole('cell');
    expect((await cellsOf())[4]).toHaveTextContent('1');
    const readsFirstTime = counted.mock.calls.length;
    first.unmount();

    // Visited again with nothing changed: the figures are not worked out again.
    const again = renderApp(h, '#/dashboard');
    expect((await cellsOf())[4]).toHaveTextContent('1');
    expect(counted.mock.calls.length).toBe(readsFirstTime);

    // The action is done (in this tab, or another): the row shows it while on screen.
    const [action] = await h.db.actions.where('personId').equals(val).toArray();
    if (!action) throw new Error('No action');
    await h.db.actions.put({ ...action, status: 'done' });
    await waitFor(async () => expect((await cellsOf())[3]).toHaveTextContent('0'));
    expect((await cellsOf())[4]).toHaveTextContent('0');
    again.unmount();

    // A rule set since: the next visit shows it.
    const saved = await h.repositories.frequencyRules.save(val, { rule: { kind: 'everyMonths', months: 3 }, presetId: null });
    if (!saved.ok) throw new Error(saved.message);
    renderApp(h, '#/dashboard');
    expect(within(await screen.findByTestId(`dashboard-row-${val}`)).getByText('Every 3 months')).toBeInTheDocument();
  });

  // Controls for H38: a one-to-one supervisee is never left out for being in a group too.
  it('lists one-to-one supervisees only, and everyone with "Show group members too"; a supervisee in a group stays listed', async () => {
    const user = userEvent.setup();
    const { val, ash } = await seed(harness());
    const gail = await harness().repositories.people.add({ name: 'Gail Group', role: 'School Nurse', relation: 'group-member' });
    const fay = await harness().repositories.people.add({ name: 'Fay Facilitator', role: '', relation: 'facilitator' });
    if (!gail.ok || !fay.ok) throw new Error('Could not add');
    // Val is a member of a group too.
    expect((await harness().repositories.groups.create({ name: 'Tuesday group', facilitatorId: fay.value.id, memberIds: [val, gail.value.id] })).ok).toBe(true);
    renderApp(harness(), '#/dashboard');

    expect(await screen.findByTestId(`dashboard-row-${val}`)).toBeInTheDocument();
    expect(screen.getByTestId(`dashboard-row-${ash}`)).toBeInTheDocument();
    expect(screen.queryByTestId(`dashboard-row-${gail.value.id}`)).toBeNull();
    expect(screen.queryByTestId(`dashboard-row-${fay.value.id}`)).toBeNull();

    const everyone = screen.getByRole('checkbox', { name: 'Show group members too' });
    expect(everyone).not.toBeChecked();
    await user.click(everyone);
    const gailRow = await screen.findByTestId(`dashboard-row-${gail.value.id}`);
    expect(within(gailRow).getByText('Group member')).toBeInTheDocument();
    expect(within(screen.getByTestId(`dashboard-row-${fay.value.id}`)).getByText('Group facilitator')).toBeInTheDocument();
    expect(within(screen.getByTestId(`dashboard-row-${val}`)).queryByText('Group member')).toBeNull();

    await user.click(everyone);
    await waitFor(() => expect(screen.queryByTestId(`dashboard-row-${gail.value.id}`)).toBeNull());
    expect(screen.getByTestId(`dashboard-row-${val}`)).toBeInTheDocument();
  });
});

describe('compliance report', () => {
  it('shows the rows and downloads them as CSV', async () => {
    const user = userEvent.setup();
    await seed(harness());
    // A group member is not in the report's choice of supervisees.
    expect((await harness().repositories.people.add({ name: 'Gail Group', role: '', relation: 'group-member' })).ok).toBe(true);
    renderApp(harness(), '#/report');
    expect(await screen.findByRole('heading', { name: 'Compliance report' })).toBeInTheDocument();
    expect(screen.getByLabelText('From')).toHaveValue('2025-11-22');
    expect(screen.getByLabelText('To')).toHaveValue('2026-11-22');
    expect(screen.getByLabelText('Val Visitor')).toBeChecked();
    expect(screen.getByLabelText('Ash Other')).toBeChecked();
    expect(screen.queryByLabelText('Gail Group')).toBeNull();
    // Offered, and then ticked, with "Show group members too"; untick it again for the rows below.
    await user.click(screen.getByRole('checkbox', { name: 'Show group members too' }));
    expect(await screen.findByLabelText('Gail Group')).toBeChecked();
    await user.click(screen.getByRole('checkbox', { name: 'Show group members too' }));
    await waitFor(() => expect(screen.queryByLabelText('Gail Group')).toBeNull());
    await user.click(screen.getByRole('button', { name: 'Show the report' }));
    const table = await screen.findByRole('table', { name: 'Supervision compliance, 22 November 2025 to 22 November 2026' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('Ash Other');
    expect(rows[1]).toHaveTextContent('No frequency set');
    expect(rows[2]).toHaveTextContent('Val Visitor');
    expect(rows[2]).toHaveTextContent('1 November 2026');
    expect(rows[2]).toHaveTextContent('Up to date');
    expect(screen.getByRole('button', { name: 'Print' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(downloads).toHaveLength(1);
    expect(downloads[0]!.type).toBe('text/csv');
    expect(names).toEqual(['supervision-compliance-2025-11-22-to-2026-11-22.csv']);
    const csv = await downloads[0]!.text();
    expect(csv).toContain('"Val Visitor"');
    expect(csv).not.toContain('Request chronology');
  });

  it('refuses an end date before the start date, and no supervisee', async () => {
    const user = userEvent.setup();
    await seed(harness());
    renderApp(harness(), '#/report');
    await screen.findByRole('heading', { name: 'Compliance report' });
    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2025-01-01');
    await user.click(screen.getByRole('button', { name: 'Show the report' }));
    expect(await screen.findByRole('link', { name: 'The end date must be on or after the start date' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();

    await user.clear(screen.getByLabelText('To'));
    await user.type(screen.getByLabelText('To'), '2026-11-22');
    await user.click(screen.getByLabelText('Val Visitor'));
    await user.click(screen.getByLabelText('Ash Other'));
    await user.click(screen.getByRole('button', { name: 'Show the report' }));
    expect(await screen.findByRole('link', { name: 'Choose at least one supervisee' })).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
