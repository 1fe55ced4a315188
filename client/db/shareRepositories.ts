/**
 * Sharing: a signed record (or a preparation) as it goes in a link, and a received record's
 * arrival here. Everything it writes goes through the other repositories' own writes.
 */
import { $PersonV1, type PersonV1 } from '../../machines/model/record.ts';
import type { PreparationV1 } from '../../machines/model/preparation.ts';
import type { SenderV1 } from '../../machines/model/trust.ts';
import { $AmendmentV1 } from '../../machines/record/amendment.ts';
import type { ShareContent, SharePayloadV1 } from '../share/share.ts';
import type { SupervisionDB } from './db.ts';
import type { SessionRepositories } from './sessionRepositories.ts';
import type { createSignatureRepositories } from './signatureRepositories.ts';
import type { TrustRepositories } from './trustRepositories.ts';

type Deps = {
  now: () => Date;
  people: { get: (id: string) => Promise<PersonV1 | undefined> };
  sessions: Pick<SessionRepositories['sessions'], 'get' | 'amendments' | 'save'>;
  signatures: Pick<ReturnType<typeof createSignatureRepositories>, 'sign' | 'get' | 'keep'>;
  trust: () => Promise<TrustRepositories>;
};

export function createShareRepositories(db: SupervisionDB, { now, people, sessions, signatures, trust: trustModule }: Deps) {
  /** A signed record as it travels to the other party's device, and its arrival there. */
  /** This device's person as a sender (null without a profile: what they send then says nobody sent it). */
  async function senderHere(): Promise<{ trust: TrustRepositories; from: SenderV1 } | null> {
    const trust = await trustModule();
    const from = await trust.sender();
    return from ? { trust, from } : null;
  }

  const shares = {
    /** A signed record as it goes in a link: signed by this device's person with their chain head (version 2), or, without a profile, version 1. */
    async payload(sessionId: string): Promise<ShareContent | undefined> {
      const plain = await shares.recordPayload(sessionId);
      if (!plain) return undefined;
      const sender = await senderHere();
      if (!sender) return plain;
      const head = await sender.trust.heads.own(plain.record.parties.supervisee.personId);
      const { signEnvelope } = await import('../trust/signing.ts');
      return signEnvelope({ ...plain, version: 2 as const, from: sender.from, chainHead: head }, await sender.trust.ownKey());
    },
    /** The record, its amendments and its chain signature, as they are imported. */
    async recordPayload(sessionId: string): Promise<SharePayloadV1 | undefined> {
      const stored = await sessions.get(sessionId);
      if (!stored || stored.row.status !== 'signed') return undefined;
      await signatures.sign(sessionId);
      const signature = await signatures.get(sessionId);
      if (!signature) return undefined;
      return { format: 'safeguarding-supervision/share', version: 1, kind: 'record', template: stored.template, record: stored.record, amendments: await sessions.amendments(sessionId), signature, ...(stored.models ? { models: stored.models } : {}) };
    },
    /** A preparation as it goes in a link: only what is marked to bring, signed by this device's person (version 2) when it has one. */
    async preparationPayload(personId: string, preparation: PreparationV1): Promise<ShareContent> {
      // Loaded on first use, as the rest of sharing is.
      const [{ preparationShare }, { signEnvelope }] = await Promise.all([import('../share/share.ts'), import('../trust/signing.ts')]);
      const plain = preparationShare(preparation);
      const sender = await senderHere();
      if (!sender) return plain;
      return signEnvelope({ ...plain, version: 2 as const, from: sender.from, personId }, await sender.trust.ownKey());
    },

    /**
     * Imports a received, verified record: the supervisee (if new here), the sender's signature,
     * the record (with its actions, as if signed here) and its amendments. Importing it again
     * changes nothing; a different record already here under the same id is kept as it is.
     */
    async import(payload: SharePayloadV1): Promise<'imported' | 'alreadyHere' | 'keptLocal'> {
      const { record } = payload;
      const existing = await sessions.get(record.sessionId);
      if (existing) return existing.record.contentHash === record.contentHash ? 'alreadyHere' : 'keptLocal';
      const { personId, name, role } = record.parties.supervisee;
      if (!(await people.get(personId))) {
        const { id: _id, ...person } = $PersonV1.parse({ id: personId, name, role });
        await db.people.add({ id: personId, updatedAt: now().toISOString(), content: person });
      }
      await signatures.keep(record.sessionId, personId, now().toISOString(), payload.signature);
      // No machine snapshot travels: opening the record later rebuilds one from the record.
      await sessions.save(payload.template, record, { status: 'done', output: undefined, error: undefined }, payload.models ?? []);
      for (const amendment of payload.amendments) {
        if (!(await db.amendments.get(amendment.id))) await db.amendments.add({ id: amendment.id, sessionId: amendment.sessionId, madeAt: amendment.madeAt, content: $AmendmentV1.parse(amendment) });
      }
      return 'imported';
    },
  };
  return shares;
}
