/**
 * Practice mode, headless: the scenarios as data (six shipped, all fictional, each runnable on a
 * shipped template), the simulated supervisee's deterministic answers (cues drawn out by the
 * right intervention at the right stage, the thin answer to premature planning), open and
 * closed questions, the practice machine on every path (xstate/graph), and the debrief.
 */
import { createActor, type SnapshotFrom } from 'xstate';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';
import { describe, expect, it } from 'vitest';
import { $ScenarioV1, interventionKinds, type ScenarioV1 } from '../../machines/practice/scenario.ts';
import { findScenario, parseScenarios, scenarioProblems, scenarios } from '../../machines/practice/scenarios/index.ts';
import { classifyQuestion, planningIsPremature, respond, type TurnV1 } from '../../machines/practice/simulate.ts';
import { practiceMachine, practiceRefusals, type PracticeContext, type PracticeEvent } from '../../machines/practice/practice.machine.ts';
import { debriefOf, formatSeconds, secondsByStage } from '../../machines/practice/debrief.ts';
import { $PracticeStateV1 } from '../../machines/practice/state.ts';
import { findTemplate } from '../../machines/templates/index.ts';
import { sectionsFor } from '../../machines/model/template.ts';
import { completeAction, sessionContent, discussedCase } from './fixtures.ts';

function neglect(): ScenarioV1 {
  const scenario = findScenario('neglect-with-drift');
  if (!scenario) throw new Error('neglect-with-drift is shipped');
  return scenario;
}

let n = 0;
function turn(overrides: Partial<TurnV1>): TurnV1 {
  return {
    id: `turn-${String(++n).padStart(6, '0')}`,
    at: '2026-11-22T10:00:00.000Z',
    stage: 'experience',
    intervention: 'clarification',
    words: 'What happened?',
    reply: '',
    cueId: null,
    premature: false,
    question: 'open',
    ...overrides,
  };
}

/** Takes turns in order, each answered by `respond` from the turns before it. */
function converse(scenario: ScenarioV1, moves: [TurnV1['stage'], TurnV1['intervention']][]): TurnV1[] {
  const turns: TurnV1[] = [];
  for (const [stage, intervention] of moves) turns.push(turn({ stage, intervention, ...respond(scenario, turns, stage, intervention) }));
  return turns;
}

describe('scenarios as data', () => {
  it('ships at least six, every one valid, fictional and runnable on a shipped template and session type', () => {
    expect(scenarioProblems).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(6);
    for (const scenario of scenarios) {
      expect(scenario.fictional).toBe(true);
      expect(scenario.brief.startsWith('Fictional.')).toBe(true);
      const template = findTemplate(scenario.templateId);
      expect(template, scenario.id).toBeDefined();
      expect(template?.sessionTypes.some((t) => t.id === scenario.sessionType), scenario.id).toBe(true);
    }
    expect(new Set(scenarios.map((s) => s.id)).size).toBe(scenarios.length);
  });

  it('covers the issue’s six situations', () => {
    expect(scenarios.map((s) => s.id).sort()).toEqual(
      expect.arrayContaining([
        'neglect-with-drift',
        'exploitation-across-agencies',
        'domestic-abuse-minimising',
        'worker-overwhelmed',
        'agency-disagreement-escalation',
        'looked-after-child-placement-move',
      ]),
    );
  });

  it('every cue can be drawn out: its own intervention, kept up at its stage, reveals it', () => {
    for (const scenario of scenarios) {
      for (const cue of scenario.cues) {
        // Another cue of the same stage may come out first; a trainee who keeps going still gets there.
        const kind = interventionKinds.find((k) => cue.revealedBy.includes(k) || (cue.revealedBy.includes('listening') && ['paraphrasing', 'summingUp', 'clarification', 'reflectingBack'].includes(k)));
        expect(kind, `${scenario.id}: ${cue.id}`).toBeDefined();
        const turns = converse(scenario, Array.from({ length: 8 }, () => [cue.stage, kind!] as [TurnV1['stage'], TurnV1['intervention']]));
        expect(turns.some((t) => t.cueId === cue.id), `${scenario.id}: ${cue.id}`).toBe(true);
      }
    }
  });

  it('refuses a scenario that is not fictional, has a duplicate cue id, or lacks a stage', () => {
    const good = neglect();
    expect($ScenarioV1.safeParse({ ...good, fictional: false }).success).toBe(false);
    expect($ScenarioV1.safeParse({ ...good, cues: [good.cues[0], good.cues[0]] }).success).toBe(false);
    const { reflection: _dropped, ...script } = good.script;
    expect($ScenarioV1.safeParse({ ...good, script }).success).toBe(false);
    expect($ScenarioV1.safeParse({}).success).toBe(false);
    const results = parseScenarios({ './bad.scenario.json': { ...good, id: 'Not An Id' } });
    expect(results[0]).toMatchObject({ ok: false, file: './bad.scenario.json' });
  });
});

