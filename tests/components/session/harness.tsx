/**
 * The real app for component tests: a real SupervisionDB on fake-indexeddb (one database
 * per test), the real repositories with a settable clock and counting ids, rendered through
 * ServicesProvider and App exactly as client/main.tsx composes them. Nothing of ours is mocked.
 */
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { StrictMode, type ReactNode } from 'react';
import { createActor } from 'xstate';
import { afterEach, beforeEach, expect, vi, type MockInstance } from 'vitest';
import { App } from '../../../client/app/App.tsx';
import { ServicesProvider, type Services } from '../../../client/app/services.tsx';
import { SupervisionDB } from '../../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../../client/db/repositories.ts';
import { createVault } from '../../../client/db/vault.ts';
import { createBackup } from '../../../client/db/backup.ts';
import { Keyring } from '../../../client/db/atRest.ts';
import { whenAllSaved } from '../../../client/live/saver.ts';
import { inputOf, restoreSession } from '../../../client/live/session.ts';
import type { SessionContentV1 } from '../../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../../machines/model/template.ts';
import { DERBY_HEADINGS } from '../../fixtures/policy-headings.ts';
import { derby, driveDerbyWithoutCases, signature, signBoth } from '../../machines/fixtures.ts';
import { createSession } from '../../../client/live/create.ts';

// Screens are lazy-loaded (React.lazy): the first import of a screen can take a while under Vitest.
configure({ asyncUtilTimeout: 5000 });
// Whole flows through the real app (many user events each) outlast the 5 s default on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

export const SUPERVISEE = { name: 'Val Visitor', role: 'Health Visitor' } as const;
export const SUPERVISOR = { name: 'Sam Supervisor', role: 'Named Nurse' } as const;
/** The date of the session under test; an earlier, signed session is dated before it. */
export const SESSION_DATE = '2026-11-22';
export const EARLIER_DATE = '2026-11-01';
export const EARLIER_ACTION = 'Request chronology from school nurse';

/** Derby's agenda, as its policy words it, in its order. */
export { DERBY_HEADINGS };

let databases = 0;

export type Harness = {
  db: SupervisionDB;
  repositories: Repositories;
  services: Services;
  /** Moves the clock on, so a later "Saved on this device at …" can be told from an earlier one. */
  setClock: (iso: string) => void;
  close: () => Promise<void>;
};

/**
 * A device's storage as the app opens it: the sealed database named `name` (unlocked with a random
 * key), the real repositories, and the services the screens are given, on `now` and `newId`.
 */
export function sealedServices(name: string, { now, newId }: { now: () => Date; newId: () => string }): { db: SupervisionDB; repositories: Repositories; services: Services } {
  const keyring = new Keyring();
  keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
  const db = new SupervisionDB(name, { keyring });
  const repositories = createRepositories(db, { now, newId });
  return { db, repositories, services: { repositories, vault: createVault(db, { now }), backup: createBackup(db, { now, keyring }), now, newId } };
}

export function createHarness(prefix: string): Harness {
  // The screens run over the sealed database, as in the app.
  let clock = new Date(`${SESSION_DATE}T10:00:00Z`);
  let ids = 0;
  const { db, repositories, services } = sealedServices(`${prefix}-${++databases}`, { now: () => new Date(clock), newId: () => `id-${String(++ids).padStart(6, '0')}` });
  return {
    db,
    repositories,
    services,
    setClock: (iso) => {
      clock = new Date(iso);
    },
    close: async () => {
      // Unmount first, then let any save still being written finish, so no screen is reading
      // or saving while the database (and, after the file's last test, the page) goes.
      cleanup();
      await whenAllSaved();
      db.close();
      await db.delete();
    },
  };
}

/**
 * For a test file: each test gets a fresh harness, closed after it with the URL fragment
 * cleared. Call at the top level of the file; `harness()` gives the current test's harness.
 */
export function useHarness(prefix: string): () => Harness {
  let current: Harness | undefined;
  beforeEach(() => {
    current = createHarness(prefix);
  });
  afterEach(async () => {
    await current?.close();
    current = undefined;
    window.location.hash = '';
  });
  return () => {
    if (!current) throw new Error('The harness exists only while a test runs');
    return current;
  };
}

