/**
 * The 4x4x4 case machine over every path: Experience → Reflection → Analysis → Action
 * planning, moving on only with an answer or a skip whose reason is recorded.
 */
import { createActor, transition, type SnapshotFrom } from 'xstate';
import { createTestModel, getAdjacencyMap, getShortestPaths, getSimplePaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { caseCycleMachine, currentStage, type CycleEvent, type CycleInput } from '../../machines/cycle/cycle.machine.ts';
import { cycleStages, type CycleStage } from '../../machines/model/template.ts';
import { $CaseDiscussionV1, stageHasAnswer } from '../../machines/model/record.ts';
import { discussedCase } from './fixtures.ts';

type CycleSnapshot = SnapshotFrom<typeof caseCycleMachine>;

const input: CycleInput = { caseId: 'case-0001' };
const answer = (stage: CycleStage, text = `${stage} notes`): CycleEvent => ({ type: 'stage.answered', stage, field: 'notes', text });
const completed: CycleEvent = { type: 'stage.completed' };
const skippedWithReason: CycleEvent = { type: 'stage.skipped', reason: '  Ran out of time  ' };
const skippedEmpty: CycleEvent = { type: 'stage.skipped', reason: '' };
const skippedBlank: CycleEvent = { type: 'stage.skipped', reason: '   ' };
const back: CycleEvent = { type: 'stage.back' };
const labelled: CycleEvent = { type: 'case.labelled', label: 'Baby T' };
const setAside: CycleEvent = { type: 'case.setAside' };

/** Every event the case screen can send, with non-empty answers for each stage. */
const everyEvent: CycleEvent[] = [...cycleStages.map((s) => answer(s)), completed, skippedWithReason, skippedEmpty, skippedBlank, back, labelled, setAside];

const next = (snapshot: CycleSnapshot, event: CycleEvent) => transition(caseCycleMachine, snapshot, event)[0];
const stageOf = (snapshot: CycleSnapshot) => currentStage(snapshot.value);
const isStage = (snapshot: CycleSnapshot): snapshot is CycleSnapshot => cycleStages.includes(snapshot.value as CycleStage);
const previousStage = (stage: CycleStage) => cycleStages[cycleStages.indexOf(stage) - 1];
const nextStageOf = (stage: CycleStage) => cycleStages[cycleStages.indexOf(stage) + 1];

// A finished actor takes no more events, but a pure transition() on a final snapshot still
// applies root-level handlers such as case.labelled: traversal stops at final states.
const stopWhen = (snapshot: CycleSnapshot) => snapshot.status !== 'active';
const shortestPaths = getShortestPaths(caseCycleMachine, { input, events: everyEvent, stopWhen });
const reachable = shortestPaths.map((p) => p.state);
const inStages = reachable.filter(isStage);
const adjacency = Object.values(getAdjacencyMap(caseCycleMachine, { input, events: everyEvent, stopWhen }));
type Transition = { event: CycleEvent; state: CycleSnapshot };
const edges = adjacency.flatMap(({ state, transitions }) =>
  // Keyed by a branded string, which Object.values cannot see through.
  (Object.values(transitions) as Transition[]).map((t) => ({ from: state, event: t.event, to: t.state })),
);

describe('case machine: the whole state space', () => {
  it('reaches every stage, finishing and setting aside', () => {
    expect(new Set(reachable.map((s) => s.value))).toEqual(new Set([...cycleStages, 'done', 'setAside']));
  });

  it('every edge into "done" leaves Action planning with an answer recorded', () => {
    const intoDone = edges.filter((e) => e.to.value === 'done' && e.from.value !== 'done');
    expect(intoDone.length).toBeGreaterThan(0);
    for (const edge of intoDone) {
      expect(edge.from.value).toBe('actionPlanning');
      expect(edge.event.type).toBe('stage.completed');
      expect(stageHasAnswer(edge.from.context.stages.actionPlanning)).toBe(true);
    }
  });

  it('no shortest path reaches "done" without passing Action planning with an answer', () => {
    const toDone = shortestPaths.filter((p) => p.state.value === 'done');
    expect(toDone.length).toBeGreaterThan(0);
    for (const path of toDone) {
      const beforeDone = path.steps.at(-2)?.state;
      expect(beforeDone?.value).toBe('actionPlanning');
      expect(stageHasAnswer(beforeDone?.context.stages.actionPlanning ?? {})).toBe(true);
    }
  });

  it('every finished case has each earlier stage answered or skipped with a reason, and Action planning answered', () => {
    const finished = reachable.filter((s) => s.value === 'done');
    for (const state of finished) {
      for (const stage of ['experience', 'reflection', 'analysis'] as const) {
        const passed = stageHasAnswer(state.context.stages[stage]) || (state.context.skipped[stage] ?? '').trim().length > 0;
        expect(passed, `${stage} in ${JSON.stringify(state.context)}`).toBe(true);
      }
      expect(stageHasAnswer(state.context.stages.actionPlanning)).toBe(true);
      expect(state.context.skipped.actionPlanning).toBeUndefined();
    }
  });

  it('every finished case names the child or family', () => {
    // Fails today: skipping Experience (with a reason) bypasses the label check.
    const unnamed = reachable.filter((s) => s.value === 'done' && s.context.label.trim() === '');
    expect(unnamed.map((s) => s.context.skipped)).toEqual([]);
  });

  it('outputs the discussion, marked complete, on every finished path', () => {
    for (const state of reachable.filter((s) => s.value === 'done')) {
      expect(state.status).toBe('done');
      expect(state.output?.complete).toBe(true);
      // The output is a stored case: no refusal messages leak into the record.
      expect($CaseDiscussionV1.safeParse(state.output).success).toBe(true);
    }
  });
});

describe('case machine: the graph checks can fail', () => {
  it('finds an edge into "done" without an answer, if Action planning did not need one', () => {
    const broken = caseCycleMachine.provide({ guards: { hasAnswer: () => true } });
    const brokenEdges = Object.values(getAdjacencyMap(broken, { input, events: everyEvent, stopWhen })).flatMap(({ state, transitions }) =>
      (Object.values(transitions) as Transition[]).map((t) => ({ from: state, to: t.state })),
    );
    const unanswered = brokenEdges.filter(
      (e) => e.to.value === 'done' && e.from.value !== 'done' && !stageHasAnswer(e.from.context.stages.actionPlanning),
    );
    expect(unanswered.length).toBeGreaterThan(0);
  });
});

describe('case machine: simple paths (forward moves only)', () => {
  // Simple paths grow exponentially with "back": forward moves and answers to the current
  // stage keep the enumeration to about a thousand paths while still covering every way of
  // answering, skipping, labelling or setting aside at each stage.
  const forward = (snapshot: CycleSnapshot) =>
    everyEvent.filter((e) => e.type !== 'stage.back' && (e.type !== 'stage.answered' || e.stage === snapshot.value));
  const serializeState = (s: CycleSnapshot) =>
    JSON.stringify({ value: s.value, stages: s.context.stages, skipped: s.context.skipped, label: s.context.label });
  const simplePaths = getSimplePaths(caseCycleMachine, { input, events: forward, serializeState, stopWhen });

  it('passes the four stages in order on every path to "done"', () => {
    const toDone = simplePaths.filter((p) => p.state.value === 'done');
    expect(toDone.length).toBeGreaterThan(10);
    for (const path of toDone) {
      const stagesVisited = path.steps.map((s) => s.state.value).filter((v, i, all) => v !== all[i - 1]);
      expect(stagesVisited).toEqual([...cycleStages, 'done']);
    }
  });

  it('reaches "done" only through an answered Action planning', () => {
    for (const path of simplePaths.filter((p) => p.state.value === 'done')) {
      const last = path.steps.at(-1);
      expect(last?.event.type).toBe('stage.completed');
      expect(stageHasAnswer(path.steps.at(-2)?.state.context.stages.actionPlanning ?? {})).toBe(true);
    }
  });

  it('never moves on by an empty skip', () => {
    for (const path of simplePaths) {
      path.steps.forEach((step, i) => {
        const before = path.steps[i - 1]?.state;
        if (before && (step.event === skippedEmpty || step.event === skippedBlank)) expect(step.state.value).toBe(before.value);
      });
    }
  });
});

describe('case machine: each rule from every state it applies in', () => {
  it('action planning cannot be skipped, even with a reason', () => {
    const atActionPlanning = inStages.filter((s) => s.value === 'actionPlanning');
    expect(atActionPlanning.length).toBeGreaterThan(0);
    for (const state of atActionPlanning) {
      const after = next(state, skippedWithReason);
      expect(after.value).toBe('actionPlanning');
      expect(after.context.skipped).toEqual(state.context.skipped);
    }
  });

  it('a skip with an empty or blank reason is refused and nothing else changes', () => {
    const skippable = inStages.filter((s) => s.value !== 'actionPlanning');
    expect(skippable.length).toBeGreaterThan(0);
    for (const state of skippable) {
      for (const event of [skippedEmpty, skippedBlank]) {
        const after = next(state, event);
        expect(after.value).toBe(state.value);
        // Experience cannot be left, even by a skip, until the case is named.
        const unnamed = state.value === 'experience' && state.context.label.trim() === '';
        expect(after.context.skipRefusal).toBe(unnamed ? 'Enter a label for the child or family.' : 'Give a reason for skipping this stage. It is recorded.');
        expect({ ...after.context, skipRefusal: null }).toEqual({ ...state.context, skipRefusal: null });
      }
    }
  });

  it('a skip with a reason moves on and records the reason, trimmed, against the stage', () => {
    for (const state of inStages.filter((s) => s.value !== 'actionPlanning' && !(s.value === 'experience' && s.context.label.trim() === ''))) {
      const stage = stageOf(state) as CycleStage;
      const after = next(state, skippedWithReason);
      expect(after.value).toBe(nextStageOf(stage));
      expect(after.context.skipped[stage]).toBe('Ran out of time');
      expect(after.context.skipRefusal).toBeNull();
    }
  });

  it('going back is allowed from every stage but the first, and keeps every answer', () => {
    for (const state of inStages) {
      const stage = stageOf(state) as CycleStage;
      const after = next(state, back);
      const previous = previousStage(stage);
      expect(after.value).toBe(previous ?? 'experience');
      if (previous) {
        // A refusal belongs to the stage it was given on; everything written is kept.
        expect([after.context.skipRefusal, after.context.completeRefusal]).toEqual([null, null]);
        expect({ ...after.context, skipRefusal: null, completeRefusal: null }).toEqual({ ...state.context, skipRefusal: null, completeRefusal: null });
      } else {
        expect(after.context).toEqual(state.context);
      }
    }
  });

  it('completing a stage without an answer is refused with the reason', () => {
    for (const state of inStages.filter((s) => !stageHasAnswer(s.context.stages[stageOf(s) as CycleStage]))) {
      const after = next(state, completed);
      expect(after.value).toBe(state.value);
      // Experience and action planning also need the child or family named; each problem is said.
      const unnamed = (state.value === 'experience' || state.value === 'actionPlanning') && state.context.label.trim() === '';
      expect(after.context.completeRefusal).toBe(
        unnamed ? 'Enter a label for the child or family. Record an answer, or skip this stage with a reason.' : 'Record an answer, or skip this stage with a reason.',
      );
    }
  });

  it('experience needs a label before it can be completed', () => {
    const unlabelledButAnswered = inStages.filter(
      (s) => s.value === 'experience' && s.context.label === '' && stageHasAnswer(s.context.stages.experience),
    );
    expect(unlabelledButAnswered.length).toBeGreaterThan(0);
    for (const state of unlabelledButAnswered) {
      const after = next(state, completed);
      expect(after.value).toBe('experience');
      expect(after.context.completeRefusal).toBe('Enter a label for the child or family.');
      expect(next(next(state, labelled), completed).value).toBe('reflection');
    }
  });

  it('an unnamed case can neither skip experience nor finish action planning', () => {
    const unnamedExperience = inStages.filter((s) => s.value === 'experience' && s.context.label.trim() === '');
    expect(unnamedExperience.length).toBeGreaterThan(0);
    for (const state of unnamedExperience) expect(next(state, skippedWithReason).value).toBe('experience');
    const named = inStages.find((s) => s.value === 'actionPlanning' && stageHasAnswer(s.context.stages.actionPlanning));
    expect(named).toBeDefined();
    const unnamedPlan = next(next(named!, { type: 'case.labelled', label: '' }), completed);
    expect(unnamedPlan.value).toBe('actionPlanning');
    expect(unnamedPlan.context.completeRefusal).toBe('Enter a label for the child or family.');
  });

  it('an answered stage clears a skip recorded on an earlier pass', () => {
    const completions = edges.filter(
      (e) => e.event === completed && isStage(e.from) && e.to.value !== e.from.value,
    );
    const afterSkip = completions.filter((e) => e.from.context.skipped[stageOf(e.from) as CycleStage] !== undefined);
    expect(afterSkip.length).toBeGreaterThan(0);
    for (const edge of completions) expect(edge.to.context.skipped[stageOf(edge.from) as CycleStage]).toBeUndefined();
  });

  it('setting aside from any stage outputs an incomplete case with everything written kept', () => {
    for (const state of inStages) {
      const after = next(state, setAside);
      expect(after.value).toBe('setAside');
      expect(after.status).toBe('done');
      expect(after.output).toEqual({
        id: 'case-0001',
        label: state.context.label,
        chosenBy: null,
        stages: state.context.stages,
        skipped: state.context.skipped,
        complete: false,
      });
    }
  });
});

describe('case machine: examples', () => {
  it('runs a case to done and outputs it complete', () => {
    // Arrange
    const actor = createActor(caseCycleMachine, { input: { caseId: 'case-0001', label: 'Baby T', chosenBy: 'supervisee' } }).start();
    // Act
    for (const stage of cycleStages) {
      actor.send(answer(stage));
      actor.send(completed);
    }
    // Assert
    const snapshot = actor.getSnapshot();
    expect(snapshot.status).toBe('done');
    const stages = {
      experience: { notes: 'experience notes' },
      reflection: { notes: 'reflection notes' },
      analysis: { notes: 'analysis notes' },
      actionPlanning: { notes: 'actionPlanning notes' },
    };
    // discussedCase's other fields: id case-0001, label Baby T, nothing skipped, complete.
    expect(snapshot.output).toEqual(discussedCase({ chosenBy: 'supervisee', stages }));
  });

  it('answering a skipped stage on a second pass clears the skip', () => {
    const actor = createActor(caseCycleMachine, { input: { caseId: 'case-0001', label: 'Baby T' } }).start();
    actor.send(answer('experience'));
    actor.send(completed);
    actor.send(skippedWithReason);
    expect(actor.getSnapshot().context.skipped).toEqual({ reflection: 'Ran out of time' });
    actor.send(back);
    actor.send(answer('reflection'));
    actor.send(completed);
    expect(actor.getSnapshot().value).toBe('analysis');
    expect(actor.getSnapshot().context.skipped).toEqual({});
  });

  it('a refused skip is cleared by the next good skip', () => {
    const actor = createActor(caseCycleMachine, { input: { caseId: 'case-0001', label: 'Baby T' } }).start();
    actor.send(skippedEmpty);
    expect(actor.getSnapshot().context.skipRefusal).not.toBeNull();
    actor.send(skippedWithReason);
    expect(actor.getSnapshot().value).toBe('reflection');
    expect(actor.getSnapshot().context.skipRefusal).toBeNull();
  });

  it('resuming restores the earlier answers, label, chooser and skips, at Experience', () => {
    // Arrange
    const earlier = discussedCase({ chosenBy: 'supervisor', skipped: { reflection: 'Not enough time' }, complete: false });
    // Act
    const actor = createActor(caseCycleMachine, { input: { caseId: earlier.id, resume: earlier } }).start();
    // Assert
    const { value, context } = actor.getSnapshot();
    expect(value).toBe('experience');
    expect(context).toEqual({ ...earlier, skipRefusal: null, completeRefusal: null });
  });

  it('resumed answers carry through to the output, with the edits made', () => {
    const earlier = discussedCase({ complete: false });
    const actor = createActor(caseCycleMachine, { input: { caseId: earlier.id, resume: earlier } }).start();
    actor.send(answer('analysis', 'Bruise is unexplained; pattern of missed appointments'));
    for (let i = 0; i < 4; i++) actor.send(completed);
    expect(actor.getSnapshot().output?.stages).toEqual({ ...earlier.stages, analysis: { notes: 'Bruise is unexplained; pattern of missed appointments' } });
    expect(actor.getSnapshot().output?.complete).toBe(true);
  });

  it('skipping Experience still needs a label for the child or family', () => {
    // Fails today: stage.skipped from Experience has no hasLabel guard, so a case can be
    // finished with no label, and its child-record summary cannot say which child it is for.
    const actor = createActor(caseCycleMachine, { input: { caseId: 'case-0001' } }).start();
    actor.send(skippedWithReason);
    expect(actor.getSnapshot().value).toBe('experience');
  });

  it('a label cannot be blanked after Experience and the case still finish', () => {
    // Fails today: hasLabel is only checked when leaving Experience by "completed".
    const actor = createActor(caseCycleMachine, { input: { caseId: 'case-0001', label: 'Baby T' } }).start();
    actor.send(answer('experience'));
    actor.send(completed);
    actor.send({ type: 'case.labelled', label: '' });
    for (const stage of ['reflection', 'analysis', 'actionPlanning'] as const) {
      actor.send(answer(stage));
      actor.send(completed);
    }
    const snapshot = actor.getSnapshot();
    expect(snapshot.status === 'done' ? snapshot.output?.label : 'not finished').not.toBe('');
  });

  it('a reopened finished case whose action planning is emptied is not output as complete', () => {
    // Fails today: context.complete is copied from the resumed case and only ever set to
    // true, so setting it aside keeps complete: true with no recorded "what next".
    const earlier = discussedCase();
    const actor = createActor(caseCycleMachine, { input: { caseId: earlier.id, resume: earlier } }).start();
    actor.send(answer('actionPlanning', ''));
    actor.send(setAside);
    const output = actor.getSnapshot().output;
    expect(stageHasAnswer(output?.stages.actionPlanning ?? {})).toBe(false);
    expect(output?.complete).toBe(false);
  });
});

describe('case machine: test model against a running actor', () => {
  // createTestModel fits here (the case machine invokes nothing): each shortest path is
  // replayed on a real actor, which must agree with the model at every step.
  // The test model would send a bare { type: 'case.chosenBy' } (an event type the machine
  // handles but not listed here), so it is filtered out; states are keyed by value and
  // context only, as the default transition-aware keys make the model three times larger.
  const model = createTestModel(caseCycleMachine, {
    input,
    events: everyEvent,
    stopWhen,
    filterEvents: (_snapshot, event) => event.type !== 'case.chosenBy',
    serializeState: (snapshot) => JSON.stringify({ value: snapshot.value, context: snapshot.context }),
  });
  const paths = model.getShortestPaths();

  it('has paths to test', () => {
    expect(paths.length).toBeGreaterThan(100);
  });

  it('a running actor follows every shortest path exactly', async () => {
    for (const path of paths) {
      const actor = createActor(caseCycleMachine, { input }).start();
      // The executor's step is typed with the event's type only; at run time it is the full event.
      const send = ({ event }: { event: { type: string } }) => actor.send(event as CycleEvent);
      await path.test({
        events: {
          'stage.answered': send,
          'stage.completed': send,
          'stage.skipped': send,
          'stage.back': send,
          'case.labelled': send,
          'case.setAside': send,
        },
        states: {
          '*': (state) => {
            expect(actor.getSnapshot().value).toEqual(state.value);
            expect(actor.getSnapshot().context).toEqual(state.context);
          },
        },
      });
      actor.stop();
    }
  });
});
