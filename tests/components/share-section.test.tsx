// The share section against the real Hono app and an in-memory share store (the page's fetch
// routed to it by useRelay): a link is made, then revoked, and it is gone from the server; a
// revoke the server refuses (or cannot be reached for) is shown in the error summary and the link
// stays.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { ShareSection } from '../../client/features/record/ShareSection.tsx';
import { copy } from '../../client/content/copy.ts';
import { preparationShare, shareMessages } from '../../client/share/share.ts';
import { preparationToSend } from '../machines/fixtures.ts';
import { useRelay } from './relay.ts';

const w = copy.record.share;
const preparation = preparationToSend();
const relay = useRelay();

function renderSection() {
  return render(<ShareSection payload={async () => preparationShare(preparation)} notReady="Not ready" title="Send it" lede="Lede" />);
}

async function makeLink({ once = true } = {}) {
  const user = userEvent.setup();
  renderSection();
  if (!once) await user.click(screen.getByLabelText(w.once));
  await user.click(screen.getByRole('button', { name: w.create }));
  const link = (await screen.findByLabelText(w.link)) as HTMLInputElement;
  const id = /#\/receive\/([A-Za-z0-9_-]{22})\//.exec(link.value)?.[1];
  if (!id) throw new Error('A link was made');
  return { user, id };
}

describe('revoking a link from the share section', () => {
  it('hides the link, says it has been revoked, and the server no longer holds it', async () => {
    const { user, id } = await makeLink({ once: false });
    expect(await relay.store().take(id, Date.now())).toMatchObject({ state: 'filled' });

    await user.click(screen.getByRole('button', { name: w.revoke }));
    await screen.findByText(w.revoked);
    expect(screen.queryByLabelText(w.link)).toBeNull();
    expect(screen.queryByRole('button', { name: w.revoke })).toBeNull();
    expect(await relay.store().take(id, Date.now())).toBeNull();
    expect(relay.requests.at(-1)).toEqual({ method: 'DELETE', path: `/api/shares/${id}` });

    // A new link starts afresh.
    await user.click(screen.getByRole('button', { name: w.create }));
    await screen.findByLabelText(w.link);
    expect(screen.queryByText(w.revoked)).toBeNull();
  });

  it('a link already opened once reads as already gone', async () => {
    const { user, id } = await makeLink();
    expect(await relay.store().take(id, Date.now())).toMatchObject({ state: 'filled' }); // the one-time read
    await user.click(screen.getByRole('button', { name: w.revoke }));
    await screen.findByText(w.revokedAlready);
    expect(screen.queryByLabelText(w.link)).toBeNull();
  });

  it.each([
    ['refused (403)', () => Promise.resolve(new Response(JSON.stringify({ error: 'x' }), { status: 403 })), shareMessages.revokeRefused],
    ['the server down', () => Promise.reject(new TypeError('Failed to fetch')), shareMessages.unreachable],
  ])('%s: the error summary says so, and the link stays', async (_what, refuse, message) => {
    // The revoke is answered by `refuse`; everything else by the app.
    relay.answerWith((init) => (init.method === 'DELETE' ? refuse() : undefined));
    const { user, id } = await makeLink({ once: false });
    await user.click(screen.getByRole('button', { name: w.revoke }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    await waitFor(() => expect(alert).toHaveFocus());
    expect(screen.getByRole('link', { name: message })).toHaveAttribute('href', '#share-revoke');
    expect(screen.getByLabelText(w.link)).toBeInTheDocument();
    expect(screen.queryByText(w.revoked)).toBeNull();
    expect(screen.getByRole('button', { name: w.create })).toBeInTheDocument();
    expect(await relay.store().take(id, Date.now())).toMatchObject({ state: 'filled' });
  });
});
