/**
 * "Your details and keys" (#/you) through the real app: the name and job role are saved as they are
 * typed and are there after the screen is opened again; an empty name is said plainly and nothing is
 * saved; the device's key is shown by its fingerprint; each supervision says "Not connected" until a
 * key is pinned, then the pin and its history.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { copy } from '../../../client/content/copy.ts';
import { addPerson, connectThroughProtocol, saveProfile, SARAH, TODAY_READ, TOM, useDevices } from './devices.tsx';
import { useRelay } from '../relay.ts';

const w = copy.connect;
const device = useDevices();
useRelay();

/** A device with Sarah's details saved, on #/you: the field labelled `label`, once it shows the saved `value`. */
async function savedFieldOnYou(label: string, value: string) {
  const phone = device('phone');
  await saveProfile(phone, SARAH);
  phone.render('#/you');
  const field = await screen.findByRole('textbox', { name: label });
  await waitFor(() => expect(field).toHaveValue(value));
  return { phone, field };
}

describe('Your details and keys', () => {
  it('is linked from the start page, and saves the name and job role as they are typed: they are there when the screen opens again', async () => {
    const user = userEvent.setup();
    const phone = device('phone');
    const view = phone.render('#/');
    await user.click(await screen.findByRole('button', { name: 'Your details and keys' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Your details and keys' })).toBeInTheDocument();

    await user.type(await screen.findByRole('textbox', { name: 'Your full name' }), SARAH.name);
    await user.type(screen.getByRole('textbox', { name: 'Your job role' }), SARAH.jobRole);
    // Saved once typing pauses, without leaving the field or pressing anything.
    await waitFor(async () => expect(await (await phone.trust()).profile.get()).toEqual(SARAH));
    expect(await screen.findByText('Saved')).toBeInTheDocument();

    view.unmount();
    phone.render('#/you');
    expect(await screen.findByRole('textbox', { name: 'Your full name' })).toHaveValue(SARAH.name);
    expect(screen.getByRole('textbox', { name: 'Your job role' })).toHaveValue(SARAH.jobRole);
    expect(screen.getByText('Saved')).toBeInTheDocument();
  });

  it('what is typed last is saved when the field is left, even before typing pauses', async () => {
    const user = userEvent.setup();
    const { phone, field: role } = await savedFieldOnYou('Your job role', SARAH.jobRole);
    await user.clear(role);
    await user.type(role, 'Designated Nurse');
    await user.tab();
    await waitFor(async () => expect(await (await phone.trust()).profile.get()).toEqual({ name: SARAH.name, jobRole: 'Designated Nurse' }));
  });

  it('an empty name is not saved: the field says why, and "Save your details" shows the error summary linking to it', async () => {
    const user = userEvent.setup();
    const { phone, field: name } = await savedFieldOnYou('Your full name', SARAH.name);
    await user.clear(name);
    await user.tab();
    expect(await screen.findByText(w.profile.nameMissing, { selector: '.nhsuk-error-message *, .nhsuk-error-message' })).toBeInTheDocument();
    expect(name).toHaveAccessibleDescription(expect.stringContaining(w.profile.nameMissing));

    await user.click(screen.getByRole('button', { name: w.profile.save }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByRole('link', { name: w.profile.nameMissing })).toHaveAttribute('href', '#you-name');
    await waitFor(() => expect(summary).toHaveFocus());
    // The name stored before stays: nothing typed was written over it with nothing.
    expect(await (await phone.trust()).profile.get()).toEqual(SARAH);

    await user.type(name, 'Sarah Jane Jones');
    await waitFor(async () => expect((await (await phone.trust()).profile.get())?.name).toBe('Sarah Jane Jones'));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('shows this device’s key by its fingerprint, and each supervision as not connected until a key is pinned', async () => {
    const phone = device('phone');
    await saveProfile(phone, SARAH);
    await addPerson(phone, TOM);
    phone.render('#/you');
    const fingerprint = await (await phone.trust()).fingerprint();
    expect(fingerprint).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    expect(await screen.findByText(`This device’s key: ${fingerprint}`)).toBeInTheDocument();
    const tom = await screen.findByRole('region', { name: /^Tom Smith/ });
    expect(within(tom).getByText(w.you.notConnected)).toBeInTheDocument();
    expect(within(tom).getByRole('button', { name: 'Connect Tom Smith’s device' })).toBeInTheDocument();
  });

  it('shows the pinned key (name, job role, party, fingerprint, date) once two devices are connected, and the earlier key when it is replaced', async () => {
    const sarah = device('sarah');
    const tomLaptop = device('tomlaptop');
    const tomPhone = device('tomphone');
    await saveProfile(sarah, SARAH);
    await saveProfile(tomLaptop, TOM);
    await saveProfile(tomPhone, TOM);
    const personId = await addPerson(sarah, TOM);

    // Both connections made through the protocol itself; this test is about what #/you shows.
    await connectThroughProtocol(sarah, tomLaptop, personId);
    const laptopKey = await (await tomLaptop.trust()).fingerprint();

    sarah.render('#/you');
    let tom = await screen.findByRole('region', { name: /^Tom Smith/ });
    await waitFor(() => expect(within(tom).getByText(laptopKey)).toBeInTheDocument());
    const row = (key: string) => within(tom).getByText(key, { selector: 'dt' }).closest('div');
    expect(row('Name')).toHaveTextContent('Tom Smith');
    expect(row('Job role')).toHaveTextContent('Health Visitor');
    expect(row('Their part in the supervision')).toHaveTextContent('Supervisee');
    expect(row('Pinned on')).toHaveTextContent(TODAY_READ);
    expect(within(tom).queryByText(w.you.notConnected)).toBeNull();
    expect(within(tom).queryByRole('heading', { name: w.you.historyTitle })).toBeNull();

    await connectThroughProtocol(sarah, tomPhone, personId);
    const phoneKey = await (await tomPhone.trust()).fingerprint();
    tom = await screen.findByRole('region', { name: /^Tom Smith/ });
    await waitFor(() => expect(within(tom).getByText(phoneKey)).toBeInTheDocument());
    expect(within(tom).getByRole('heading', { level: 4, name: w.you.historyTitle })).toBeInTheDocument();
    expect(within(tom).getByRole('listitem')).toHaveTextContent(`Tom Smith’s key ${laptopKey}: pinned on ${TODAY_READ}, replaced on ${TODAY_READ}`);
  });
});
