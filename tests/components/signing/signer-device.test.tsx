/**
 * The signer's device (#/sign/<id>) and the start page's list, through the real app and relay:
 * what Val writes is kept as she types and comes back after a remount; a request from a key not
 * pinned here, or pinned to someone else, is refused with its reason and nothing is kept; a relay
 * that cannot be reached when she sends leaves her answer unsent and her words kept; the start page
 * lists what waits for her signature. On the session's device, a party signing in person there
 * signs with its key when it is this device's own person; an answer taken off the relay before the
 * tab died is applied from the row kept here (and the sealed record's return, with the relay down,
 * says so and tries again); a request whose event never reached the session (the tab died in
 * between) is withdrawn when the session opens.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { copy } from '../../../client/content/copy.ts';
import { answerRequest, checkForReply, receiveRequest, remoteMessages } from '../../../client/trust/remoteSigning.ts';
import { signature } from '../../machines/fixtures.ts';
import { shareMessages } from '../../../client/share/share.ts';
import { fingerprintOf } from '../../../machines/model/keys.ts';
import { allowOnlyCanvasErrors, provideOffscreenCanvas } from '../session/harness.tsx';
import { createDevice, sendDirectly, sessionReadyToSign, shareIdOf, show, showSession, SUPERVISEE, SUPERVISOR, useTwoDevices } from './devices.tsx';

const w = copy.remoteSigning;

allowOnlyCanvasErrors();

describe('on the signer’s device', () => {
  const devices = useTwoDevices();

  it('keeps what is written as it is typed: response, comment, name and reason come back after a remount', async () => {
    const user = userEvent.setup();
    const [sam, val] = [devices.sam(), devices.val()];
    const link = await sendDirectly(sam, await sessionReadyToSign(sam, devices.personId(), { supervisorSigned: true }));
    await show(val, `#/sign/${shareIdOf(link)}`);
    // Sam signed before sending: Val sees it.
    expect(await screen.findByText('Supervisor: signed by Sam Supervisor on 22 November 2026 at 10:30.')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Full name (Supervisee)' })).toHaveValue('Val Visitor');

    await user.click(screen.getByRole('radio', { name: w.agreement.comment }));
    await user.type(screen.getByRole('textbox', { name: w.commentLabel }), 'Thank you for the time on the home visit.');
    await user.clear(screen.getByRole('textbox', { name: 'Full name (Supervisee)' }));
    await user.type(screen.getByRole('textbox', { name: 'Full name (Supervisee)' }), 'Valerie Visitor');
    await user.type(screen.getByRole('textbox', { name: w.returnReason }), 'Not sure yet');

    // Shown somewhere else (the screen goes), then the link opened again.
    await show(val, '#/');
    await waitFor(async () =>
      expect((await val.trust.requests.incomingOpen())[0]?.draft).toEqual({
        agreement: 'comment',
        text: 'Thank you for the time on the home visit.',
        fullName: 'Valerie Visitor',
        returnReason: 'Not sure yet',
      }),
    );
    await show(val, `#/sign/${shareIdOf(link)}`);
    expect(await screen.findByRole('radio', { name: w.agreement.comment })).toBeChecked();
    expect(screen.getByRole('textbox', { name: w.commentLabel })).toHaveValue('Thank you for the time on the home visit.');
    expect(screen.getByRole('textbox', { name: 'Full name (Supervisee)' })).toHaveValue('Valerie Visitor');
    expect(screen.getByRole('textbox', { name: w.returnReason })).toHaveValue('Not sure yet');
  });

  it('a relay that cannot be reached when she sends: the error is shown, nothing is sent, and her words stay', async () => {
    provideOffscreenCanvas();
    const user = userEvent.setup();
    const [sam, val] = [devices.sam(), devices.val()];
    const link = await sendDirectly(sam, await sessionReadyToSign(sam, devices.personId()));
    await show(val, `#/sign/${shareIdOf(link)}`);
    await user.click(await screen.findByRole('radio', { name: w.agreement.disagree }));
    await user.click(screen.getByRole('button', { name: w.signAndSend }));
    // Disagreeing needs the words: nothing is sent without them.
    await waitFor(() => expect(screen.getByRole('textbox', { name: w.disagreementLabel })).toHaveAccessibleDescription(expect.stringContaining(w.disagreementMissing)));
    expect(devices.relay().requests.filter((r) => r.method === 'PUT')).toEqual([]);
    await user.type(screen.getByRole('textbox', { name: w.disagreementLabel }), 'The date of the next meeting.');
    const pad = screen.getByRole('group', { name: 'Signature (Supervisee)' });
    await user.click(within(pad).getByRole('button', { name: 'Use my typed name as my signature' }));
    await within(pad).findByRole('img', { name: 'Your typed name, Val Visitor, as a signature' });

    devices.relay().setDown(true);
    await user.click(screen.getByRole('button', { name: w.signAndSend }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(shareMessages.unreachable);
    expect(screen.getByRole('button', { name: w.signAndSend })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: w.disagreementLabel })).toHaveValue('The date of the next meeting.');
    const [kept] = await val.trust.requests.incomingOpen();
    expect(kept).toMatchObject({ status: 'open', sent: null, draft: { agreement: 'disagree', text: 'The date of the next meeting.' } });
    // Nothing reached Sam's device.
    expect((await sam.trust.requests.outgoingFor(kept!.sessionId))[0]?.status).toBe('awaiting');

    devices.relay().setDown(false);
    await user.click(screen.getByRole('button', { name: w.signAndSend }));
    expect(await screen.findByText(w.sent('Sam Supervisor'))).toBeInTheDocument();
  });

  it('the start page lists the records waiting for her signature, and only when there are any', async () => {
    const user = userEvent.setup();
    const [sam, val] = [devices.sam(), devices.val()];
    await show(val, '#/');
    await screen.findByRole('heading', { level: 2, name: copy.home.inProgress });
    await screen.findByRole('heading', { level: 2, name: copy.history.supervisees });
    expect(screen.queryByRole('heading', { name: w.homeTitle })).toBeNull();

    const link = await sendDirectly(sam, await sessionReadyToSign(sam, devices.personId()));
    await show(val, `#/sign/${shareIdOf(link)}`);
    await screen.findByRole('button', { name: w.signAndSend });
    await show(val, '#/');
    const list = await screen.findByRole('region', { name: w.homeTitle });
    const item = within(list).getByRole('link', { name: 'From Sam Supervisor: the session of 22 November 2026' });
    expect(item).toHaveAttribute('href', `#/sign/${shareIdOf(link)}`);
    expect(within(list).getByText(w.statuses.open)).toBeInTheDocument();

    await user.click(item);
    expect(await screen.findByRole('button', { name: w.signAndSend })).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: w.returnReason }), 'Wrong date');
    await user.click(screen.getByRole('button', { name: w.returnButton }));
    await screen.findByText(w.returnedHere('Sam Supervisor'));
    await show(val, '#/');
    expect(await within(await screen.findByRole('region', { name: w.homeTitle })).findByText(w.statuses.returned)).toBeInTheDocument();
  });
});

describe('a request this device cannot trust', () => {
  const devices = useTwoDevices({ connected: false });

  it('from a key not pinned here: refused as signer not confirmed, and nothing kept', async () => {
    const [sam, val] = [devices.sam(), devices.val()];
    // Only Sam's device pinned Val's; Val's device has pinned nobody.
    const keys = { publicKey: (await val.trust.ownKey()).publicKey, encryptionKey: (await val.trust.ownEncryptionKey()).publicKey };
    await sam.trust.pins.confirm({ personId: devices.personId(), party: 'supervisee', name: SUPERVISEE.name, jobRole: SUPERVISEE.role, ...keys, agreementId: null, replacing: null });
    const link = await sendDirectly(sam, await sessionReadyToSign(sam, devices.personId()));

    await show(val, `#/sign/${shareIdOf(link)}`);
    const refusal = await screen.findByRole('alert');
    expect(within(refusal).getByRole('heading', { name: w.refusedTitle })).toBeInTheDocument();
    expect(refusal).toHaveTextContent(remoteMessages.notConfirmedSender(fingerprintOf((await sam.trust.ownKey()).publicKey)));
    expect(screen.queryByRole('button', { name: w.signAndSend })).toBeNull();
    expect(await val.trust.requests.incomingOpen()).toEqual([]);
  });

  it('from a key other than the one pinned to the supervisor here: refused as a key this device does not know', async () => {
    const [sam, val] = [devices.sam(), devices.val()];
    const valKeys = { publicKey: (await val.trust.ownKey()).publicKey, encryptionKey: (await val.trust.ownEncryptionKey()).publicKey };
    await sam.trust.pins.confirm({ personId: devices.personId(), party: 'supervisee', name: SUPERVISEE.name, jobRole: SUPERVISEE.role, ...valKeys, agreementId: null, replacing: null });
    // Val's device holds another device's key as her supervisor's.
    const other = await createDevice('other');
    const pinned = await val.trust.pins.confirm({
      personId: devices.personId(),
      party: 'supervisor',
      name: SUPERVISOR.name,
      jobRole: SUPERVISOR.role,
      publicKey: (await other.trust.ownKey()).publicKey,
      encryptionKey: (await other.trust.ownEncryptionKey()).publicKey,
      agreementId: null,
      replacing: null,
    });
    expect(pinned.ok).toBe(true);
    const link = await sendDirectly(sam, await sessionReadyToSign(sam, devices.personId()));

    await show(val, `#/sign/${shareIdOf(link)}`);
    const refusal = await screen.findByRole('alert');
    expect(refusal).toHaveTextContent(remoteMessages.unknownSender(fingerprintOf((await sam.trust.ownKey()).publicKey)));
    expect(screen.queryByRole('button', { name: w.signAndSend })).toBeNull();
    expect(await val.trust.requests.incomingOpen()).toEqual([]);
    other.db.close();
    await other.db.delete();
  });
});

describe('on the session’s device', () => {
  const devices = useTwoDevices();

  it('a party signing in person who is this device’s own person signs with its key too, with the comment they gave', async () => {
    provideOffscreenCanvas();
    const user = userEvent.setup();
    const sam = devices.sam();
    const sessionId = await sessionReadyToSign(sam, devices.personId());
    await showSession(sam, sessionId);
    const card = () => screen.getByRole('region', { name: 'Signature and date of supervisor' });
    await user.click(within(card()).getByRole('radio', { name: w.agreement.comment }));
    await user.click(within(card()).getByRole('button', { name: 'Sign as Supervisor' }));
    await waitFor(() => expect(within(card()).getByRole('textbox', { name: w.commentLabel })).toHaveAccessibleDescription(expect.stringContaining(w.commentMissing)));
    expect(within(card()).queryByText(/^Signed by /)).toBeNull();
    await user.type(within(card()).getByRole('textbox', { name: w.commentLabel }), 'Agreed in the room.');
    await user.click(within(card()).getByRole('button', { name: 'Use my typed name as my signature' }));
    await within(card()).findByRole('img', { name: 'Your typed name, Sam Supervisor, as a signature' });
    await user.click(within(card()).getByRole('button', { name: 'Sign as Supervisor' }));
    await waitFor(() => expect(within(card()).getByText(/^Signed by Sam Supervisor on /)).toBeInTheDocument());
    expect(within(card()).getByText('Agreed in the room.')).toBeInTheDocument();

    // Val signs here too, by hand: her device's key is not here.
    const superviseeCard = () => screen.getByRole('region', { name: 'Signature and date of supervisee' });
    await user.click(within(superviseeCard()).getByRole('button', { name: 'Use my typed name as my signature' }));
    await within(superviseeCard()).findByRole('img', { name: 'Your typed name, Val Visitor, as a signature' });
    await user.click(within(superviseeCard()).getByRole('button', { name: 'Sign as Supervisee' }));
    expect(await screen.findByRole('heading', { level: 2, name: copy.signing.sealed })).toBeInTheDocument();
    // Offered once the sealed record is written.
    await screen.findByRole('button', { name: copy.signing.viewRecord });
    const stored = await sam.repositories.sessions.get(sessionId);
    expect(stored?.record.signerComments).toEqual({ supervisor: { kind: 'comment', text: 'Agreed in the room.' } });
    expect(Object.keys(stored?.record.keySignatures ?? {})).toEqual(['supervisor']);
    expect(stored?.record.keySignatures?.supervisor?.publicKey).toEqual((await sam.trust.ownKey()).publicKey);
    // Nothing was sent anywhere, so nothing is said about sending it back.
    expect(screen.queryByText(/^Sent to /)).toBeNull();
  });

  it('an answer already taken from the relay before the tab died is applied from the row kept here when the session opens', async () => {
    const user = userEvent.setup();
    const [sam, val] = [devices.sam(), devices.val()];
    const sessionId = await sessionReadyToSign(sam, devices.personId(), { supervisorSigned: true });
    await showSession(sam, sessionId);
    await user.click(await screen.findByRole('button', { name: 'Send to Val Visitor’s device to sign' }));
    const link = ((await screen.findByRole('textbox', { name: w.link })) as HTMLInputElement).value;
    await show(val, '#/');
    // Val signs (through the protocol), and Sam's device took the answer off the relay just before its tab died.
    const received = await receiveRequest(val.remote, shareIdOf(link));
    if (!received.ok) throw new Error(received.message);
    const answered = await answerRequest(val.remote, received.value.requestId, { kind: 'signed', signature: signature('supervisee', '2026-11-22T10:40:00.000Z'), comment: null });
    expect(answered.ok).toBe(true);
    const taken = await checkForReply(sam.remote, received.value.requestId);
    expect(taken).toMatchObject({ ok: true, value: { kind: 'answer' } });
    devices.relay().setDown(true);

    await show(sam, `#/session/${sessionId}`);
    expect(await screen.findByRole('heading', { level: 2, name: copy.signing.sealed })).toBeInTheDocument();
    await screen.findByRole('button', { name: copy.signing.viewRecord });
    const stored = await sam.repositories.sessions.get(sessionId);
    expect(stored?.record.signatures.supervisee?.signedAt).toBe('2026-11-22T10:40:00.000Z');
    expect(stored?.record.keySignatures?.supervisee?.publicKey).toEqual((await val.trust.ownKey()).publicKey);
    // The relay is down: sending the sealed record back says so, and offers to try again.
    expect(await screen.findByText(w.deliveryFailed('Val Visitor'))).toBeInTheDocument();
    devices.relay().setDown(false);
    await user.click(screen.getByRole('button', { name: w.tryAgain }));
    expect(await screen.findByText(w.delivered('Val Visitor'))).toBeInTheDocument();
  });

  it('a request kept here whose event never reached the session is withdrawn when the session opens: its link no longer opens', async () => {
    const [sam, val] = [devices.sam(), devices.val()];
    const sessionId = await sessionReadyToSign(sam, devices.personId());
    // The tab died after the request was stored, before the session took it.
    const link = await sendDirectly(sam, sessionId);
    await showSession(sam, sessionId);
    expect(await screen.findByRole('button', { name: 'Send to Val Visitor’s device to sign' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Waiting for Val Visitor to sign on their device' })).toBeNull();
    expect((await sam.trust.requests.outgoingFor(sessionId))[0]?.status).toBe('withdrawn');
    await show(val, `#/sign/${shareIdOf(link)}`);
    expect(await screen.findByText(shareMessages.gone)).toBeInTheDocument();
  });
});
