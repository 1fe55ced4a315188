/**
 * "Connect your devices" on an agreement (at its signatures, and once sealed): why, the link made
 * for that agreement, and once Tom's key is pinned, "Connected: …" with "Connect again". And the
 * accessibility basics of the connect screens: no axe violations (colour contrast needs layout,
 * which the browser checks cover), every control a real button or a labelled field, and the whole
 * flow works from the keyboard.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { copy } from '../../../client/content/copy.ts';
import { ConnectScreen } from '../../../client/features/trust/ConnectScreen.tsx';
import { checkInvite, confirmConnection, connectMessages } from '../../../client/trust/connect.ts';
import { agreementOf } from '../../../machines/agreements/agreement.machine.ts';
import { findAgreementTemplate } from '../../../machines/agreements/index.ts';
import { agreementAtSignatures, signature } from '../../machines/fixtures.ts';
import { addPerson, answerLink, linkMadeOnYou, linkParts, makeLinkIn, sarahAndTom, saveProfile, SARAH, TODAY_READ, TOM, useDevices, type Device } from './devices.tsx';
import { useRelay } from '../relay.ts';

const w = copy.connect;
const device = useDevices();
useRelay();

const TEMPLATE_ID = 'south-gloucestershire-appendix-1';

/** An agreement with Tom on Sarah's device, driven through its machine to its signatures, or sealed. */
async function agreementWithTom(sarah: Device, personId: string, { sealed }: { sealed: boolean }): Promise<string> {
  const template = findAgreementTemplate(TEMPLATE_ID);
  if (!template) throw new Error('South Gloucestershire agreement not shipped');
  const created = await sarah.repositories.agreements.create(personId, TEMPLATE_ID, { name: SARAH.name, role: SARAH.jobRole });
  if (!created.ok) throw new Error(created.message);
  const actor = agreementAtSignatures(template, created.value);
  if (sealed) {
    actor.send({ type: 'signature.added', signature: signature('supervisor', '2026-12-04T11:00:00.000Z') });
    actor.send({ type: 'signature.added', signature: signature('supervisee', '2026-12-04T11:00:00.000Z') });
  }
  const saved = await sarah.repositories.agreements.save(agreementOf(actor.getSnapshot().context), actor.getPersistedSnapshot());
  actor.stop();
  if (!saved.ok) throw new Error(saved.message);
  return created.value.id;
}

/** Tom's device answers Sarah's waiting link; Sarah's device takes the answer; both pin. */
async function completeOnBothDevices(sarah: Device, tom: Device, link: string, connectionId: string) {
  const answered = await answerLink(tom, link);
  expect(await checkInvite(await sarah.connect(), connectionId)).toMatchObject({ ok: true });
  expect(await confirmConnection(await sarah.connect(), connectionId)).toMatchObject({ ok: true });
  expect(await confirmConnection(await tom.connect(), answered.id)).toMatchObject({ ok: true });
}

async function axeViolations(): Promise<unknown[]> {
  const axe = (await import('axe-core')).default;
  return (await axe.run(document.body, { rules: { 'color-contrast': { enabled: false } } })).violations;
}

