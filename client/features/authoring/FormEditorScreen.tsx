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

function TemplateDraftEditor({ draftId, initial, basedOn: initialBase, today }: { draftId: string; initial: TemplateDraftV1; basedOn: string | null; today: Date }) {
  const { repositories } = useServices();
  const [draft, setDraft] = useState(initial);
  const [basedOn, setBasedOn] = useState(initialBase);
  const baseRef = useRef(basedOn);
  baseRef.current = basedOn;
  const keeper = useDraftKeeper(async (value) => {
    await (await repositories.authoring()).templates.saveDraft(draftId, value, baseRef.current);
  });
  const own = useLiveQuery(async () => {
    const authoring = await repositories.authoring();
    const [templates, models] = await Promise.all([authoring.templates.list(), authoring.models.latest()]);
    return { templates: templates.saved, models };
  }, [repositories]);
  const editing = own?.templates.find((s) => s.rowId === basedOn)?.item.id;
  const takenIds = [...shippedTemplates.map((t) => t.id), ...(own?.templates.map((s) => s.item.id).filter((id) => id !== editing) ?? [])];
  const models = [...shippedModels, ...(own?.models ?? [])].map((m) => ({ id: m.id, title: m.title, stages: m.stages.map((s) => ({ id: s.id, name: s.name })) }));

  return (
    <>
      <p>
        <a href={hrefFor({ name: 'forms' })}>{w.backToForms}</a>
      </p>
      <KeeperFailed message={keeper.failed} />
      <TemplateEditor
        draft={draft}
        today={today}
        models={models}
        takenIds={takenIds}
        onChange={(next) => {
          setDraft(next);
          keeper.keep(next);
        }}
        onSave={async (template) => {
          await keeper.idle();
          const result = await (await repositories.authoring()).templates.save(template, { draftRowId: draftId, basedOn });
          if (!result.ok) return result;
          setBasedOn(result.value.rowId);
          setDraft((d) => ({ ...d, version: result.value.item.version }));
          const { title, version } = result.value.item;
          return { ok: true, message: result.value.newVersion ? w.savedNewVersion(title, version) : w.saved(title, version) };
        }}
      />
    </>
  );
}

function AgreementDraftEditor({ draftId, initial, basedOn: initialBase }: { draftId: string; initial: AgreementDraftV1; basedOn: string | null }) {
  const { repositories } = useServices();
  const [draft, setDraft] = useState(initial);
  const [basedOn, setBasedOn] = useState(initialBase);
  const baseRef = useRef(basedOn);
  baseRef.current = basedOn;
  const keeper = useDraftKeeper(async (value) => {
    await (await repositories.authoring()).agreements.saveDraft(draftId, value, baseRef.current);
  });
  const own = useLiveQuery(async () => (await (await repositories.authoring()).agreements.list()).saved, [repositories]);
  const editing = own?.find((s) => s.rowId === basedOn)?.item.id;
  const takenIds = [...shippedAgreements.map((t) => t.id), ...(own?.map((s) => s.item.id).filter((id) => id !== editing) ?? [])];
  return (
    <>
      <p>
        <a href={hrefFor({ name: 'forms' })}>{w.backToForms}</a>
      </p>
      <KeeperFailed message={keeper.failed} />
      <AgreementEditor
        draft={draft}
        takenIds={takenIds}
        onChange={(next) => {
          setDraft(next);
          keeper.keep(next);
        }}
        onSave={async (template) => {
          await keeper.idle();
          const result = await (await repositories.authoring()).agreements.save(template, { draftRowId: draftId, basedOn });
          if (!result.ok) return result;
          setBasedOn(result.value.rowId);
          setDraft((d) => ({ ...d, version: result.value.item.version }));
          const { title, version } = result.value.item;
          return { ok: true, message: result.value.newVersion ? w.savedNewVersion(title, version) : w.saved(title, version) };
        }}
      />
    </>
  );
}

function ModelDraftEditor({ draftId, initial, basedOn: initialBase }: { draftId: string; initial: ModelDraftV1; basedOn: string | null }) {
  const { repositories } = useServices();
  const [draft, setDraft] = useState(initial);
  const [basedOn, setBasedOn] = useState(initialBase);
  const baseRef = useRef(basedOn);
  baseRef.current = basedOn;
  const keeper = useDraftKeeper(async (value) => {
    await (await repositories.authoring()).models.saveDraft(draftId, value, baseRef.current);
  });
  const own = useLiveQuery(async () => (await (await repositories.authoring()).models.list()).saved, [repositories]);
  const editing = own?.find((s) => s.rowId === basedOn)?.item.id;
  const takenIds = [...shippedModels.map((m) => m.id), ...(own?.map((s) => s.item.id).filter((id) => id !== editing) ?? [])];
  return (
    <>
      <p>
        <a href={hrefFor({ name: 'forms' })}>{w.backToForms}</a>
      </p>
      <KeeperFailed message={keeper.failed} />
      <ModelEditor
        draft={draft}
        takenIds={takenIds}
        onChange={(next) => {
          setDraft(next);
          keeper.keep(next);
        }}
        onSave={async (model) => {
          await keeper.idle();
          const result = await (await repositories.authoring()).models.save(model, { draftRowId: draftId, basedOn });
          if (!result.ok) return result;
          setBasedOn(result.value.rowId);
          setDraft((d) => ({ ...d, version: result.value.item.version }));
          const { title, version } = result.value.item;
          return { ok: true, message: result.value.newVersion ? w.savedNewVersion(title, version) : w.saved(title, version) };
        }}
      />
    </>
  );
}
