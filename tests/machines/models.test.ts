/**
 * Reflective models as data (issue 19): each shipped model file round-trips through its schema,
 * each model's case machine is checked over its whole state space (no path to the end without the
 * plan stage answered, back always allowed, the plan stage never skipped), and drift, the quality
 * check and the practice debrief follow each model's own stages and roles.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createActor, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap, getShortestPaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { createCaseCycleMachine, type CycleEvent, type CycleInput } from '../../machines/cycle/cycle.machine.ts';
import { $ReflectiveModelV1, defaultModelRef, refOf, stagesWithRole, type ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import canonicalize from 'canonicalize';
import { $CaseDiscussionV1, $SessionContentV1, stageHasAnswer, type CaseDiscussionV1 } from '../../machines/model/record.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { defaultModelOf, findModel, fourByFour, modelOfCase, models, modelProblems, sessionModels } from '../../machines/models/index.ts';
import { driftFlags } from '../../machines/review/drift.ts';
import { qualityFlags } from '../../machines/review/quality.ts';
import { debriefOf } from '../../machines/practice/debrief.ts';
import { sectionsFor } from '../../machines/model/template.ts';
import { getPrompt, isPromptId } from '../../prompts/index.ts';
import { scenarios } from '../../machines/practice/scenarios/index.ts';
import { derby, DERBY, driveTo, requireCycle, satisfy, savedTemplate, sectionOf, sessionContent, startSession, temple, type SessionActor } from './fixtures.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';

const modelsDir = fileURLToPath(new URL('../../machines/models/', import.meta.url));
const modelFiles = readdirSync(modelsDir).filter((f) => f.endsWith('.model.json'));
const gibbs = () => findModel('gibbs') as ReflectiveModelV1;
const kolb = () => findModel('kolb') as ReflectiveModelV1;
const templeModel = () => findModel('temple-appendix-3') as ReflectiveModelV1;

describe('the model files', () => {
  it('ships the 4x4x4 cycle, Gibbs, Kolb and Temple’s Appendix 3, every file parsing', () => {
    expect(modelProblems).toEqual([]);
    expect(models.map((m) => m.id).sort()).toEqual(['4x4x4', 'gibbs', 'kolb', 'temple-appendix-3']);
    expect(modelFiles).toHaveLength(models.length);
  });

  it.each(modelFiles)('%s: parsing adds nothing, and its JSON round-trips to the same model', (file) => {
    const raw: unknown = JSON.parse(readFileSync(`${modelsDir}${file}`, 'utf8'));
    const parsed = $ReflectiveModelV1.parse(raw);
    expect(parsed).toEqual(raw);
    expect($ReflectiveModelV1.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
  });

  it.each(models.map((m) => [m.id, m] as const))('%s: every stage’s prompt is in the bank, asking the stage’s question', (_id, model) => {
    for (const stage of model.stages) {
      expect(isPromptId(stage.prompt), stage.prompt).toBe(true);
      if (isPromptId(stage.prompt)) expect(getPrompt(stage.prompt).title).toBe(stage.question);
      const bullets = getPrompt(stage.prompt as Parameters<typeof getPrompt>[0]).body.split('\n').filter((l) => l.startsWith('- '));
      expect(bullets.length, stage.prompt).toBeGreaterThanOrEqual(5);
      expect(bullets.length, stage.prompt).toBeLessThanOrEqual(9);
    }
  });

  it('names the stages as the models do, in their order', () => {
    expect(gibbs().stages.map((s) => s.name)).toEqual(['Description', 'Feelings', 'Evaluation', 'Analysis', 'Conclusion', 'Action plan']);
    expect(kolb().stages.map((s) => s.name)).toEqual(['Concrete experience', 'Reflective observation', 'Abstract conceptualisation', 'Active experimentation']);
  });

  it('keeps Temple’s Appendix 3 in the policy’s own order and words', () => {
    // Temple Learning Academy Supervision Policy, Appendix 3, "Consider:".
    expect(templeModel().stages.map((s) => s.name)).toEqual([
      'Summary of events since the last supervision',
      'Identified Risks/Issues?',
      'Actions taken?',
      'Safety/Protective factors put into place?',
      'What is the CP designate’s role/relationship with the family?',
      'Agreed Actions?',
    ]);
    expect(templeModel().planStage).toBe('agreedActions');
  });

  it('refuses a model whose plan stage is not last, is skippable by role, or reuses an id', () => {
    const base = gibbs();
    const problems = (model: unknown) => ($ReflectiveModelV1.safeParse(model).error?.issues ?? []).map((i) => i.message);
    expect(problems({ ...base, planStage: 'description' })).toContain('The plan stage comes last');
    expect(problems({ ...base, stages: base.stages.map((s) => (s.id === 'actionPlan' ? { ...s, role: 'analysis' } : s)) })).toContain('The plan stage has the role "plan"');
    expect(problems({ ...base, stages: [base.stages[0], ...base.stages] })).toContain('Stage id "description" is used twice');
    expect(problems({ ...base, stages: base.stages.map((s, i) => (i === 0 ? { ...s, id: 'done' } : s)) })).toContain('"done" is reserved for the case\'s own states; choose another stage id');
  });
});

describe('Temple’s template 1.1.0 runs its own aide-memoire', () => {
  it('names Temple’s Appendix 3 as its default model; 1.0.0 (kept for sessions begun with it) ran the 4x4x4 cycle', () => {
    expect(temple().version).toBe('1.1.0');
    expect(defaultModelOf(temple()).id).toBe('temple-appendix-3');
    expect(temple().caseStructure?.fields).toEqual([]);
    expect(defaultModelOf(savedTemplate('temple-learning-academy-appendix-2', '1.0.0')).id).toBe('4x4x4');
  });

  it('a Temple case started without a choice runs the aide-memoire, in order, and its record names the model', () => {
    const actor = startSession(temple(), 'supervision');
    driveTo(actor, temple(), 'supervision', 'review-of-current-cases');
    actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Student A', chosenBy: 'supervisor' });
    const cycle = requireCycle(actor);
    expect(cycle.getSnapshot().value).toBe('summaryOfEvents');
    const visited: unknown[] = [];
    for (const stage of templeModel().stages) {
      visited.push(cycle.getSnapshot().value);
      cycle.send({ type: 'stage.answered', stage: stage.id, field: 'notes', text: `${stage.name} noted` });
      cycle.send({ type: 'stage.completed' });
    }
    expect(visited).toEqual(templeModel().stages.map((s) => s.id));
    const stored = actor.getSnapshot().context.cases[0];
    expect(stored?.model).toEqual(refOf(templeModel()));
    expect(stored?.complete).toBe(true);
  });
});

/** Every event a case screen can send for one model, with answers at each of its stages. */
function eventsFor(model: ReflectiveModelV1): CycleEvent[] {
  return [
    ...model.stages.map((s): CycleEvent => ({ type: 'stage.answered', stage: s.id, field: 'notes', text: `${s.name} notes` })),
    { type: 'stage.completed' },
    { type: 'stage.skipped', reason: 'Out of time' },
    { type: 'stage.skipped', reason: '  ' },
    { type: 'stage.back' },
    { type: 'case.labelled', label: 'Baby T' },
    { type: 'case.setAside' },
  ];
}

