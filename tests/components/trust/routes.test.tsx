/**
 * The two routes: #/you, and #/connect/<22-character id>/<43-character key> (nothing shorter or
 * longer, so it never takes another screen's address); and a connect link opened in the app goes
 * to the responder's screen.
 */
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute } from '../../../client/app/router.ts';
import { connectLink, invite } from '../../../client/trust/connect.ts';
import { copy } from '../../../client/content/copy.ts';
import { sarahAndTom, useDevices } from './devices.tsx';
import { useRelay } from '../relay.ts';

const device = useDevices();
useRelay();

const ID = 'AbCdEfGhIjKlMnOpQrSt_-';
const KEY = 'a'.repeat(42) + 'Z';

describe('routes to the connect screens', () => {
  it('reads and writes #/you and #/connect/<id>/<key>', () => {
    expect(parseRoute('#/you')).toEqual({ name: 'you' });
    expect(hrefFor({ name: 'you' })).toBe('#/you');
    expect(parseRoute(`#/connect/${ID}/${KEY}`)).toEqual({ name: 'connect', shareId: ID, key: KEY });
    expect(hrefFor({ name: 'connect', shareId: ID, key: KEY })).toBe(`#/connect/${ID}/${KEY}`);
    expect(connectLink('https://example.org', { shareId: ID, key: KEY })).toBe(`https://example.org/${hrefFor({ name: 'connect', shareId: ID, key: KEY })}`);
  });

  it.each([`connect/${ID}`, `connect/${ID.slice(1)}/${KEY}`, `connect/${ID}/${KEY}x`, `connect/${ID}/${KEY.slice(1)}`, `you/me`])('“#/%s” is not a connect screen', (path) => {
    expect(parseRoute(`#/${path}`)).toEqual({ name: 'notFound', path });
  });

  it('other screens keep their addresses', () => {
    expect(parseRoute(`#/receive/${ID}/${KEY}`)).toEqual({ name: 'receive', shareId: ID, key: KEY });
    expect(parseRoute('#/security')).toEqual({ name: 'security' });
  });

  it('a connect link opened in the app shows who is asking', async () => {
    const { sarah, tom, personId } = await sarahAndTom(device);
    const made = await invite(await sarah.connect(), { personId, otherParty: 'supervisee', agreementId: null });
    if (!made.ok) throw new Error(made.message);
    tom.render(`#${made.value.invite!.link.split('#')[1]}`);
    expect(await screen.findByRole('heading', { level: 1, name: copy.connect.respond.title })).toBeInTheDocument();
    expect(await screen.findByText(/^Sarah Jones \(Named Nurse\), as your supervisor, asks to connect/)).toBeInTheDocument();
  });
});
