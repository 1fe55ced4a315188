/**
 * A supervisee's preparation: the issues they want to bring and a draft of the stages before
 * the plan of each case's reflective model (the 4x4x4 cycle unless they choose another), with
 * the session's own prompts. Every change is saved
 * on this device as it is made; nothing reaches a session unless it is marked to bring.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { broughtFrom, type PreparationV1, type PreparedCaseV1, type PreparedIssueV1 } from '../../../machines/model/preparation.ts';
import { refKey, refOf, stageHasAnyAnswer, stagesBeforePlan, storedModelRef } from '../../../machines/model/reflectiveModel.ts';
import { modelOfCase } from '../../../machines/models/index.ts';
import { choosableModels, listModels } from '../../content/models.ts';
import { Radios } from '../../components/Radios.tsx';
import { broughtAnything } from '../../../machines/session/sections.ts';
import { ShareSection } from '../record/ShareSection.tsx';
import type { PreparationStatus } from '../../db/db.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Input } from '../../components/Input.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { Section } from '../../components/Section.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import type { ExportDeps } from '../../preparation/transfer.ts';
import { createSaver, createStatusStore, type SaveStatusStore } from '../../live/saver.ts';
import { SectionPrompt } from '../session/SectionPrompt.tsx';
import { ExportPreparation } from './ExportPreparation.tsx';
import { BringCheckbox } from './fields.tsx';
import { clearImportNotice, importNoticeFor, type ImportNotice } from './importNotice.ts';
import { ConfirmRemoval } from './ConfirmRemoval.tsx';
import { PreparedFollowUp, useNoticingsOnHere } from '../noticings/PreparedFollowUp.tsx';
import { commonCopy } from '../../content/commonCopy.ts';
import { fieldIds, hasRoomFor, newCase, newIssue, problemsIn } from './preparationChecks.ts';

type Ready = { kind: 'ready'; personId: string; status: PreparationStatus; broughtDate: string; schedule: () => void; flush: () => Promise<void> };
type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | Ready;
type Change = (update: (preparation: PreparationV1) => PreparationV1) => void;

type Props = {
  preparationId: string;
  /** Only for tests: fewer PBKDF2 rounds. The app passes nothing, so files get the full 600,000. */
  transferDeps?: ExportDeps;
};