describe.each(models.map((m) => [m.id, m] as const))('the %s case machine over its whole state space', (_id, model) => {
  const machine = createCaseCycleMachine([model]);
  type Snapshot = SnapshotFrom<typeof machine>;
  const input: CycleInput = { caseId: 'case-0001' };
  const stopWhen = (s: Snapshot) => s.status !== 'active';
  const events = eventsFor(model);
  // The guards read only the current stage's answer and the label, so states are told apart by
  // those (and the stage): the whole transition structure, in a space small enough for six stages.
  const serializeState = (s: Snapshot) =>
    JSON.stringify({
      value: s.value,
      answered: stageHasAnswer(s.context.stages[String(s.value)]),
      skipped: s.context.skipped[String(s.value)] !== undefined,
      labelled: s.context.label.trim() !== '',
    });
  const paths = getShortestPaths(machine, { input, events, stopWhen, serializeState });
  type Edge = { event: CycleEvent; state: Snapshot };
  const adjacency = Object.values(getAdjacencyMap(machine, { input, events, stopWhen, serializeState }));
  const edges = adjacency.flatMap(({ state, transitions }) =>
    (Object.values(transitions) as Edge[]).map((t) => ({ from: state, event: t.event, to: t.state })),
  );
  const ids = model.stages.map((s) => s.id);

  it('reaches every stage, finishing and setting aside', () => {
    expect(new Set(paths.map((p) => p.state.value))).toEqual(new Set([...ids, 'done', 'setAside']));
  });

  it('no path reaches "done" without the plan stage answered, and every finished case passed each stage', () => {
    const toDone = paths.filter((p) => p.state.value === 'done');
    expect(toDone.length).toBeGreaterThan(0);
    for (const edge of edges.filter((e) => e.to.value === 'done' && e.from.value !== 'done')) {
      expect(edge.from.value).toBe(model.planStage);
      expect(stageHasAnswer(edge.from.context.stages[model.planStage])).toBe(true);
    }
    for (const { state } of toDone) {
      for (const id of ids) {
        const passed = stageHasAnswer(state.context.stages[id]) || (state.context.skipped[id] ?? '').trim() !== '';
        expect(passed, id).toBe(true);
      }
      expect(state.context.skipped[model.planStage]).toBeUndefined();
      expect(state.context.label.trim()).not.toBe('');
      expect($CaseDiscussionV1.safeParse(state.output).success).toBe(true);
    }
  });

  it('the plan stage cannot be skipped: a skip there changes nothing', () => {
    for (const edge of edges.filter((e) => e.from.value === model.planStage && e.event.type === 'stage.skipped')) {
      expect(edge.to.value).toBe(model.planStage);
      expect(edge.to.context.skipped[model.planStage]).toBeUndefined();
    }
  });

  it('back is always allowed: from every state at a stage after the first, "back" reaches the stage before', () => {
    const later = adjacency.filter(({ state }) => ids.indexOf(String(state.value)) > 0);
    expect(later.length).toBeGreaterThan(0);
    for (const { state, transitions } of later) {
      const back = (Object.values(transitions) as Edge[]).find((t) => t.event.type === 'stage.back');
      expect(back?.state.value, `back from ${String(state.value)}`).toBe(ids[ids.indexOf(String(state.value)) - 1]);
    }
  });

  it('moves on only by an answer or a skip with a reason', () => {
    for (const edge of edges.filter((e) => ids.includes(String(e.from.value)) && ids.includes(String(e.to.value)))) {
      const from = ids.indexOf(String(edge.from.value));
      const to = ids.indexOf(String(edge.to.value));
      if (to <= from) continue;
      const stage = String(edge.from.value);
      if (edge.event.type === 'stage.completed') expect(stageHasAnswer(edge.from.context.stages[stage])).toBe(true);
      else expect(edge.event).toMatchObject({ type: 'stage.skipped', reason: 'Out of time' });
    }
  });

  it('can fail: with "hasAnswer" always true, an edge into "done" leaves the plan stage unanswered', () => {
    const broken = machine.provide({ guards: { hasAnswer: () => true } });
    const brokenEdges = Object.values(getAdjacencyMap(broken, { input, events, stopWhen, serializeState })).flatMap(({ state, transitions }) =>
      (Object.values(transitions) as Edge[]).map((t) => ({ from: state, to: t.state })),
    );
    expect(brokenEdges.some((e) => e.to.value === 'done' && e.from.value !== 'done' && !stageHasAnswer(e.from.context.stages[model.planStage]))).toBe(true);
  });
});

