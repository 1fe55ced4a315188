/**
 * Writes tests/fixtures/upgrades/rows.json: realistic rows (a small generated dataset, every table
 * it fills) as this code stores them before sealing. Run once when a version adds a table whose
 * rows the fixtures should carry (`npx tsx tests/db/upgrades/freeze.ts`); the file is committed
 * and never regenerated for an old version's sake: the fixtures of versions 1–14 read it as frozen.
 */
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { SupervisionDB } from '../../../client/db/db.ts';
import { createRepositories } from '../../../client/db/repositories.ts';
import { generateDataset } from '../../bench/dataset.ts';
import { it } from 'vitest';

it.runIf(process.env['FREEZE_UPGRADE_ROWS'] === '1')('freezes the upgrade fixtures\' rows', async () => {

const db = new SupervisionDB(`freeze-${Date.now()}`);
let n = 0;
const repositories = createRepositories(db, { now: () => new Date('2026-11-22T10:00:00Z'), newId: () => `id-${String(++n).padStart(6, '0')}` });
await generateDataset(repositories, { seed: 17, size: { supervisees: 2, sessionsPerSupervisee: 2, casesPerSession: 2, actionsPerSession: 2, groupSessions: 1 } });
const rows: Record<string, unknown[]> = {};
for (const table of db.tables) {
  if (table.name === 'deviceKeys' || table.name === 'recordSignatures') continue; // CryptoKeys; signatures made by this device's keys
  const all = await table.toArray();
  if (all.length > 0) rows[table.name] = all;
}
writeFileSync(new URL('../../fixtures/upgrades/rows.json', import.meta.url), `${JSON.stringify(rows, null, 1)}\n`);
console.log(Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])));
db.close();
});
