// The share section against the real Hono app and an in-memory share store (fetch routed to
// app.request): a link is made, then revoked, and it is gone from the server; a revoke the
// server refuses (or cannot be reached for) is shown in the error summary and the link stays.
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { tmpdir } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ShareSection } from '../../client/features/record/ShareSection.tsx';
import { copy } from '../../client/content/copy.ts';
import { preparationShare, shareMessages } from '../../client/share/share.ts';
import type { PreparationV1 } from '../../machines/model/preparation.ts';
import { createApp } from '../../server/app.ts';
import { openShareStore, type ShareStore } from '../../server/storage/shares.ts';

const w = copy.record.share;
const preparation: PreparationV1 = {
  schema: 'preparation/v1',
  id: 'prep-00000001',
  supervisee: { name: 'Val Visitor', role: 'Health Visitor' },
  forDate: '2026-12-01',
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
  issues: [{ id: 'issue-000001', text: 'Bring this', bring: true }],
  cases: [],
};

let store: ShareStore;
const requests: { method: string; path: string }[] = [];

beforeAll(async () => {
  store = await openShareStore({ sqliteFile: ':memory:' });
});
afterAll(async () => store.close());
afterEach(() => {
  vi.unstubAllGlobals();
  requests.length = 0;
});

/** fetch as the page makes it, answered by the real app; `refuse` answers a revoke itself. */
function serve(refuse?: (init: RequestInit) => Promise<Response>) {
  const app = createApp({ staticRoot: tmpdir(), shares: store, rateLimitPerMinute: 1_000 });
  vi.stubGlobal('fetch', (input: string | URL | Request, init: RequestInit = {}) => {
    requests.push({ method: init.method ?? 'GET', path: String(input) });
    if (refuse && init.method === 'DELETE') return refuse(init);
    return Promise.resolve(app.request(String(input), init));
  });
}

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
    serve();
    const { user, id } = await makeLink({ once: false });
    expect(await store.take(id, Date.now())).toMatchObject({ state: 'filled' });

    await user.click(screen.getByRole('button', { name: w.revoke }));
    await screen.findByText(w.revoked);
    expect(screen.queryByLabelText(w.link)).toBeNull();
    expect(screen.queryByRole('button', { name: w.revoke })).toBeNull();
    expect(await store.take(id, Date.now())).toBeNull();
    expect(requests.at(-1)).toEqual({ method: 'DELETE', path: `/api/shares/${id}` });

    // A new link starts afresh.
    await user.click(screen.getByRole('button', { name: w.create }));
    await screen.findByLabelText(w.link);
    expect(screen.queryByText(w.revoked)).toBeNull();
  });

  it('a link already opened once reads as already gone', async () => {
    serve();
    const { user, id } = await makeLink();
    expect(await store.take(id, Date.now())).toMatchObject({ state: 'filled' }); // the one-time read
    await user.click(screen.getByRole('button', { name: w.revoke }));
    await screen.findByText(w.revokedAlready);
    expect(screen.queryByLabelText(w.link)).toBeNull();
  });

  it.each([
    ['refused (403)', () => Promise.resolve(new Response(JSON.stringify({ error: 'x' }), { status: 403 })), shareMessages.revokeRefused],
    ['the server down', () => Promise.reject(new TypeError('Failed to fetch')), shareMessages.unreachable],
  ])('%s: the error summary says so, and the link stays', async (_what, refuse, message) => {
    serve(refuse);
    const { user, id } = await makeLink({ once: false });
    await user.click(screen.getByRole('button', { name: w.revoke }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(message);
    await waitFor(() => expect(alert).toHaveFocus());
    expect(screen.getByRole('link', { name: message })).toHaveAttribute('href', '#share-revoke');
    expect(screen.getByLabelText(w.link)).toBeInTheDocument();
    expect(screen.queryByText(w.revoked)).toBeNull();
    expect(screen.getByRole('button', { name: w.create })).toBeInTheDocument();
    expect(await store.take(id, Date.now())).toMatchObject({ state: 'filled' });
  });
});