describe('one case machine for every model a session may use', () => {
  const machine = createCaseCycleMachine(sessionModels(derby()));

  it.each(models.map((m) => [m.id, m] as const))('a %s case moves only through its own model’s stages', (_id, model) => {
    const actor = createActor(machine, { input: { caseId: 'case-0001', label: 'Baby T', model: refOf(model) } }).start();
    const visited: unknown[] = [];
    for (const stage of model.stages) {
      visited.push(actor.getSnapshot().value);
      actor.send({ type: 'stage.skipped', reason: 'Out of time' });
      if (stage.id === model.planStage) {
        // The plan stage is never skipped, in a mixed machine as in a single one.
        expect(actor.getSnapshot().value).toBe(model.planStage);
        actor.send({ type: 'stage.answered', stage: stage.id, field: 'notes', text: 'Plan agreed' });
        actor.send({ type: 'stage.completed' });
      }
    }
    expect(visited).toEqual(model.stages.map((s) => s.id));
    expect(actor.getSnapshot().status).toBe('done');
    const output = actor.getSnapshot().output as CaseDiscussionV1;
    expect(Object.keys(output.stages)).toEqual(model.stages.map((s) => s.id));
    // A 4x4x4 1.0.0 case carries no ref (absent means it), so it reads as cases always did.
    expect(output.model).toEqual(model.id === defaultModelRef.id ? undefined : refOf(model));
  });

  it('back from Gibbs’ Analysis goes to Evaluation, not to the 4x4x4 stage before its own Analysis', () => {
    const actor = createActor(machine, { input: { caseId: 'case-0001', label: 'Baby T', model: refOf(gibbs()) } }).start();
    for (let i = 0; i < 3; i++) actor.send({ type: 'stage.skipped', reason: 'Out of time' });
    expect(actor.getSnapshot().value).toBe('analysis');
    actor.send({ type: 'stage.back' });
    expect(actor.getSnapshot().value).toBe('evaluation');
  });

  it('a session refuses a case with a model it does not have, and starts nothing', () => {
    const actor = startSession(derby(), DERBY);
    driveTo(actor, derby(), DERBY, 'case-discussion');
    actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Baby T', chosenBy: null, model: { id: 'unknown', version: '1.0.0' } });
    expect(actor.getSnapshot().children['cycle']).toBeUndefined();
    expect(actor.getSnapshot().context.refusal).toEqual(['That reflective model is not available on this device. Choose another.']);
  });
});

