/**
 * Repositories for supervision agreements: each agreement's row and its machine's saved
 * snapshot. Everything read is parsed with zod; a sealed agreement is never rewritten.
 */
import { strictlyIf } from './durability.ts';
import { readEach } from './damage.ts';
import { $AgreementV1, agreementStatus, blankAgreement, type AgreementStatus, type AgreementTemplateV1, type AgreementV1 } from '../../machines/model/agreement.ts';
import { $AgreementSnapshotEnvelopeV1, agreementEnvelopeOf, type AgreementSnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';
import type { PersonV1 } from '../../machines/model/record.ts';
import type { AgreementRow, SupervisionDB } from './db.ts';
import type { Result } from './result.ts';
import { savingCopy } from '../content/savingCopy.ts';
import { firstMessage } from './parsing.ts';

type Deps = {
  now: () => Date;
  newId: () => string;
  person: (id: string) => Promise<PersonV1 | undefined>;
  /** Your organisation's own agreements (database version 16): the newest version of one, and noting that it is used. */
  own?: { find: (id: string) => Promise<AgreementTemplateV1 | undefined>; markUsed: (id: string, version: string) => Promise<void> };
};

export class StoredAgreementError extends Error {
  override name = 'StoredAgreementError';
}

export type StoredAgreement = { row: AgreementRow; agreement: AgreementV1 };

function readAgreement(row: AgreementRow): StoredAgreement {
  const parsed = $AgreementV1.safeParse(row.content);
  if (!parsed.success) throw new StoredAgreementError(savingCopy.saving.agreementUnreadable(parsed.error.issues[0]?.message ?? savingCopy.saving.problemNotValid));
  return { row, agreement: parsed.data };
}

/** Latest first: by the date agreed, then by the last save. */
function latestFirst(a: StoredAgreement, b: StoredAgreement): number {
  return (b.agreement.agreedOn ?? '').localeCompare(a.agreement.agreedOn ?? '') || b.row.updatedAt.localeCompare(a.row.updatedAt);
}

export function createAgreementRepositories(db: SupervisionDB, { now, newId, person, own }: Deps) {
  const agreements = {
    /** A new draft from one of the shipped templates, for this supervisee with this supervisor. */
    async create(personId: string, templateId: string, supervisor: { name: string; role: string }): Promise<Result<AgreementV1>> {
      const supervisee = await person(personId);
      if (!supervisee) return { ok: false, message: savingCopy.saving.chooseSupervisee };
      // The agreement texts load when an agreement is made, not with the app's first screen.
      const { findAgreementTemplate } = await import('../../machines/agreements/index.ts');
      const template = findAgreementTemplate(templateId) ?? (await own?.find(templateId));
      if (!template) return { ok: false, message: savingCopy.saving.chooseAgreementTemplate };
      if (!supervisor.name.trim()) return { ok: false, message: savingCopy.saving.enterSupervisor };
      const draft = blankAgreement(template, {
        id: newId(),
        parties: {
          supervisor: { name: supervisor.name.trim(), role: supervisor.role.trim() },
          supervisee: { personId: supervisee.id, name: supervisee.name, role: supervisee.role },
        },
      });
      const parsed = $AgreementV1.safeParse(draft);
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      await db.agreements.add({ id: draft.id, personId, status: 'draft', reviewDue: '', updatedAt: now().toISOString(), content: parsed.data });
      // An own agreement made with is kept as it is: an edit is saved as a new version.
      await own?.markUsed(template.id, template.version);
      return { ok: true, value: parsed.data };
    },

    /** Saves a draft and its snapshot; sealed once it carries its hash. A sealed agreement is kept as sealed. */
    async save(agreement: AgreementV1, snapshot: unknown): Promise<Result<AgreementV1>> {
      const parsed = $AgreementV1.safeParse(agreement);
      if (!parsed.success) return { ok: false, message: firstMessage(parsed.error) };
      const value = parsed.data;
      const savedAt = now().toISOString();
      // Signing (the hash is set) commits strictly; a draft's autosave, relaxed.
      return strictlyIf(value.contentHash !== null, () => db.transaction('rw', [db.agreements, db.snapshots], async (): Promise<Result<AgreementV1>> => {
        const existing = await db.agreements.get(value.id);
        if (existing?.status === 'sealed') return { ok: false, message: savingCopy.saving.agreementSealed };
        if (existing && existing.personId !== value.parties.supervisee.personId) return { ok: false, message: savingCopy.saving.agreementNotTheirs };
        const sealed = value.contentHash !== null;
        await db.snapshots.put({ sessionId: value.id, savedAt, envelope: agreementEnvelopeOf(snapshot, savedAt) });
        await db.agreements.put({
          id: value.id,
          personId: value.parties.supervisee.personId,
          status: sealed ? 'sealed' : 'draft',
          reviewDue: value.reviewDue ?? '',
          updatedAt: savedAt,
          content: value,
        });
        return { ok: true, value };
      }));
    },

    async get(id: string): Promise<StoredAgreement | undefined> {
      const row = await db.agreements.get(id);
      return row ? readAgreement(row) : undefined;
    },

    async snapshot(id: string): Promise<AgreementSnapshotEnvelopeV1 | undefined> {
      const row = await db.snapshots.get(id);
      const parsed = $AgreementSnapshotEnvelopeV1.safeParse(row?.envelope);
      return parsed.success ? parsed.data : undefined;
    },

    /** This supervisee's agreements, latest first. */
    async listFor(personId: string): Promise<StoredAgreement[]> {
      const rows = await db.agreements.where('personId').equals(personId).toArray();
      return readEach(db, 'agreements', rows, readAgreement).sort(latestFirst);
    },

    /**
     * The agreement in force for this supervisee on a day: the latest sealed one agreed on or
     * before it (one agreed later was not yet in force), with its status that day.
     */
    async inForce(personId: string, today: string): Promise<{ agreement: AgreementV1; status: AgreementStatus } | undefined> {
      const sealed = (await agreements.listFor(personId)).filter((s) => s.row.status === 'sealed' && s.agreement.agreedOn !== null && s.agreement.agreedOn <= today);
      const latest = sealed[0];
      return latest ? { agreement: latest.agreement, status: agreementStatus(latest.agreement, today) } : undefined;
    },
  };
  return { agreements };
}
