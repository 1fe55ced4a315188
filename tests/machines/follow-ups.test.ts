/**
 * The assistant's follow-ups in a case (issue 21): at most one open at a stage, a rule asked once
 * in a case, an answer or a reason never empty, a half-typed answer kept in the case's snapshot
 * (so a reload resumes it), and the follow-ups stored with the case in the session's record —
 * while an old record without them keeps its canonical JSON and hash exactly.
 */
import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { caseCycleMachine, openFollowUp, type CycleEvent } from '../../machines/cycle/cycle.machine.ts';
import { envelopeOf, inputOf, restoreSession } from '../../client/live/session.ts';
import { $CaseDiscussionV1, $SessionContentV1 } from '../../machines/model/record.ts';
import { contentHashOf, signedContentOf } from '../../machines/model/seal.ts';
import { fourByFour } from '../../machines/models/index.ts';
import { noticingRules } from '../../machines/noticings/index.ts';
import { compromiseLanguage } from '../../machines/noticings/language.ts';
import { askedBeforeIn, caseStagesOf, earlierEntriesOf, leftNoticings, nextNoticing, rulesOnIn } from '../../machines/noticings/caseNoticings.ts';
import { noticingsInForce } from '../../machines/noticings/settings.ts';
import { modelOfCase } from '../../machines/models/index.ts';
import { stepGaps } from '../../machines/session/gaps.ts';
import { derby, DERBY, derbySections, discussedCase, requireCycle, satisfy, startSession } from './fixtures.ts';

const raise = (ruleId: string, stage = 'experience', question = `Question for ${ruleId}?`): CycleEvent => ({ type: 'followUp.raised', stage, ruleId, questionIndex: 0, question });
const allOn = noticingsInForce(noticingRules.rules);

function cycleActor() {
  const actor = createActor(caseCycleMachine, { input: { caseId: 'case-0001', label: 'Tilly' } }).start();
  actor.send({ type: 'stage.answered', stage: 'experience', field: 'notes', text: 'I visited and Mum said things are fine at home.' });
  return actor;
}

describe('follow-ups in the case machine', () => {
  it('at most one is open at a stage, and a rule is asked only once in a case whatever became of it', () => {
    const actor = cycleActor();
    actor.send(raise('child-voice'));
    actor.send(raise('invisible-men'));
    expect(actor.getSnapshot().context.followUps?.['experience']?.map((f) => f.ruleId)).toEqual(['child-voice']);
    actor.send({ type: 'followUp.notNow', stage: 'experience' });
    actor.send(raise('child-voice'));
    actor.send(raise('invisible-men'));
    expect(actor.getSnapshot().context.followUps?.['experience']?.map((f) => [f.ruleId, f.outcome])).toEqual([
      ['child-voice', 'notNow'],
      ['invisible-men', 'raised'],
    ]);
  });

  it('an answer is saved as typed (trimmed), an empty one is refused, and the draft is cleared', () => {
    const actor = cycleActor();
    actor.send(raise('child-voice'));
    actor.send({ type: 'followUp.drafted', stage: 'experience', mode: 'answer', text: 'She says she ' });
    expect(actor.getSnapshot().context.followUpDraft).toEqual({ stage: 'experience', mode: 'answer', text: 'She says she ' });
    actor.send({ type: 'followUp.answered', stage: 'experience', answer: '   ' });
    expect(openFollowUp(actor.getSnapshot().context, 'experience')).not.toBeNull();
    actor.send({ type: 'followUp.answered', stage: 'experience', answer: ' She says she likes school. ' });
    const [followUp] = actor.getSnapshot().context.followUps?.['experience'] ?? [];
    expect(followUp).toEqual({ ruleId: 'child-voice', questionIndex: 0, question: 'Question for child-voice?', outcome: 'answered', answer: 'She says she likes school.' });
    expect(actor.getSnapshot().context.followUpDraft).toBeNull();
  });

  it('"Not relevant" needs a reason: without one nothing changes; with one it is recorded', () => {
    const actor = cycleActor();
    actor.send(raise('invisible-men'));
    actor.send({ type: 'followUp.dismissed', stage: 'experience', reason: '' });
    expect(actor.getSnapshot().context.followUps?.['experience']?.[0]?.outcome).toBe('raised');
    actor.send({ type: 'followUp.dismissed', stage: 'experience', reason: 'Dad died in 2024.' });
    expect(actor.getSnapshot().context.followUps?.['experience']?.[0]).toMatchObject({ outcome: 'dismissed', reason: 'Dad died in 2024.' });
  });

  it('never blocking: a stage with a follow-up open moves on, and the follow-up stays as left', () => {
    const actor = cycleActor();
    actor.send({ type: 'case.labelled', label: 'Tilly' });
    actor.send(raise('child-voice'));
    actor.send({ type: 'stage.completed' });
    expect(actor.getSnapshot().value).toBe('reflection');
    expect(actor.getSnapshot().context.followUps?.['experience']?.[0]?.outcome).toBe('raised');
  });

  it('a case without follow-ups is output and stored exactly as before (no followUps key)', () => {
    const actor = createActor(caseCycleMachine, { input: { caseId: 'case-0001', label: 'Tilly' } }).start();
    for (const stage of fourByFour().stages) {
      actor.send({ type: 'stage.answered', stage: stage.id, field: 'notes', text: `${stage.name} notes` });
      actor.send({ type: 'stage.completed' });
    }
    expect(Object.keys(actor.getSnapshot().output ?? {})).not.toContain('followUps');
  });

  it('an old record without follow-ups or noticings keeps its canonical JSON and hash; a record with them parses and differs', () => {
    const old = discussedCase();
    expect($CaseDiscussionV1.parse(old)).toEqual(old);
    expect(Object.keys($CaseDiscussionV1.parse(old))).not.toContain('followUps');
  });
});