describe('the simulated supervisee', () => {
  const scenario = neglect();

  it('opens each answer from the script by stage and intervention, in order, then has nothing to add', () => {
    const turns = converse(scenario, [
      ['experience', 'paraphrasing'],
      ['experience', 'paraphrasing'],
    ]);
    expect(turns[0]?.reply).toBe(scenario.script.experience.replies.paraphrasing?.[0]);
    expect(turns[1]?.reply).toBe(scenario.script.experience.fallback);
  });

  it('draws a cue out only with the right intervention, at its stage, once the ground is prepared', () => {
    // missed-visits: clarification at experience after one turn.
    const first = respond(scenario, [], 'experience', 'clarification');
    expect(first.cueId).toBeNull();
    expect(first.reply).toContain('same nappy');
    const after = converse(scenario, [
      ['experience', 'clarification'],
      ['experience', 'clarification'],
    ]);
    expect(after[1]?.cueId).toBe('missed-visits');
    // Once out, it does not come out again; the next clarification is the script's second reply.
    const third = respond(scenario, after, 'experience', 'clarification');
    expect(third.cueId).toBeNull();
    expect(third.reply).toBe(scenario.script.experience.replies.clarification?.[1]);
    // The same intervention at another stage does not reveal it.
    expect(respond(scenario, [turn({})], 'analysis', 'clarification').cueId).toBeNull();
  });

  it('a challenge at the right moment reveals what was not said; at the wrong stage it gets a defensive answer', () => {
    expect(respond(scenario, [], 'analysis', 'challenge').cueId).toBe('weight-faltering');
    const early = respond(scenario, [], 'experience', 'challenge');
    expect(early.cueId).toBeNull();
    expect(early.reply).toBe(scenario.script.experience.replies.challenge?.[0]);
  });

  it('answers "listening" cues to any of the four listening interventions', () => {
    const withListening: ScenarioV1 = {
      ...scenario,
      cues: [{ ...scenario.cues[0]!, id: 'heard', stage: 'reflection', revealedBy: ['listening'], afterTurns: 0 }],
    };
    for (const k of ['paraphrasing', 'summingUp', 'clarification', 'reflectingBack'] as const) expect(respond(withListening, [], 'reflection', k).cueId).toBe('heard');
    expect(respond(withListening, [], 'reflection', 'challenge').cueId).toBeNull();
  });

  it('gives the thin answer to planning begun before reflection and analysis', () => {
    const rushed = converse(scenario, [
      ['experience', 'clarification'],
      ['actionPlanning', 'catalytic'],
    ]);
    expect(rushed[1]).toMatchObject({ premature: true, reply: scenario.script.actionPlanning.premature });
    expect(planningIsPremature(rushed)).toBe(true);
    const worked = converse(scenario, [
      ['experience', 'clarification'],
      ['reflection', 'supportive'],
      ['analysis', 'summingUp'],
      ['actionPlanning', 'catalytic'],
    ]);
    expect(worked[3]).toMatchObject({ premature: false, reply: scenario.script.actionPlanning.replies.catalytic?.[0] });
  });

  it('is deterministic: the same turns always get the same answers', () => {
    const moves: [TurnV1['stage'], TurnV1['intervention']][] = [
      ['experience', 'catalytic'],
      ['experience', 'clarification'],
      ['reflection', 'challenge'],
      ['analysis', 'informative'],
      ['actionPlanning', 'informative'],
    ];
    const strip = (turns: TurnV1[]) => turns.map((t) => [t.reply, t.cueId, t.premature]);
    expect(strip(converse(scenario, moves))).toEqual(strip(converse(scenario, moves)));
  });
});

