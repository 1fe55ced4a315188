/**
 * A template or agreement being written (#/forms/template/<draft> or #/forms/agreement/<draft>):
 * the draft row is read, restored leniently, and written back on every change (one write at a
 * time, the latest winning), so a reload resumes with what was typed. Saving validates the whole
 * item and stores it as a version (see authoringRepositories.ts).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useRef, useState } from 'react';
import { templates as shippedTemplates } from '../../../machines/templates/index.ts';
import { agreementTemplates as shippedAgreements } from '../../../machines/agreements/index.ts';
import { models as shippedModels } from '../../../machines/models/index.ts';
import { restoreTemplateDraft, type TemplateDraftV1 } from '../../../machines/authoring/templateDraft.ts';
import { restoreAgreementDraft, type AgreementDraftV1 } from '../../../machines/authoring/agreementDraft.ts';
import { authoringCopy } from '../../content/authoringCopy.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { TemplateEditor } from './TemplateEditor.tsx';
import { AgreementEditor } from './AgreementEditor.tsx';
import { ModelEditor } from './ModelEditor.tsx';
import type { SaveAnswer } from './useDraftEditor.tsx';
import type { SavedOwn } from '../../db/authoringRepositories.ts';
import type { Result } from '../../db/result.ts';
import type { RecordTemplateV1 } from '../../../machines/model/template.ts';
import type { AgreementTemplateV1 } from '../../../machines/model/agreement.ts';
import type { ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { restoreModelDraft, type ModelDraftV1 } from '../../../machines/authoring/modelDraft.ts';

const w = authoringCopy.editor;

/** Writes the latest value, one write at a time; `idle` resolves once nothing is waiting. */
function useDraftKeeper(write: (value: Record<string, unknown>) => Promise<void>) {
  const pending = useRef<Record<string, unknown> | null>(null);
  const running = useRef<Promise<void> | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const writeRef = useRef(write);
  writeRef.current = write;
  const run = useCallback(async () => {
    while (pending.current) {
      const value = pending.current;
      pending.current = null;
      try {
        await writeRef.current(value);
        setFailed(null);
      } catch (error) {
        setFailed(error instanceof Error ? error.message : String(error));
      }
    }
    running.current = null;
  }, []);
  const keep = useCallback(
    (value: Record<string, unknown>) => {
      pending.current = value;
      running.current ??= run();
    },
    [run],
  );
  const idle = useCallback(async () => {
    while (running.current) await running.current;
  }, []);
  return { keep, idle, failed };
}

type Loaded = { basedOn: string | null; draft: Record<string, unknown> } | 'missing';

export function FormEditorScreen({ kind, draftId }: { kind: 'template' | 'agreement' | 'model'; draftId: string }) {
  const { repositories, now } = useServices();
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [today] = useState(() => now());
  useEffect(() => {
    let live = true;
    void (async () => {
      try {
        const authoring = await repositories.authoring();
        const found = await (kind === 'template' ? authoring.templates : kind === 'agreement' ? authoring.agreements : authoring.models).draft(draftId);
        if (live) setLoaded(found ? { basedOn: found.basedOn, draft: found.draft } : 'missing');
      } catch (error) {
        if (live) setLoadError(error instanceof Error ? error.message : String(error));
      }
    })();
    return () => {
      live = false;
    };
  }, [repositories, kind, draftId]);

  if (loadError) return <p className="nhsuk-error-message" role="alert">{loadError}</p>;
  if (loaded === null) return <p role="status">{authoringCopy.forms.loading}</p>;
  if (loaded === 'missing') {
    return (
      <>
        <h1 className="nhsuk-heading-l">{kind === 'template' ? w.templateTitle : kind === 'agreement' ? w.agreementTitle : w.modelTitle}</h1>
        <p>{w.notFound}</p>
        <p>
          <a href={hrefFor({ name: 'forms' })}>{w.backToForms}</a>
        </p>
      </>
    );
  }
  if (kind === 'model') return <ModelDraftEditor draftId={draftId} initial={restoreModelDraft(loaded.draft)} basedOn={loaded.basedOn} />;
  return kind === 'template' ? (
    <TemplateDraftEditor draftId={draftId} initial={restoreTemplateDraft(loaded.draft)} basedOn={loaded.basedOn} today={today} />
  ) : (
    <AgreementDraftEditor draftId={draftId} initial={restoreAgreementDraft(loaded.draft)} basedOn={loaded.basedOn} />
  );
}

function KeeperFailed({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="nhsuk-error-summary" role="alert">
      <h2 className="nhsuk-error-summary__title">{authoringCopy.forms.errorTitle}</h2>
      <p>{message}</p>
    </div>
  );
}

