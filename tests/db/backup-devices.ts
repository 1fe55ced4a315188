/**
 * For backup tests: sealed devices (each with its repositories and backup service, a fixed clock
 * and deterministic ids), a signed or in-progress Derby session made through the real machine,
 * and a device's backup exported and opened with a fast passphrase file. Every database made is
 * deleted after each test.
 */
import Dexie from 'dexie';
import { afterEach } from 'vitest';
import { createActor } from 'xstate';
import { Keyring } from '../../client/db/atRest.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories, type Repositories } from '../../client/db/repositories.ts';
import { createBackup } from '../../client/db/backup.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { derby, driveDerbyWithoutCases, signBoth } from '../machines/fixtures.ts';
import { createSession } from '../../client/live/create.ts';

export const fast = { iterations: 2_000, minimumIterations: 2_000 } as const;
export const fastOpen = { minimumIterations: 2_000 } as const;
export const PASS = 'backup passphrase';

export type BackupDevice = { name: string; db: SupervisionDB; repositories: Repositories; backup: ReturnType<typeof createBackup> };

export function useBackupDevices(prefix: string, now: () => Date = () => new Date('2026-11-22T10:00:00Z')) {
  const names: string[] = [];
  let ids = 0;
  afterEach(async () => {
    for (const name of names.splice(0)) await Dexie.delete(name);
  });
  return function device(): BackupDevice {
    const keyring = new Keyring();
    keyring.unlock(crypto.getRandomValues(new Uint8Array(32)));
    const name = `${prefix}-${Math.random()}`;
    names.push(name);
    const db = new SupervisionDB(name, { keyring });
    return { name, db, repositories: createRepositories(db, { now, newId: () => `id-${String(++ids).padStart(6, '0')}` }), backup: createBackup(db, { now, keyring }) };
  };
}

/** A Derby session for `personId` on `date`, left in progress. */
export async function inProgressSession(repositories: Repositories, personId: string, date = '2026-11-08'): Promise<string> {
  const template = derby();
  const created = await createSession(repositories, { template, sessionType: 'safeguarding-supervision', date, personId, supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' } });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

/** Drives a session to the end and signs it (one action agreed). */
export async function signSession(repositories: Repositories, sessionId: string, what = 'Send the chronology'): Promise<void> {
  const template = derby();
  const stored = (await repositories.sessions.get(sessionId))!;
  const restored = restoreSession(template, stored.record, await repositories.sessions.snapshot(sessionId));
  const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) }).start();
  driveDerbyWithoutCases(actor, { id: `act-${sessionId}`, what, owner: { kind: 'supervisee', name: '' }, dueDate: '2026-12-31', caseId: null });
  signBoth(actor);
  await repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  actor.stop();
}

/** The device's backup, sealed with PASS (the test fails if it cannot be made). */
export async function exportedFrom(device: BackupDevice): Promise<{ file: string; notIncluded: readonly { table: string; key: string; what: string }[] }> {
  const made = await device.backup.export(PASS, fast);
  if (!made.ok) throw new Error(made.message);
  return { file: made.value, notIncluded: made.notIncluded };
}

/** A backup file opened on a device (the test fails if it cannot be opened). */
export async function openedOn(device: BackupDevice, fileText: string) {
  const opened = await device.backup.open(fileText, PASS, fastOpen);
  if (!opened.ok) throw new Error(opened.message);
  return opened.value;
}

/** Flips one byte of a stored row's ciphertext, through a connection without the at-rest layer; gives the row as it is now stored. */
export async function flipByte(device: BackupDevice, table: string, key: unknown): Promise<unknown> {
  const raw = new SupervisionDB(device.name);
  try {
    const row = (await raw.table(table).get(key as string)) as { sealed: { ct: Uint8Array } };
    row.sealed.ct[Math.floor(row.sealed.ct.length / 2)]! ^= 0x01;
    await raw.table(table).put(row);
    return await raw.table(table).get(key as string);
  } finally {
    raw.close();
  }
}

/** A stored row as IndexedDB holds it (sealed). */
export async function storedRow(device: BackupDevice, table: string, key: unknown): Promise<unknown> {
  const raw = new SupervisionDB(device.name);
  try {
    return await raw.table(table).get(key as string);
  } finally {
    raw.close();
  }
}