describe('open and closed questions', () => {
  it.each([
    ['What happened at the visit?', 'open'],
    ['How did that leave you feeling?', 'open'],
    ['Tell me about Pip’s day.', 'open'],
    ['So, what would tell you it is more than that?', 'open'],
    ['Did you see Pip?', 'closed'],
    ["Isn't that worrying?", 'closed'],
    ['You felt stuck?', 'closed'],
    ['That sounds exhausting.', 'statement'],
    ['You have called this low-level. What would change your mind?', 'open'],
    ['What did you see? Was he awake?', 'closed'],
  ] as const)('%s → %s', (words, kind) => {
    expect(classifyQuestion(words)).toBe(kind);
  });
});

// ---------------------------------------------------------------------------------------
// The practice machine

type PracticeSnapshot = SnapshotFrom<typeof practiceMachine>;
const input = { practiceId: 'practice-000001', scenario: neglect(), role: 'supervisor' as const, trainee: 'Tara Trainee' };
const at = '2026-11-22T10:00:00.000Z';
const graphEvents: PracticeEvent[] = [
  { type: 'practice.start', at },
  { type: 'stage.entered', stage: 'experience', at },
  { type: 'stage.entered', stage: null, at },
  { type: 'draft.changed', intervention: 'clarification', words: 'What happened?' },
  { type: 'turn.taken', id: 'turn-graph-1', intervention: 'clarification', words: 'What happened?', at },
  { type: 'turn.taken', id: 'turn-graph-2', intervention: null, words: 'What happened?', at },
  { type: 'turn.taken', id: 'turn-graph-3', intervention: 'challenge', words: '   ', at },
  { type: 'practice.finish', at },
];
const serializeState = (s: PracticeSnapshot) =>
  JSON.stringify({ value: s.value, stage: s.context.stageLog.at(-1)?.stage ?? null, turns: s.context.turns.length, refusal: s.context.refusal, draft: s.context.draft.words !== '' });
const graphOptions = { input, events: graphEvents, serializeState, stopWhen: (s: PracticeSnapshot) => s.status !== 'active' || s.context.turns.length > 1 };

