/**
 * Who signs on this device, and whose keys it trusts: this device's person (the profile) and
 * signing key, the keys pinned to the other parties of each supervision (with their history), and
 * the chain heads the other parties' devices reported. Only the repositories touch these tables.
 *
 * A pin is made only by `pins.confirm`, which the connect screens call once the person has said the
 * safety numbers match; a different key for a party already pinned is refused unless that change
 * itself was confirmed (`replacing`), and the pin it replaces is kept.
 */
import { readEach } from './damage.ts';
import { z } from 'zod';
import Dexie from 'dexie';
import {
  $ChainHeadV1,
  $PinV1,
  $ProfileV1,
  $PublicKeyV1,
  fingerprintOf,
  isKnown,
  pinChangeFor,
  publicKeyOf,
  sameKey,
  type ChainHeadV1,
  type KeyBook,
  type KeyTrust,
  type PinV1,
  type ProfileV1,
  type PublicKeyV1,
  type SenderV1,
} from '../../machines/model/trust.ts';
import type { SignatureRole } from '../../machines/model/record.ts';
import { $RecordSignatureV1 } from '../../machines/record/chain.ts';
import { ECDSA_P256, signText } from '../trust/signing.ts';
import { generateEncryptionKey } from '../trust/sealing.ts';
import type { SupervisionDB } from './db.ts';
import { storageCopy } from '../content/storageCopy.ts';
import { $ConnectionV1, $SignatureRequestRowV1, type ConnectionV1, type IncomingRequestV1, type OutgoingRequestV1, type SignatureRequestRowV1 } from '../trust/rows.ts';

