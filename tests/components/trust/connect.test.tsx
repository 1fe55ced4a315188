/**
 * Connecting two devices through their screens: Sarah's (the supervisor's) app on #/you makes the
 * link; Tom's device opens it on the responder screen (#/connect/<id>/<key>) and answers; both show
 * the same safety number; each confirms on their own device and each pins the other, with the right
 * party. "They do not match" pins nothing. A new key for Tom is shown as a change and pinned only
 * when confirmed. Both screens resume where they were after being closed and opened again.
 */
import { waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { copy } from '../../../client/content/copy.ts';
import { ConnectScreen } from '../../../client/features/trust/ConnectScreen.tsx';
import { checkInvite, confirmConnection, invite } from '../../../client/trust/connect.ts';
import { addPerson, answerLink, connectThroughProtocol, linkMadeOnYou, linkParts, makeLinkIn, openTomsConnection, sarahAndTom, saveProfile, TODAY_READ, TOM, useDevices, type Device } from './devices.tsx';
import { useRelay } from '../relay.ts';

const w = copy.connect;
const device = useDevices();
useRelay();

function safetyNumberIn(container: HTMLElement): string {
  const number = within(container).getByRole('img', { name: /^Safety number, six groups of five digits: / });
  return number.textContent ?? '';
}

/** The name a safety number is read out with: each group spelt digit by digit. */
function spoken(number: string): string {
  return `Safety number, six groups of five digits: ${number
    .split(' ')
    .map((group) => group.split('').join(' '))
    .join('; ')}`;
}

/** A warning callout's heading: "Important: " (read, not shown) and its title. */
function callout(title: string): RegExp {
  return new RegExp(`^Important:\\s*${title}$`);
}

async function renderResponder(tom: Device, link: string) {
  const { shareId, key } = linkParts(link);
  return tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={key} />);
}

