// The history screen (#/history/<personId>): sessions over time, actions across sessions with
// their reviews, a timeline for each case, and drift with the supervisor's responses. Two
// sessions are run through the real machine and signed, and a third left in progress.
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { DriftResponse } from '../../../client/features/history/Drift.tsx';
import { addSupervisee, createDerbySession, renderApp, SESSION_DATE, useHarness } from '../session/harness.tsx';
import { signSession, type CaseScript } from './fixtures.ts';

const harness = useHarness('history');

const CHRONOLOGY = 'Request chronology from school nurse';
const HOME_VISIT = 'Visit the family jointly with the GP';
const STRATEGY = 'Arrange a strategy discussion with social care';

type Ids = { personId: string; first: string; second: string; inProgress: string };
let ids: Ids;

/** Two signed sessions with Baby T discussed in both, and a third (today) in progress. */
async function twoSignedSessions(): Promise<Ids> {
  const personId = await addSupervisee(harness());
  const first = await signSession(harness(), personId, {
    date: '2026-09-01',
    cases: [
      {
        caseId: 'case-baby-t-1',
        label: 'Baby T',
        stages: {
          experience: 'Home visit on 28 August: baby unsettled, mother tired and withdrawn, partner not present.',
          reflection: 'Worried that mother is isolated; felt uneasy leaving the home after the visit.',
          analysis: 'Possible postnatal depression; grandmother nearby is protective; the risk is neglect of feeding.',
          actionPlanning: 'Request the school nurse chronology for the older sibling and visit jointly with the GP.',
        },
      },
    ],
    actions: [
      { id: 'action-chronology', what: CHRONOLOGY, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-09-15', caseId: 'case-baby-t-1' },
      { id: 'action-home-visit', what: HOME_VISIT, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-09-30', caseId: 'case-baby-t-1' },
    ],
    escalations: [
      { id: 'escalation-baby-t', caseId: 'case-baby-t-1', concern: 'Unexplained bruise on the baby’s arm', actionTaken: 'Referral made to children’s social care the same day' },
    ],
  });
  const second = await signSession(harness(), personId, {
    date: '2026-10-01',
    reviews: {
      [CHRONOLOGY]: { outcome: 'carriedForward', reason: 'School nurse on leave', newDueDate: '2026-10-20' },
      [HOME_VISIT]: { outcome: 'done', reason: '', newDueDate: '' },
    },
    cases: [
      {
        caseId: 'case-baby-t-2',
        label: 'Baby T',
        stages: {
          experience: 'Second visit on 25 September: the baby has gained weight and mother is engaging with the GP.',
          reflection: 'Relieved, but wary of reassurance from one good visit.',
          analysis: { skip: 'Ran out of time' },
          actionPlanning: 'Hold a strategy discussion with social care about the bruise and the chronology.',
        },
      },
    ],
    actions: [{ id: 'action-strategy', what: STRATEGY, owner: { kind: 'supervisor', name: '' }, dueDate: '2026-12-01', caseId: 'case-baby-t-2' }],
    driftResponses: {
      overdue: { response: 'continue', reason: 'School nurse returns next week' },
      skippedAnalysis: { response: 'revise', reason: 'Analysis first at the next session' },
    },
  });
  const inProgress = await createDerbySession(harness(), personId, SESSION_DATE);
  return { personId, first, second, inProgress };
}

async function openHistory(personId: string) {
  renderApp(harness(), `#/history/${personId}`);
  expect(await screen.findByRole('heading', { level: 1, name: 'History: Val Visitor' })).toBeInTheDocument();
  // The latest sessions come first; the actions, case timelines and drift follow.
  expect(await screen.findByRole('region', { name: 'Cases' })).toBeInTheDocument();
}

/** A table's body rows, each as the text of its cells. */
function rowsOf(table: HTMLElement): string[][] {
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => [...row.children].map((cell) => cell.textContent ?? ''));
}

function region(name: string | RegExp): HTMLElement {
  return screen.getByRole('region', { name });
}

describe('History', () => {
  beforeEach(async () => {
    ids = await twoSignedSessions();
  });

  it('names the supervisee and their role', async () => {
    await openHistory(ids.personId);
    expect(screen.getByText('Health Visitor')).toBeInTheDocument();
  });

  it('lists the sessions newest first, with status, counts and a link to the record or to resume', async () => {
    await openHistory(ids.personId);
    const table = within(region('Sessions over time')).getByRole('table', { name: 'Sessions, newest first' });
    const template = 'Derby and Derbyshire ICB — Supervision Documentation';
    expect(rowsOf(table)).toEqual([
      ['22 November 2026', template, 'In progress', '0', '0', 'Resume of 22 November 2026'],
      ['1 October 2026', template, 'Signed', '1', '1', 'Open record of 1 October 2026'],
      ['1 September 2026', template, 'Signed', '1', '2', 'Open record of 1 September 2026'],
    ]);
    expect(within(table).getAllByRole('columnheader').map((th) => th.getAttribute('scope'))).toEqual(Array(6).fill('col'));
    expect(within(table).getByRole('link', { name: 'Resume of 22 November 2026' })).toHaveAttribute('href', `#/session/${ids.inProgress}`);
    expect(within(table).getByRole('link', { name: 'Open record of 1 October 2026' })).toHaveAttribute('href', `#/record/${ids.second}`);
    expect(within(table).getByRole('link', { name: 'Open record of 1 September 2026' })).toHaveAttribute('href', `#/record/${ids.first}`);
  });

  it('shows every action with its status, overdue mark and review trail across sessions', async () => {
    await openHistory(ids.personId);
    const table = within(region('Actions across sessions')).getByRole('table', { name: 'Actions agreed, oldest first' });
    const rows = rowsOf(table);
    expect(rows.map((cells) => cells.slice(0, 6))).toEqual([
      [CHRONOLOGY, 'Supervisee (Val Visitor)', '1 September 2026', '20 October 2026', 'Baby T', 'Open Overdue'],
      [HOME_VISIT, 'Supervisee (Val Visitor)', '1 September 2026', '30 September 2026', 'Baby T', 'Done'],
      [STRATEGY, 'Supervisor (Sam Supervisor)', '1 October 2026', '1 December 2026', 'Baby T', 'Open'],
    ]);
    const chronology = within(table).getByRole('rowheader', { name: CHRONOLOGY }).closest('tr') as HTMLElement;
    expect(chronology).toHaveTextContent('Carried forward on 1 October 2026 (new due date 20 October 2026, reason: School nurse on leave)');
    expect(chronology).toHaveTextContent(
      'Drift flagged on 1 October 2026 (overdue): “Request chronology from school nurse” was due on 15 September 2026 and is not done. Supervisor’s response: Continue — School nurse returns next week',
    );
    expect(within(chronology).getByText('Overdue')).toHaveClass('nhsuk-tag--orange');
    expect(rows[1]?.[6]).toBe('Done on 1 October 2026');
    expect(rows[2]?.[6]).toBe('Not reviewed yet');
  });

  it('filters the actions: all, open, or closed', async () => {
    const user = userEvent.setup();
    await openHistory(ids.personId);
    const section = region('Actions across sessions');
    expect(within(section).getByRole('radio', { name: 'All' })).toBeChecked();

    await user.click(within(section).getByRole('radio', { name: 'Open' }));
    expect(rowsOf(within(section).getByRole('table')).map((cells) => cells[0])).toEqual([CHRONOLOGY, STRATEGY]);
    expect(within(section).getByText('Showing 2 of 3 actions')).toBeInTheDocument();

    await user.click(within(section).getByRole('radio', { name: 'Closed (done or not done)' }));
    expect(rowsOf(within(section).getByRole('table')).map((cells) => cells[0])).toEqual([HOME_VISIT]);

    await user.click(within(section).getByRole('radio', { name: 'All' }));
    expect(within(section).getAllByRole('row')).toHaveLength(4);
  });

  it('gives the case a timeline of its two discussions in order, with stages, actions, escalations and drift', async () => {
    await openHistory(ids.personId);
    const timeline = within(region('Cases')).getByRole('region', { name: 'Baby T' });
    expect(within(timeline).getByText('Discussed at 2 sessions')).toBeInTheDocument();
    const discussions = within(timeline).getAllByRole('article');
    expect(discussions.map((d) => within(d).getByRole('heading', { level: 4 }).textContent)).toEqual([
      'Discussed on 1 September 2026',
      'Discussed on 1 October 2026',
    ]);
    const [first, second] = discussions as [HTMLElement, HTMLElement];

    const stage = (discussion: HTMLElement, name: string) => within(discussion).getByText(name, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(stage(first, 'Experience')).toBe('Home visit on 28 August: baby unsettled, mother tired and withdrawn, partner not present.');
    expect(stage(first, 'Reflection')).toBe('Worried that mother is isolated; felt uneasy leaving the home after the visit.');
    expect(stage(first, 'Analysis — the judgement')).toBe('Possible postnatal depression; grandmother nearby is protective; the risk is neglect of feeding.');
    expect(stage(first, 'Action planning')).toBe('Request the school nurse chronology for the older sibling and visit jointly with the GP.');
    expect(within(first).getByText(`${CHRONOLOGY} — due 15 September 2026`)).toBeInTheDocument();
    expect(within(first).getByText(`${HOME_VISIT} — due 30 September 2026`)).toBeInTheDocument();
    expect(
      within(first).getByText('Unexplained bruise on the baby’s arm — action taken: Referral made to children’s social care the same day'),
    ).toBeInTheDocument();
    expect(within(first).queryByText('Drift flagged')).toBeNull();
    expect(within(first).getByRole('link', { name: 'Open the record of this session (1 September 2026)' })).toHaveAttribute('href', `#/record/${ids.first}`);

    expect(stage(second, 'Analysis — the judgement')).toBe('Skipped — reason: Ran out of time');
    expect(within(second).getByText(`${STRATEGY} — due 1 December 2026`)).toBeInTheDocument();
    expect(within(second).getByText('No escalation recorded.')).toBeInTheDocument();
    expect(within(second).getByText(/skipped analysis/).closest('li')).toHaveTextContent(
      'The discussion of Baby T skipped analysis (reason given: Ran out of time). Supervisor’s response: Revise — Analysis first at the next session',
    );
    expect(within(timeline).queryByText('Prepared by the supervisee')).toBeNull();
    expect(within(timeline).queryByText('No response recorded')).toBeNull();
  });

  it('summarises drift by kind at the top, linking to each flag and on to where it appears', async () => {
    const user = userEvent.setup();
    await openHistory(ids.personId);
    const summary = region('Drift');
    expect(within(summary).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Actions carried forward twice or more: 0',
      'Actions overdue and not done: 1',
      'Cases with the plan unchanged over three sessions: 0',
      'Case discussions that skipped analysis: 1',
      'Open actions past their due date today: 1',
    ]);
    expect(within(summary).queryByRole('link', { name: /carried forward twice/ })).toBeNull();
    expect(within(summary).queryByText(/no response recorded/)).toBeNull();

    await user.click(within(summary).getByRole('link', { name: 'Case discussions that skipped analysis: 1' }));
    const skipped = screen.getByRole('heading', { level: 3, name: 'Case discussions that skipped analysis' });
    expect(skipped).toHaveFocus();
    expect(window.location.hash).toBe(`#/history/${ids.personId}`);
    const flags = within(region('Drift flags raised')).getByRole('region', { name: 'Case discussions that skipped analysis' });
    expect(flags).toHaveTextContent('Raised on 1 October 2026');
    expect(flags).toHaveTextContent('Supervisor’s response: Revise — Analysis first at the next session');

    await user.click(within(flags).getByRole('link', { name: 'See the discussion of Baby T' }));
    expect(screen.getByRole('heading', { level: 4, name: 'Discussed on 1 October 2026' })).toHaveFocus();
  });

  it('a drift link to an action hidden by the filter shows all actions and focuses it', async () => {
    const user = userEvent.setup();
    await openHistory(ids.personId);
    await user.click(within(region('Actions across sessions')).getByRole('radio', { name: 'Closed (done or not done)' }));
    expect(screen.queryByRole('rowheader', { name: CHRONOLOGY })).toBeNull();

    const overdue = within(region('Drift flags raised')).getByRole('region', { name: 'Actions overdue and not done' });
    await user.click(within(overdue).getByRole('link', { name: 'See the action' }));
    expect(screen.getByRole('radio', { name: 'All' })).toBeChecked();
    expect(screen.getByRole('rowheader', { name: CHRONOLOGY })).toHaveFocus();
  });

  it('the overdue-today link shows the open actions', async () => {
    const user = userEvent.setup();
    await openHistory(ids.personId);
    await user.click(within(region('Drift')).getByRole('link', { name: 'Open actions past their due date today: 1' }));
    expect(screen.getByRole('radio', { name: 'Open' })).toBeChecked();
    expect(screen.getByRole('heading', { level: 2, name: 'Actions across sessions' })).toHaveFocus();
  });

  it('marks an action overdue by the app’s clock, not the device’s', async () => {
    harness().setClock('2026-10-10T09:00:00Z');
    await openHistory(ids.personId);
    const chronology = screen.getByRole('rowheader', { name: CHRONOLOGY }).closest('tr') as HTMLElement;
    expect(within(chronology).queryByText('Overdue')).toBeNull();
    expect(within(region('Drift')).queryByRole('link', { name: /past their due date today/ })).toBeNull();
  });

  it('the home page lists the supervisee with a link to their history', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/');
    const supervisees = await screen.findByRole('region', { name: 'Supervisees' });
    const link = await within(supervisees).findByRole('link', { name: 'History for Val Visitor' });
    expect(link).toHaveAttribute('href', `#/history/${ids.personId}`);
    expect(within(supervisees).getByRole('listitem')).toHaveTextContent('Val Visitor, Health Visitor');
    await user.click(link);
    expect(await screen.findByRole('heading', { level: 1, name: 'History: Val Visitor' })).toBeInTheDocument();
  });
});

