/**
 * Your organisation's forms (#/forms), a supervision lead's screen: the record templates,
 * agreements and reflective models built into the app and your own; make a new one, copy one,
 * edit your own, export one as a file, import a file (refused whole, with every reason, if
 * anything is wrong; an id already here asks how to keep it), or start from your Word form.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { templates as shippedTemplates } from '../../../machines/templates/index.ts';
import { agreementTemplates as shippedAgreements } from '../../../machines/agreements/index.ts';
import { models as shippedModels } from '../../../machines/models/index.ts';
import { isPromptId } from '../../../prompts/index.ts';
import { authoringFileCopy, authoringFileName, authoringFileText, freeId, readAuthoringFile, type AuthoringItem } from '../../../machines/authoring/file.ts';
import { blankTemplateDraft, draftFromTemplate } from '../../../machines/authoring/templateDraft.ts';
import { blankAgreementDraft, draftFromAgreement } from '../../../machines/authoring/agreementDraft.ts';
import { blankModelDraft, draftFromModel } from '../../../machines/authoring/modelDraft.ts';
import type { RecordTemplateV1 } from '../../../machines/model/template.ts';
import type { AgreementTemplateV1 } from '../../../machines/model/agreement.ts';
import type { ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { authoringCopy } from '../../content/authoringCopy.ts';
import { formatInstant } from '../../content/format.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { FileUpload } from '../../components/FileUpload.tsx';
import { downloadText } from '../../components/download.ts';
import type { AuthoringRepositories, ImportResolution, OwnDraft, SavedOwn } from '../../db/authoringRepositories.ts';
import { readWordForm } from './readWordForm.ts';

const w = authoringCopy.forms;

type Loaded = {
  templates: { latest: SavedOwn<RecordTemplateV1>[]; drafts: OwnDraft[] };
  agreements: { latest: SavedOwn<AgreementTemplateV1>[]; drafts: OwnDraft[] };
  models: { latest: SavedOwn<ReflectiveModelV1>[]; drafts: OwnDraft[] };
  problems: string[];
};

function newestOf<T extends { id: string; version: string }>(saved: readonly SavedOwn<T>[]): SavedOwn<T>[] {
  // The repository lists each id's versions newest first.
  const seen = new Set<string>();
  return saved.filter((s) => (seen.has(s.item.id) ? false : (seen.add(s.item.id), true)));
}

async function loadAll(authoring: AuthoringRepositories): Promise<Loaded> {
  const [templates, agreements, models] = await Promise.all([authoring.templates.list(), authoring.agreements.list(), authoring.models.list()]);
  return {
    templates: { latest: newestOf(templates.saved), drafts: templates.drafts },
    agreements: { latest: newestOf(agreements.saved), drafts: agreements.drafts },
    models: { latest: newestOf(models.saved), drafts: models.drafts },
    problems: [...templates.problems, ...agreements.problems, ...models.problems],
  };
}

function exportItem(file: AuthoringItem) {
  downloadText(authoringFileName(file), authoringFileText(file), 'application/json');
}

export function FormsScreen() {
  const { repositories } = useServices();
  const loaded = useLiveQuery(async () => loadAll(await repositories.authoring()), [repositories]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<string | null>(null);

  async function startTemplate(draft: Record<string, unknown>, basedOn: string | null) {
    const authoring = await repositories.authoring();
    const rowId = await authoring.templates.saveDraft(null, draft, basedOn);
    navigate({ name: 'formEditor', kind: 'template', draftId: rowId });
  }
  async function startAgreement(draft: Record<string, unknown>, basedOn: string | null) {
    const authoring = await repositories.authoring();
    const rowId = await authoring.agreements.saveDraft(null, draft, basedOn);
    navigate({ name: 'formEditor', kind: 'agreement', draftId: rowId });
  }
  async function startModel(draft: Record<string, unknown>, basedOn: string | null) {
    const authoring = await repositories.authoring();
    const rowId = await authoring.models.saveDraft(null, draft, basedOn);
    navigate({ name: 'formEditor', kind: 'model', draftId: rowId });
  }
  const takenModelIds = () => new Set([...shippedModels.map((m) => m.id), ...(loaded?.models.latest.map((m) => m.item.id) ?? [])]);
  function copyModel(model: ReflectiveModelV1) {
    const draft = draftFromModel(model);
    draft.id = freeId(`${model.id}-own`, takenModelIds());
    draft.version = '1.0.0';
    draft.title = w.copyOf(model.title);
    void startModel(draft, null);
  }
  const takenTemplateIds = () => new Set([...shippedTemplates.map((t) => t.id), ...(loaded?.templates.latest.map((t) => t.item.id) ?? [])]);
  const takenAgreementIds = () => new Set([...shippedAgreements.map((t) => t.id), ...(loaded?.agreements.latest.map((t) => t.item.id) ?? [])]);

  function copyTemplate(template: RecordTemplateV1) {
    const draft = draftFromTemplate(template);
    draft.id = freeId(`${template.id}-own`, takenTemplateIds());
    draft.version = '1.0.0';
    draft.title = w.copyOf(template.title);
    void startTemplate(draft, null);
  }
  function copyAgreement(template: AgreementTemplateV1) {
    const draft = draftFromAgreement(template);
    draft.id = freeId(`${template.id}-own`, takenAgreementIds());
    draft.version = '1.0.0';
    draft.title = w.copyOf(template.title);
    void startAgreement(draft, null);
  }

  if (loaded === undefined) return <p role="status">{w.loading}</p>;
  return (
    <>
      <ErrorSummary title={w.errorTitle} errors={errors} />
      <h1 className="nhsuk-heading-l">{w.title}</h1>
      <p className="nhsuk-lede-text">{w.lede}</p>
      {status && (
        <div className="nhsuk-inset-text">
          <p role="status">{status}</p>
        </div>
      )}
      {loaded.problems.map((problem) => (
        <p className="nhsuk-error-message" key={problem}>
          {problem}
        </p>
      ))}

      <WordFormImport
        onError={(message) => {
          setStatus(null);
          setErrors([{ fieldId: 'word-file', message }]);
        }}
        onDraft={(draft) => {
          setErrors([]);
          const taken = takenTemplateIds();
          draft.id = freeId(draft.id, taken);
          void startTemplate(draft, null);
        }}
      />

      <section aria-labelledby="forms-templates" className="app-forms__group">
        <h2 className="nhsuk-heading-m" id="forms-templates">
          {w.templates}
        </h2>
        <button type="button" className="nhsuk-button" onClick={() => void startTemplate(blankTemplateDraft(), null)}>
          {w.newTemplate}
        </button>
        <DraftList kind="template" drafts={loaded.templates.drafts} title={(d) => String(d.draft['title'] ?? '')} onDiscard={async (rowId) => (await repositories.authoring()).templates.discardDraft(rowId)} />
        <ItemList
          heading={w.own}
          idPrefix="own-template"
          items={loaded.templates.latest.map((s) => ({ key: s.rowId, title: s.item.title, detail: `${s.item.source.organisation}, ${w.version(s.item.version)}${s.used ? `: ${w.used}` : ''}`, tag: s.origin === 'imported' ? w.importedTag : null }))}
          actions={(index) => {
            const saved = loaded.templates.latest[index]!;
            return [
              { label: w.edit, run: () => void startTemplate(draftFromTemplate(saved.item), saved.rowId) },
              { label: w.copyShort, run: () => copyTemplate(saved.item) },
              { label: w.export, run: () => exportItem({ kind: 'record-template', item: saved.item }) },
            ];
          }}
        />
        <ItemList
          heading={w.builtIn}
          idPrefix="built-in-template"
          items={shippedTemplates.map((t) => ({ key: t.id, title: t.title, detail: `${t.source.organisation}, ${w.version(t.version)}`, tag: null }))}
          actions={(index) => {
            const template = shippedTemplates[index]!;
            return [
              { label: w.copyShort, run: () => copyTemplate(template) },
              { label: w.export, run: () => exportItem({ kind: 'record-template', item: template }) },
            ];
          }}
        />
      </section>

      <section aria-labelledby="forms-agreements" className="app-forms__group">
        <h2 className="nhsuk-heading-m" id="forms-agreements">
          {w.agreements}
        </h2>
        <button type="button" className="nhsuk-button" onClick={() => void startAgreement(blankAgreementDraft(), null)}>
          {w.newAgreement}
        </button>
        <DraftList kind="agreement" drafts={loaded.agreements.drafts} title={(d) => String(d.draft['title'] ?? '')} onDiscard={async (rowId) => (await repositories.authoring()).agreements.discardDraft(rowId)} />
        <ItemList
          heading={w.own}
          idPrefix="own-agreement"
          items={loaded.agreements.latest.map((s) => ({ key: s.rowId, title: s.item.title, detail: `${s.item.source.organisation}, ${w.version(s.item.version)}${s.used ? `: ${w.used}` : ''}`, tag: s.origin === 'imported' ? w.importedTag : null }))}
          actions={(index) => {
            const saved = loaded.agreements.latest[index]!;
            return [
              { label: w.edit, run: () => void startAgreement(draftFromAgreement(saved.item), saved.rowId) },
              { label: w.copyShort, run: () => copyAgreement(saved.item) },
              { label: w.export, run: () => exportItem({ kind: 'agreement-template', item: saved.item }) },
            ];
          }}
        />
        <ItemList
          heading={w.builtIn}
          idPrefix="built-in-agreement"
          items={shippedAgreements.map((t) => ({ key: t.id, title: t.title, detail: `${t.source.organisation}, ${w.version(t.version)}`, tag: null }))}
          actions={(index) => {
            const template = shippedAgreements[index]!;
            return [
              { label: w.copyShort, run: () => copyAgreement(template) },
              { label: w.export, run: () => exportItem({ kind: 'agreement-template', item: template }) },
            ];
          }}
        />
      </section>

      <section aria-labelledby="forms-models" className="app-forms__group">
        <h2 className="nhsuk-heading-m" id="forms-models">
          {w.models}
        </h2>
        <button type="button" className="nhsuk-button" onClick={() => void startModel(blankModelDraft(), null)}>
          {w.newModel}
        </button>
        <DraftList kind="model" drafts={loaded.models.drafts} title={(d) => String(d.draft['title'] ?? '')} onDiscard={async (rowId) => (await repositories.authoring()).models.discardDraft(rowId)} />
        <ItemList
          heading={w.own}
          idPrefix="own-model"
          items={loaded.models.latest.map((s) => ({ key: s.rowId, title: s.item.title, detail: w.version(s.item.version), tag: s.origin === 'imported' ? w.importedTag : null }))}
          actions={(index) => {
            const saved = loaded.models.latest[index]!;
            return [
              { label: w.edit, run: () => void startModel(draftFromModel(saved.item), saved.rowId) },
              { label: w.copyShort, run: () => copyModel(saved.item) },
              { label: w.export, run: () => exportItem({ kind: 'reflective-model', item: saved.item }) },
            ];
          }}
        />
        <ItemList
          heading={w.builtIn}
          idPrefix="built-in-model"
          items={shippedModels.map((m) => ({ key: m.id, title: m.title, detail: w.version(m.version), tag: null }))}
          actions={(index) => [
            { label: w.copyShort, run: () => copyModel(shippedModels[index]!) },
            { label: w.export, run: () => exportItem({ kind: 'reflective-model', item: shippedModels[index]! }) },
          ]}
        />
      </section>

      <FileImport
        ownModelIds={loaded.models.latest.map((m) => m.item.id)}
        onRefused={(reasons) => {
          setStatus(null);
          setErrors(reasons.map((message) => ({ fieldId: 'form-file', message })));
        }}
        onImported={(message) => {
          setErrors([]);
          setStatus(message);
        }}
      />

      <p>
        <a href={hrefFor({ name: 'home' })}>{w.backToStart}</a>
      </p>
    </>
  );
}

type Action = { label: string; run: () => void };

function ItemList(props: { heading: string; idPrefix: string; items: { key: string; title: string; detail: string; tag: string | null }[]; actions: (index: number) => Action[] }) {
  return (
    <>
      <h3 className="nhsuk-heading-s">{props.heading}</h3>
      {props.items.length === 0 ? (
        <p>{w.noOwn}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border app-forms__list">
          {props.items.map((item, index) => (
            <li key={item.key}>
              <p className="nhsuk-body nhsuk-u-margin-bottom-1">
                <strong>{item.title}</strong>
                {item.tag && <strong className="nhsuk-tag nhsuk-tag--grey app-forms__tag">{item.tag}</strong>}
                <br />
                <span className="nhsuk-body-s">{item.detail}</span>
              </p>
              <div className="app-forms__actions">
                {props.actions(index).map((action) => (
                  <button key={action.label} type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={action.run} aria-label={`${action.label}: ${item.title}`}>
                    {action.label}
                  </button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function DraftList({ kind, drafts, title, onDiscard }: { kind: 'template' | 'agreement' | 'model'; drafts: OwnDraft[]; title: (d: OwnDraft) => string; onDiscard: (rowId: string) => Promise<void> }) {
  if (drafts.length === 0) return null;
  return (
    <>
      <h3 className="nhsuk-heading-s">{w.drafts}</h3>
      <ul className="nhsuk-list nhsuk-list--border app-forms__list">
        {drafts.map((draft) => (
          <li key={draft.rowId}>
            <a href={hrefFor({ name: 'formEditor', kind, draftId: draft.rowId })}>{w.draftOf(title(draft), formatInstant(draft.updatedAt))}</a>{' '}
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => void onDiscard(draft.rowId)} aria-label={`${w.discardDraft}: ${title(draft) || 'Untitled'}`}>
              {w.discardDraft}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function WordFormImport({ onError, onDraft }: { onError: (message: string) => void; onDraft: (draft: ReturnType<typeof blankTemplateDraft>) => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  async function read(event: FormEvent) {
    event.preventDefault();
    if (!file) return onError(w.wordChoose);
    setBusy(true);
    try {
      const result = await readWordForm(await file.arrayBuffer());
      if (result.ok) onDraft(result.draft);
      else onError(result.message);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={(event) => void read(event)} noValidate aria-labelledby="forms-word">
      <h2 className="nhsuk-heading-m" id="forms-word">
        {w.wordTitle}
      </h2>
      <FileUpload id="word-file" label={w.wordFile} hint={w.wordHint} accept=".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document" onChange={setFile} />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={busy}>
        {busy ? w.wordReading : w.wordButton}
      </button>
    </form>
  );
}

type Clash = { file: AuthoringItem; title: string; shipped: boolean };

function FileImport({ ownModelIds, onRefused, onImported }: { ownModelIds: string[]; onRefused: (reasons: string[]) => void; onImported: (message: string) => void }) {
  const { repositories } = useServices();
  const [file, setFile] = useState<File | null>(null);
  const [clash, setClash] = useState<Clash | null>(null);

  async function store(item: AuthoringItem, resolution?: ImportResolution) {
    const authoring = await repositories.authoring();
    const what = authoringFileCopy.kindName[item.kind];
    const outcome =
      item.kind === 'record-template'
        ? await authoring.templates.import(item.item, resolution)
        : item.kind === 'agreement-template'
          ? await authoring.agreements.import(item.item, resolution)
          : await authoring.models.import(item.item, resolution);
    if (!outcome.ok) {
      if ('clash' in outcome) return setClash({ file: item, title: outcome.clash.title, shipped: outcome.clash.shipped });
      return onRefused([outcome.message]);
    }
    setClash(null);
    onImported(outcome.replaced ? w.importedVersion(what, outcome.value.title, outcome.value.version) : w.imported(what, outcome.value.title));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setClash(null);
    if (!file) return onRefused([w.chooseFileFirst]);
    // The size is checked before the file is read into memory as text.
    if (file.size > 512 * 1024) return onRefused([authoringFileCopy.tooLarge, w.refused]);
    const models = new Set([...shippedModels.map((m) => m.id), ...ownModelIds]);
    const result = readAuthoringFile(await file.text(), { hasPrompt: isPromptId, hasModel: (id) => models.has(id) });
    if (!result.ok) return onRefused([...result.reasons, w.refused]);
    await store(result.file);
  }

  return (
    <section aria-labelledby="forms-import">
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 className="nhsuk-heading-m" id="forms-import">
          {w.importTitle}
        </h2>
        <FileUpload id="form-file" label={w.importFile} hint={w.importHint} accept=".json,application/json" onChange={setFile} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          {w.importButton}
        </button>
      </form>
      {clash && (
        <div className="nhsuk-warning-callout" role="group" aria-labelledby="forms-clash">
          <h3 className="nhsuk-warning-callout__label" id="forms-clash">
            {w.clashTitle(clash.title)}
          </h3>
          <p>{clash.shipped ? w.clashShipped(clash.title) : w.clashOwn(clash.title)}</p>
          <div className="app-forms__actions">
            {!clash.shipped && (
              <button type="button" className="nhsuk-button" onClick={() => void store(clash.file, 'newVersion')}>
                {w.replaceAsNewVersion}
              </button>
            )}
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void store(clash.file, 'keepBoth')}>
              {w.keepBoth}
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setClash(null)}>
              {w.cancel}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