/**
 * As useHarness, and before each test the supervisee is added and a Derby session created for
 * them (not yet opened); `sessionId()` gives its id.
 */
export function useDerbySession(prefix: string): { harness: () => Harness; sessionId: () => string } {
  const harness = useHarness(prefix);
  let current: string | undefined;
  beforeEach(async () => {
    current = await createDerbySession(harness(), await addSupervisee(harness()));
  });
  const sessionId = () => {
    if (current === undefined) throw new Error('The session is created in beforeEach');
    return current;
  };
  return { harness, sessionId };
}

/**
 * Renders the app at a route, as client/main.tsx does (StrictMode included); or, given `app`,
 * that in the app's place, with the same services.
 */
export function renderApp(harness: Harness, hash = '#/', app: ReactNode = <App />) {
  window.location.hash = hash;
  return render(
    <StrictMode>
      <ServicesProvider services={harness.services}>{app}</ServicesProvider>
    </StrictMode>,
  );
}

export async function addSupervisee(harness: Harness): Promise<string> {
  const added = await harness.repositories.people.add(SUPERVISEE);
  if (!added.ok) throw new Error(added.message);
  return added.value.id;
}

/** A Derby session created the way the start screen creates it. */
export async function createDerbySession(harness: Pick<Harness, 'repositories'>, personId: string, date = SESSION_DATE): Promise<string> {
  const created = await createSession(harness.repositories, {
    template: derby(),
    sessionType: 'safeguarding-supervision',
    date,
    personId,
    supervisor: { ...SUPERVISOR },
  });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

/** A saved session's actor as the app opens it: its record restored from its saved snapshot, started. */
export async function startSavedSession(harness: Pick<Harness, 'repositories'>, template: RecordTemplateV1, sessionId: string) {
  const stored = await harness.repositories.sessions.get(sessionId);
  if (!stored) throw new Error(`The session ${sessionId} was not saved`);
  const restored = restoreSession(template, stored.record, await harness.repositories.sessions.snapshot(sessionId));
  return createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
}

/** The due date of EARLIER_ACTION unless a test asks for another: after SESSION_DATE, so not overdue. */
export const EARLIER_ACTION_DUE = '2026-12-15';

/**
 * An earlier Derby session run through the real machine and signed by both, leaving one
 * open action (EARLIER_ACTION, due EARLIER_ACTION_DUE unless `dueDate` is given) for the next
 * session to review.
 */
export async function signEarlierSession(harness: Harness, personId: string, { dueDate = EARLIER_ACTION_DUE }: { dueDate?: string } = {}): Promise<void> {
  const template = derby();
  const actor = await startSavedSession(harness, template, await createDerbySession(harness, personId, EARLIER_DATE));
  driveDerbyWithoutCases(actor, { id: 'earlier-action-1', what: EARLIER_ACTION, owner: { kind: 'supervisee', name: '' }, dueDate, caseId: null });
  signBoth(actor, [signature('supervisor', `${EARLIER_DATE}T11:00:00.000Z`), signature('supervisee', `${EARLIER_DATE}T11:01:00.000Z`)]);
  const sealed = actor.getSnapshot().context.contentHash !== null;
  await harness.repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  actor.stop();
  if (!sealed) throw new Error('The earlier session was not sealed');
  const open = await harness.repositories.actions.openFor(personId);
  if (open.length !== 1) throw new Error(`Expected one open action, found ${open.length}`);
}

/** Opens a session in the app and waits for its first step. */
export async function openSession(harness: Harness, sessionId: string) {
  const view = renderApp(harness, `#/session/${sessionId}`);
  await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[0] });
  // The first save (of the restored actor) has finished before the test acts.
  await screen.findByText(/^Saved on this device at /);
  return view;
}

export function stepHeading(): HTMLElement {
  const heading = document.getElementById('step-heading');
  if (!heading) throw new Error('No step heading on screen');
  return heading;
}

export function recordPreview(): HTMLElement {
  return screen.getByRole('complementary', { name: 'The record so far' });
}

/** A section of the record preview, found by its heading. */
export function previewSection(name: string): HTMLElement {
  return within(recordPreview()).getByRole('region', { name });
}