describe('An action carried forward a second time, and overdue', () => {
  it('names each of its drift flags by kind, worded apart, with the response given', async () => {
    // Arrange: the chronology is carried forward at the second session and again at the third, past its new date.
    const personId = await addSupervisee(harness());
    const chronology = { id: 'action-chronology', what: CHRONOLOGY, owner: { kind: 'supervisee' as const, name: '' }, dueDate: '2026-09-15', caseId: null };
    const oneCase = (date: string): CaseScript => ({
      caseId: `case-family-${date}`,
      label: `Family seen on ${date}`,
      stages: {
        experience: 'Home visit: the children were clean, fed and talked about school.',
        reflection: 'Reassured, though uneasy that the father was absent again.',
        analysis: 'Protective factors outweigh the concerns because attendance is up to date.',
        actionPlanning: 'Share the visit summary with the school nurse by Friday.',
      },
    });
    await signSession(harness(), personId, { date: '2026-09-01', cases: [oneCase('2026-09-01')], actions: [chronology] });
    await signSession(harness(), personId, {
      date: '2026-10-01',
      cases: [oneCase('2026-10-01')],
      actions: [],
      reviews: { [CHRONOLOGY]: { outcome: 'carriedForward', reason: 'School nurse on leave', newDueDate: '2026-10-20' } },
      driftResponses: { overdue: { response: 'continue', reason: 'School nurse returns next week' } },
    });
    await signSession(harness(), personId, {
      date: '2026-11-05',
      cases: [oneCase('2026-11-05')],
      actions: [],
      reviews: { [CHRONOLOGY]: { outcome: 'carriedForward', reason: 'Awaiting school records', newDueDate: '' } },
      driftResponses: {
        carriedForward: { response: 'escalate', reason: 'escalate to team manager' },
        overdue: { response: 'continue', reason: 'Chased again today' },
      },
    });

    // Act
    await openHistory(personId);

    // Assert
    const table = within(region('Actions across sessions')).getByRole('table', { name: 'Actions agreed, oldest first' });
    const row = within(table).getByRole('rowheader', { name: CHRONOLOGY }).closest('tr') as HTMLElement;
    const flags = [...row.querySelectorAll('td:last-child p')].slice(1).map((p) => p.textContent);
    expect(flags).toEqual([
      'Drift flagged on 1 October 2026 (overdue): “Request chronology from school nurse” was due on 15 September 2026 and is not done. Supervisor’s response: Continue — School nurse returns next week',
      'Drift flagged on 5 November 2026 (carried forward 2 times): “Request chronology from school nurse” has been carried forward 2 times. Supervisor’s response: Escalate — escalate to team manager',
      'Drift flagged on 5 November 2026 (overdue): “Request chronology from school nurse” was due on 20 October 2026 and is not done. Supervisor’s response: Continue — Chased again today',
    ]);
    expect(row).toHaveTextContent('Carried forward on 5 November 2026 (reason: Awaiting school records)');
  });
});

