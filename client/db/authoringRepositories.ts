/**
 * An organisation's own record templates, agreements and reflective models (database version 16):
 * made in the app (client/features/authoring/) or imported from a file. One row per saved version,
 * keyed by a random id, the item sealed in `content`; drafts being written live in the same table
 * until saved. Versions: saving an edit to a version a session (or agreement) has used makes a new
 * version beside it, so the old one stays (records keep the copy they were made with in any case:
 * a session row carries its template; an agreement names its template's id and version). Loaded
 * on first use. Everything read is parsed with zod; bad input changes nothing.
 */
import type { z } from 'zod';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { AgreementTemplateV1 } from '../../machines/model/agreement.ts';
import type { ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { templates as shippedTemplates } from '../../machines/templates/index.ts';
import { agreementTemplates as shippedAgreements } from '../../machines/agreements/index.ts';
import { models as shippedModels } from '../../machines/models/index.ts';
import { compareVersions, freeId, nextVersion } from '../../machines/authoring/file.ts';
import { ownItemSchemas, ownRowContentSchemas, type OwnTable } from './ownRows.ts';
import type { OwnRow, SupervisionDB } from './db.ts';
import type { Result } from './result.ts';
import { authoringCopy } from '../content/authoringCopy.ts';

type Deps = { now: () => Date; newId: () => string };

type Item = { id: string; version: string; title: string };
export type SavedOwn<T> = { rowId: string; updatedAt: string; item: T; used: boolean; origin: 'made' | 'imported' };
export type OwnDraft = { rowId: string; updatedAt: string; basedOn: string | null; draft: Record<string, unknown> };
export type ImportResolution = 'newVersion' | 'keepBoth';
export type ImportOutcome<T> =
  | { ok: true; value: T; replaced: boolean }
  | { ok: false; clash: { id: string; shipped: boolean; title: string } }
  | { ok: false; message: string };

function kindRepository<T extends Item>(db: SupervisionDB, table: OwnTable, shipped: readonly T[], deps: Deps) {
  const rowSchema = ownRowContentSchemas[table] as unknown as z.ZodType<{ state: 'saved'; item: T; used: boolean; origin: 'made' | 'imported' } | { state: 'draft'; basedOn: string | null; draft: Record<string, unknown> }>;
  const itemSchema = ownItemSchemas[table] as unknown as z.ZodType<T>;
  const words = authoringCopy.repository;

  async function read(): Promise<{ saved: SavedOwn<T>[]; drafts: OwnDraft[]; problems: string[] }> {
    const rows: OwnRow[] = await db.table<OwnRow, string>(table).toArray();
    const saved: SavedOwn<T>[] = [];
    const drafts: OwnDraft[] = [];
    const problems: string[] = [];
    for (const row of rows) {
      const parsed = rowSchema.safeParse(row.content);
      if (!parsed.success) {
        problems.push(words.unreadable(row.updatedAt));
        continue;
      }
      const content = parsed.data;
      if (content.state === 'saved') saved.push({ rowId: row.id, updatedAt: row.updatedAt, item: content.item, used: content.used, origin: content.origin });
      else drafts.push({ rowId: row.id, updatedAt: row.updatedAt, basedOn: content.basedOn, draft: content.draft });
    }
    saved.sort((a, b) => a.item.id.localeCompare(b.item.id) || compareVersions(b.item.version, a.item.version));
    drafts.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    return { saved, drafts, problems };
  }

  /** The newest saved version of each own item. */
  function latestOf(saved: readonly SavedOwn<T>[]): SavedOwn<T>[] {
    const byId = new Map<string, SavedOwn<T>>();
    for (const entry of saved) {
      const held = byId.get(entry.item.id);
      if (!held || compareVersions(entry.item.version, held.item.version) > 0) byId.set(entry.item.id, entry);
    }
    return [...byId.values()];
  }

  async function put(rowId: string, content: unknown): Promise<void> {
    await db.table<OwnRow, string>(table).put({ id: rowId, updatedAt: deps.now().toISOString(), content });
  }

  const repository = {
    list: read,

    /** The newest version of each own item (what a new session or agreement is started with). */
    async latest(): Promise<T[]> {
      return latestOf((await read()).saved).map((s) => s.item);
    },

    /** Every saved version (an agreement names the version it was made with). */
    async all(): Promise<T[]> {
      return (await read()).saved.map((s) => s.item);
    },

    /** An own item by id, and version where given (else the newest). */
    async find(id: string, version?: string): Promise<T | undefined> {
      const { saved } = await read();
      const matching = saved.filter((s) => s.item.id === id && (version === undefined || s.item.version === version));
      return latestOf(matching)[0]?.item;
    },

    async saved(rowId: string): Promise<SavedOwn<T> | undefined> {
      return (await read()).saved.find((s) => s.rowId === rowId);
    },

    /** Keeps what the editor holds, as typed (autosave); a new draft gets a random row id. */
    async saveDraft(rowId: string | null, draft: Record<string, unknown>, basedOn: string | null): Promise<string> {
      const id = rowId ?? deps.newId();
      await put(id, { state: 'draft', basedOn, draft });
      return id;
    },

    async draft(rowId: string): Promise<OwnDraft | undefined> {
      return (await read()).drafts.find((d) => d.rowId === rowId);
    },

    async discardDraft(rowId: string): Promise<void> {
      const row = await db.table<OwnRow, string>(table).get(rowId);
      const parsed = row ? rowSchema.safeParse(row.content) : null;
      if (parsed?.success && parsed.data.state === 'draft') await db.table<OwnRow, string>(table).delete(rowId);
    },

    /**
     * Saves an item from the editor. Editing a saved version no session has used replaces it; one
     * that has been used is kept, and the edit is saved as the next version beside it. The draft
     * is removed in the same transaction.
     */
    async save(candidate: T, options: { draftRowId: string | null; basedOn: string | null }): Promise<Result<SavedOwn<T> & { newVersion: boolean }>> {
      const parsed = itemSchema.safeParse(candidate);
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? words.notValid };
      let item = parsed.data;
      if (shipped.some((s) => s.id === item.id)) return { ok: false, message: words.shippedId(item.id) };
      const { saved } = await read();
      const base = options.basedOn ? saved.find((s) => s.rowId === options.basedOn) : undefined;
      const sameItem = base && base.item.id === item.id;
      if (!sameItem && saved.some((s) => s.item.id === item.id)) return { ok: false, message: words.ownId(item.id) };
      let rowId = deps.newId();
      let newVersion = false;
      if (sameItem && base) {
        if (base.used) {
          const versions = saved.filter((s) => s.item.id === item.id).map((s) => s.item.version);
          const version = versions.some((v) => compareVersions(v, item.version) >= 0) ? nextVersion(...versions) : item.version;
          item = { ...item, version };
          newVersion = true;
        } else {
          rowId = base.rowId;
          // Another saved version already has this number: the edit takes the next one.
          if (saved.some((s) => s.rowId !== base.rowId && s.item.id === item.id && s.item.version === item.version)) item = { ...item, version: nextVersion(...saved.filter((s) => s.item.id === item.id).map((s) => s.item.version)) };
        }
      }
      const content = { state: 'saved' as const, item, used: false, origin: base?.origin ?? ('made' as const) };
      const tableRef = db.table<OwnRow, string>(table);
      await db.transaction('rw', tableRef, async () => {
        await tableRef.put({ id: rowId, updatedAt: deps.now().toISOString(), content });
        if (options.draftRowId) await tableRef.delete(options.draftRowId);
      });
      return { ok: true, value: { rowId, updatedAt: deps.now().toISOString(), item, used: false, origin: content.origin, newVersion } };
    },

    /** Notes that a session or agreement was started with this version (an own one; a shipped one is never edited). */
    async markUsed(id: string, version: string): Promise<void> {
      const { saved } = await read();
      const entry = saved.find((s) => s.item.id === id && s.item.version === version);
      if (!entry || entry.used) return;
      await put(entry.rowId, { state: 'saved', item: entry.item, used: true, origin: entry.origin });
    },

    /**
     * Stores an item read from a file (already validated by machines/authoring/file.ts). An id
     * that is taken asks how to resolve it: as a new version of the own item, or kept beside it
     * under a new id. A built-in item is never replaced: only kept beside.
     */
    async import(candidate: T, resolution?: ImportResolution): Promise<ImportOutcome<T>> {
      const parsed = itemSchema.safeParse(candidate);
      if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? words.notValid };
      let item = parsed.data;
      const { saved } = await read();
      const shippedClash = shipped.find((s) => s.id === item.id);
      const ownClash = latestOf(saved).find((s) => s.item.id === item.id);
      if ((shippedClash || ownClash) && !resolution) return { ok: false, clash: { id: item.id, shipped: Boolean(shippedClash), title: (shippedClash ?? ownClash?.item)?.title ?? item.title } };
      let replaced = false;
      if (shippedClash || (ownClash && resolution === 'keepBoth')) {
        item = { ...item, id: freeId(item.id, new Set([...shipped.map((s) => s.id), ...saved.map((s) => s.item.id)])) };
      } else if (ownClash) {
        const versions = saved.filter((s) => s.item.id === item.id).map((s) => s.item.version);
        if (versions.some((v) => compareVersions(v, item.version) >= 0)) item = { ...item, version: nextVersion(...versions) };
        replaced = true;
      }
      const checked = itemSchema.safeParse(item);
      if (!checked.success) return { ok: false, message: checked.error.issues[0]?.message ?? words.notValid };
      await put(deps.newId(), { state: 'saved', item: checked.data, used: false, origin: 'imported' });
      return { ok: true, value: checked.data, replaced };
    },
  };
  return repository;
}

export function createAuthoringRepositories(db: SupervisionDB, deps: Deps) {
  return {
    templates: kindRepository<RecordTemplateV1>(db, 'ownTemplates', shippedTemplates, deps),
    agreements: kindRepository<AgreementTemplateV1>(db, 'ownAgreements', shippedAgreements, deps),
    models: kindRepository<ReflectiveModelV1>(db, 'ownModels', shippedModels, deps),
  };
}
export type AuthoringRepositories = ReturnType<typeof createAuthoringRepositories>;
