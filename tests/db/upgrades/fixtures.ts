/**
 * One fixture for every released database version: its stores (as db.ts declared them then) and
 * the rows a device of that version held. The rows are frozen (tests/fixtures/upgrades/rows.json:
 * a generated dataset as stored before sealing; see freeze.test.ts); a version holds the rows of
 * the tables it had. Versions 7 and later sealed every row at rest (the app lock); earlier ones
 * stored rows in the clear, sealed when the lock is first set up (client/db/vault.ts:
 * sealExistingRows).
 *
 * Adding a database version: add its entry here (its stores, and `rows` for any table it adds that
 * the frozen dataset does not fill). upgrades.test.ts then builds a device of every version,
 * opens it with the current SupervisionDB, and reads every row back.
 */
import frozen from '../../fixtures/upgrades/rows.json' with { type: 'json' };
import derbyTemplate from '../../../machines/templates/derby-derbyshire-appendix-3.template.json' with { type: 'json' };
import firstAgreement from '../../../machines/agreements/somerset-icb-contract.agreement.json' with { type: 'json' };
import firstModel from '../../../machines/models/4x4x4.model.json' with { type: 'json' };
import { storesV1, storesV2, storesV3, storesV4, storesV5, storesV6, storesV7, storesV8, storesV9, storesV10, storesV12, storesV13, storesV14, storesV15, storesV16 } from '../../../client/db/db.ts';

const ownTemplate = { ...derbyTemplate, id: 'riverside-record', title: 'Riverside Supervision Record' };
const ownAgreement = { ...firstAgreement, id: 'riverside-contract', title: 'Riverside contract' };
const ownModel = { ...firstModel, id: 'riverside-model', title: 'Riverside aide-memoire' };

export type UpgradeFixture = {
  version: number;
  stores: Readonly<Record<string, string>>;
  /** Rows beyond the frozen dataset's, by table (for a table the dataset leaves empty). */
  rows?: Readonly<Record<string, readonly Record<string, unknown>[]>>;
};

/** The first version whose rows are sealed at rest. */
export const FIRST_SEALED_VERSION = 7;


// Retention and backup reminders (issue 17): the tables version 15 added, which the frozen dataset leaves empty.
const retentionRows: UpgradeFixture['rows'] = {
  // In key order, as the table gives them back.
  settings: [
    { id: 'backupReminder', content: { version: 1, days: 14, signedRecords: 3 } },
    { id: 'lastBackup', content: { at: '2026-11-20T09:30:00.000Z' } },
    { id: 'retention', content: { version: 1, years: { session: 8 } } },
  ],
  departures: [{ personId: 'person-left-2019', updatedAt: '2026-11-01T10:00:00.000Z', content: { leftOn: '2019-07-31' } }],
  retentionHolds: [{ id: 'session:session-held', updatedAt: '2026-11-02T10:00:00.000Z', content: { reason: 'Subject to a child safeguarding practice review', reviewOn: '2027-11-02', decidedAt: '2026-11-02T10:00:00.000Z' } }],
  destructionLog: [
    {
      id: 'destruction-1',
      at: '2026-11-03T10:00:00.000Z',
      content: { version: 1, at: '2026-11-03T10:00:00.000Z', by: 'Sarah Jones', counts: { session: 2, agreement: 0, preparation: 1, groupSession: 0, practice: 0 }, dates: ['2012-03-01', '2012-04-05'], relayCopies: 1 },
    },
  ],
  pendingRevocations: [{ id: 'share-1', updatedAt: '2026-11-03T10:00:00.000Z', content: { shareId: 'share-1', revokeToken: 'revoke-token-1' } }],
};

export const upgradeFixtures: readonly UpgradeFixture[] = [
  { version: 1, stores: storesV1 },
  { version: 2, stores: storesV2 },
  { version: 3, stores: storesV3 },
  { version: 4, stores: storesV4 },
  { version: 5, stores: storesV5 },
  { version: 6, stores: storesV6 },
  { version: 7, stores: storesV7 },
  { version: 8, stores: storesV8 },
  { version: 9, stores: storesV9 },
  { version: 10, stores: storesV10 },
  // Version 11 was never released (left to another change).
  { version: 12, stores: storesV12 },
  { version: 13, stores: storesV13 },
  { version: 14, stores: storesV14 },
  {
    version: 15,
    stores: storesV15,
    // Retention and backup reminders (issue 17): the tables version 15 added, which the frozen dataset leaves empty.
    rows: retentionRows,
  },
  {
    version: 16,
    stores: storesV16,
    // Your organisation's own forms (issue 19): a saved template version, used by a session, and a
    // draft being written; an imported model; an agreement. Keys are random ids only. (Version 16
    // also indexed actions by person, status and due date: issue 17.) The rows of version 15 too.
    rows: {
      ...retentionRows,
      ownTemplates: [
        { id: 'own-row-1', updatedAt: '2026-12-01T09:00:00.000Z', content: { state: 'saved', item: ownTemplate, used: true, origin: 'made' } },
        { id: 'own-row-2', updatedAt: '2026-12-02T09:00:00.000Z', content: { state: 'draft', basedOn: 'own-row-1', draft: { title: 'Riverside Supervision Record (being revised)' } } },
      ],
      ownAgreements: [{ id: 'own-row-3', updatedAt: '2026-12-01T09:00:00.000Z', content: { state: 'saved', item: ownAgreement, used: false, origin: 'imported' } }],
      ownModels: [{ id: 'own-row-4', updatedAt: '2026-12-01T09:00:00.000Z', content: { state: 'saved', item: ownModel, used: false, origin: 'imported' } }],
    },
  },
];

/** The rows a device of this version held: the frozen dataset's rows of its tables, and its own. */
export function rowsOf(fixture: UpgradeFixture): Record<string, Record<string, unknown>[]> {
  const rows: Record<string, Record<string, unknown>[]> = {};
  for (const table of Object.keys(fixture.stores)) {
    const own = [...((frozen as Record<string, Record<string, unknown>[]>)[table] ?? []), ...(fixture.rows?.[table] ?? [])];
    if (own.length > 0) rows[table] = own;
  }
  return rows;
}