describe('the practice machine, every path', () => {
  const paths = getShortestPaths(practiceMachine, graphOptions);
  const simple = getSimplePaths(practiceMachine, { ...graphOptions, stopWhen: (s: PracticeSnapshot) => s.status !== 'active' || s.context.turns.length > 0 });

  it('reaches briefing, practising and finished, and a turn only inside the case', () => {
    expect(new Set(paths.map((p) => p.state.value))).toEqual(new Set(['briefing', 'practising', 'finished']));
    expect(paths.some((p) => p.state.context.turns.length === 1)).toBe(true);
    for (const path of simple) {
      const s = path.state;
      for (const t of s.context.turns) expect(t.stage).not.toBeNull();
    }
  });

  it('no path takes a turn before practice starts or after it finishes, or without an intervention and words', () => {
    for (const path of [...paths, ...simple]) {
      let started = false;
      let finished = false;
      let inCase = false;
      let turns = 0;
      for (const step of path.steps) {
        const { event } = step;
        const before = turns;
        turns = step.state.context.turns.length;
        if (event.type === 'practice.start') started = true;
        if (event.type === 'practice.finish' && started) finished = true;
        if (event.type === 'stage.entered' && started && !finished) inCase = event.stage !== null;
        if (turns > before) {
          expect(started && !finished && inCase).toBe(true);
          expect(event).toMatchObject({ type: 'turn.taken', intervention: expect.any(String) });
          expect(event.type === 'turn.taken' && event.words.trim().length > 0).toBe(true);
        }
      }
    }
  });

  it('refuses a turn with a reason, changing nothing else', () => {
    const actor = createActor(practiceMachine, { input }).start();
    actor.send({ type: 'practice.start', at });
    actor.send({ type: 'turn.taken', id: 'turn-000001', intervention: 'clarification', words: 'What happened?', at });
    expect(actor.getSnapshot().context).toMatchObject({ turns: [], refusal: practiceRefusals.outsideCase });
    actor.send({ type: 'stage.entered', stage: 'experience', at });
    actor.send({ type: 'turn.taken', id: 'turn-000001', intervention: null, words: 'What happened?', at });
    expect(actor.getSnapshot().context.refusal).toBe(practiceRefusals.intervention);
    actor.send({ type: 'turn.taken', id: 'turn-000001', intervention: 'clarification', words: ' ', at });
    expect(actor.getSnapshot().context.refusal).toBe(practiceRefusals.words);
    actor.send({ type: 'draft.changed', intervention: 'clarification', words: 'What happened?' });
    expect(actor.getSnapshot().context).toMatchObject({ refusal: null, draft: { intervention: 'clarification', words: 'What happened?' } });
    actor.send({ type: 'turn.taken', id: 'turn-000001', intervention: 'clarification', words: ' What happened? ', at });
    expect(actor.getSnapshot().context).toMatchObject({ refusal: null, draft: { intervention: null, words: '' }, turns: [{ words: 'What happened?', question: 'open', stage: 'experience' }] });
  });

  it('a trainee playing the supervisee cannot take supervisor turns', () => {
    const actor = createActor(practiceMachine, { input: { ...input, role: 'supervisee' } }).start();
    actor.send({ type: 'practice.start', at });
    actor.send({ type: 'stage.entered', stage: 'experience', at });
    actor.send({ type: 'turn.taken', id: 'turn-000001', intervention: 'clarification', words: 'What happened?', at });
    expect(actor.getSnapshot().context).toMatchObject({ turns: [], refusal: practiceRefusals.supervisee });
  });

  it('logs a stage only when it changes; finishing closes the log; the state saved parses and restores', () => {
    const actor = createActor(practiceMachine, { input }).start();
    actor.send({ type: 'practice.start', at: '2026-11-22T10:00:00.000Z' });
    actor.send({ type: 'stage.entered', stage: 'experience', at: '2026-11-22T10:00:00.000Z' });
    actor.send({ type: 'stage.entered', stage: 'experience', at: '2026-11-22T10:01:00.000Z' });
    actor.send({ type: 'stage.entered', stage: 'reflection', at: '2026-11-22T10:02:30.000Z' });
    actor.send({ type: 'practice.finish', at: '2026-11-22T10:03:00.000Z' });
    const { value, context } = actor.getSnapshot();
    expect(context.stageLog.map((e) => e.stage)).toEqual(['experience', 'reflection', null]);
    expect(secondsByStage(context.stageLog, context.finishedAt)).toEqual({ experience: 150, reflection: 30, analysis: 0, actionPlanning: 0 });
    const saved = $PracticeStateV1.parse(JSON.parse(JSON.stringify({ value, context })));
    const restored = createActor(practiceMachine, { snapshot: practiceMachine.resolveState(saved), input }).start();
    expect(restored.getSnapshot().value).toBe('finished');
    expect(restored.getSnapshot().context.stageLog).toEqual(context.stageLog);
  });
});