export function PreparationEditor({ preparationId, transferDeps }: Props) {
  const { repositories, now } = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [preparation, setPreparation] = useState<PreparationV1 | null>(null);
  const [status] = useState(() => createStatusStore());
  // The latest edit, which the saver writes: several edits can come before React re-renders.
  const latest = useRef<PreparationV1 | null>(null);
  const [notice] = useState(() => importNoticeFor(preparationId));

  useEffect(() => {
    // Shown once: leaving and coming back to the preparation does not show it again.
    clearImportNotice(preparationId);
  }, [preparationId]);

  useEffect(() => {
    let cancelled = false;
    let stop = () => undefined as void;
    (async () => {
      const row = await repositories.preparations.get(preparationId);
      if (!row) throw new Error(copy.preparation.notFound);
      let broughtDate = '';
      if (row.broughtInto) {
        broughtDate = await repositories.sessions.get(row.broughtInto).then(
          (session) => session?.row.date ?? '',
          () => '',
        );
      }
      if (cancelled) return;
      latest.current = row.content;
      const saver = createSaver(
        async () => {
          const current = latest.current;
          if (!current) return;
          // The repository would refuse it too; saying so here names the field to fix.
          if (problemsIn(current).length > 0) throw new Error(copy.preparation.notSavedFix);
          const saved = await repositories.preparations.save(row.personId, current);
          if (!saved.ok) throw new Error(saved.message);
        },
        status.set,
        now,
      );
      const flushOnHide = () => void saver.flush();
      window.addEventListener('pagehide', flushOnHide);
      stop = () => {
        window.removeEventListener('pagehide', flushOnHide);
        void saver.flush();
      };
      setPreparation(row.content);
      status.set({ kind: 'saved', at: new Date(row.updatedAt) });
      setLoaded({
        kind: 'ready',
        personId: row.personId,
        status: row.status,
        broughtDate,
        schedule: () => void saver.schedule(),
        flush: () => saver.flush(),
      });
    })().catch((error: unknown) => {
      if (!cancelled) setLoaded({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [repositories, preparationId, now]);

  const schedule = loaded.kind === 'ready' ? loaded.schedule : null;
  const change: Change = useCallback(
    (update) => {
      const current = latest.current;
      if (!current || !schedule) return;
      const next = update(current);
      latest.current = next;
      setPreparation(next);
      schedule();
    },
    [schedule],
  );

  if (loaded.kind === 'loading' || (loaded.kind === 'ready' && !preparation)) return <p role="status">{copy.preparation.opening}</p>;
  if (loaded.kind === 'error' || !preparation)
    return (
      <div className="nhsuk-error-summary" role="alert">
        <h1 className="nhsuk-error-summary__title">{copy.preparation.errorTitle}</h1>
        <p>{loaded.kind === 'error' ? loaded.message : copy.preparation.notFound}</p>
        <p>
          <a href={hrefFor({ name: 'prepare' })}>{copy.preparation.back}</a>
        </p>
      </div>
    );

  return (
    <Editor
      preparation={preparation}
      ready={loaded}
      change={change}
      latest={() => latest.current ?? preparation}
      status={status}
      notice={notice}
      transferDeps={transferDeps}
    />
  );
}

function Editor(props: {
  preparation: PreparationV1;
  ready: Ready;
  change: Change;
  latest: () => PreparationV1;
  status: SaveStatusStore;
  notice: ImportNotice | null;
  transferDeps: ExportDeps | undefined;
}) {
  const { preparation, ready, change } = props;
  const { repositories } = useServices();
  const [exportErrors, setExportErrors] = useState<FieldError[]>([]);
  const problems = useMemo(() => problemsIn(preparation), [preparation]);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const problemFor = (fieldId: string) => problems.find((p) => p.fieldId === fieldId)?.message ?? exportErrors.find((e) => e.fieldId === fieldId)?.message;
  const name = copy.preparation.name(preparation.forDate ? formatDate(preparation.forDate) : '');
  const broughtText = copy.preparation.brought(ready.broughtDate ? formatDate(ready.broughtDate) : '');

  return (
    <>
      <a className="nhsuk-back-link" href={hrefFor({ name: 'prepare' })}>
        {copy.preparation.back}
      </a>
      <ErrorSummary title={copy.preparation.errorTitle} errors={exportErrors} />
      <p className="nhsuk-caption-l">
        {preparation.supervisee.name}
        {preparation.supervisee.role ? ` · ${preparation.supervisee.role}` : ''}
      </p>
      <h1 className="nhsuk-heading-l" tabIndex={-1} ref={headingRef}>
        {name}
      </h1>
      <div className="nhsuk-inset-text">
        <p>{copy.preparation.privacy}</p>
      </div>
      {props.notice && <ImportedNotice notice={props.notice} />}
      {ready.status === 'brought' && <p>{copy.preparation.broughtNote(broughtText)}</p>}
      <SaveIndicator store={props.status} onRetry={problems.length === 0 ? ready.schedule : null} />

      <Input
        id={fieldIds.forDate}
        type="date"
        label={copy.preparation.forDate}
        hint={copy.preparation.forDateHint}
        value={preparation.forDate}
        error={problemFor(fieldIds.forDate)}
        onChange={(forDate) => change((p) => ({ ...p, forDate }))}
      />

      <Issues issues={preparation.issues} room={hasRoomFor(preparation, 'issues')} change={change} problemFor={problemFor} />
      <Cases cases={preparation.cases} room={hasRoomFor(preparation, 'cases')} change={change} problemFor={problemFor} />

      <ExportPreparation
        preparation={preparation}
        latest={props.latest}
        flush={ready.flush}
        problems={problems}
        setErrors={setExportErrors}
        errorFor={(fieldId) => exportErrors.find((e) => e.fieldId === fieldId)?.message}
        transferDeps={props.transferDeps}
      />
      <ShareSection
        payload={async () => {
          await ready.flush();
          const latest = props.latest();
          return broughtAnything(broughtFrom(latest)) ? repositories.shares.preparationPayload(ready.personId, latest) : undefined;
        }}
        notReady={copy.preparation.share.nothingToBring}
        title={copy.preparation.share.title}
        lede={copy.preparation.share.lede}
      />
    </>
  );
}

function ImportedNotice({ notice }: { notice: ImportNotice }) {
  const important = notice.nameInFile !== null;
  return (
    <div className={important ? 'nhsuk-warning-callout' : 'nhsuk-inset-text'}>
      {important && <h2 className="nhsuk-warning-callout__label">{copy.preparation.imported}</h2>}
      {!important && <p>{copy.preparation.imported}</p>}
      {notice.replaced && <p>{copy.preparation.replaced}</p>}
      {notice.nameInFile !== null && <p>{copy.preparation.nameDiffers(notice.nameInFile, notice.chosenName)}</p>}
    </div>
  );
}

/** Moves focus to an element rendered by the next commit (a field just added, a heading after a removal). */
function useFocusAfterRender(): (id: string) => void {
  const [target, setTarget] = useState<string | null>(null);
  useEffect(() => {
    if (target === null) return;
    document.getElementById(target)?.focus();
    setTarget(null);
  }, [target]);
  return setTarget;
}

/** Adds an issue or case while the preparation has room for one, or says why it cannot. */
function AddButton({ room, what, label, onAdd }: { room: boolean; what: 'issues' | 'cases'; label: string; onAdd: () => void }) {
  return room ? (
    <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onAdd}>
      {label}
    </button>
  ) : (
    <p className="nhsuk-hint">{copy.preparation.tooMany(what)}</p>
  );
}

function Issues(props: { issues: PreparedIssueV1[]; room: boolean; change: Change; problemFor: (fieldId: string) => string | undefined }) {
  const { newId } = useServices();
  const { change } = props;
  const focusAfterRender = useFocusAfterRender();

  function update(id: string, edit: Partial<PreparedIssueV1>) {
    change((p) => ({ ...p, issues: p.issues.map((issue) => (issue.id === id ? { ...issue, ...edit } : issue)) }));
  }
  function add() {
    const id = newId();
    change((p) => ({ ...p, issues: [...p.issues, newIssue(id)] }));
    focusAfterRender(fieldIds.issue(id));
  }
  function remove(id: string) {
    change((p) => ({ ...p, issues: p.issues.filter((issue) => issue.id !== id) }));
    focusAfterRender('issues-title');
  }

  return (
    <Section id="issues-title" title={copy.preparation.issuesTitle} focusable>
      <p>{copy.preparation.issuesLede}</p>
      {props.issues.length === 0 ? (
        <p>{copy.preparation.noIssues}</p>
      ) : (
        <ol className="nhsuk-list nhsuk-list--border">
          {props.issues.map((issue, index) => (
            <li key={issue.id}>
              <TextArea
                id={fieldIds.issue(issue.id)}
                label={copy.preparation.issue(index + 1)}
                value={issue.text}
                rows={3}
                error={props.problemFor(fieldIds.issue(issue.id))}
                onChange={(text) => update(issue.id, { text })}
              />
              <BringCheckbox
                id={`issue-${issue.id}-bring`}
                which={copy.preparation.issueWhich(index + 1)}
                checked={issue.bring}
                onChange={(bring) => update(issue.id, { bring })}
              />
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => remove(issue.id)}>
                {copy.preparation.removeIssue(index + 1)}
              </button>
            </li>
          ))}
        </ol>
      )}
      <AddButton room={props.room} what="issues" label={copy.preparation.addIssue} onAdd={add} />
    </Section>
  );
}

function Cases(props: { cases: PreparedCaseV1[]; room: boolean; change: Change; problemFor: (fieldId: string) => string | undefined }) {
  const { newId } = useServices();
  const { change } = props;
  const focusAfterRender = useFocusAfterRender();
  // Read once for every case: which of the assistant's noticings are on for this device's person.
  const noticings = useNoticingsOnHere();

  function add() {
    const id = newId();
    change((p) => ({ ...p, cases: [...p.cases, newCase(id)] }));
    focusAfterRender(fieldIds.caseLabel(id));
  }

  return (
    <Section id="cases-title" title={copy.preparation.casesTitle} focusable>
      <p>{copy.preparation.casesLede}</p>
      {noticings.problem && (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">{commonCopy.error}</span> {noticings.problem}
        </p>
      )}
      {props.cases.length === 0 ? (
        <p>{copy.preparation.noCases}</p>
      ) : (
        <ol className="nhsuk-list">
          {props.cases.map((c, index) => (
            <li key={c.id}>
              <CaseCard
                preparedCase={c}
                number={index + 1}
                noticingsOn={noticings.on}
                change={change}
                problemFor={props.problemFor}
                onRemoved={() => focusAfterRender('cases-title')}
                onKept={() => focusAfterRender(`case-${c.id}-remove`)}
              />
            </li>
          ))}
        </ol>
      )}
      <AddButton room={props.room} what="cases" label={copy.preparation.addCase} onAdd={add} />
    </Section>
  );
}

function CaseCard(props: {
  preparedCase: PreparedCaseV1;
  number: number;
  /** The noticings on here (read once by Cases). */
  noticingsOn: readonly string[];
  change: Change;
  problemFor: (fieldId: string) => string | undefined;
  onRemoved: () => void;
  onKept: () => void;
}) {
  const { preparedCase: c, number, change } = props;
  const [confirming, setConfirming] = useState(false);
  const heading = copy.preparation.caseHeading(number, c.label);
  const model = modelOfCase(c, listModels());

  function update(edit: (c: PreparedCaseV1) => PreparedCaseV1) {
    change((p) => ({ ...p, cases: p.cases.map((other) => (other.id === c.id ? edit(other) : other)) }));
  }

  return (
    <section className="nhsuk-card" aria-labelledby={`case-${c.id}-heading`}>
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-m" id={`case-${c.id}-heading`}>
          {heading}
        </h3>
        <Input
          id={fieldIds.caseLabel(c.id)}
          label={copy.preparation.caseLabel}
          hint={copy.preparation.caseLabelHint}
          value={c.label}
          error={props.problemFor(fieldIds.caseLabel(c.id))}
          onChange={(label) => update((other) => ({ ...other, label }))}
        />
        <BringCheckbox
          id={`case-${c.id}-bring`}
          which={copy.preparation.caseWhich(number)}
          checked={c.bring}
          onChange={(bring) => update((other) => ({ ...other, bring }))}
        />
        {/* The model may be changed only while nothing is drafted: what was typed is never hidden or lost. */}
        {stageHasAnyAnswer(c.stages) ? (
          <p className="nhsuk-body-s">{copy.preparation.modelFixed(model.title)}</p>
        ) : (
          <Radios
            name={`case-${c.id}-model`}
            legend={copy.preparation.model}
            hint={copy.preparation.modelHint}
            options={choosableModels().map((m) => ({ value: refKey(m), label: m.title }))}
            value={refKey(model)}
            small
            onChange={(key) => {
              const chosen = choosableModels().find((m) => refKey(m) === key);
              if (!chosen) return;
              update((other) => {
                const { model: _previous, ...rest } = other;
                const drafted = Object.fromEntries(stagesBeforePlan(chosen).map((s) => [s.id, {}]));
                return { ...rest, stages: drafted, ...storedModelRef(refOf(chosen)) };
              });
            }}
          />
        )}
        {stagesBeforePlan(model).map((stage) => {
          // Analysis is optional in preparation: the supervisee may leave it to the session.
          const optional = stage.role === 'analysis';
          const id = fieldIds.stage(c.id, stage.id);
          return (
            <div key={stage.id}>
              <h4 className="nhsuk-heading-s" id={`${id}-heading`}>
                {copy.preparation.stageHeading(stage.name, stage.question, optional)}
              </h4>
              <SectionPrompt promptId={stage.prompt} markdown={stage.promptMarkdown} showTitle={false} />
              <TextArea
                id={id}
                label={copy.preparation.stageNotes(stage.name, optional)}
                value={c.stages[stage.id]?.notes ?? ''}
                rows={6}
                dictation
                error={props.problemFor(id)}
                onChange={(notes) => update((other) => ({ ...other, stages: { ...other.stages, [stage.id]: { ...other.stages[stage.id], notes } } }))}
              />
              <PreparedFollowUp preparedCase={c} model={model} stage={stage.id} on={props.noticingsOn} update={update} />
            </div>
          );
        })}
        {confirming ? (
          <ConfirmRemoval
            question={copy.preparation.removeCaseQuestion(heading)}
            confirm={copy.preparation.removeCaseConfirm}
            cancel={copy.preparation.removeCaseCancel}
            onConfirm={() => {
              change((p) => ({ ...p, cases: p.cases.filter((other) => other.id !== c.id) }));
              props.onRemoved();
            }}
            onCancel={() => {
              setConfirming(false);
              props.onKept();
            }}
          />
        ) : (
          <button type="button" id={`case-${c.id}-remove`} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setConfirming(true)}>
            {copy.preparation.removeCase(number)}
          </button>
        )}
      </div>
    </section>
  );
}
