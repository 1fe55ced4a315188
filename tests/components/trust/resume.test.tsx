/**
 * A killed tab or a reload resumes a connection exactly where it was, on both sides: the inviter
 * waiting (the same link, still checked) or comparing (the same safety number); the responder
 * comparing, without answering a second time, also once the inviter has taken the answer and the
 * invitation is gone from the relay. Withdrawing a link deletes it from the relay.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { copy } from '../../../client/content/copy.ts';
import { ConnectScreen } from '../../../client/features/trust/ConnectScreen.tsx';
import { openInvite } from '../../../client/trust/connect.ts';
import { answerLink, linkMadeOnYou, linkParts, useDevices } from './devices.tsx';
import { useRelay } from '../relay.ts';

const w = copy.connect;
const device = useDevices();
const relay = useRelay();

const numberIn = async (container: HTMLElement) => (await within(container).findByRole('img', { name: /^Safety number/ })).textContent;

describe('resuming a connection', () => {
  it('waiting: the screen opened again shows the same link and goes on checking; the answer that came meanwhile is then compared', async () => {
    const user = userEvent.setup();
    const { sarah, tom, view: first, link } = await linkMadeOnYou(device, user);
    first.unmount();

    await answerLink(tom, link);
    const again = sarah.render('#/you');
    const tomSection = await within(again.container).findByRole('region', { name: /^Tom Smith/ });
    // Open at once (no "Connect" to press), with the same link.
    expect(await within(tomSection).findByRole('textbox', { name: w.devices.link })).toHaveValue(link);
    expect(within(tomSection).queryByRole('button', { name: 'Connect Tom Smith’s device' })).toBeNull();
    await user.click(within(tomSection).getByRole('button', { name: w.devices.checkNow }));
    expect(await within(tomSection).findByRole('heading', { name: w.compare.title })).toBeInTheDocument();
  });

  it('comparing: the inviter’s screen opened again shows the same safety number', async () => {
    const user = userEvent.setup();
    const { sarah, tom, view: first, link } = await linkMadeOnYou(device, user);
    await answerLink(tom, link);
    await user.click(within(first.container).getByRole('button', { name: w.devices.checkNow }));
    const before = await numberIn(first.container);
    expect(before).toMatch(/^\d{5}( \d{5}){5}$/);
    first.unmount();

    const again = sarah.render('#/you');
    expect(await numberIn(again.container)).toBe(before);
    expect(within(again.container).getByRole('button', { name: 'The numbers match: pin Tom Smith’s key' })).toBeInTheDocument();
  });

  it('comparing: the responder’s screen opened again continues from its connection, without answering again, also once the invitation is gone', async () => {
    const user = userEvent.setup();
    const { tom, personId, view: sarahView, link } = await linkMadeOnYou(device, user);
    const { shareId, key } = linkParts(link);

    const first = tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={key} />);
    await user.click(await within(first.container).findByRole('button', { name: w.respond.send }));
    const before = await numberIn(first.container);
    first.unmount();
    const puts = () => relay.requests.filter((r) => r.method === 'PUT').length;
    expect(puts()).toBe(1);

    // The invitation can still be opened: the connection it started is found by its id.
    const second = tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={key} />);
    expect(await within(second.container).findByText(w.respond.resumed)).toBeInTheDocument();
    expect(await numberIn(second.container)).toBe(before);
    expect(within(second.container).queryByRole('button', { name: w.respond.send })).toBeNull();
    second.unmount();
    expect(puts()).toBe(1);
    expect(await (await tom.trust()).connections.of(personId)).toHaveLength(1);

    // Sarah's device takes the answer and deletes the invitation from the relay.
    await user.click(within(sarahView.container).getByRole('button', { name: w.devices.checkNow }));
    await within(sarahView.container).findByRole('heading', { name: w.compare.title });
    expect(await relay.store().take(shareId, Date.now())).toBeNull();

    const third = tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={key} />);
    expect(await within(third.container).findByText(w.respond.resumed)).toBeInTheDocument();
    expect(await numberIn(third.container)).toBe(before);
    await user.click(within(third.container).getByRole('button', { name: 'The numbers match: pin Sarah Jones’s key' }));
    await within(third.container).findByRole('heading', { name: w.compare.confirmedTitle });
    expect(await (await tom.trust()).pins.of(personId)).toMatchObject([{ party: 'supervisor', name: 'Sarah Jones' }]);
  });

  it('"Withdraw the link" deletes it from the relay: it no longer opens on the other device, and a new link can be made', async () => {
    const user = userEvent.setup();
    const { sarah, tom, personId, link } = await linkMadeOnYou(device, user);
    const { shareId } = linkParts(link);
    expect(await relay.store().take(shareId, Date.now())).toMatchObject({ state: 'filled' });

    await user.click(screen.getByRole('button', { name: w.devices.withdraw }));
    expect(await screen.findByText(w.devices.withdrawn)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: w.devices.link })).toBeNull();
    expect(await relay.store().take(shareId, Date.now())).toBeNull();
    expect(await (await sarah.trust()).connections.of(personId)).toMatchObject([{ status: 'cancelled' }]);
    expect(await openInvite(await tom.connect(), linkParts(link))).toMatchObject({ ok: false });

    await user.click(screen.getByRole('button', { name: w.devices.makeNew }));
    await waitFor(() => expect(screen.getByRole('textbox', { name: w.devices.link })).not.toHaveValue(link));
  });
});
