/**
 * What the relay's failures look like on the connect screens: each is shown in words, nothing is
 * kept or pinned that should not be, and the person can try again. The server down (fetch rejects,
 * as a browser's does offline), a link changed on the way, a link withdrawn or expired.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { copy } from '../../../client/content/copy.ts';
import { ConnectScreen } from '../../../client/features/trust/ConnectScreen.tsx';
import { connectMessages, invite } from '../../../client/trust/connect.ts';
import { revokeShare, shareMessages } from '../../../client/share/share.ts';
import { linkMadeOnYou, linkParts, openTomsConnection, sarahAndTom, useDevices } from './devices.tsx';
import { useRelay } from '../relay.ts';

const w = copy.connect;
const device = useDevices();
const relay = useRelay();

/** Tom's device with an invitation from Sarah's device made through the protocol: the link's id and key. */
async function invitedTom() {
  const { sarah, tom, personId } = await sarahAndTom(device);
  const made = await invite(await sarah.connect(), { personId, otherParty: 'supervisee', agreementId: null });
  if (!made.ok) throw new Error(made.message);
  return { tom, personId, made: made.value, ...linkParts(made.value.invite!.link) };
}

describe('when the relay fails', () => {
  it('the server down when the link is made: the error summary says so, nothing is kept, and it can be tried again', async () => {
    const user = userEvent.setup();
    const { sarah, personId } = await sarahAndTom(device);
    sarah.render('#/you');
    const section = await openTomsConnection(user);
    relay.setDown(true);
    await user.click(await within(section).findByRole('button', { name: 'Make a link for Tom Smith’s device' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(shareMessages.unreachable);
    await waitFor(() => expect(alert).toHaveFocus());
    expect(within(alert).getByRole('link', { name: shareMessages.unreachable })).toHaveAttribute('href', `#connect-make-${personId}-supervisee`);
    expect(within(section).queryByRole('textbox', { name: w.devices.link })).toBeNull();
    expect(await (await sarah.trust()).connections.of(personId)).toEqual([]);

    relay.setDown(false);
    await user.click(within(section).getByRole('button', { name: 'Make a link for Tom Smith’s device' }));
    expect(await within(section).findByRole('textbox', { name: w.devices.link })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('the server down while waiting: "Check now" says so, the link stays and is still waiting; the next check clears it', async () => {
    const user = userEvent.setup();
    const { sarah, personId, section, link } = await linkMadeOnYou(device, user);

    relay.setDown(true);
    await user.click(within(section).getByRole('button', { name: w.devices.checkNow }));
    expect(await within(section).findByRole('alert')).toHaveTextContent(shareMessages.unreachable);
    expect(within(section).getByRole('textbox', { name: w.devices.link })).toHaveValue(link);
    expect(await (await sarah.trust()).connections.of(personId)).toMatchObject([{ status: 'waiting' }]);

    relay.setDown(false);
    await user.click(within(section).getByRole('button', { name: w.devices.checkNow }));
    await waitFor(() => expect(within(section).queryByRole('alert')).toBeNull());
    expect(within(section).getByRole('textbox', { name: w.devices.link })).toHaveValue(link);
  });

  it('a link whose answer slot is gone (expired or withdrawn elsewhere) is closed, said so, and a new link offered', async () => {
    const user = userEvent.setup();
    const { sarah, personId, section } = await linkMadeOnYou(device, user);
    const [waiting] = await (await sarah.trust()).connections.of(personId);
    // The relay no longer has the slot the answer would come to.
    expect(await revokeShare(waiting!.slot!.id, waiting!.slot!.revokeToken!)).toMatchObject({ ok: true });

    await user.click(within(section).getByRole('button', { name: w.devices.checkNow }));
    expect(await within(section).findByText(connectMessages.expired)).toBeInTheDocument();
    expect(within(section).queryByRole('textbox', { name: w.devices.link })).toBeNull();
    expect(within(section).getByRole('button', { name: w.devices.makeNew })).toBeInTheDocument();
    expect(await (await sarah.trust()).connections.of(personId)).toMatchObject([{ status: 'cancelled' }]);
  });

  it('the responder: the server down when opening, a changed link, a withdrawn link: each said plainly, and nothing kept', async () => {
    const { tom, made, shareId, key } = await invitedTom();

    relay.setDown(true);
    const down = tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={key} />);
    expect(await within(down.container).findByRole('heading', { level: 1, name: w.respond.failedTitle })).toBeInTheDocument();
    expect(within(down.container).getByRole('alert')).toHaveTextContent(shareMessages.unreachable);
    down.unmount();
    relay.setDown(false);

    // Another key: the invitation cannot be opened with it.
    const otherKey = `${key.slice(0, 10)}${key[10] === 'A' ? 'B' : 'A'}${key.slice(11)}`;
    const changed = tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={otherKey} />);
    expect(await within(changed.container).findByRole('alert')).toHaveTextContent(shareMessages.damaged);
    changed.unmount();

    await revokeShare(made.invite!.share.id, made.invite!.share.revokeToken!);
    const gone = tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={key} />);
    expect(await within(gone.container).findByRole('alert')).toHaveTextContent(shareMessages.gone);

    expect(await tom.repositories.people.list()).toEqual([]);
    expect(await (await tom.trust()).pins.all()).toEqual([]);
  });

  it('the responder: the server down when sending the keys: said in the error summary; nothing is kept to compare, and sending again works', async () => {
    const user = userEvent.setup();
    const { tom, personId, shareId, key } = await invitedTom();
    const view = tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={key} />);
    const send = await within(view.container).findByRole('button', { name: w.respond.send });

    relay.setDown(true);
    await user.click(send);
    const alert = await within(view.container).findByRole('alert');
    expect(alert).toHaveTextContent(shareMessages.unreachable);
    expect(within(alert).getByRole('link', { name: shareMessages.unreachable })).toHaveAttribute('href', '#connect-send');
    expect(within(view.container).queryByRole('heading', { name: w.compare.title })).toBeNull();
    expect(await (await tom.trust()).connections.of(personId)).toEqual([]);
    expect(await (await tom.trust()).pins.all()).toEqual([]);

    relay.setDown(false);
    await user.click(send);
    expect(await within(view.container).findByRole('heading', { name: w.compare.title })).toBeInTheDocument();
  });
});
