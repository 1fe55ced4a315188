/**
 * Signing from the other party's device, through the real app on two devices (Sam the supervisor
 * runs the session; Val the supervisee signs on her own device) and the real relay: the offer is
 * made only for a connected party; sending waits, across a remount; Val signs with a disagreement;
 * Sam's device seals with both key signatures and sends the record back; Val's device then holds
 * the same sealed record. A record returned with a reason, a withdrawn request, an expired link and
 * a relay that cannot be reached each leave the session as they should.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { type UserEvent } from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { copy } from '../../../client/content/copy.ts';
import { shareMessages } from '../../../client/share/share.ts';
import { fingerprintOf } from '../../../machines/model/keys.ts';
import { allowOnlyCanvasErrors, provideOffscreenCanvas } from '../session/harness.tsx';
import { pinEachOther, sessionReadyToSign, shareIdOf, show, showSession, useTwoDevices, type Device } from './devices.tsx';

const w = copy.remoteSigning;
const SEND = 'Send to Val Visitor’s device to sign';
const WAITING = 'Waiting for Val Visitor to sign on their device';
const DISAGREEMENT = 'The chronology is for the school nurse to send, not me.';

const supervisorCard = () => screen.getByRole('region', { name: 'Signature and date of supervisor' });
const superviseeCard = () => screen.getByRole('region', { name: 'Signature and date of supervisee' });

/** A button in a signature card, once it is there (the card itself is replaced as the session moves on). */
async function findInCard(card: () => HTMLElement, name: string): Promise<HTMLElement> {
  let found: HTMLElement | undefined;
  await waitFor(() => {
    found = within(card()).getByRole('button', { name });
  });
  return found!;
}

/** The value beside a term of a summary list on screen. */
const valueOf = (term: string) => screen.getByText(term, { selector: 'dt' }).nextElementSibling as HTMLElement;

/** The saved session row's record on a device. */
async function savedRecord(device: Device, sessionId: string) {
  const stored = await device.repositories.sessions.get(sessionId);
  if (!stored) throw new Error('No session row');
  return stored.record;
}

/** Signs in a signature card with the typed name as the signature. */
async function signWithTypedName(user: UserEvent, title: string, name: string, button: string) {
  const pad = screen.getByRole('group', { name: `Signature (${title})` });
  await user.click(within(pad).getByRole('button', { name: 'Use my typed name as my signature' }));
  await within(pad).findByRole('img', { name: `Your typed name, ${name}, as a signature` });
  await user.click(screen.getByRole('button', { name: button }));
}

/**
 * Sam's session, ready to sign, on his device at its signatures step; sent from there to Val's
 * device, once the waiting panel shows: the devices, the session and the link as shown.
 */
async function sentToVal(devices: ReturnType<typeof useTwoDevices>, user: UserEvent) {
  const [sam, val] = [devices.sam(), devices.val()];
  const sessionId = await sessionReadyToSign(sam, devices.personId());
  await showSession(sam, sessionId);
  await user.click(await findInCard(superviseeCard, SEND));
  await screen.findByRole('heading', { name: WAITING });
  const link = ((await screen.findByRole('textbox', { name: w.link })) as HTMLInputElement).value;
  return { sam, val, sessionId, link };
}

allowOnlyCanvasErrors();

describe('the offer to sign on their own device', () => {
  const devices = useTwoDevices({ connected: false });

  it('is made only for a party whose device is connected here, and not for this device’s own person', async () => {
    const sam = devices.sam();
    const sessionId = await sessionReadyToSign(sam, devices.personId());
    await showSession(sam, sessionId);
    // Nobody is connected: one line says what it takes, and there is no button.
    await waitFor(() => expect(within(superviseeCard()).getByText(w.notConnected)).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: /^Send to / })).toBeNull();
    expect(within(superviseeCard()).getByRole('button', { name: 'Sign as Supervisee' })).toBeInTheDocument();

    await pinEachOther(sam, devices.val(), devices.personId());
    await showSession(sam, sessionId);
    expect(await findInCard(superviseeCard, SEND)).toBeInTheDocument();
    expect(within(superviseeCard()).getByText('Val Visitor reads and signs it on their own device; the record is sealed to that device, so only it can open it.')).toBeInTheDocument();
    // Sam is this device's own person: he signs here; nothing is offered or said in his card.
    expect(within(supervisorCard()).queryByRole('button', { name: /^Send to / })).toBeNull();
    expect(within(supervisorCard()).queryByText(w.notConnected)).toBeNull();
    // Signing together on this device stays.
    expect(within(superviseeCard()).getByRole('button', { name: 'Sign as Supervisee' })).toBeInTheDocument();
  });
});

