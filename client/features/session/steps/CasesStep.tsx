/**
 * Cases: choose a child or family and the reflective model to discuss it with (the template's
 * default unless the supervisor chooses another), run the model's stages for it, and as many
 * more cases as needed.
 */
import { useEffect, useRef, useState } from 'react';
import type { CollectsV1, FieldV1, SectionV1 } from '../../../../machines/model/template.ts';
import type { CaseChooser } from '../../../../machines/model/record.ts';
import { caseModelRef, defaultModelRef, refKey, refOf, sameRef, type ModelStageV1, type ReflectiveModelV1 } from '../../../../machines/model/reflectiveModel.ts';
import { currentStage } from '../../../../machines/cycle/cycle.machine.ts';
import { compareVersions, defaultModelOf, modelOfCase } from '../../../../machines/models/index.ts';
import { copy } from '../../../content/copy.ts';
import { Input } from '../../../components/Input.tsx';
import { Radios } from '../../../components/Radios.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { agendaPosition, cycleActorOf, useCycleSnapshot, useSession, useSessionSelector, type CycleActor } from '../sessionContext.tsx';
import { ActionsEditor } from './ActionsEditor.tsx';
import { DriftFlags } from '../DriftFlags.tsx';
import { driftFlags } from '../../../../machines/review/drift.ts';
import { CaseFollowUp } from '../../noticings/CaseFollowUp.tsx';

type CasesRule = Extract<CollectsV1, { kind: 'cases' }>;

export function CasesStep({ section, rule }: { section: SectionV1; rule: CasesRule }) {
  const discussing = useSessionSelector((s) => agendaPosition(s).sub === 'discussing');
  const cycle = useSessionSelector((s) => cycleActorOf(s));
  if (discussing && cycle) return <CaseCycle cycle={cycle} />;
  return <ChooseCase section={section} rule={rule} />;
}

/** The newest version of each model, the template's default first: what a case may be discussed with. */
function choosable(models: readonly ReflectiveModelV1[], defaultModel: ReflectiveModelV1): ReflectiveModelV1[] {
  const newest = new Map<string, ReflectiveModelV1>();
  for (const model of models) {
    const seen = newest.get(model.id);
    if (!seen || compareVersions(model.version, seen.version) > 0) newest.set(model.id, model);
  }
  newest.set(defaultModel.id, defaultModel);
  return [defaultModel, ...[...newest.values()].filter((m) => m.id !== defaultModel.id)];
}