/** A completed case run with a model: every stage answered, except `skip` (skipped with a reason). */
function caseWith(model: ReflectiveModelV1, skip: readonly string[] = [], text = (name: string) => `${name}: noted.`): CaseDiscussionV1 {
  return {
    id: 'case-0001',
    label: 'Baby T',
    chosenBy: null,
    stages: Object.fromEntries(model.stages.map((s): [string, Record<string, string>] => [s.id, skip.includes(s.id) ? {} : { notes: text(s.name) }])),
    skipped: Object.fromEntries(skip.map((id) => [id, 'Out of time'])),
    complete: true,
    ...(model.id === defaultModelRef.id ? {} : { model: refOf(model) }),
  };
}

describe.each(models.map((m) => [m.id, m] as const))('drift, quality and the debrief follow the %s model', (_id, model) => {
  const analysisStages = stagesWithRole(model, 'analysis');
  const other = model.stages.find((s) => s.role !== 'analysis' && s.id !== model.planStage);

  it('drift flags a case that skipped a stage with the role "analysis", naming it', () => {
    for (const stage of analysisStages) {
      const flags = driftFlags(sessionContent({ cases: [caseWith(model, [stage.id])] }));
      expect(flags.map((f) => f.kind)).toEqual(['skippedAnalysis']);
      expect(flags[0]?.message).toContain('Out of time');
    }
  });

  it('drift does not flag a skip at a stage of another role', () => {
    if (!other) return;
    expect(driftFlags(sessionContent({ cases: [caseWith(model, [other.id])] }))).toEqual([]);
  });

  it('drift compares plans at the model’s plan stage', () => {
    const content = sessionContent({ cases: [caseWith(model)] });
    const entry = { sessionId: 'session-0000', date: '2026-10-01', label: 'Baby T', plan: '', actions: [], skipped: [] };
    const plan = `${model.stages.find((s) => s.id === model.planStage)?.name}: noted.`.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
    const withHistory = { ...content, caseHistory: { 'baby t': [{ ...entry, plan }, { ...entry, sessionId: 'session-0002', plan }] } };
    expect(driftFlags(withHistory).map((f) => f.kind)).toEqual(['staticPlan']);
  });

  it('the quality check reads every stage under the model’s own names, widening judgement wording at its analysis stages', () => {
    const vague = caseWith(model, [], () => 'Fine.');
    const flags = qualityFlags(sectionsFor(derby(), DERBY), sessionContent({ cases: [vague] }));
    const caseFlags = flags.filter((f) => f.where.startsWith('Case discussion'));
    for (const stage of model.stages) expect(caseFlags.some((f) => f.where.endsWith(`: ${stage.name}`)), stage.name).toBe(true);
  });

  it('the practice debrief lists the case’s stages by the model’s names, with skips', () => {
    const scenario = scenarios[0];
    if (!scenario) throw new Error('No practice scenario shipped');
    const practice = {
      practiceId: 'practice-0001',
      scenario,
      role: 'supervisor' as const,
      trainee: 'Tess Trainee',
      startedAt: '2026-11-22T10:00:00.000Z',
      finishedAt: '2026-11-22T10:30:00.000Z',
      turns: [],
      stageLog: [],
      refusal: null,
      draft: { intervention: null, words: '' },
    };
    const skip = analysisStages[0]?.id;
    const debrief = debriefOf(practice, sectionsFor(derby(), DERBY), sessionContent({ cases: [caseWith(model, skip ? [skip] : [])] }));
    expect(debrief.stages.map((s) => s.name)).toEqual(model.stages.map((s) => s.name));
    expect(debrief.stages.filter((s) => s.skipped !== null).map((s) => s.stage)).toEqual(skip ? [skip] : []);
    const managing = debrief.competencies.find((c) => c.competency.startsWith('Can set and maintain ground rules'));
    if (skip) expect(managing?.toWorkOn).toContain(`${analysisStages[0]?.name} was skipped (“Out of time”).`);
  });
});