describe('Connect your devices, on the agreement', () => {
  it('on the sealed agreement: why, a link made for this agreement, then "Connected" with the pinned key and "Connect again"', async () => {
    const user = userEvent.setup();
    const { sarah, tom, personId } = await sarahAndTom(device);
    const agreementId = await agreementWithTom(sarah, personId, { sealed: true });

    const view = sarah.render(`#/agreement/${agreementId}`);
    expect(await screen.findByText(copy.agreements.sealedTitle)).toBeInTheDocument();
    const section = await screen.findByRole('region', { name: w.agreement.title });
    expect(within(section).getByRole('heading', { level: 2, name: w.agreement.title })).toBeInTheDocument();
    expect(within(section).getByText(w.agreement.why)).toBeInTheDocument();
    const link = await makeLinkIn(user, section);
    const [connection] = await (await sarah.trust()).connections.of(personId);
    expect(connection).toMatchObject({ status: 'waiting', otherParty: 'supervisee', agreementId });

    await completeOnBothDevices(sarah, tom, link, connection!.id);
    const pins = await (await sarah.trust()).pins.of(personId);
    expect(pins).toMatchObject([{ agreementId, party: 'supervisee' }]);
    view.unmount();

    sarah.render(`#/agreement/${agreementId}`);
    const again = await screen.findByRole('region', { name: w.agreement.title });
    const fingerprint = await (await tom.trust()).fingerprint();
    expect(await within(again).findByText(`Connected: Tom Smith’s key ${fingerprint}, pinned on ${TODAY_READ}.`)).toBeInTheDocument();
    expect(within(again).queryByRole('button', { name: /^Make a link/ })).toBeNull();
    await user.click(within(again).getByRole('button', { name: w.agreement.again }));
    expect(await within(again).findByRole('button', { name: 'Make a link for Tom Smith’s device' })).toBeInTheDocument();

    // #/you links the pin to its agreement.
    window.location.hash = '#/you';
    const tomSection = await screen.findByRole('region', { name: /^Tom Smith/ });
    expect(await within(tomSection).findByRole('link', { name: w.you.agreementLink })).toHaveAttribute('href', `#/agreement/${agreementId}`);
  });

  it('at the signatures of an agreement being made, and a link waiting there is still there after a reload', async () => {
    const user = userEvent.setup();
    const sarah = device('sarah');
    await saveProfile(sarah, SARAH);
    const personId = await addPerson(sarah, TOM);
    const agreementId = await agreementWithTom(sarah, personId, { sealed: false });
    const view = sarah.render(`#/agreement/${agreementId}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Signatures' })).toBeInTheDocument();
    const link = await makeLinkIn(user, await screen.findByRole('region', { name: w.agreement.title }));
    view.unmount();

    sarah.render(`#/agreement/${agreementId}`);
    const again = await screen.findByRole('region', { name: w.agreement.title });
    expect(await within(again).findByRole('textbox', { name: w.devices.link })).toHaveValue(link);
  });

  it('without details on this device, the agreement asks for them first, inline, and then makes the link', async () => {
    const user = userEvent.setup();
    const sarah = device('sarah');
    const personId = await addPerson(sarah, TOM);
    const agreementId = await agreementWithTom(sarah, personId, { sealed: true });
    sarah.render(`#/agreement/${agreementId}`);
    const section = await screen.findByRole('region', { name: w.agreement.title });
    expect(await within(section).findByText(w.profile.intro)).toBeInTheDocument();
    await user.click(within(section).getByRole('button', { name: 'Make a link for Tom Smith’s device' }));
    const alert = await screen.findByRole('alert');
    expect(within(alert).getByRole('link', { name: connectMessages.noProfile })).toHaveAttribute('href', `#connect-${personId}-name`);
    expect(within(section).getByRole('textbox', { name: 'Your full name' })).toHaveAccessibleDescription(expect.stringContaining(w.profile.nameMissing));
    expect(await (await sarah.trust()).connections.of(personId)).toEqual([]);
    await user.type(within(section).getByRole('textbox', { name: 'Your full name' }), SARAH.name);
    await user.type(within(section).getByRole('textbox', { name: 'Your job role' }), SARAH.jobRole);
    await user.click(within(section).getByRole('button', { name: 'Make a link for Tom Smith’s device' }));
    expect(await within(section).findByRole('textbox', { name: w.devices.link })).toBeInTheDocument();
    expect(await (await sarah.trust()).profile.get()).toEqual(SARAH);
  });
});

describe('accessibility of the connect screens', () => {
  it('has no axe violations on #/you (waiting, and comparing) or on the responder’s screen; every control is a button or a labelled field', async () => {
    const user = userEvent.setup();
    const { sarah, tom, view: sarahView, section, link } = await linkMadeOnYou(device, user);
    await user.click(within(section).getByRole('button', { name: w.devices.showQr }));
    expect(within(section).getByRole('img', { name: w.devices.qrLabel })).toBeInTheDocument();
    await screen.findByText(/^This device’s key: /);
    expect(await axeViolations()).toEqual([]);

    sarahView.unmount();

    // Tom's device alone on the page, as in the app, where the screen is the page's main content.
    const { shareId, key } = linkParts(link);
    const tomView = tom.render(
      undefined,
      <main>
        <ConnectScreen shareId={shareId} shareKey={key} />
      </main>,
    );
    await within(tomView.container).findByRole('button', { name: w.respond.send });
    expect(await axeViolations()).toEqual([]);
    await user.click(within(tomView.container).getByRole('button', { name: w.respond.send }));
    await within(tomView.container).findByRole('img', { name: /^Safety number/ });
    expect(await axeViolations()).toEqual([]);
    tomView.unmount();

    // Sarah's again, comparing.
    const comparing = sarah.render('#/you');
    await user.click(await within(comparing.container).findByRole('button', { name: w.devices.checkNow }));
    await within(comparing.container).findByRole('img', { name: /^Safety number/ });
    await screen.findByText(/^This device’s key: /);
    expect(await axeViolations()).toEqual([]);

    // Every control has a name, and what acts is a button (not a link or a div dressed as one).
    for (const control of document.querySelectorAll('main button, main input, main a, [role="button"]')) {
      expect(control).toHaveAccessibleName();
    }
    for (const text of [w.devices.checkNow, w.devices.withdraw, w.devices.copy, w.compare.reject]) {
      for (const element of screen.queryAllByText(text)) expect(element.tagName).toBe('BUTTON');
    }
    // Headings go in order on Sarah's screen.
    const levels = within(comparing.container)
      .getAllByRole('heading')
      .map((h) => Number(h.tagName.slice(1)));
    levels.forEach((level, index) => {
      if (index > 0) expect(level - (levels[index - 1] ?? 0)).toBeLessThanOrEqual(1);
    });
  });

  it('works from the keyboard: connect, make the link, answer, and confirm with Tab, Enter and Space only', async () => {
    const user = userEvent.setup();
    const { sarah, tom, personId } = await sarahAndTom(device);
    const sarahView = sarah.render('#/you');
    const onSarah = within(sarahView.container);

    /** Tabs until `target` has the focus (at most 60 presses). */
    const tabTo = async (target: HTMLElement) => {
      for (let i = 0; i < 60 && document.activeElement !== target; i++) await user.tab();
      expect(target).toHaveFocus();
    };
    await tabTo(await onSarah.findByRole('button', { name: 'Connect Tom Smith’s device' }));
    await user.keyboard('{Enter}');
    await tabTo(await onSarah.findByRole('button', { name: 'Make a link for Tom Smith’s device' }));
    await user.keyboard('{Enter}');
    const link = ((await onSarah.findByRole('textbox', { name: w.devices.link })) as HTMLInputElement).value;

    const { shareId, key } = linkParts(link);
    const tomView = tom.render(undefined, <ConnectScreen shareId={shareId} shareKey={key} />);
    await tabTo(await within(tomView.container).findByRole('button', { name: w.respond.send }));
    await user.keyboard(' ');
    await tabTo(await within(tomView.container).findByRole('button', { name: 'The numbers match: pin Sarah Jones’s key' }));
    await user.keyboard('{Enter}');
    await within(tomView.container).findByRole('heading', { name: w.compare.confirmedTitle });

    await tabTo(onSarah.getByRole('button', { name: w.devices.checkNow }));
    await user.keyboard('{Enter}');
    await tabTo(await onSarah.findByRole('button', { name: 'The numbers match: pin Tom Smith’s key' }));
    await user.keyboard(' ');
    await onSarah.findByRole('heading', { name: w.compare.confirmedTitle });
    await waitFor(async () => expect(await (await sarah.trust()).pins.of(personId)).toHaveLength(1));
  });
});