describe('follow-ups in a session, saved and restored', () => {
  it('the follow-ups and a half-typed answer survive a save and restore exactly; the record carries which noticings were on', () => {
    const t = derby();
    const noticings = { on: allOn.on, rules: allOn.rules, by: allOn.by };
    const actor = startSession(t, DERBY, { noticings });
    // To the cases step the plain way, doing what each step before it needs.
    for (const section of derbySections) {
      if (section.collects.kind === 'cases') break;
      if (stepGaps(section, actor.getSnapshot().context).length > 0) satisfy(actor, section);
      actor.send({ type: 'step.next' });
    }
    actor.send({ type: 'case.started', caseId: 'case-0001', label: 'Tilly', chosenBy: null });
    const cycle = requireCycle(actor);
    const first = modelOfCase(cycle.getSnapshot().context).stages[0]?.id ?? 'experience';
    cycle.send({ type: 'stage.answered', stage: first, field: 'notes', text: 'Mum said Tilly is fine.' });
    cycle.send(raise('child-voice', first));
    cycle.send({ type: 'followUp.drafted', stage: first, mode: 'answer', text: 'Tilly told me' });
    const content = actor.getSnapshot().context;
    expect(content.noticings?.rules.map((r) => r.id)).toEqual(allOn.rules.map((r) => r.id));
    const envelope = envelopeOf(actor.getPersistedSnapshot(), '2026-12-04T22:00:00.000Z');
    actor.stop();
    const stored = $SessionContentV1.parse(content);
    const restored = restoreSession(t, stored, JSON.parse(JSON.stringify(envelope)));
    expect(restored.kind).toBe('restored');
    const again = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored) }).start();
    const resumed = requireCycle(again).getSnapshot().context;
    expect(resumed.followUpDraft).toEqual({ stage: first, mode: 'answer', text: 'Tilly told me' });
    expect(openFollowUp(resumed, first)?.followUp.ruleId).toBe('child-voice');
    again.stop();
  });

  it('a prepared case brought into the session comes with its follow-ups', () => {
    const followUps = { experience: [{ ruleId: 'child-voice', questionIndex: 0, question: 'Q?', outcome: 'answered' as const, answer: 'She babbles.' }] };
    const brought = { preparationId: 'prep-0001', issues: [], cases: [{ id: 'case-prep-0001', label: 'Pip', stages: { experience: { notes: 'Visit.' } }, followUps }] };
    const actor = startSession(derby(), DERBY, { brought });
    for (const section of derbySections) {
      if (section.collects.kind === 'cases') break;
      if (stepGaps(section, actor.getSnapshot().context).length > 0) satisfy(actor, section);
      actor.send({ type: 'step.next' });
    }
    actor.send({ type: 'case.started', caseId: 'case-prep-0001', label: 'Pip', chosenBy: null, plannedCaseId: 'case-prep-0001' });
    expect(requireCycle(actor).getSnapshot().context.followUps).toEqual(followUps);
    actor.stop();
  });

  it('a session begun without noticings asks nothing and its record has no noticings line', () => {
    const actor = startSession(derby(), DERBY);
    expect(actor.getSnapshot().context.noticings).toBeUndefined();
    expect(rulesOnIn(actor.getSnapshot().context)).toEqual([]);
    expect(Object.keys(signedContentOf(actor.getSnapshot().context))).not.toContain('noticings');
    expect(contentHashOf(signedContentOf(actor.getSnapshot().context))).toMatch(/^[0-9a-f]{64}$/);
    actor.stop();
  });
});