describe('a case whose model is not on this device', () => {
  it('is read from the record: its stages in stored order, the last the plan', () => {
    const stored: CaseDiscussionV1 = {
      ...caseWith(gibbs()),
      model: { id: 'our-own-model', version: '2.0.0' },
    };
    const standIn = modelOfCase(stored);
    expect(standIn.stages.map((s) => s.id)).toEqual(gibbs().stages.map((s) => s.id));
    expect(standIn.planStage).toBe('actionPlan');
    expect($ReflectiveModelV1.safeParse(standIn).success).toBe(true);
  });

  it('is found among the models given (a session’s saved copies) before any stand-in', () => {
    const custom: ReflectiveModelV1 = { ...kolb(), id: 'our-own-model', version: '2.0.0', title: 'Our own model' };
    expect(modelOfCase({ model: refOf(custom), stages: {} }, [custom]).title).toBe('Our own model');
    expect(modelOfCase({ stages: {} }, [custom])).toEqual(fourByFour());
  });
});

describe('practice scenarios are written for the 4x4x4 cycle', () => {
  it('every scenario’s cues name 4x4x4 stages', () => {
    const ids = fourByFour().stages.map((s) => s.id);
    for (const scenario of scenarios) for (const cue of scenario.cues) expect(ids).toContain(cue.stage);
  });
});

describe('records and saves from before models were data', () => {
  const recordsDir = fileURLToPath(new URL('../fixtures/records/', import.meta.url));
  const signedRecords = readdirSync(recordsDir).filter((f) => f.endsWith('.json'));

  it.each(signedRecords)('%s: parses to the same canonical JSON, so its hash still verifies', (file) => {
    const stored = (JSON.parse(readFileSync(`${recordsDir}${file}`, 'utf8')) as { record: unknown }).record;
    const parsed = $SessionContentV1.parse(stored);
    expect(canonicalize(parsed)).toBe(canonicalize(stored));
    expect(contentHashOf(signedContentOf(parsed))).toBe(parsed.contentHash);
    expect(verifyRecord(parsed)).toEqual({ status: 'valid', hash: parsed.contentHash });
    for (const discussion of parsed.cases) expect('model' in discussion).toBe(false);
  });

  it('a session saved mid-case before models were data restores at its 4x4x4 stage, and the finished case stores no model ref', () => {
    const saved = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/session-envelopes/derby-mid-case.v1.json', import.meta.url)), 'utf8')) as {
      templateId: string;
      templateVersion: string;
      content: unknown;
      envelope: unknown;
    };
    const content = $SessionContentV1.parse(saved.content);
    const restored = restoreSession(savedTemplate(saved.templateId, saved.templateVersion), content, saved.envelope);
    expect(restored.kind).toBe('restored');
    const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(content) }).start();
    const cycle = requireCycle(actor);
    expect(cycle.getSnapshot().value).toBe('analysis');
    for (const stage of ['analysis', 'actionPlanning']) {
      cycle.send({ type: 'stage.answered', stage, field: 'notes', text: 'Strategy discussion requested today.' });
      cycle.send({ type: 'stage.completed' });
    }
    const finished = actor.getSnapshot().context.cases.at(-1);
    expect(finished?.complete).toBe(true);
    expect(finished && 'model' in finished).toBe(false);
    expect(Object.keys(finished?.stages ?? {})).toEqual(['experience', 'reflection', 'analysis', 'actionPlanning']);
  });
});