function ChooseCase({ section, rule }: { section: SectionV1; rule: CasesRule }) {
  const { actor, template, models, newId } = useSession();
  const cases = useSessionSelector((s) => s.context.cases);
  const noCasesReason = useSessionSelector((s) => s.context.noCasesReason);
  const content = useSessionSelector((s) => s.context);
  const flags = driftFlags(content, models);
  const defaultModel = defaultModelOf(template, models);
  const options = choosable(models, defaultModel);
  const [modelKey, setModelKey] = useState(refKey(defaultModel));
  const chosenModel = options.find((m) => refKey(m) === modelKey) ?? defaultModel;
  const brought = content.brought?.cases ?? [];
  const agreed = (content.plannedCases ?? []).filter((p) => p.take && !cases.some((c) => c.id === p.id));
  const [label, setLabel] = useState('');
  const [chosenBy, setChosenBy] = useState<CaseChooser | null>(null);
  const [reason, setReason] = useState(noCasesReason);
  const [errors, setErrors] = useState<{ label?: string; chosenBy?: string; reason?: string }>({});
  const caseLabel = template.caseStructure?.caseLabel ?? copy.cases.label;
  const discussedRef = useRef<HTMLHeadingElement>(null);
  const caseCount = cases.length;
  // Back from a case, or after removing one, focus lands on the list of cases discussed.
  useEffect(() => {
    discussedRef.current?.focus();
  }, [caseCount]);

  function start() {
    const found: typeof errors = {};
    if (!label.trim()) found.label = 'Enter a label for the child or family';
    if (rule.oneChosenByEach && !chosenBy) found.chosenBy = 'Say who chose this case';
    setErrors(found);
    if (found.label || found.chosenBy) return;
    actor.send({ type: 'case.started', caseId: newId(), label: label.trim(), chosenBy, model: refOf(chosenModel) });
    setLabel('');
    setChosenBy(null);
  }
  const modelTitle = (ref: Parameters<typeof caseModelRef>[0] & { stages: Record<string, Record<string, string>> }) => modelOfCase(ref, models).title;

  return (
    <>
      <SectionPrompt promptId={section.prompt} markdown={section.promptMarkdown} />
      {cases.length > 0 && (
        <section aria-labelledby="cases-discussed">
          <h3 className="nhsuk-heading-m" id="cases-discussed" tabIndex={-1} ref={discussedRef}>
            {copy.cases.discussed}
          </h3>
          <ul className="nhsuk-list nhsuk-list--border">
            {cases.map((c) => (
              <li key={c.id}>
                <strong>{c.label}</strong>{' '}
                {c.chosenBy && <span className="nhsuk-body-s">{copy.cases.chosenByParty(c.chosenBy)} </span>}
                {!sameRef(caseModelRef(c), defaultModel) && <span className="nhsuk-body-s">{copy.cases.modelOfCase(modelTitle(c))} </span>}
                {c.prepared && <strong className="nhsuk-tag nhsuk-tag--blue">{copy.focus.prepared}</strong>}{' '}
                <strong className={`nhsuk-tag ${c.complete ? 'nhsuk-tag--green' : 'nhsuk-tag--orange'}`}>{c.complete ? copy.cases.complete : copy.cases.inProgress}</strong>
                <div className="app-inline-buttons">
                  <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => actor.send({ type: 'case.reopened', caseId: c.id })}>
                    {copy.cases.reopen(c.label)}
                  </button>
                  <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => actor.send({ type: 'case.removed', caseId: c.id })}>
                    {copy.cases.remove(c.label)}
                  </button>
                </div>
                <DriftFlags flags={flags.filter((flag) => flag.subject.type === 'case' && flag.subject.caseId === c.id)} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {agreed.length > 0 && (
        <section aria-labelledby="agreed-cases">
          <h3 className="nhsuk-heading-m" id="agreed-cases">
            {copy.cases.agreed}
          </h3>
          <ol className="nhsuk-list nhsuk-list--number">
            {agreed.map((planned) => (
              <li key={planned.id}>
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--small"
                  onClick={() =>
                    actor.send({
                      type: 'case.started',
                      caseId: planned.id,
                      label: planned.label,
                      // Temple: a case the supervisee prepared is theirs; one the supervisor added is the supervisor's.
                      chosenBy: rule.oneChosenByEach ? (planned.source === 'prepared' ? 'supervisee' : 'supervisor') : null,
                      plannedCaseId: planned.id,
                      // A prepared case keeps the model it was drafted with (the machine reads it from what was brought).
                      ...(brought.some((b) => b.id === planned.id) ? {} : { model: refOf(chosenModel) }),
                    })
                  }
                >
                  {copy.cases.discuss(planned.label)}
                </button>{' '}
                <strong className="nhsuk-tag nhsuk-tag--blue">{planned.source === 'prepared' ? copy.focus.prepared : copy.focus.supervisorCase}</strong>
                {brought
                  .filter((b) => b.id === planned.id && !sameRef(caseModelRef(b), chosenModel))
                  .map((b) => (
                    <p className="nhsuk-body-s" key={b.id}>
                      {copy.cases.preparedWith(modelTitle(b))}
                    </p>
                  ))}
              </li>
            ))}
          </ol>
        </section>
      )}
      <section aria-labelledby="new-case" className="nhsuk-card">
        <div className="nhsuk-card__content">
          <h3 className="nhsuk-heading-m" id="new-case">
            {copy.cases.start}
          </h3>
          <Input id="case-label" label={caseLabel} hint={copy.cases.labelHint} value={label} onChange={setLabel} error={errors.label} />
          {rule.oneChosenByEach && (
            <Radios
              name="case-chosen-by"
              legend={copy.cases.chosenBy}
              error={errors.chosenBy}
              options={[
                { value: 'supervisor', label: `${copy.cases.supervisor} (${template.parties.supervisor.title})` },
                { value: 'supervisee', label: `${copy.cases.supervisee} (${template.parties.supervisee.title})` },
              ]}
              value={chosenBy}
              inline
              onChange={(value) => setChosenBy(value as CaseChooser)}
            />
          )}
          <Radios
            name="case-model"
            legend={copy.cases.model}
            hint={copy.cases.modelHint(defaultModel.title)}
            options={options.map((m) => ({
              value: refKey(m),
              label: m === defaultModel ? copy.cases.modelDefault(m.title) : m.title,
              hint: m.summary,
            }))}
            value={refKey(chosenModel)}
            onChange={setModelKey}
          />
          <button type="button" className="nhsuk-button" onClick={start}>
            {copy.cases.start}
          </button>
        </div>
      </section>
      {!cases.some((c) => c.complete) && (
        <details className="nhsuk-details" open={noCasesReason !== ''}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">{copy.cases.noneReason}</span>
          </summary>
          <div className="nhsuk-details__text">
            <TextArea id="no-cases-reason" label={copy.cases.noneReason} value={reason} rows={2} error={errors.reason} onChange={setReason} />
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary"
              onClick={() => {
                if (!reason.trim()) {
                  setErrors({ reason: 'Write why no case was discussed' });
                  return;
                }
                setErrors({});
                actor.send({ type: 'cases.noneDiscussed', reason });
              }}
            >
              {copy.cases.noneButton}
            </button>
          </div>
        </details>
      )}
    </>
  );
}

const notesField = (stage: ModelStageV1): FieldV1 => ({ id: 'notes', label: `${stage.name}: ${stage.question}` });

/**
 * The fields of one stage: the policy's own placed in it (Temple's Appendix 3 in its 1.0.0
 * template), or the stage's question. A supervisee's preparation is written under the stage's
 * question (`notes`): where the policy has its own fields, that prepared text is shown too, so it
 * stays editable.
 */
function fieldsFor(stage: ModelStageV1, structure: readonly (FieldV1 & { stage: string })[] | undefined, answers: Record<string, string>): FieldV1[] {
  const own = (structure ?? []).filter((f) => f.stage === stage.id);
  if (own.length === 0) return [notesField(stage)];
  // Shown while the prepared text exists at all, so emptying it does not pull the field away mid-edit.
  const prepared = answers['notes'] !== undefined ? [{ ...notesField(stage), label: `${copy.focus.prepared}: ${stage.question}` }] : [];
  return [...prepared, ...own];
}

function CaseCycle({ cycle }: { cycle: CycleActor }) {
  const { template, models } = useSession();
  const snapshot = useCycleSnapshot(cycle);
  const [skipping, setSkipping] = useState(false);
  const [skipReason, setSkipReason] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const model = snapshot ? modelOfCase(snapshot.context, models) : null;
  const stage = snapshot && model ? currentStage(snapshot.value, model) : null;
  // Opening a case, or moving to another stage, focuses the stage's heading.
  useEffect(() => {
    headingRef.current?.focus();
  }, [stage]);
  useEffect(() => {
    if (skipping) document.getElementById('skip-reason')?.focus();
  }, [skipping]);
  if (!snapshot || !stage || !model) return null;
  if (stage === 'done' || stage === 'setAside') return <p role="status">{copy.cases.saving}</p>;
  const context = snapshot.context;
  const index = model.stages.findIndex((s) => s.id === stage);
  const names = model.stages[index];
  if (!names) return null;
  const isPlan = stage === model.planStage;
  const fields = fieldsFor(names, template.caseStructure?.fields, context.stages[stage] ?? {});
  const caseLabel = template.caseStructure?.caseLabel ?? copy.cases.label;

  return (
    <section aria-labelledby="cycle-stage-heading" className="app-cycle">
      <Input id="cycle-case-label" label={caseLabel} value={context.label} onChange={(label) => cycle.send({ type: 'case.labelled', label })} />
      <ol className="app-cycle-stages" aria-label={model.title}>
        {model.stages.map(({ id: s, name }, i) => (
          <li key={s} aria-current={s === stage ? 'step' : undefined} className={s === stage ? 'app-cycle-stages__current' : undefined}>
            {name}
            {context.skipped[s] ? copy.cases.stageSkipped : ''}
            {i < index && !context.skipped[s] ? ' ✓' : ''}
          </li>
        ))}
      </ol>
      {context.prepared && (
        <p>
          <strong className="nhsuk-tag nhsuk-tag--blue">{copy.focus.prepared}</strong>
        </p>
      )}
      <span className="nhsuk-caption-m">{copy.cycle.stageOf(index + 1, model.stages.length)}</span>
      <h3 className="nhsuk-heading-m" id="cycle-stage-heading" tabIndex={-1} ref={headingRef}>
        {names.name} — {names.question}
      </h3>
      {context.skipped[stage] && <p className="nhsuk-inset-text">{copy.cycle.skipped(context.skipped[stage] ?? '')}</p>}
      <SectionPrompt promptId={names.prompt} markdown={names.promptMarkdown} showTitle={false} />
      {(context.completeRefusal || context.skipRefusal) && (
        <div className="nhsuk-error-summary" role="alert" aria-labelledby="cycle-refusal">
          <h4 className="nhsuk-error-summary__title" id="cycle-refusal">
            {copy.session.problem}
          </h4>
          <p>{context.completeRefusal ?? context.skipRefusal}</p>
        </div>
      )}
      {fields.map((field) => (
        <TextArea
          key={`${stage}-${field.id}`}
          id={`stage-${stage}-${field.id}`}
          label={field.label}
          value={context.stages[stage]?.[field.id] ?? ''}
          rows={6}
          dictation
          onChange={(text) => cycle.send({ type: 'stage.answered', stage, field: field.id, text })}
        />
      ))}
      <CaseFollowUp cycle={cycle} discussion={context} model={model} stage={stage} />
      {isPlan && <ActionsEditor caseId={context.id} />}
      {skipping ? (
        <div className="nhsuk-card app-skip">
          <div className="nhsuk-card__content">
            <TextArea
              id="skip-reason"
              label={copy.cycle.skipReason}
              hint={model.id === defaultModelRef.id ? copy.cycle.skipHint : copy.cycle.skipHintFor(model.title)}
              value={skipReason} rows={2} onChange={setSkipReason} />
            <div className="app-inline-buttons">
              <button
                type="button"
                className="nhsuk-button nhsuk-button--warning"
                onClick={() => {
                  cycle.send({ type: 'stage.skipped', reason: skipReason });
                  if (skipReason.trim()) {
                    setSkipping(false);
                    setSkipReason('');
                  }
                }}
              >
                {copy.cycle.confirmSkip}
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setSkipping(false)}>
                {copy.cycle.cancelSkip}
              </button>
            </div>
          </div>
        </div>
      ) : (
        <div className="app-step-nav">
          <button type="button" className="nhsuk-button" onClick={() => cycle.send({ type: 'stage.completed' })}>
            {isPlan ? copy.cycle.finish : copy.cycle.completeStage}
          </button>
          {index > 0 && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => cycle.send({ type: 'stage.back' })}>
              {copy.cycle.backStage}
            </button>
          )}
          {!isPlan && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setSkipping(true)}>
              {copy.cycle.skip}
            </button>
          )}
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => cycle.send({ type: 'case.setAside' })}>
            {copy.cycle.setAside}
          </button>
        </div>
      )}
    </section>
  );
}