export async function pressContinue(user: UserEvent): Promise<void> {
  await user.click(screen.getByRole('button', { name: 'Continue' }));
}

/** From the first step of a session with nothing to review, on to "Case discussion and reflections". */
export async function continueToCaseDiscussion(user: UserEvent): Promise<void> {
  for (const heading of DERBY_HEADINGS.slice(1, 4)) {
    await pressContinue(user);
    expect(await screen.findByRole('heading', { level: 2, name: heading })).toBeInTheDocument();
  }
}

/** On the case step: records that no case was discussed, so the agenda can move on. */
export async function recordNoCaseDiscussed(user: UserEvent, reason = 'Catch-up only'): Promise<void> {
  await user.click(screen.getByText('If no case is discussed, record why', { selector: 'span' }));
  await user.type(screen.getByRole('textbox', { name: 'If no case is discussed, record why' }), reason);
  await user.click(screen.getByRole('button', { name: 'Record that no case was discussed' }));
}

/** On the case step: starts discussing a case, which opens the cycle at Experience. */
export async function startCase(user: UserEvent, label: string): Promise<void> {
  await user.type(screen.getByRole('textbox', { name: 'Child or family' }), label);
  await user.click(screen.getByRole('button', { name: 'Discuss a case' }));
  expect(await screen.findByRole('heading', { level: 3, name: 'Experience — What happened?' })).toBeInTheDocument();
}

/** A practice just opened: begins it, moves through the Derby steps before the cases and starts discussing `label`. */
export async function beginPracticeAtCase(user: UserEvent, label: string): Promise<void> {
  await user.click(await screen.findByRole('button', { name: 'Begin the practice session' }));
  await screen.findByRole('heading', { level: 2, name: DERBY_HEADINGS[0] });
  for (const heading of DERBY_HEADINGS.slice(1, 4)) {
    await pressContinue(user);
    await screen.findByRole('heading', { level: 2, name: heading });
  }
  await startCase(user, label);
}

/** A session row's record as saved. */
export type SavedRecord = SessionContentV1;

/** The session row's record as saved, once `check` holds for it. */
export async function savedRecordWhen(harness: Harness, sessionId: string, check: (record: SavedRecord) => void): Promise<SavedRecord> {
  let found: SavedRecord | undefined;
  await waitFor(async () => {
    const row = await harness.db.sessions.get(sessionId);
    if (!row) throw new Error('No session row');
    check(row.content.record);
    found = row.content.record;
  });
  if (!found) throw new Error('unreachable');
  return found;
}

/**
 * For a test file whose screens draw signatures: jsdom reports its missing canvas on
 * console.error, and after each test nothing else may have been reported. Call at the top
 * level before useHarness or useDerbySession, so these hooks run outside the harness's: after
 * each test the harness is closed before what was reported is checked. Mocks and stubbed
 * globals are restored after each test.
 */
export function allowOnlyCanvasErrors(): void {
  let consoleError: MockInstance<typeof console.error>;
  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterEach(() => {
    for (const call of consoleError.mock.calls) expect(String(call[0])).toMatch(/Not implemented: HTMLCanvasElement/);
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
}

/**
 * jsdom has no canvas, so "Use my typed name as my signature" falls back to an
 * OffscreenCanvas. This stands in for that browser API (not for any of our modules).
 * Undo with vi.unstubAllGlobals().
 */
export function provideOffscreenCanvas(): void {
  const context = {
    font: '',
    fillStyle: '',
    textAlign: '',
    textBaseline: '',
    scale: () => undefined,
    fillRect: () => undefined,
    save: () => undefined,
    restore: () => undefined,
    fillText: () => undefined,
    measureText: () => ({ width: 10 }),
  };
  class StandInOffscreenCanvas {
    getContext() {
      return context;
    }
    convertToBlob() {
      return Promise.resolve(new Blob([new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10])], { type: 'image/png' }));
    }
  }
  vi.stubGlobal('OffscreenCanvas', StandInOffscreenCanvas);
}

/** Focus moves in an effect after a screen renders: waits for the element, then for it to have focus. */
export async function expectFocused(found: Promise<HTMLElement>): Promise<HTMLElement> {
  const element = await found;
  await waitFor(() => expect(element).toHaveFocus());
  return element;
}