describe('what the screens hand the engine', () => {
  const model = fourByFour();
  const discussion = {
    ...discussedCase({ label: 'Tilly' }),
    stages: { experience: { notes: 'Visited Tilly at home. Nothing much has changed. The flat was cold and the fridge had only milk in it. Mum says she is coping.' }, reflection: {}, analysis: {}, actionPlanning: {} },
  };

  it('the case text counts answered follow-ups as their stage’s words, and the history gives earlier entries', () => {
    const withAnswer = { ...discussion, followUps: { experience: [{ ruleId: 'child-voice', questionIndex: 0, question: 'Q?', outcome: 'answered' as const, answer: 'Tilly told me she likes her teacher.' }] } };
    expect(caseStagesOf(withAnswer, model)[0]?.text).toBe('Visited Tilly at home. Nothing much has changed. The flat was cold and the fridge had only milk in it. Mum says she is coping.\nTilly told me she likes her teacher.');
    const history = { tilly: [{ sessionId: 'session-0001', date: '2026-10-01', label: 'Tilly', plan: 'Refer to early help', actions: ['Call school'], skipped: [] }] };
    expect(earlierEntriesOf('Tilly', history)).toEqual([{ date: '2026-10-01', text: 'Refer to early help\nCall school' }]);
    expect(askedBeforeIn([{ id: 'other', followUps: withAnswer.followUps }, { id: discussion.id }], discussion.id)).toEqual([{ ruleId: 'child-voice', questionIndex: 0 }]);
  });

  it('a stage with a gap draws a noticing; with every rule off, none', () => {
    const on = allOn.rules.map((r) => r.id);
    const found = nextNoticing({ discussion, model, stageId: 'experience', on }, noticingRules, compromiseLanguage);
    expect(found).not.toBeNull();
    expect(found?.question).toBeTruthy();
    expect(nextNoticing({ discussion, model, stageId: 'experience', on: [] }, noticingRules, compromiseLanguage)).toBeNull();
  });

  it('the read-through lists the follow-ups left (not now, not answered) and the gaps never asked, never the answered or dismissed', () => {
    const on = allOn.rules.map((r) => r.id);
    const followUps = {
      experience: [
        { ruleId: 'child-voice', questionIndex: 0, question: 'Left question?', outcome: 'notNow' as const },
        { ruleId: 'invisible-men', questionIndex: 0, question: 'Answered question?', outcome: 'answered' as const, answer: 'Dad lives at home.' },
        { ruleId: 'other-agencies', questionIndex: 0, question: 'Dismissed question?', outcome: 'dismissed' as const, reason: 'No other agency involved.' },
        { ruleId: 'child-not-seen', questionIndex: 0, question: 'Open question?', outcome: 'raised' as const },
      ],
    };
    const noticings = { on: true, rules: allOn.rules, by: 'default' as const };
    const left = leftNoticings({ cases: [{ ...discussion, followUps }], noticings }, () => model, noticingRules, compromiseLanguage);
    expect(left.flatMap((l) => (l.status === 'never' ? [] : [[l.question, l.status]]))).toEqual([
      ['Left question?', 'notNow'],
      ['Open question?', 'raised'],
    ]);
    // Gaps never asked are named by rule; a rule asked (whatever became of it) never is.
    const askedNames = new Set(allOn.rules.filter((r) => followUps.experience.some((f) => f.ruleId === r.id)).map((r) => r.name));
    for (const l of left) if (l.status === 'never') expect(askedNames.has(l.name)).toBe(false);
    // A case with gaps and no follow-up at all: its gaps are listed as not asked.
    const untouched = leftNoticings({ cases: [discussion], noticings }, () => model, noticingRules, compromiseLanguage);
    expect(untouched.length).toBeGreaterThan(0);
    expect(untouched.every((l) => l.status === 'never')).toBe(true);
    // Off, or a record made before noticings: nothing.
    expect(leftNoticings({ cases: [discussion], noticings: { on: false, rules: [], by: 'supervisor' } }, () => model, noticingRules, compromiseLanguage)).toEqual([]);
    expect(leftNoticings({ cases: [discussion] }, () => model, noticingRules, compromiseLanguage)).toEqual([]);
    expect(on.length).toBeGreaterThan(0);
  });
});