describe('sending the record to the other party’s device', () => {
  const devices = useTwoDevices();

  it('waits across a remount; Val signs with a disagreement; Sam’s device seals with both key signatures and sends it back; both hold the same record', async () => {
    provideOffscreenCanvas();
    const user = userEvent.setup();
    const { sam, val, sessionId, link } = await sentToVal(devices, user);
    expect(link).toMatch(/^http:\/\/localhost(:\d+)?\/#\/sign\/[A-Za-z0-9_-]{22}$/);
    expect(screen.getByText(w.linkHint)).toBeInTheDocument();
    expect(within(superviseeCard()).getByText('22 November 2026 at 10:00')).toBeInTheDocument();
    expect(within(superviseeCard()).queryByRole('button', { name: 'Sign as Supervisee' })).toBeNull();
    const [outgoing] = await sam.trust.requests.outgoingFor(sessionId);
    expect(outgoing).toMatchObject({ status: 'awaiting', role: 'supervisee', link });

    // A reload (the screen unmounted and opened again) resumes waiting, with the same link.
    await showSession(sam, sessionId);
    expect(await screen.findByRole('heading', { name: WAITING })).toBeInTheDocument();
    expect(await screen.findByRole('textbox', { name: w.link })).toHaveValue(link);
    expect((await savedRecord(sam, sessionId)).signatureRequest).toMatchObject({ requestId: outgoing?.requestId, role: 'supervisee' });

    // Sam, who is here, signs meanwhile.
    await signWithTypedName(user, 'Supervisor', 'Sam Supervisor', 'Sign as Supervisor');
    await waitFor(() => expect(within(supervisorCard()).getByText(/^Signed by Sam Supervisor on /)).toBeInTheDocument());
    expect(screen.getByRole('heading', { name: WAITING })).toBeInTheDocument();

    // Val's device: who sent it, the whole record, Sam's signature; she disagrees with a part and signs.
    await show(val, `#/sign/${shareIdOf(link)}`);
    expect(await screen.findByRole('heading', { level: 1, name: w.title })).toBeInTheDocument();
    expect(await screen.findByText(w.sentBy, { selector: 'dt' })).toBeInTheDocument();
    expect(valueOf(w.sentBy)).toHaveTextContent(/^Sam Supervisor, Named Nurse$/);
    const samKey = fingerprintOf((await sam.trust.ownKey()).publicKey);
    expect(valueOf(w.theirKey)).toHaveTextContent(new RegExp(`^Sam Supervisor’s key, pinned on this device on .+ \\(key ${samKey}\\)$`));
    expect(valueOf(w.sessionDate)).toHaveTextContent('22 November 2026');
    expect(within(screen.getByRole('region', { name: w.record })).getByText('Send the chronology to the school nurse')).toBeInTheDocument();
    // Sam signed after it was sent: what Val reads is the record as it was sent.
    expect(screen.getByText(w.otherNotYet('Supervisor'))).toBeInTheDocument();
    await user.click(screen.getByRole('radio', { name: w.agreement.disagree }));
    await user.type(screen.getByRole('textbox', { name: w.disagreementLabel }), DISAGREEMENT);
    await signWithTypedName(user, 'Supervisee', 'Val Visitor', w.signAndSend);
    expect(await screen.findByText(w.sent('Sam Supervisor'))).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: w.signAndSend })).toBeNull();

    // Sam's device takes her answer on opening, checked against her pin, and seals.
    await show(sam, `#/session/${sessionId}`);
    expect(await screen.findByRole('heading', { level: 2, name: copy.signing.sealed })).toBeInTheDocument();
    expect(await screen.findByText(w.delivered('Val Visitor'))).toBeInTheDocument();
    const sealed = await savedRecord(sam, sessionId);
    expect(sealed.contentHash).not.toBeNull();
    expect(sealed.signerComments).toEqual({ supervisee: { kind: 'disagreement', text: DISAGREEMENT } });
    expect(sealed.keySignatures?.supervisor?.publicKey).toEqual((await sam.trust.ownKey()).publicKey);
    expect(sealed.keySignatures?.supervisee?.publicKey).toEqual((await val.trust.ownKey()).publicKey);
    expect((await sam.trust.requests.outgoingFor(sessionId))[0]?.status).toBe('delivered');

    // The sealed record shows the disagreement and both parties' keys, each checked.
    await user.click(screen.getByRole('button', { name: copy.signing.viewRecord }));
    const check = await screen.findByRole('region', { name: /^Signature check/ });
    expect(await within(check).findByText('Valid')).toBeInTheDocument();
    expect(within(check).getByText(/^Signed on their own device: this device’s own key, Sam Supervisor/)).toBeInTheDocument();
    expect(within(check).getByText(/^Signed on their own device: Val Visitor’s key, pinned on this device/)).toBeInTheDocument();
    expect(screen.getByText('Disagrees with part of the record')).toBeInTheDocument();
    expect(screen.getByText(DISAGREEMENT)).toBeInTheDocument();
    expect(screen.getAllByText('Signed on their own device')).toHaveLength(2);
    expect(await screen.findByText(w.delivered('Val Visitor'))).toBeInTheDocument();

    // Val's device: the sealed record comes back, is checked, and is kept.
    await show(val, `#/sign/${shareIdOf(link)}`);
    expect(await screen.findByText(w.sealed)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: w.openRecord })).toHaveAttribute('href', `#/record/${sessionId}`);
    expect((await savedRecord(val, sessionId)).contentHash).toBe(sealed.contentHash);
    await user.click(screen.getByRole('button', { name: w.openRecord }));
    const onVal = await screen.findByRole('region', { name: /^Signature check/ });
    expect(await within(onVal).findByText('Valid')).toBeInTheDocument();
    expect(screen.getByText(DISAGREEMENT)).toBeInTheDocument();
    // Nothing of the record is left on the relay.
    expect(await devices.relay().store().purge(Date.now() + 30 * 24 * 3_600_000)).toBe(0);
  });

  it('returned unsigned with a reason: Sam’s device says so, and the record can be changed again', async () => {
    const user = userEvent.setup();
    const { sam, val, sessionId, link } = await sentToVal(devices, user);

    await show(val, `#/sign/${shareIdOf(link)}`);
    await user.click(await screen.findByRole('button', { name: w.returnButton }));
    expect(await screen.findByRole('alert')).toHaveTextContent(w.returnReasonMissing);
    await user.type(screen.getByRole('textbox', { name: w.returnReason }), 'The next meeting date is wrong.');
    await user.click(screen.getByRole('button', { name: w.returnButton }));
    expect(await screen.findByText(w.returnedHere('Sam Supervisor'))).toBeInTheDocument();

    await showSession(sam, sessionId);
    expect(await screen.findByText('Val Visitor returned the record unsigned on 22 November 2026 at 10:00: “The next meeting date is wrong.”')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: WAITING })).toBeNull();
    expect(await findInCard(superviseeCard, SEND)).toBeInTheDocument();
    await waitFor(async () => expect((await savedRecord(sam, sessionId)).signatureReturned).toMatchObject({ role: 'supervisee', reason: 'The next meeting date is wrong.' }));
    // Editing is possible again: Back leaves the signatures step.
    await user.click(screen.getByRole('button', { name: 'Back' }));
    expect(await screen.findByRole('heading', { level: 2, name: 'Date and time of next meeting' })).toBeInTheDocument();
  });

  it('withdrawn: the link no longer opens, and the session can be signed or changed again', async () => {
    const user = userEvent.setup();
    const { sam, val, sessionId, link } = await sentToVal(devices, user);

    await user.click(screen.getByRole('button', { name: w.withdraw }));
    expect(await findInCard(superviseeCard, SEND)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: WAITING })).toBeNull();
    expect(within(superviseeCard()).getByRole('button', { name: 'Sign as Supervisee' })).toBeInTheDocument();
    expect((await sam.trust.requests.outgoingFor(sessionId))[0]?.status).toBe('withdrawn');
    await waitFor(async () => expect((await savedRecord(sam, sessionId)).signatureRequest).toBeNull());

    await show(val, `#/sign/${shareIdOf(link)}`);
    expect(await screen.findByText(shareMessages.gone)).toBeInTheDocument();
    expect(await val.trust.requests.incomingOpen()).toEqual([]);
  });

  it('expired: the panel says so, and "Send it again" gives a new link that opens on Val’s device', async () => {
    const user = userEvent.setup();
    const { sam, val, sessionId, link } = await sentToVal(devices, user);

    devices.relay().advanceHours(73);
    await user.click(screen.getByRole('button', { name: w.checkNow }));
    expect(await screen.findByText(w.expiredTitle)).toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: w.link })).toBeNull();

    sam.setClock('2026-11-25T11:00:00Z');
    await user.click(screen.getByRole('button', { name: w.sendAgain }));
    const renewed = (await screen.findByRole('textbox', { name: w.link })) as HTMLInputElement;
    expect(renewed.value).not.toBe(link);
    expect(within(superviseeCard()).getByText('25 November 2026 at 11:00')).toBeInTheDocument();
    expect(within(superviseeCard()).getByText('28 November 2026 at 11:00')).toBeInTheDocument();
    await waitFor(async () => expect((await savedRecord(sam, sessionId)).signatureRequest).toMatchObject({ sentAt: '2026-11-25T11:00:00.000Z' }));
    expect(await sam.trust.requests.outgoingFor(sessionId)).toHaveLength(1);

    await show(val, `#/sign/${shareIdOf(renewed.value)}`);
    expect(await screen.findByRole('button', { name: w.signAndSend })).toBeInTheDocument();
  });

  it('the relay cannot be reached: the error is shown and nothing changes', async () => {
    const user = userEvent.setup();
    const sam = devices.sam();
    const sessionId = await sessionReadyToSign(sam, devices.personId());
    await showSession(sam, sessionId);
    devices.relay().setDown(true);

    await user.click(await findInCard(superviseeCard, SEND));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(shareMessages.unreachable);
    expect(within(alert).getByRole('link', { name: shareMessages.unreachable })).toHaveAttribute('href', '#send-supervisee');
    expect(screen.queryByRole('heading', { name: WAITING })).toBeNull();
    expect(await sam.trust.requests.outgoingFor(sessionId)).toEqual([]);
    expect((await savedRecord(sam, sessionId)).signatureRequest ?? null).toBeNull();
    expect(within(superviseeCard()).getByRole('button', { name: 'Sign as Supervisee' })).toBeInTheDocument();
  });
});
