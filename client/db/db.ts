/**
 * The device's database. Keys and indexes hold only opaque ids, dates and statuses —
 * never names or case labels — because every row's `content` is to be encrypted at rest
 * (it is the only field that may hold personal data). Repositories are the only code that
 * touches these tables.
 */
import Dexie, { type EntityTable } from 'dexie';
import { atRestMiddleware, type Keyring } from './atRest.ts';
import { sealWith } from './atRestBulk.ts';
import { durabilityMiddleware } from './durability.ts';
import { guardConnection } from './databaseFaults.ts';
import { createDamageRegister, type DamageRegister } from './damage.ts';
import type { VaultV1 } from './vault.ts';
import type { AmendmentV1 } from '../../machines/record/amendment.ts';
import type { ChildRecordChoicesV1 } from '../../machines/record/childRecordChoices.ts';
import type {
  ActionV1,
  CaseDiscussionV1,
  PersonV1,
  ReviewOutcome,
  SessionContentV1,
  SignatureV1,
} from '../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import type { PreparationV1 } from '../../machines/model/preparation.ts';
import type { GroupSessionContentV1, GroupV1 } from '../../machines/model/group.ts';
import type { SnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';
import type { AgreementV1 } from '../../machines/model/agreement.ts';
import type { FrequencyRuleV1 } from '../../machines/compliance/frequency.ts';
import type { AppointmentV1 } from '../../machines/compliance/schedule.ts';

export type PersonRow = { id: string; updatedAt: string; content: Omit<PersonV1, 'id'> };

/**
 * 'copy': a record restored from a backup that differed from this device's record of the same id,
 * kept beside it under an id of its own (see RestoredCopyV1). Never resumed, signed, amended or
 * counted: no derived rows, no case index, no place in the supervisee's chain.
 */
export type SessionStatus = 'inProgress' | 'signed' | 'copy';

/** What marks a copy restored from a backup: which record it differs from, from which backup, and what travelled with it. */
export type RestoredCopyV1 = {
  /** The id of the record on this device it differs from (the copy's record keeps that id inside, so its seal still verifies). */
  of: string;
  /** When the backup it came from was made (ISO instant). */
  backupCreatedAt: string;
  restoredAt: string;
  /** Its status in the backup. */
  status: 'inProgress' | 'signed';
  /** Its device signature and child-record entry choices in the backup, kept as they were (never in this device's chain). */
  recordSignature?: unknown;
  childRecordChoices?: unknown;
};
export type SessionRow = {
  id: string;
  personId: string;
  status: SessionStatus;
  /** The date the supervision took place (YYYY-MM-DD). */
  date: string;
  updatedAt: string;
  content: {
    /** The template as it was when the session ran, so the record always renders as signed. */
    template: RecordTemplateV1;
    record: SessionContentV1;
    /** Copies of the reflective models its cases used that are not shipped (see repositories.ts). */
    models?: ReflectiveModelV1[];
    /** Only on a copy restored from a backup (status 'copy'). */
    restoredCopy?: RestoredCopyV1;
  };
};

export type CaseRow = { id: string; sessionId: string; personId: string; content: CaseDiscussionV1 };

/** An action's status across sessions: draft until its session is signed, then open until reviewed. */
export type ActionStatus = 'draft' | 'open' | 'done' | 'notDone';
export type ActionReviewEntry = { sessionId: string; date: string; outcome: ReviewOutcome; reason: string; newDueDate: string };
export type ActionRow = {
  id: string;
  sessionId: string;
  personId: string;
  status: ActionStatus;
  dueDate: string;
  content: { action: ActionV1; raisedOn: string; caseLabel: string | null; ownerLabel: string; reviews: ActionReviewEntry[] };
};

export type SignatureRow = { id: string; sessionId: string; signedAt: string; content: SignatureV1 };
export type SnapshotRow = { sessionId: string; savedAt: string; envelope: SnapshotEnvelopeV1 };
export type AmendmentRow = { id: string; sessionId: string; madeAt: string; content: AmendmentV1 };

/** A supervisee's preparation: a draft until brought into a session (then it records which). */
export type PreparationStatus = 'draft' | 'brought';
export type PreparationRow = {
  id: string;
  personId: string;
  status: PreparationStatus;
  updatedAt: string;
  broughtInto: string | null;
  content: PreparationV1;
};

export { databaseName } from './databaseName.ts';
import { databaseName } from './databaseName.ts';

/** Version 1 of the stores. Never edit a version: add the next one below it (see README). */
export const storesV1 = {
  people: 'id, updatedAt',
  sessions: 'id, personId, status, date, updatedAt, [personId+date]',
  cases: 'id, sessionId, personId',
  actions: 'id, sessionId, personId, status, dueDate, [personId+status]',
  signatures: 'id, sessionId',
  snapshots: 'sessionId',
  amendments: 'id, sessionId, madeAt',
} as const;

/** Version 2 adds supervisees' preparations. */
export const storesV2 = { ...storesV1, preparations: 'id, personId, status, updatedAt, [personId+status]' } as const;

/** Version 3 adds supervision groups and their sessions. */
export const storesV3 = { ...storesV2, groups: 'id, updatedAt', groupSessions: 'id, groupId, status, date, updatedAt' } as const;

/** Version 4 adds supervision agreements. */
export const storesV4 = { ...storesV3, agreements: 'id, personId, status, reviewDue, updatedAt' } as const;

/** Version 5 adds supervision appointments and each supervisee's frequency rule. */
export const storesV5 = { ...storesV4, appointments: 'id, personId, date, status, updatedAt', frequencyRules: 'personId' } as const;

/** Version 6 adds practice sessions (training, kept apart from real records) and scenarios a trainer imported. */
export const storesV6 = { ...storesV5, practiceSessions: 'id, status, updatedAt', practiceScenarios: 'id, updatedAt' } as const;

/** Version 7 adds the app lock's vault (a salt and the wrapped data key) and this device's signing keys. */
export const storesV7 = { ...storesV6, vault: 'id', deviceKeys: 'id' } as const;

/** Version 8 adds each sealed record's device signature and chain link (keys: the session, the supervisee's id, when). */
export const storesV8 = { ...storesV7, recordSignatures: 'sessionId, personId, signedAt' } as const;

/** Version 9 indexes each supervisee's signatures in signing order, so the chain's last link is found at once. */
export const storesV9 = { ...storesV8, recordSignatures: 'sessionId, personId, signedAt, [personId+signedAt]' } as const;

/**
 * Version 10, for a decade of records: sessions by supervisee, status and date, and by status and
 * date (the latest signed records, a supervisee's last signed session, read from the index alone);
 * appointments by supervisee and date or status (cancelled ones without reading the rest); and
 * each supervisee's case index (sealed like any row; keyed by the supervisee's opaque id only).
 */
export const storesV10 = {
  ...storesV9,
  sessions: 'id, personId, status, date, updatedAt, [personId+date], [personId+status+date], [status+date]',
  appointments: 'id, personId, date, status, updatedAt, [personId+date], [personId+status]',
  caseIndex: 'personId',
} as const;

/**
 * Version 12 (11 is left to another change): the supervisees whose rows derived from their session
 * records (cases, actions, signatures) are not all written yet: a restore of a version 3 backup
 * writes the records first and those rows after (client/db/derivedRows.ts). Keyed by the opaque
 * person id only; the repositories rebuild a marked supervisee's rows before reading them.
 */
export const storesV12 = { ...storesV10, derivedPending: 'personId' } as const;
/**
 * Version 13 (issue 15): who signs on this device and whose keys it has pinned. `profile`: this
 * device's own person (one row, 'me'); `pins`: keys pinned to the parties of a supervision (keyed by
 * an opaque id, indexed by the supervisee's opaque id); `chainHeads`: the newest link of a
 * supervisee's chain that the other party's device said it holds; `signatureRequests`: records sent
 * to be signed on the other party's device, and those received to sign here (by the session's opaque
 * id, direction and status); `connections`: key exchanges under way. All sealed; keys hold no names.
 */
export const storesV13 = {
  ...storesV12,
  profile: 'id',
  pins: 'id, personId',
  chainHeads: 'personId',
  signatureRequests: 'id, sessionId, direction, status, updatedAt',
  connections: 'id, status, updatedAt',
} as const;

/**
 * Version 14 (issue 16): what each child-record entry of a signed session carries beyond its
 * default (the supervisee's account or reflection, chosen case by case on the record screen).
 * One row a session, keyed by its opaque id, the choices sealed in `content` like any record.
 * Apart from the signed record, which never changes, and from amendments, which change what the
 * record says: this changes only what is copied out of it.
 */
export const storesV14 = { ...storesV13, childRecordChoices: 'sessionId' } as const;

/**
 * Version 15 (issue 17, points 7 and 8: retention and backup reminders). `settings`: small rows by
 * a fixed name ('retention': periods a user set; 'backupReminder': when to remind; 'lastBackup':
 * when the last backup was made here); `departures`: a supervisee who has left (keyed by their
 * opaque id; the date they left is sealed); `retentionHolds`: a record kept past its period (keyed
 * by its kind and opaque id, e.g. 'session:…'); `destructionLog`: what was destroyed (counts and
 * dates, never content; indexed by when); `pendingRevocations`: relay copies of destroyed records
 * still to delete when the relay is reached again. All sealed; keys hold no names.
 */
export const storesV15 = {
  ...storesV14,
  settings: 'id',
  departures: 'personId',
  retentionHolds: 'id',
  destructionLog: 'id, at',
  pendingRevocations: 'id',
} as const;
/**
 * Version 16: an organisation's own forms, made in the app or imported from a file (issue 19):
 * record templates, agreements and reflective models. One row per saved version (or per draft
 * being written), keyed by a random id; the item's id, title and organisation are in the sealed
 * `content`, never in a key or an index (they can name the organisation or a person).
 *
 * And open and overdue actions counted from an index alone (issue 17: the dashboard's p95). The
 * dashboard read every open action's sealed row for each supervisee to count two numbers; the index
 * holds the person's id, the status and the due date, all already clear on the row (no new personal
 * data in a key).
 */
export const storesV16 = {
  ...storesV15,
  actions: 'id, sessionId, personId, status, dueDate, [personId+status], [personId+status+dueDate]',
  ownTemplates: 'id, updatedAt',
  ownAgreements: 'id, updatedAt',
  ownModels: 'id, updatedAt',
} as const;
/** An own template, agreement or model: `content` is client/db/ownRows.ts's $OwnRowContent. */
export type OwnRow = { id: string; updatedAt: string; content: unknown };

export type SettingRow = { id: string; updatedAt: string; content: unknown };
export type DepartureRow = { personId: string; updatedAt: string; content: unknown };
export type RetentionHoldRow = { id: string; updatedAt: string; content: unknown };
export type DestructionLogRow = { id: string; at: string; content: unknown };
export type PendingRevocationRow = { id: string; updatedAt: string; content: unknown };

/** `restoreId`: which restore marked them (a restore writes their rows only while its own mark is there). */
export type DerivedPendingRow = { personId: string; markedAt: string; restoreId: string };

/**
 * Where each case label was discussed in a supervisee's signed records: derived from the records
 * (rebuilt when missing), so search reads one small sealed row a supervisee instead of every case.
 * Entries are [label, sessionId, date of the session].
 */
export type CaseIndexEntry = [label: string, sessionId: string, date: string];
export type CaseIndexRow = { personId: string; updatedAt: string; content: { version: 1; entries: CaseIndexEntry[] } };

export type GroupRow = { id: string; updatedAt: string; content: GroupV1 };
export type GroupSessionStatus = 'open' | 'closed';
export type GroupSessionRow = { id: string; groupId: string; status: GroupSessionStatus; date: string; updatedAt: string; content: GroupSessionContentV1 };

/** An agreement: a draft until both have signed, then sealed and never rewritten. `reviewDue` is '' until sealed. */
export type AgreementStatusRow = 'draft' | 'sealed';
export type AgreementRow = { id: string; personId: string; status: AgreementStatusRow; reviewDue: string; updatedAt: string; content: AgreementV1 };

/** An appointment: the keys are its id, the supervisee's id, its date and status; the rest is in `content`. */
export type AppointmentStatusRow = AppointmentV1['status'];
export type AppointmentRow = { id: string; personId: string; date: string; status: AppointmentStatusRow; updatedAt: string; content: AppointmentV1 };

/** How often a supervisee needs supervision: the rule, and the preset it came from (null when custom). */
export type FrequencyRuleRow = { personId: string; updatedAt: string; content: { rule: FrequencyRuleV1; presetId: string | null } };

/** A practice session: training only. Never a supervision record, never on the dashboard, never a child summary. */
export type PracticeStatusRow = 'briefing' | 'practising' | 'finished';
export type PracticeSessionRow = { id: string; status: PracticeStatusRow; updatedAt: string; content: unknown };
/** A scenario a trainer imported (the shipped ones are files); its id is the scenario's own, never a person's. */
export type PracticeScenarioRow = { id: string; updatedAt: string; content: unknown };

/** The vault row: never sealed (it is what unseals everything else). */
export type VaultRow = VaultV1;
/** A device key: a non-extractable CryptoKey pair (stored as IndexedDB allows), never sealed. */
export type DeviceKeyRow = { id: string; createdAt: string; privateKey: CryptoKey; publicKey: CryptoKey };

/** A record's device signature: the content (signature, link, public key) is sealed like any record. */
export type RecordSignatureRow = { sessionId: string; personId: string; signedAt: string; content: unknown };

/** This device's own person (id 'me'). */
export type ProfileRow = { id: string; updatedAt: string; content: unknown };
/** A key pinned to a party of a supervision (see machines/model/trust.ts). */
export type PinRow = { id: string; personId: string; content: unknown };
/** The other party's chain head for a supervisee. */
export type ChainHeadRow = { personId: string; updatedAt: string; content: unknown };
export type SignatureRequestDirection = 'outgoing' | 'incoming';
export type SignatureRequestRow = { id: string; sessionId: string; direction: SignatureRequestDirection; status: string; updatedAt: string; content: unknown };
export type ConnectionRow = { id: string; status: string; updatedAt: string; content: unknown };
/** A signed session's child-record entry choices (machines/record/childSummary.ts: $ChildRecordChoicesV1). */
export type ChildRecordChoicesRow = { sessionId: string; updatedAt: string; content: ChildRecordChoicesV1 };

export class SupervisionDB extends Dexie {
  people!: EntityTable<PersonRow, 'id'>;
  sessions!: EntityTable<SessionRow, 'id'>;
  cases!: EntityTable<CaseRow, 'id'>;
  actions!: EntityTable<ActionRow, 'id'>;
  signatures!: EntityTable<SignatureRow, 'id'>;
  snapshots!: EntityTable<SnapshotRow, 'sessionId'>;
  amendments!: EntityTable<AmendmentRow, 'id'>;
  preparations!: EntityTable<PreparationRow, 'id'>;
  groups!: EntityTable<GroupRow, 'id'>;
  groupSessions!: EntityTable<GroupSessionRow, 'id'>;
  agreements!: EntityTable<AgreementRow, 'id'>;
  appointments!: EntityTable<AppointmentRow, 'id'>;
  frequencyRules!: EntityTable<FrequencyRuleRow, 'personId'>;
  practiceSessions!: EntityTable<PracticeSessionRow, 'id'>;
  practiceScenarios!: EntityTable<PracticeScenarioRow, 'id'>;
  vault!: EntityTable<VaultRow, 'id'>;
  deviceKeys!: EntityTable<DeviceKeyRow, 'id'>;
  recordSignatures!: EntityTable<RecordSignatureRow, 'sessionId'>;
  caseIndex!: EntityTable<CaseIndexRow, 'personId'>;
  derivedPending!: EntityTable<DerivedPendingRow, 'personId'>;
  profile!: EntityTable<ProfileRow, 'id'>;
  pins!: EntityTable<PinRow, 'id'>;
  chainHeads!: EntityTable<ChainHeadRow, 'personId'>;
  signatureRequests!: EntityTable<SignatureRequestRow, 'id'>;
  connections!: EntityTable<ConnectionRow, 'id'>;
  childRecordChoices!: EntityTable<ChildRecordChoicesRow, 'sessionId'>;
  settings!: EntityTable<SettingRow, 'id'>;
  departures!: EntityTable<DepartureRow, 'personId'>;
  retentionHolds!: EntityTable<RetentionHoldRow, 'id'>;
  destructionLog!: EntityTable<DestructionLogRow, 'id'>;
  pendingRevocations!: EntityTable<PendingRevocationRow, 'id'>;
  ownTemplates!: EntityTable<OwnRow, 'id'>;
  ownAgreements!: EntityTable<OwnRow, 'id'>;
  ownModels!: EntityTable<OwnRow, 'id'>;

  /**
   * `keyring`: with one, every row but the vault's and device keys is sealed at rest (the app
   * always passes one). Without, rows are stored as they are: storage tests of each feature.
   */
  readonly #keyring: Keyring | null;

  /** Rows read here that could not be opened (damaged at rest, or refused by their schema): see damage.ts. */
  readonly damage: DamageRegister = createDamageRegister();

  constructor(name: string = databaseName, options: { keyring?: Keyring } = {}) {
    super(name);
    this.#keyring = options.keyring ?? null;
    if (options.keyring) this.use(atRestMiddleware(options.keyring, this.damage));
    // Signing, sealing and restore commit strictly (storageFaults.ts: `strictly`); the rest relaxed.
    this.use(durabilityMiddleware());
    this.version(1).stores(storesV1);
    this.version(2).stores(storesV2);
    this.version(3).stores(storesV3);
    this.version(4).stores(storesV4);
    this.version(5).stores(storesV5);
    this.version(6).stores(storesV6);
    this.version(7).stores(storesV7);
    this.version(8).stores(storesV8);
    this.version(9).stores(storesV9);
    this.version(10).stores(storesV10);
    this.version(12).stores(storesV12);
    this.version(13).stores(storesV13);
    this.version(14).stores(storesV14);
    this.version(15).stores(storesV15);
    this.version(16).stores(storesV16);
    // A newer database is never used; another tab's upgrade waits for this tab's last saves,
    // then this connection closes and the app asks to reload (databaseFaults.ts).
    guardConnection(this);
  }

  /**
   * A row as the at-rest layer stores it (sealed with the keyring; as it is without one), for a
   * write made on the native connection (`backendDB()`) rather than through Dexie: only
   * `sessions.saveAnswer`. Sealed with WebCrypto under the keyring's key, so the cipher runs on
   * the browser's own thread while the page goes on (the same seal the middleware makes with its
   * synchronous cipher: see atRestBulk.ts); the transaction is opened once the row is sealed.
   */
  async storedForm(table: string, row: Record<string, unknown>): Promise<unknown> {
    if (!this.#keyring) return row;
    const schema = this.core.schema.tables.find((t) => t.name === table);
    if (!schema) throw new Error(`No table ${table}`);
    // Once the key is made (the first save), the cipher is asked for at once, within the keystroke.
    return sealWith(this.#keyring.webCryptoKeyNow() ?? (await this.#keyring.webCryptoKey()), schema, row);
  }
}