describe('A discussion the supervisee prepared', () => {
  it('is tagged "Prepared by the supervisee" in the case timeline', async () => {
    const personId = await addSupervisee(harness());
    await signSession(harness(), personId, {
      date: '2026-09-01',
      prepared: { caseId: 'prepared-case-1', label: 'Family R', experience: 'Missed two health appointments since the move.' },
      cases: [
        {
          caseId: 'case-family-r',
          label: 'Family R',
          fromPreparation: true,
          stages: {
            experience: 'Missed two health appointments since the move; new address not yet confirmed.',
            reflection: 'Frustrated at the family’s lack of contact.',
            analysis: 'Possible disguised compliance; the evidence is two missed appointments.',
            actionPlanning: 'Confirm the address with the GP practice.',
          },
        },
      ],
      actions: [{ id: 'action-address', what: 'Confirm the address with the GP practice', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-09-10', caseId: 'case-family-r' }],
    });
    await openHistory(personId);
    const timeline = within(region('Cases')).getByRole('region', { name: 'Family R' });
    const [discussion] = within(timeline).getAllByRole('article');
    expect(within(discussion as HTMLElement).getByText('Prepared by the supervisee')).toHaveClass('nhsuk-tag');
  });
});

describe('History with nothing to show', () => {
  it('an unknown person id says so, with a way back', async () => {
    renderApp(harness(), '#/history/no-such-person-0001');
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('heading', { level: 1, name: 'There is a problem' })).toBeInTheDocument();
    expect(alert).toHaveTextContent('There is no supervisee with that link on this device.');
    expect(within(alert).getByRole('link', { name: 'Back to the start' })).toHaveAttribute('href', '#/');
  });

  it('a supervisee with no sessions yet has empty sections, each saying so', async () => {
    const personId = await addSupervisee(harness());
    await openHistory(personId);
    expect(within(region('Drift')).getByText('No drift has been flagged in a signed session.')).toBeInTheDocument();
    expect(within(region('Sessions over time')).getByText('No sessions yet.')).toBeInTheDocument();
    expect(within(region('Actions across sessions')).getByText('No actions agreed in a signed session yet.')).toBeInTheDocument();
    expect(within(region('Cases')).getByText('No case has been discussed in a signed session yet.')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Drift flags raised' })).toBeNull();
  });

  it('the home page says when there are no supervisees', async () => {
    renderApp(harness(), '#/');
    const supervisees = await screen.findByRole('region', { name: 'Supervisees' });
    expect(await within(supervisees).findByText('No supervisees yet. Add one when you start a session.')).toBeInTheDocument();
  });
});

describe('A drift flag with no response', () => {
  it('says so in red', () => {
    render(<DriftResponse response={null} />);
    expect(screen.getByText('No response recorded')).toHaveClass('nhsuk-tag', 'nhsuk-tag--red');
  });

  it('"Continue" without a reason is not an answer, and says so in red', () => {
    render(<DriftResponse response={{ response: 'continue', reason: ' ' }} />);
    expect(screen.getByText('Continue — no reason recorded')).toHaveClass('nhsuk-tag--red');
  });

  it('any other response is shown with its note', () => {
    render(<DriftResponse response={{ response: 'escalate', reason: 'To the named nurse' }} />);
    expect(screen.getByText('Escalate — To the named nurse')).not.toHaveClass('nhsuk-tag');
  });
});
