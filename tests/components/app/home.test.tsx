// The home page and the app shell: sessions to resume, signed records, and the escalation route outside a session.
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import {
  addSupervisee,
  createDerbySession,
  DERBY_HEADINGS,
  openSession,
  renderApp,
  signEarlierSession,
  useHarness,
} from '../session/harness.tsx';

const ESCALATE = 'Escalate an immediate concern';

/** Lets a fragment navigation (a later task in jsdom) and its re-render happen. */
async function settle() {
  await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
}

const harness = useHarness('home');

describe('Home', () => {
  it('with nothing stored, says so under both lists and offers to start', async () => {
    renderApp(harness(), '#/');
    const inProgress = await screen.findByRole('region', { name: 'Sessions in progress' });
    const signed = screen.getByRole('region', { name: 'Signed records' });
    expect(await within(inProgress).findByText('No sessions yet.')).toBeInTheDocument();
    expect(within(signed).getByText('No sessions yet.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Start a supervision session' })).toHaveAttribute('href', '#/start');
  });

  it('lists a session in progress with "Resume", and a signed one with "Open record"', async () => {
    const personId = await addSupervisee(harness());
    await signEarlierSession(harness(), personId);
    const sessionId = await createDerbySession(harness(), personId);
    renderApp(harness(), '#/');

    const inProgress = await screen.findByRole('region', { name: 'Sessions in progress' });
    const resume = await within(inProgress).findByRole('link', { name: 'Resume: Val Visitor — 22 November 2026' });
    expect(resume).toHaveAttribute('href', `#/session/${sessionId}`);
    expect(within(inProgress).getAllByRole('listitem')).toHaveLength(1);
    expect(within(inProgress).getByText('Derby and Derbyshire ICB — Supervision Documentation')).toBeInTheDocument();

    const signed = screen.getByRole('region', { name: 'Signed records' });
    expect(within(signed).getByRole('link', { name: 'Open record: Val Visitor — 1 November 2026' })).toHaveAttribute(
      'href',
      expect.stringMatching(/^#\/record\//),
    );
    expect(within(signed).queryByRole('link', { name: /^Resume/ })).toBeNull();
  });

  it('"Resume" opens the session where it was left', async () => {
    const user = userEvent.setup();
    const sessionId = await createDerbySession(harness(), await addSupervisee(harness()));
    renderApp(harness(), '#/');

    await user.click(await screen.findByRole('link', { name: /^Resume: Val Visitor/ }));

    expect(await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[0] })).toBeInTheDocument();
    expect(window.location.hash).toBe(`#/session/${sessionId}`);
  });
});

describe('The escalation route outside a session', () => {
  it('the header button opens the route with only a "Close" button and no recording fields', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/');
    await screen.findByRole('heading', { level: 1, name: 'Safeguarding supervision' });
    const opener = screen.getByRole('button', { name: ESCALATE });

    await user.click(opener);

    const dialog = screen.getByRole('dialog', { name: ESCALATE });
    expect(dialog).toHaveTextContent('Raised during: Outside a session');
    expect(within(dialog).getByText(/call 999 now/)).toBeInTheDocument();
    expect(within(dialog).queryAllByRole('textbox')).toHaveLength(0);
    expect(within(dialog).queryByRole('button', { name: 'Record the concern and return' })).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();
  });

  it('after leaving a session, the header button is the route again, not the session’s recorder', async () => {
    const user = userEvent.setup();
    const sessionId = await createDerbySession(harness(), await addSupervisee(harness()));
    await openSession(harness(), sessionId);

    window.location.hash = '#/';
    await screen.findByRole('heading', { level: 1, name: 'Safeguarding supervision' });
    await user.click(screen.getByRole('button', { name: ESCALATE }));

    const dialog = screen.getByRole('dialog', { name: ESCALATE });
    expect(within(dialog).getByRole('button', { name: 'Close' })).toBeInTheDocument();
    expect(within(dialog).queryAllByRole('textbox')).toHaveLength(0);
  });
});

/**
 * Bug (client/app/App.tsx, the skip link; client/components/ErrorSummary.tsx, the error links):
 * the app routes on the URL fragment (client/app/router.ts), so an in-page link such as
 * href="#maincontent" or href="#supervisor-name" changes the route to "#maincontent", which
 * parseRoute reads as an unknown page: the screen (and anything typed on it) is replaced by
 * "Page not found". Fix: handle these links' clicks (preventDefault, then focus the target by
 * id), as EscalationDialog's own summary link already does; or have parseRoute/useRoute ignore
 * fragments that do not start with "#/".
 */
describe('In-page links under the hash router', () => {
  it('"Skip to main content" keeps the current screen and moves focus to it', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/start');
    await screen.findByRole('heading', { level: 1, name: 'Start a supervision session' });

    await user.click(screen.getByRole('link', { name: 'Skip to main content' }));

    await settle();
    expect(screen.queryByRole('heading', { name: 'Page not found' })).toBeNull();
    expect(screen.getByRole('heading', { level: 1, name: 'Start a supervision session' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveFocus();
  });

  it('an error summary link on the start screen takes focus to its field and keeps what was typed', async () => {
    const user = userEvent.setup();
    renderApp(harness(), '#/start');
    await screen.findByRole('heading', { level: 1, name: 'Start a supervision session' });
    await user.type(screen.getByRole('textbox', { name: 'Full name' }), 'Val');
    await user.click(screen.getByRole('button', { name: 'Begin the session' }));
    const summary = await screen.findByRole('alert');

    await user.click(within(summary).getByRole('link', { name: 'Enter the supervisor’s full name' }));

    await settle();
    expect(screen.queryByRole('heading', { name: 'Page not found' })).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Supervisor’s full name' })).toHaveFocus();
    expect(screen.getByRole('textbox', { name: 'Full name' })).toHaveValue('Val');
  });
});