describe('connecting two devices through their screens', () => {
  it('the link is answered on the other device, both show the same safety number, and each pins the other with the right party', async () => {
    const user = userEvent.setup();
    const { sarah, tom, personId, view: sarahView, link } = await linkMadeOnYou(device, user, { tomProfile: false });
    expect(link).toMatch(new RegExp(`^${window.location.origin}/#/connect/[A-Za-z0-9_-]{22}/[A-Za-z0-9_-]{43}$`));
    expect(within(sarahView.container).getByText(/^The link works until 5 December 2026 at \d\d:\d\d\.$/)).toBeInTheDocument();
    expect(await (await sarah.trust()).connections.of(personId)).toMatchObject([{ status: 'waiting', role: 'inviter', otherParty: 'supervisee' }]);

    // Tom's device: who is asking, his details first (this device has none), then his keys go back.
    const tomView = await renderResponder(tom, link);
    const onTom = within(tomView.container);
    expect(
      await onTom.findByText('Sarah Jones (Named Nurse), as your supervisor, asks to connect their device with this one for the supervision of Tom Smith.'),
    ).toBeInTheDocument();
    expect(onTom.queryByRole('group', { name: w.respond.whichSupervisee })).toBeNull();
    await user.click(onTom.getByRole('button', { name: w.respond.send }));
    expect(await onTom.findByRole('alert')).toHaveTextContent(w.profile.nameMissing);
    expect(await (await tom.trust()).connections.of(personId)).toEqual([]);
    await user.type(onTom.getByRole('textbox', { name: 'Your full name' }), TOM.name);
    await user.type(onTom.getByRole('textbox', { name: 'Your job role' }), TOM.jobRole);
    await user.click(onTom.getByRole('button', { name: w.respond.send }));
    expect(await onTom.findByRole('heading', { level: 2, name: w.compare.title })).toBeInTheDocument();
    expect(await onTom.findByText(w.compare.instruction('Sarah Jones'))).toBeInTheDocument();
    const onTomNumber = safetyNumberIn(tomView.container);
    expect(onTomNumber).toMatch(/^\d{5}( \d{5}){5}$/);

    // Sarah's device, asked at once rather than waiting for its next check.
    const onSarah = within(sarahView.container);
    await user.click(onSarah.getByRole('button', { name: w.devices.checkNow }));
    expect(await onSarah.findByRole('heading', { level: 4, name: w.compare.title })).toBeInTheDocument();
    expect(onSarah.getByText('Tom Smith (Health Visitor)')).toBeInTheDocument();
    expect(onSarah.getByText(await (await tom.trust()).fingerprint())).toBeInTheDocument();
    expect(await onSarah.findByText(w.compare.instruction('Tom Smith'))).toBeInTheDocument();
    expect(safetyNumberIn(sarahView.container)).toBe(onTomNumber);
    // Read out group by group, digit by digit.
    expect(onSarah.getByRole('img', { name: spoken(onTomNumber) })).toBeInTheDocument();
    // Nothing is pinned before anyone confirms.
    expect(await (await sarah.trust()).pins.all()).toEqual([]);
    expect(await (await tom.trust()).pins.all()).toEqual([]);

    await user.click(onSarah.getByRole('button', { name: 'The numbers match: pin Tom Smith’s key' }));
    expect(await onSarah.findByRole('heading', { name: w.compare.confirmedTitle })).toBeInTheDocument();
    expect(onSarah.getByText(w.compare.confirmed('Tom Smith', await (await tom.trust()).fingerprint()))).toBeInTheDocument();
    await user.click(onTom.getByRole('button', { name: 'The numbers match: pin Sarah Jones’s key' }));
    expect(await onTom.findByRole('heading', { name: w.compare.confirmedTitle })).toBeInTheDocument();

    const onSarahPins = await (await sarah.trust()).pins.of(personId);
    expect(onSarahPins).toMatchObject([{ party: 'supervisee', name: 'Tom Smith', jobRole: 'Health Visitor', replacedAt: null, publicKey: (await (await tom.trust()).ownKey()).publicKey }]);
    const onTomPins = await (await tom.trust()).pins.of(personId);
    expect(onTomPins).toMatchObject([{ party: 'supervisor', name: 'Sarah Jones', jobRole: 'Named Nurse', replacedAt: null, publicKey: (await (await sarah.trust()).ownKey()).publicKey }]);
    // Tom's device files the supervision under the same id, as himself.
    expect(await tom.repositories.people.get(personId)).toMatchObject({ name: 'Tom Smith' });

    // Sarah's #/you now shows the pin.
    const tomSection = onSarah.getByRole('region', { name: /^Tom Smith/ });
    await waitFor(() => expect(within(tomSection).getByText('Pinned on', { selector: 'dt' }).closest('div')).toHaveTextContent(TODAY_READ));
    expect(within(tomSection).queryByText(w.you.notConnected)).toBeNull();
  });

  it('the waiting screen checks by itself every few seconds and moves on to the comparison when the other device answers', async () => {
    const user = userEvent.setup();
    const { tom, view: sarahView, link } = await linkMadeOnYou(device, user);
    expect(await answerLink(tom, link)).toMatchObject({ role: 'responder' });
    expect(await within(sarahView.container).findByRole('heading', { name: w.compare.title }, { timeout: 8000 })).toBeInTheDocument();
  });

  it('"They do not match" pins nothing, says what to do, and offers a new link', async () => {
    const user = userEvent.setup();
    const { sarah, tom, personId, view: sarahView, link } = await linkMadeOnYou(device, user);
    const tomView = await renderResponder(tom, link);
    await user.click(await within(tomView.container).findByRole('button', { name: w.respond.send }));
    await within(tomView.container).findByRole('heading', { name: w.compare.title });
    const onSarah = within(sarahView.container);
    await user.click(onSarah.getByRole('button', { name: w.devices.checkNow }));
    await user.click(await onSarah.findByRole('button', { name: w.compare.reject }));

    expect(await onSarah.findByRole('heading', { name: callout(w.compare.mismatchTitle) })).toBeInTheDocument();
    for (const line of w.compare.mismatchAdvice) expect(onSarah.getByText(line)).toBeInTheDocument();
    expect(onSarah.getByRole('button', { name: w.devices.makeNew })).toBeInTheDocument();
    expect(onSarah.queryByRole('button', { name: /^The numbers match/ })).toBeNull();
    expect(await (await sarah.trust()).pins.all()).toEqual([]);
    expect(await (await sarah.trust()).connections.of(personId)).toMatchObject([{ status: 'mismatch' }]);

    // Tom says the same on his device: nothing pinned there either.
    await user.click(within(tomView.container).getByRole('button', { name: w.compare.reject }));
    await within(tomView.container).findByRole('heading', { name: callout(w.compare.mismatchTitle) });
    expect(await (await tom.trust()).pins.all()).toEqual([]);

    // A new link starts afresh.
    await user.click(onSarah.getByRole('button', { name: w.devices.makeNew }));
    expect(((await onSarah.findByRole('textbox', { name: w.devices.link })) as HTMLInputElement).value).not.toBe(link);
  });

  it('a different key for Tom is shown plainly, pinned only when confirmed, and the old pin stays in the history', async () => {
    const user = userEvent.setup();
    const { sarah, tom, personId } = await sarahAndTom(device);
    // Tom's first device was connected before (through the protocol).
    await connectThroughProtocol(sarah, tom, personId);
    const oldKey = await (await tom.trust()).fingerprint();

    // Tom's new phone.
    const tomPhone = device('tomphone');
    await saveProfile(tomPhone, TOM);
    const sarahView = sarah.render('#/you');
    const onSarah = within(sarahView.container);
    const link = await makeLinkIn(user, await openTomsConnection(user));
    const phoneView = await renderResponder(tomPhone, link);
    await user.click(await within(phoneView.container).findByRole('button', { name: w.respond.send }));
    await within(phoneView.container).findByRole('heading', { name: w.compare.title });
    await user.click(onSarah.getByRole('button', { name: w.devices.checkNow }));

    const warning = (await onSarah.findByRole('heading', { name: callout(w.compare.changedTitle) })).parentElement!;
    expect(warning).toHaveTextContent(
      `Tom Smith’s key is different from the one pinned on ${TODAY_READ} (key ${oldKey}). This happens with a new device or a reinstall; it could also mean someone else is answering. Confirm only if the numbers match.`,
    );
    const newKey = await (await tomPhone.trust()).fingerprint();
    expect(onSarah.getByText(newKey)).toBeInTheDocument();
    // Still the old key until Sarah confirms the change.
    expect((await (await sarah.trust()).pins.of(personId)).map((p) => [p.replacedAt === null, p.publicKey])).toEqual([[true, (await (await tom.trust()).ownKey()).publicKey]]);

    await user.click(onSarah.getByRole('button', { name: 'The numbers match: pin Tom Smith’s key' }));
    await onSarah.findByRole('heading', { name: w.compare.confirmedTitle });
    const pins = await (await sarah.trust()).pins.of(personId);
    expect(pins.map((p) => [p.replacedAt === null, p.publicKey])).toEqual([
      [true, (await (await tomPhone.trust()).ownKey()).publicKey],
      [false, (await (await tom.trust()).ownKey()).publicKey],
    ]);
    // #/you: the new key current, the old one in the history.
    const tomSection = onSarah.getByRole('region', { name: /^Tom Smith/ });
    await waitFor(() => expect(within(tomSection).getByText('Their key', { selector: 'dt' }).closest('div')).toHaveTextContent(newKey));
    expect(within(tomSection).getByRole('heading', { level: 4, name: w.you.historyTitle })).toBeInTheDocument();
    expect(within(tomSection).getByText(`Tom Smith’s key ${oldKey}: pinned on ${TODAY_READ}, replaced on ${TODAY_READ}`)).toBeInTheDocument();
  });

  it('a supervisor answering a supervisee’s link chooses which supervisee it is; the supervisee’s device files the supervision under the supervisor’s id', async () => {
    const user = userEvent.setup();
    const { sarah, tom, personId: onSarahId } = await sarahAndTom(device);
    await addPerson(sarah, { name: 'Val Visitor', jobRole: 'School Nurse' });
    // Tom's device: himself, under its own id; he invites his supervisor.
    const onTomId = await addPerson(tom, TOM);
    const made = await invite(await tom.connect(), { personId: onTomId, otherParty: 'supervisor', agreementId: null });
    if (!made.ok) throw new Error(made.message);

    const sarahView = await renderResponder(sarah, made.value.invite!.link);
    const onSarah = within(sarahView.container);
    expect(await onSarah.findByText('Tom Smith (Health Visitor), as your supervisee, asks to connect their device with this one for their supervision.')).toBeInTheDocument();
    const which = await onSarah.findByRole('group', { name: w.respond.whichSupervisee });
    expect(within(which).getAllByRole('radio').map((r) => r.closest('div')?.textContent)).toEqual(['Tom SmithHealth Visitor', 'Val VisitorSchool Nurse', 'Add Tom Smith as a new supervisee']);
    await user.click(onSarah.getByRole('button', { name: w.respond.send }));
    expect(await onSarah.findByRole('link', { name: w.respond.chooseSupervisee })).toHaveAttribute('href', '#connect-person');
    expect(await (await sarah.trust()).connections.of(onSarahId)).toEqual([]);
    await user.click(within(which).getByRole('radio', { name: 'Tom Smith' }));
    await user.click(onSarah.getByRole('button', { name: w.respond.send }));
    await onSarah.findByRole('heading', { name: w.compare.title });

    const checked = await checkInvite(await tom.connect(), made.value.id);
    expect(checked).toMatchObject({ ok: true, value: { status: 'comparing', personId: onSarahId } });
    await user.click(onSarah.getByRole('button', { name: 'The numbers match: pin Tom Smith’s key' }));
    await onSarah.findByRole('heading', { name: w.compare.confirmedTitle });
    expect(await (await sarah.trust()).pins.of(onSarahId)).toMatchObject([{ party: 'supervisee', name: 'Tom Smith' }]);
    expect(await confirmConnection(await tom.connect(), made.value.id)).toMatchObject({ ok: true, value: { party: 'supervisor', name: 'Sarah Jones', personId: onSarahId } });
    expect(await tom.repositories.people.get(onTomId)).toBeUndefined();
    expect(await tom.repositories.people.get(onSarahId)).toMatchObject({ name: 'Tom Smith' });
  });

  it('on the supervisee’s own device, "Connect to my supervisor’s device" asks which person is them, and the link invites the supervisor', async () => {
    const user = userEvent.setup();
    const { sarah, tom, personId: onSarahId } = await sarahAndTom(device);
    const tomView = tom.render('#/you');
    const onTom = within(tomView.container);
    expect(await onTom.findByText(w.you.noPeople)).toBeInTheDocument();
    await user.click(onTom.getByRole('button', { name: w.you.connectSupervisor }));
    await user.click(onTom.getByRole('radio', { name: 'Me, Tom Smith' }));
    await user.click(onTom.getByRole('button', { name: w.you.continue }));
    const mine = await onTom.findByRole('region', { name: /^Tom Smith \(you\)/ });
    await user.click(await within(mine).findByRole('button', { name: 'Make a link for your supervisor’s device' }));
    const link = ((await within(mine).findByRole('textbox', { name: w.devices.link })) as HTMLInputElement).value;
    const [me] = await tom.repositories.people.list();
    expect(await (await tom.trust()).connections.of(me!.id)).toMatchObject([{ status: 'waiting', otherParty: 'supervisor' }]);

    // Sarah answers it on her device, choosing Tom.
    const sarahView = await renderResponder(sarah, link);
    const onSarah = within(sarahView.container);
    await user.click(await onSarah.findByRole('radio', { name: 'Tom Smith' }));
    await user.click(onSarah.getByRole('button', { name: w.respond.send }));
    await onSarah.findByRole('heading', { name: w.compare.title });

    // Tom's device takes the answer, files him under Sarah's id, and compares.
    await user.click(within(mine).getByRole('button', { name: w.devices.checkNow }));
    // Filed under Sarah's id now: the section is the moved person's.
    const moved = await waitFor(() => {
      const region = onTom.getByRole('region', { name: /^Tom Smith \(you\)/ });
      within(region).getByRole('button', { name: 'The numbers match: pin Sarah Jones’s key' });
      return region;
    });
    const confirm = within(moved).getByRole('button', { name: 'The numbers match: pin Sarah Jones’s key' });
    expect(safetyNumberIn(moved)).toBe(safetyNumberIn(sarahView.container));
    await user.click(confirm);
    await within(moved).findByRole('heading', { name: w.compare.confirmedTitle });
    expect(await (await tom.trust()).pins.of(onSarahId)).toMatchObject([{ party: 'supervisor', name: 'Sarah Jones' }]);
  });
});
