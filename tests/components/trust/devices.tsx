/**
 * Two devices in one test: each a real SupervisionDB on fake-indexeddb (sealed, unlocked with a
 * random key), the real repositories with its own clock and its own ids (so an id can never match
 * the other device's by chance), rendered through ServicesProvider as client/main.tsx does. The
 * page's fetch goes to the real relay (useRelay in ../relay.ts). Nothing of ours is mocked.
 */
import { cleanup, render, screen, within, type RenderResult } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, expect } from 'vitest';
import { App } from '../../../client/app/App.tsx';
import { ServicesProvider, type Services } from '../../../client/app/services.tsx';
import type { SupervisionDB } from '../../../client/db/db.ts';
import type { Repositories } from '../../../client/db/repositories.ts';
import type { TrustRepositories } from '../../../client/db/trustRepositories.ts';
import { answerInvite, checkInvite, confirmConnection, invite, openInvite, type ConnectDeps } from '../../../client/trust/connect.ts';
import { copy } from '../../../client/content/copy.ts';
import { whenAllSaved } from '../../../client/live/saver.ts';
// The session harness also sets the time the screens (lazy-loaded) and whole flows are given.
import { sealedServices } from '../session/harness.tsx';

export const SARAH = { name: 'Sarah Jones', jobRole: 'Named Nurse' } as const;
export const TOM = { name: 'Tom Smith', jobRole: 'Health Visitor' } as const;
/** Every device's clock in these tests: the day pins are dated. */
export const TODAY = '2026-12-04T14:05:00.000Z';
export const TODAY_READ = '4 December 2026';

export type Device = {
  name: string;
  db: SupervisionDB;
  repositories: Repositories;
  services: Services;
  trust: () => Promise<TrustRepositories>;
  /** The protocol's dependencies, as useTrust gives them to a screen: for driving this device without its screens. */
  connect: () => Promise<ConnectDeps>;
  /** Renders `node` (the whole app by default, at `hash`) on this device. */
  render: (hash?: string, node?: ReactNode) => RenderResult;
  close: () => Promise<void>;
};

let databases = 0;

export function createDevice(name: string): Device {
  let ids = 0;
  const now = () => new Date(TODAY);
  const newId = () => `${name}-${String(++ids).padStart(6, '0')}`;
  const { db, repositories, services } = sealedServices(`${name}-${++databases}-${Math.random()}`, { now, newId });
  const device: Device = {
    name,
    db,
    repositories,
    services,
    trust: () => repositories.trust(),
    connect: async () => ({ trust: await repositories.trust(), people: repositories.people, now, newId, origin: window.location.origin, fetcher: (input, init) => fetch(input, init) }),
    render: (hash, node = <App />) => {
      if (hash !== undefined) window.location.hash = hash;
      return render(
        <StrictMode>
          <ServicesProvider services={services}>{node}</ServicesProvider>
        </StrictMode>,
      );
    },
    close: async () => {
      db.close();
      await db.delete();
    },
  };
  return device;
}

/** Devices made in a test are closed after it (screens unmounted first, saves let finish). */
export function useDevices(): (name: string) => Device {
  const made: Device[] = [];
  afterEach(async () => {
    cleanup();
    await whenAllSaved();
    for (const device of made.splice(0)) await device.close();
    window.location.hash = '';
  });
  return (name) => {
    const device = createDevice(name);
    made.push(device);
    return device;
  };
}

export async function saveProfile(device: Device, profile: { name: string; jobRole: string }): Promise<void> {
  const saved = await (await device.trust()).profile.save(profile);
  if (!saved.ok) throw new Error(saved.message);
}

export async function addPerson(device: Device, person: { name: string; jobRole: string }): Promise<string> {
  const added = await device.repositories.people.add({ name: person.name, role: person.jobRole });
  if (!added.ok) throw new Error(added.message);
  return added.value.id;
}

/** The id and key of a connect link. */
export function linkParts(link: string): { shareId: string; key: string } {
  const match = /#\/connect\/([A-Za-z0-9_-]{22})\/([A-Za-z0-9_-]{43})$/.exec(link);
  if (!match?.[1] || !match[2]) throw new Error(`Not a connect link: ${link}`);
  return { shareId: match[1], key: match[2] };
}

/** Sarah's device with Tom as her supervisee, and Tom's device; both with their details entered unless `tomProfile` is false. */
export async function sarahAndTom(device: (name: string) => Device, { tomProfile = true }: { tomProfile?: boolean } = {}): Promise<{ sarah: Device; tom: Device; personId: string }> {
  const sarah = device('sarah');
  const tom = device('tom');
  await saveProfile(sarah, SARAH);
  if (tomProfile) await saveProfile(tom, TOM);
  const personId = await addPerson(sarah, TOM);
  return { sarah, tom, personId };
}

/** On Sarah's #/you: Tom's section, with his connection opened ("Connect Tom Smith’s device"). */
export async function openTomsConnection(user: UserEvent): Promise<HTMLElement> {
  const tomSection = await screen.findByRole('region', { name: /^Tom Smith/ });
  await user.click(within(tomSection).getByRole('button', { name: 'Connect Tom Smith’s device' }));
  return tomSection;
}

/** In a section offering it (Tom's on #/you, or an agreement's): makes the link for Tom's device; the link as shown, read-only. */
export async function makeLinkIn(user: UserEvent, section: HTMLElement): Promise<string> {
  await user.click(await within(section).findByRole('button', { name: 'Make a link for Tom Smith’s device' }));
  const link = (await within(section).findByRole('textbox', { name: copy.connect.devices.link })) as HTMLInputElement;
  expect(link).toHaveAttribute('readonly');
  return link.value;
}

/**
 * Sarah's and Tom's devices (as `sarahAndTom`), Sarah's app on #/you, and a link made there for Tom's
 * device: the rendered view, Tom's section and the link as shown.
 */
export async function linkMadeOnYou(device: (name: string) => Device, user: UserEvent, options: { tomProfile?: boolean } = {}) {
  const devices = await sarahAndTom(device, options);
  const view = devices.sarah.render('#/you');
  const section = await openTomsConnection(user);
  const link = await makeLinkIn(user, section);
  return { ...devices, view, section, link };
}

/** `device` answers a connect link through the protocol itself (as its screen's "Send" does); the connection it keeps. */
export async function answerLink(device: Device, link: string) {
  const opened = await openInvite(await device.connect(), linkParts(link));
  if (!opened.ok) throw new Error(opened.message);
  const answered = await answerInvite(await device.connect(), opened.value, { personId: null });
  if (!answered.ok) throw new Error(answered.message);
  return answered.value;
}

/**
 * Connects `other` with Sarah's device for `personId` through the protocol itself, without the
 * screens: Sarah's device invites, `other` answers, Sarah's device compares and pins `other`'s key.
 */
export async function connectThroughProtocol(sarah: Device, other: Device, personId: string): Promise<void> {
  const made = await invite(await sarah.connect(), { personId, otherParty: 'supervisee', agreementId: null });
  if (!made.ok) throw new Error(made.message);
  await answerLink(other, made.value.invite!.link);
  expect(await checkInvite(await sarah.connect(), made.value.id)).toMatchObject({ ok: true, value: { status: 'comparing' } });
  expect(await confirmConnection(await sarah.connect(), made.value.id)).toMatchObject({ ok: true });
}