type OwnKind = 'templates' | 'agreements' | 'models';

/**
 * One own form being edited: the draft kept as it is typed (useDraftKeeper), saved as a version
 * (a new one when the one it edits was used), and the ids other forms already take.
 */
function useOwnDraft<D extends { version: string }, T extends { id: string; title: string; version: string }>(
  kind: OwnKind,
  draftId: string,
  initial: D,
  initialBase: string | null,
  shipped: readonly { id: string }[],
) {
  const { repositories } = useServices();
  const [draft, setDraft] = useState(initial);
  const [basedOn, setBasedOn] = useState(initialBase);
  const baseRef = useRef(basedOn);
  baseRef.current = basedOn;
  const repository = async () => (await repositories.authoring())[kind] as unknown as OwnKindRepository<T>;
  const keeper = useDraftKeeper(async (value) => {
    await (await repository()).saveDraft(draftId, value, baseRef.current);
  });
  const own = useLiveQuery(async () => (await (await repository()).list()).saved, [repositories, kind]);
  const editing = own?.find((s) => s.rowId === basedOn)?.item.id;
  const takenIds = [...shipped.map((t) => t.id), ...(own?.map((s) => s.item.id).filter((id) => id !== editing) ?? [])];
  const onChange = (next: D) => {
    setDraft(next);
    keeper.keep(next);
  };
  const onSave = async (item: T): Promise<SaveAnswer> => {
    await keeper.idle();
    const result = await (await repository()).save(item, { draftRowId: draftId, basedOn });
    if (!result.ok) return result;
    setBasedOn(result.value.rowId);
    setDraft((d) => ({ ...d, version: result.value.item.version }));
    const { title, version } = result.value.item;
    return { ok: true, message: result.value.newVersion ? w.savedNewVersion(title, version) : w.saved(title, version) };
  };
  return { draft, takenIds, onChange, onSave, failed: keeper.failed };
}

/** What useOwnDraft needs of a kind's repository (client/db/authoringRepositories.ts). */
type OwnKindRepository<T> = {
  saveDraft(rowId: string | null, draft: Record<string, unknown>, basedOn: string | null): Promise<string>;
  list(): Promise<{ saved: SavedOwn<T>[] }>;
  save(candidate: T, options: { draftRowId: string | null; basedOn: string | null }): Promise<Result<SavedOwn<T> & { newVersion: boolean }>>;
};

function BackToForms({ failed }: { failed: string | null }) {
  return (
    <>
      <p>
        <a href={hrefFor({ name: 'forms' })}>{w.backToForms}</a>
      </p>
      <KeeperFailed message={failed} />
    </>
  );
}

function TemplateDraftEditor({ draftId, initial, basedOn, today }: { draftId: string; initial: TemplateDraftV1; basedOn: string | null; today: Date }) {
  const { repositories } = useServices();
  const edit = useOwnDraft<TemplateDraftV1, RecordTemplateV1>('templates', draftId, initial, basedOn, shippedTemplates);
  // The models a template can name by default: built in, and this device's own.
  const ownModels = useLiveQuery(async () => (await repositories.authoring()).models.latest(), [repositories]);
  const models = [...shippedModels, ...(ownModels ?? [])].map((m) => ({ id: m.id, title: m.title, stages: m.stages.map((s) => ({ id: s.id, name: s.name })) }));
  return (
    <>
      <BackToForms failed={edit.failed} />
      <TemplateEditor draft={edit.draft} today={today} models={models} takenIds={edit.takenIds} onChange={edit.onChange} onSave={edit.onSave} />
    </>
  );
}

function AgreementDraftEditor({ draftId, initial, basedOn }: { draftId: string; initial: AgreementDraftV1; basedOn: string | null }) {
  const edit = useOwnDraft<AgreementDraftV1, AgreementTemplateV1>('agreements', draftId, initial, basedOn, shippedAgreements);
  return (
    <>
      <BackToForms failed={edit.failed} />
      <AgreementEditor draft={edit.draft} takenIds={edit.takenIds} onChange={edit.onChange} onSave={edit.onSave} />
    </>
  );
}

function ModelDraftEditor({ draftId, initial, basedOn }: { draftId: string; initial: ModelDraftV1; basedOn: string | null }) {
  const edit = useOwnDraft<ModelDraftV1, ReflectiveModelV1>('models', draftId, initial, basedOn, shippedModels);
  return (
    <>
      <BackToForms failed={edit.failed} />
      <ModelEditor draft={edit.draft} takenIds={edit.takenIds} onChange={edit.onChange} onSave={edit.onSave} />
    </>
  );
}