describe('the debrief', () => {
  const scenario = neglect();
  const template = findTemplate('derby-derbyshire-appendix-3')!;
  const sections = sectionsFor(template, 'safeguarding-supervision');

  function practiceWith(turns: TurnV1[], stageLog: PracticeContext['stageLog']): PracticeContext {
    return { ...input, scenario, startedAt: stageLog[0]?.at ?? null, finishedAt: '2026-11-22T10:20:00.000Z', turns, stageLog, refusal: null, draft: { intervention: null, words: '' } };
  }

  it('names the stage skipped and its reason, the cues picked up and missed, questions, interventions and actions', () => {
    const turns = converse(scenario, [
      ['experience', 'clarification'],
      ['experience', 'clarification'],
      ['analysis', 'challenge'],
      ['actionPlanning', 'catalytic'],
    ]).map((t, i) => ({ ...t, question: i === 3 ? ('closed' as const) : ('open' as const) }));
    const content = sessionContent({
      cases: [discussedCase({ skipped: { reflection: 'Running out of time' }, stages: { experience: { q: 'x' }, reflection: {}, analysis: { q: 'y' }, actionPlanning: { q: 'z' } } })],
      actions: [completeAction('action-0001'), { ...completeAction('action-0002'), dueDate: '' }],
    });
    const debrief = debriefOf(
      practiceWith(turns, [
        { stage: 'experience', at: '2026-11-22T10:00:00.000Z' },
        { stage: 'reflection', at: '2026-11-22T10:05:00.000Z' },
        { stage: 'analysis', at: '2026-11-22T10:05:10.000Z' },
        { stage: 'actionPlanning', at: '2026-11-22T10:12:00.000Z' },
        { stage: null, at: '2026-11-22T10:15:00.000Z' },
      ]),
      sections,
      content,
    );
    expect(debrief.stages.map((s) => [s.stage, s.covered, s.skipped, s.turns, s.seconds])).toEqual([
      ['experience', true, null, 2, 300],
      ['reflection', false, 'Running out of time', 0, 10],
      ['analysis', true, null, 1, 410],
      ['actionPlanning', true, null, 1, 180],
    ]);
    expect(debrief.cues.filter((c) => c.pickedUp).map((c) => c.cue.id)).toEqual(['missed-visits', 'weight-faltering']);
    expect(debrief.cues.filter((c) => !c.pickedUp).map((c) => c.cue.id)).toEqual(['child-not-seen', 'worker-habituation']);
    expect(debrief.premature).toBe(true);
    expect(debrief.questions).toEqual({ open: 3, closed: 1, statement: 0 });
    expect(debrief.interventions).toMatchObject({ clarification: 2, challenge: 1, catalytic: 1, supportive: 0 });
    expect(debrief.actions).toHaveLength(2);
    const process = debrief.competencies.find((c) => c.competency.startsWith('Can set and maintain ground rules'));
    expect(process?.toWorkOn).toContain('Reflection was skipped (“Running out of time”).');
    const signals = debrief.competencies.find((c) => c.competency === 'Can read verbal and non-verbal signals');
    expect(signals?.toWorkOn.some((t) => t.startsWith('Missed: Pip\'s lived experience'))).toBe(true);
    const pdp = debrief.competencies.find((c) => c.competency.startsWith('Can encourage supervisee'));
    expect(pdp?.toWorkOn.some((t) => t.endsWith('has no date.'))).toBe(true);
    const interventions = debrief.competencies.find((c) => c.competency.startsWith('Can demonstrate the following interventions'));
    expect(interventions?.toWorkOn[0]).toContain('supportive');
  });

  it('a trainee playing the supervisee is debriefed against the supervisee’s responsibilities, the cues as what to check for', () => {
    const content = sessionContent({
      cases: [discussedCase({ skipped: { analysis: 'Ran out of time' }, stages: { experience: { q: 'Pip was in the same nappy all day' }, reflection: { q: 'I dread going' }, analysis: {}, actionPlanning: { q: 'Graded Care Profile' } } })],
      actions: [],
    });
    const debrief = debriefOf({ ...practiceWith([], []), role: 'supervisee' }, sections, content);
    expect(debrief.competencies.map((c) => c.area)).toEqual(Array(4).fill('Responsibilities of the supervisee'));
    expect(debrief.competencies[0]).toMatchObject({ evidence: ['Experience: 8 words recorded.'], toWorkOn: [] });
    expect(debrief.competencies[1]).toMatchObject({ evidence: ['Reflection: 3 words recorded.'], toWorkOn: ['Analysis was skipped (“Ran out of time”).'] });
    expect(debrief.competencies[2]?.evidence).toHaveLength(scenario.cues.length);
    expect(debrief.competencies[2]?.evidence[0]).toMatch(/^Check your answers for: /);
    expect(debrief.competencies[3]?.toWorkOn).toEqual(['No action was agreed.']);
  });

  it('with nothing done, says so rather than inventing evidence', () => {
    const debrief = debriefOf(practiceWith([], []), sections, sessionContent());
    expect(debrief.stages.every((s) => !s.covered && s.seconds === 0)).toBe(true);
    expect(debrief.cues.every((c) => !c.pickedUp)).toBe(true);
    expect(debrief.competencies.find((c) => c.competency.startsWith('Can demonstrate'))?.evidence).toEqual(['No intervention was used.']);
    expect(formatSeconds(0)).toBe('0:00');
    expect(formatSeconds(605)).toBe('10:05');
  });
});