export const DEVICE_KEY_ID = 'device-signing-key';
export const DEVICE_ENCRYPTION_KEY_ID = 'device-encryption-key';
const PROFILE_ID = 'me';
/** The details of the profile that may be left out. */
const optionalDetails = ['email', 'organisation', 'templateId', 'agreementTemplateId'] as const;
type OptionalDetail = (typeof optionalDetails)[number];

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * The profile table holds the person ('me') and, one row each ('key-' and the key's fingerprint), the
 * public signing keys of every device of theirs this database has known: this one's, and those a
 * restored backup brought from an earlier device (so the records that device sealed stay theirs).
 * One row a key, so restoring a backup adds keys without overwriting anything.
 */
const $OwnKeyContentV1 = z.strictObject({ publicKey: $PublicKeyV1 });
const ownKeyRowId = (key: PublicKeyV1) => `key-${fingerprintOf(key).replaceAll(' ', '')}`;
const $ChainHeadContentV1 = z.strictObject({ head: $ChainHeadV1, learnedAt: z.string(), fingerprint: z.string() });

export const trustMessages = { keyChanged: storageCopy.trust.keyChanged, notThisPerson: storageCopy.trust.notThisPerson } as const;

export function createTrustRepositories(db: SupervisionDB, { now, newId }: { now: () => Date; newId: () => string }) {
  /** A device key pair, made on first use; the private key can never be exported. */
  async function deviceKey(id: string, make: () => Promise<CryptoKeyPair>): Promise<{ privateKey: CryptoKey; publicKey: PublicKeyV1 }> {
    let row = await db.deviceKeys.get(id);
    if (!row) {
      const pair = await make();
      row = { id, createdAt: now().toISOString(), privateKey: pair.privateKey, publicKey: pair.publicKey };
      // Two tabs may race: the first written wins, and both then use it.
      await db.deviceKeys.add(row).catch(() => undefined);
      row = (await db.deviceKeys.get(id)) ?? row;
    }
    return { privateKey: row.privateKey, publicKey: publicKeyOf(await crypto.subtle.exportKey('jwk', row.publicKey)) };
  }
  /** This device's signing key (ECDSA P-256); its public half is listed among its person's keys. */
  let listed: string | null = null;
  async function ownKey(): Promise<{ privateKey: CryptoKey; publicKey: PublicKeyV1 }> {
    const key = await deviceKey(DEVICE_KEY_ID, () => crypto.subtle.generateKey(ECDSA_P256, false, ['sign', 'verify']));
    const id = ownKeyRowId(key.publicKey);
    if (listed !== id) {
      if (!(await db.profile.get(id))) await db.profile.put({ id, updatedAt: now().toISOString(), content: { publicKey: key.publicKey } });
      listed = id;
    }
    return key;
  }
  /** This device's encryption key (ECDH P-256): what other devices seal to it. */
  const ownEncryptionKey = () => deviceKey(DEVICE_ENCRYPTION_KEY_ID, generateEncryptionKey);

  /** Every signing key of this device's person: this device's and earlier devices'. */
  async function ownKeys(): Promise<PublicKeyV1[]> {
    const current = (await ownKey()).publicKey;
    const rows = await db.profile.where('id').startsWith('key-').toArray();
    const earlier = rows.flatMap((row) => {
      const parsed = $OwnKeyContentV1.safeParse(row.content);
      return parsed.success && !sameKey(parsed.data.publicKey, current) ? [parsed.data.publicKey] : [];
    });
    return [current, ...earlier];
  }

  async function allPins(): Promise<PinV1[]> {
    return readEach(db, 'pins', await db.pins.toArray(), (row) => $PinV1.parse(row.content));
  }

  const profile = {
    async get(): Promise<ProfileV1 | null> {
      const row = await db.profile.get(PROFILE_ID);
      if (!row) return null;
      const parsed = $ProfileV1.safeParse(row.content);
      if (!parsed.success) throw new Error(storageCopy.trust.detailsUnreadable);
      return parsed.data;
    },
    /**
     * Saves this device's person: who signs with its key. An optional detail (email, organisation,
     * default templates) saved before stays unless this save says otherwise ("" removes it).
     */
    async save(input: { name: string; jobRole: string } & Partial<Record<OptionalDetail, string>>): Promise<Result<ProfileV1>> {
      const stored = await profile.get().catch(() => null);
      const content: Record<string, string> = { name: input.name, jobRole: input.jobRole };
      for (const key of optionalDetails) {
        const value = (input[key] ?? stored?.[key] ?? '').trim();
        if (value) content[key] = value;
      }
      const parsed = $ProfileV1.safeParse(content);
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? storageCopy.trust.enterName };
      await ownKey();
      await db.profile.put({ id: PROFILE_ID, updatedAt: now().toISOString(), content: parsed.data });
      return { ok: true, value: parsed.data };
    },
  };

  /** Every key this device trusts, for the pure decisions in machines/model/trust.ts. */
  async function book(): Promise<KeyBook> {
    const [publicKeys, person, pins] = await Promise.all([ownKeys(), profile.get(), allPins()]);
    return { own: { publicKeys, name: person?.name ?? null }, pins };
  }

  const pins = {
    /** A supervision's pins, current first, then the replaced ones newest first. */
    async of(personId: string): Promise<PinV1[]> {
      const rows = await db.pins.where('personId').equals(personId).toArray();
      return readEach(db, 'pins', rows, (row) => $PinV1.parse(row.content))
        .sort((a, b) => (a.replacedAt === null ? -1 : b.replacedAt === null ? 1 : b.replacedAt.localeCompare(a.replacedAt)));
    },
    all: allPins,

    /**
     * Pins `publicKey` to `party` of the supervision of `personId`, as the person confirmed after
     * comparing safety numbers. The same key again changes nothing. A different key for a party
     * already pinned is refused unless `replacing` names the pin being replaced (the person saw the
     * change and confirmed it); the old pin is kept, marked replaced.
     */
    async confirm(input: {
      personId: string;
      party: SignatureRole;
      name: string;
      jobRole: string;
      publicKey: PublicKeyV1;
      encryptionKey: PublicKeyV1;
      agreementId: string | null;
      replacing: string | null;
    }): Promise<Result<PinV1>> {
      const key = $PublicKeyV1.parse(input.publicKey);
      const own = await ownKey();
      if (sameKey(own.publicKey, key)) return { ok: false, message: trustMessages.notThisPerson };
      return db.transaction('rw', db.pins, async (): Promise<Result<PinV1>> => {
        const existing = await pins.of(input.personId);
        const change = pinChangeFor(existing, input.personId, input.party, key);
        if (change.kind === 'same') return { ok: true, value: change.pin };
        if (change.kind === 'changed' && input.replacing !== change.previous.id) return { ok: false, message: trustMessages.keyChanged(change.previous.name) };
        const at = now().toISOString();
        const pin = $PinV1.parse({
          id: newId(),
          personId: input.personId,
          party: input.party,
          name: input.name,
          jobRole: input.jobRole,
          publicKey: key,
          encryptionKey: $PublicKeyV1.parse(input.encryptionKey),
          confirmedAt: at,
          agreementId: input.agreementId,
          replacedAt: null,
        });
        if (change.kind === 'changed') await db.pins.put({ id: change.previous.id, personId: input.personId, content: { ...change.previous, replacedAt: at } });
        await db.pins.add({ id: pin.id, personId: pin.personId, content: pin });
        return { ok: true, value: pin };
      });
    },
  };

  const heads = {
    /** This device's newest link of a supervisee's chain, and how long the chain is here. */
    async own(personId: string): Promise<ChainHeadV1 | null> {
      const range = db.recordSignatures.where('[personId+signedAt]').between([personId, Dexie.minKey], [personId, Dexie.maxKey]);
      const [last, length] = await Promise.all([range.clone().last(), range.clone().count()]);
      if (!last) return null;
      return { personId, link: $RecordSignatureV1.parse(last.content).link, length };
    },
    /** The newest head the other party's device reported (null when none has been learned). */
    async known(personId: string): Promise<ChainHeadV1 | null> {
      const row = await db.chainHeads.get(personId);
      const parsed = row ? $ChainHeadContentV1.safeParse(row.content) : null;
      return parsed?.success ? parsed.data.head : null;
    },
    /**
     * Keeps a head another device reported, only when what carried it was signed by a key this
     * device knows for that supervision (an unknown sender's claim is ignored), and only when it is
     * longer than the one already known (a device never forgets that a later record existed).
     */
    async learn(head: ChainHeadV1, sender: KeyTrust): Promise<void> {
      if (!isKnown(sender) || sender.kind === 'own') return;
      const checked = $ChainHeadV1.parse(head);
      await db.transaction('rw', db.chainHeads, async () => {
        const known = await heads.known(checked.personId);
        if (known && known.length >= checked.length) return;
        await db.chainHeads.put({ personId: checked.personId, updatedAt: now().toISOString(), content: { head: checked, learnedAt: now().toISOString(), fingerprint: sender.fingerprint } });
      });
    },
  };

  /** Key exchanges under way or done (the connect screens resume from these). */
  const connections = {
    async get(id: string): Promise<ConnectionV1 | undefined> {
      const row = await db.connections.get(id);
      return row ? $ConnectionV1.parse(row.content) : undefined;
    },
    async put(connection: ConnectionV1): Promise<void> {
      const checked = $ConnectionV1.parse(connection);
      await db.connections.put({ id: checked.id, status: checked.status, updatedAt: checked.updatedAt, content: checked });
    },
    /** A supervision's connections, newest first. */
    async of(personId: string): Promise<ConnectionV1[]> {
      const rows = await db.connections.toArray();
      return readEach(db, 'connections', rows, (row) => $ConnectionV1.parse(row.content)).filter((c) => c.personId === personId).sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    },
  };

  /** Requests for signatures, sent from here or received here. */
  const requests = {
    async get(requestId: string): Promise<SignatureRequestRowV1 | undefined> {
      const row = await db.signatureRequests.get(requestId);
      return row ? $SignatureRequestRowV1.parse(row.content) : undefined;
    },
    async put(request: SignatureRequestRowV1): Promise<void> {
      const checked = $SignatureRequestRowV1.parse(request);
      const updatedAt = now().toISOString();
      await db.signatureRequests.put({ id: checked.requestId, sessionId: checked.sessionId, direction: checked.direction, status: checked.status, updatedAt, content: checked });
    },
    /** The outgoing requests of a session, newest first. */
    async outgoingFor(sessionId: string): Promise<OutgoingRequestV1[]> {
      const rows = await db.signatureRequests.where('sessionId').equals(sessionId).toArray();
      return readEach(db, 'signatureRequests', rows, (row) => $SignatureRequestRowV1.parse(row.content))
        .filter((r): r is OutgoingRequestV1 => r.direction === 'outgoing')
        .sort((a, b) => b.sentAt.localeCompare(a.sentAt));
    },
    /** Records received to sign here that are not yet sealed, newest first. */
    async incomingOpen(): Promise<IncomingRequestV1[]> {
      const rows = await db.signatureRequests.where('direction').equals('incoming').toArray();
      return readEach(db, 'signatureRequests', rows, (row) => $SignatureRequestRowV1.parse(row.content))
        .filter((r): r is IncomingRequestV1 => r.direction === 'incoming' && r.status !== 'sealed')
        .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
    },
    /** The record received here through the link `#/sign/<shareId>`, whatever its status (a sealed one too). */
    async incomingByShare(shareId: string): Promise<IncomingRequestV1 | undefined> {
      const rows = await db.signatureRequests.where('direction').equals('incoming').toArray();
      return readEach(db, 'signatureRequests', rows, (row) => $SignatureRequestRowV1.parse(row.content)).find((r): r is IncomingRequestV1 => r.direction === 'incoming' && r.shareId === shareId);
    },
  };

  return {
    connections,
    requests,
    ownKey,
    ownKeys,
    ownEncryptionKey,
    profile,
    book,
    pins,
    heads,
    /** This device's person as another device sees them: name, job role and both public keys (null without a profile). */
    async sender(): Promise<SenderV1 | null> {
      const person = await profile.get();
      if (!person) return null;
      const [key, encryption] = await Promise.all([ownKey(), ownEncryptionKey()]);
      return { name: person.name, jobRole: person.jobRole, publicKey: key.publicKey, encryptionKey: encryption.publicKey };
    },
    /** Signs text with this device's key, for its own person. */
    async sign(text: string): Promise<{ publicKey: PublicKeyV1; signature: string }> {
      const key = await ownKey();
      return { publicKey: key.publicKey, signature: await signText(key.privateKey, text) };
    },
    /** This device's key's fingerprint, as the connect screens and the profile show it. */
    async fingerprint(): Promise<string> {
      return fingerprintOf((await ownKey()).publicKey);
    },
  };
}

export type TrustRepositories = ReturnType<typeof createTrustRepositories>;
