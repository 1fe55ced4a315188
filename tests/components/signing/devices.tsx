/**
 * Two devices for the remote-signing screens: the supervisor's (where the session runs) and the
 * supervisee's, each the real app over its own sealed SupervisionDB on fake-indexeddb, with the
 * real repositories and trust repositories; `fetch` answered by the real relay (useRelay in
 * ../relay.ts), whose clock a test can move on (to expire a link) and which a test can take down.
 * Each device's person is saved (`trust.profile.save`) and each pins the other's keys directly
 * (`trust.pins.confirm`), as the connect screens would once the safety numbers matched. One app is on screen at a time (the route is the page's one URL fragment).
 * Nothing of ours is mocked.
 */
import { cleanup, render, screen } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, beforeEach } from 'vitest';
import { App } from '../../../client/app/App.tsx';
import { ServicesProvider, type Services } from '../../../client/app/services.tsx';
import type { SupervisionDB } from '../../../client/db/db.ts';
import type { Repositories } from '../../../client/db/repositories.ts';
import type { TrustRepositories } from '../../../client/db/trustRepositories.ts';
import type { RemoteDeps } from '../../../client/trust/remoteSigning.ts';
import { whenAllSaved } from '../../../client/live/saver.ts';
import { derby, driveDerbyWithoutCases, signature } from '../../machines/fixtures.ts';
import { sendForSignature } from '../../../client/trust/remoteSigning.ts';
import { createDerbySession, sealedServices, SESSION_DATE, startSavedSession, SUPERVISEE, SUPERVISOR } from '../session/harness.tsx';
import { useRelay } from '../relay.ts';

export { SESSION_DATE, SUPERVISEE, SUPERVISOR };

export type Device = {
  name: string;
  db: SupervisionDB;
  repositories: Repositories;
  services: Services;
  trust: TrustRepositories;
  /** The protocol's dependencies as this device's screens make them (useTrust), for driving it directly. */
  remote: RemoteDeps;
  setClock: (iso: string) => void;
};

let databases = 0;

export async function createDevice(name: string): Promise<Device> {
  let clock = new Date(`${SESSION_DATE}T10:00:00Z`);
  let ids = 0;
  const now = () => new Date(clock);
  // Ids differ between the devices, as random ids would.
  const newId = () => `${name}-${String(++ids).padStart(6, '0')}`;
  const { db, repositories, services } = sealedServices(`signing-${name}-${++databases}`, { now, newId });
  const trust = await repositories.trust();
  // As useTrust makes them: the page's own fetch, at call time (the test's relay).
  const remote: RemoteDeps = { trust, repositories, now, newId, origin: window.location.origin, fetcher: (input, init) => fetch(input, init) };
  return {
    name,
    db,
    repositories,
    services,
    trust,
    remote,
    setClock: (iso) => {
      clock = new Date(iso);
    },
  };
}

/**
 * For a test file: before each test, two devices (the supervisor's `sam`, the supervisee's `val`)
 * with their people saved and, unless `connected` is false, each other's keys pinned for the
 * supervision of `personId` (added on Sam's device, as Val's device files it too); and `fetch`
 * routed to the relay. After each test, the screen is unmounted, saves finish and both databases go.
 */
export function useTwoDevices(options: { connected?: boolean } = {}) {
  const relay = useRelay();
  let devices: { sam: Device; val: Device; personId: string } | undefined;

  beforeEach(async () => {
    const sam = await createDevice('sam');
    const val = await createDevice('val');
    await sam.trust.profile.save({ name: SUPERVISOR.name, jobRole: SUPERVISOR.role });
    await val.trust.profile.save({ name: SUPERVISEE.name, jobRole: SUPERVISEE.role });
    const added = await sam.repositories.people.add(SUPERVISEE);
    if (!added.ok) throw new Error(added.message);
    const personId = added.value.id;
    if (options.connected !== false) await pinEachOther(sam, val, personId);
    devices = { sam, val, personId };
  });

  afterEach(async () => {
    cleanup();
    await whenAllSaved();
    for (const device of devices ? [devices.sam, devices.val] : []) {
      device.db.close();
      await device.db.delete();
    }
    devices = undefined;
    window.location.hash = '';
  });

  return {
    sam: () => required(devices).sam,
    val: () => required(devices).val,
    personId: () => required(devices).personId,
    relay: () => relay,
  };
}

function required<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('The devices exist only while a test runs');
  return value;
}

/** Each device pins the other's keys for the supervision, as confirming the safety number does. */
export async function pinEachOther(sam: Device, val: Device, personId: string): Promise<void> {
  const keysOf = async (device: Device) => ({ publicKey: (await device.trust.ownKey()).publicKey, encryptionKey: (await device.trust.ownEncryptionKey()).publicKey });
  const onSam = await sam.trust.pins.confirm({ personId, party: 'supervisee', name: SUPERVISEE.name, jobRole: SUPERVISEE.role, ...(await keysOf(val)), agreementId: null, replacing: null });
  const onVal = await val.trust.pins.confirm({ personId, party: 'supervisor', name: SUPERVISOR.name, jobRole: SUPERVISOR.role, ...(await keysOf(sam)), agreementId: null, replacing: null });
  if (!onSam.ok || !onVal.ok) throw new Error('The keys were not pinned');
}

export const ACTION = 'Send the chronology to the school nurse';

/** A Derby session on Sam's device, driven through the real machine to the signatures step, read through, and saved. */
export async function sessionReadyToSign(sam: Device, personId: string, { supervisorSigned = false }: { supervisorSigned?: boolean } = {}): Promise<string> {
  const template = derby();
  const sessionId = await createDerbySession(sam, personId);
  const actor = await startSavedSession(sam, template, sessionId);
  driveDerbyWithoutCases(actor, { id: 'action-000001', what: ACTION, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  actor.send({ type: 'record.readThrough' });
  if (supervisorSigned) actor.send({ type: 'signature.added', signature: signature('supervisor', `${SESSION_DATE}T10:30:00.000Z`) });
  await sam.repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  actor.stop();
  return sessionId;
}

/** Shows one device's app at a route (the other device's app, if shown, is unmounted first and its saves finished). */
export async function show(device: Device, hash: string) {
  cleanup();
  await whenAllSaved();
  window.location.hash = hash;
  return render(
    <StrictMode>
      <ServicesProvider services={device.services}>
        <App />
      </ServicesProvider>
    </StrictMode>,
  );
}

/** Sam's session at its signatures step, once its first save is done. */
export async function showSession(sam: Device, sessionId: string) {
  const view = await show(sam, `#/session/${sessionId}`);
  await screen.findByRole('heading', { level: 2, name: 'Signatures' });
  await screen.findByText(/^Saved on this device at /);
  return view;
}

export const shareIdOf = (link: string) => /#\/sign\/([A-Za-z0-9_-]{22})$/.exec(link)?.[1] ?? '';

/** Sends the saved session to Val's device with the protocol itself (as the session's "Send" does); answers the link. */
export async function sendDirectly(sam: Device, sessionId: string): Promise<string> {
  const stored = await sam.repositories.sessions.get(sessionId);
  if (!stored) throw new Error('No session');
  const sent = await sendForSignature(sam.remote, { template: stored.template, record: stored.record, role: 'supervisee', title: 'Supervisee' });
  if (!sent.ok) throw new Error(sent.message);
  return sent.value.outgoing.link;
}
