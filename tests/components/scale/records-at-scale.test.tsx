// Screens over many records (generated through the real repositories): the history lists the
// latest sessions, actions and discussions with buttons for the earlier ones; "Find a case"
// searches every signed record by its case label; the start page lists only the latest signed.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { generateDataset, type DatasetSummary } from '../../bench/dataset.ts';
import { renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('at-scale');
let summary: DatasetSummary;
let personIds: string[];

beforeEach(async () => {
  summary = await generateDataset(harness().repositories, { seed: 11, size: { supervisees: 2, sessionsPerSupervisee: 24, casesPerSession: 3, actionsPerSession: 2, groupSessions: 0 }, start: '2025-01-06' });
  personIds = (await harness().repositories.people.list()).map((p) => p.id);
}, 60_000);

describe('a supervisee’s history with many sessions', () => {
  it('shows the latest 20 sessions, then more on request; the latest actions and discussions, then the earlier ones', async () => {
    const user = userEvent.setup();
    renderApp(harness(), `#/history/${personIds[0]}`);
    const sessions = await screen.findByRole('table', { name: 'Sessions, newest first' });
    expect(within(sessions).getAllByRole('row')).toHaveLength(21); // header + 20
    expect(screen.getByText('The latest 20 of 24 sessions.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Show 4 more sessions' }));
    // The 4 are read after the click: wait for them (the 20 are there meanwhile).
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Sessions, newest first' })).getAllByRole('row')).toHaveLength(25));
    expect(screen.queryByRole('button', { name: /more sessions?$/ })).not.toBeInTheDocument();

    // 48 actions: the latest 25 listed, a button for the 23 before them.
    await screen.findByRole('region', { name: 'Cases' });
    const actions = screen.getByRole('table', { name: 'Actions agreed, oldest first' });
    expect(within(actions).getAllByRole('row')).toHaveLength(26);
    await user.click(screen.getByRole('button', { name: 'Show 23 earlier actions' }));
    expect(within(screen.getByRole('table', { name: 'Actions agreed, oldest first' })).getAllByRole('row')).toHaveLength(49);

    // Each case: its latest 3 discussions, and a button naming the case for the rest.
    const cases = screen.getByRole('region', { name: 'Cases' });
    const more = within(cases).getAllByRole('button', { name: /^Show \d+ earlier discussions? of / });
    expect(more.length).toBeGreaterThan(0);
    const first = more[0] as HTMLElement;
    const section = first.closest('section') as HTMLElement;
    expect(within(section).getAllByRole('article')).toHaveLength(3);
    const hidden = Number(/^Show (\d+)/.exec(first.textContent ?? '')?.[1]);
    await user.click(first);
    expect(within(section).getAllByRole('article')).toHaveLength(3 + hidden);
  });
});

describe('Find a case', () => {
  it('finds every signed discussion of a case by words of its label, newest first, with links to the record and the history', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/search');
    const field = await screen.findByLabelText('Child or family');
    const label = summary.caseLabels[0] ?? '';
    await user.type(field, label);
    // Results follow each keystroke: wait for those of the whole label.
    await screen.findByText(new RegExp(`of a case matching “${label}”\\.$`));
    const results = screen.getByRole('table', { name: 'Signed records discussing a matching case, newest first' });
    const rows = within(results).getAllByRole('row').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(within(row).getAllByRole('cell')[0]).toHaveTextContent(label);
    expect(screen.getByRole('status')).toHaveTextContent(new RegExp(`^${rows.length} discussions? of a case matching “${label}”\\.$`));
    const open = within(rows[0] as HTMLElement).getByRole('link', { name: new RegExp(`^Open the record about ${label} on `) });
    expect(open.getAttribute('href')).toMatch(/^#\/record\//);
    // Dates are newest first.
    const dates = rows.map((row) => Date.parse(within(row).getByRole('rowheader').textContent ?? ''));
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);

    await user.clear(field);
    await user.type(field, 'nobody by this name');
    expect(await screen.findByText('No signed record discusses a case matching “nobody by this name”.')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    await user.clear(field);
    await user.type(field, '!!');
    expect(screen.getByText('Enter letters or numbers to search for.')).toBeInTheDocument();
  });

  it('caps the list at 50 and says how many there are', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/search');
    await user.type(await screen.findByLabelText('Child or family'), summary.caseLabels[0]?.split(' ')[0] ?? 'Baby');
    const results = await screen.findByRole('table', { name: 'Signed records discussing a matching case, newest first' });
    const shown = within(results).getAllByRole('row').length - 1;
    expect(shown).toBeLessThanOrEqual(50);
    if (shown === 50) expect(screen.getByRole('status')).toHaveTextContent(/the latest 50 are shown\. Type more to narrow the search\.$/);
  });
});

describe('the start page with many signed records', () => {
  it('lists the latest 10 signed records and links to Find a case for the rest', async () => {
    renderApp(harness(), '#/');
    const signed = await screen.findByRole('region', { name: 'Signed records' });
    expect(await within(signed).findAllByRole('listitem')).toHaveLength(10);
    expect(screen.getByText(/^The latest 10 of 48 signed records\./)).toBeInTheDocument();
    expect(screen.getAllByRole('link', { name: 'Find a case' })[0]).toHaveAttribute('href', '#/search');
  });
});
