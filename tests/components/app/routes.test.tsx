// The screens the route table renders: each address's screen, its title in the document, a new
// screen when the address names another record, and "Page not found" for an address that is none.
import { act, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp, useHarness } from '../session/harness.tsx';

const harness = useHarness('routes');

async function go(hash: string) {
  await act(async () => {
    window.location.hash = hash;
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
}

describe('the app’s screens, from the route table', () => {
  it('renders each address’s screen with its title in the document', async () => {
    renderApp(harness(), '#/start');
    expect(await screen.findByRole('heading', { level: 1, name: 'Start a supervision session' })).toBeInTheDocument();
    expect(document.title).toBe('Start a supervision session – Safeguarding supervision');

    await go('#/search');
    expect(await screen.findByRole('heading', { level: 1, name: 'Find a case' })).toBeInTheDocument();
    expect(document.title).toBe('Find a case – Safeguarding supervision');

    await go('#/');
    expect(await screen.findByRole('heading', { level: 1, name: 'Safeguarding supervision' })).toBeInTheDocument();
    expect(document.title).toBe('Safeguarding supervision');
  });

  it('an address that is no screen (or an id its schema refuses) is "Page not found", with a way home', async () => {
    renderApp(harness(), '#/session/short');
    expect(await screen.findByRole('heading', { level: 1, name: 'Page not found' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the start' })).toHaveAttribute('href', '#/');
    expect(document.title).toBe('Page not found – Safeguarding supervision');
  });
});
