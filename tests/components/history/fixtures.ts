/**
 * Signed sessions for the history screen, made the way the app makes them: created by
 * createSession (client/live/create.ts) (which brings in open actions and the case history), run
 * through the real session machine one event at a time, and saved by repositories.sessions.save
 * once both have signed. Nothing of ours is mocked.
 */
import { sectionsOfSession } from '../../../machines/session/sections.ts';
import { dismissalKey, openQualityFlags } from '../../../machines/review/qualityGaps.ts';
import { driftFlags } from '../../../machines/review/drift.ts';
import type { ActionReviewV1, ActionV1, DriftResponseV1, EscalationV1 } from '../../../machines/model/record.ts';
import type { CycleStage } from '../../../machines/model/template.ts';
import { derby, requireCycle, sectionOf, signature, type SessionActor } from '../../machines/fixtures.ts';
import { createDerbySession, startSavedSession, SUPERVISOR, type Harness } from '../session/harness.tsx';
import { createSession as startSession } from '../../../client/live/create.ts';

export type CaseScript = {
  caseId: string;
  label: string;
  /** Each stage's answer, or { skip: reason }. Action planning cannot be skipped. */
  stages: Record<CycleStage, string | { skip: string }>;
  /** Taken from the case the supervisee prepared and brought (SessionScript.prepared). */
  fromPreparation?: boolean;
};

export type SessionScript = {
  date: string;
  /** Reviews of the open actions brought in, by the text of the action. */
  reviews?: Record<string, ActionReviewV1>;
  cases: CaseScript[];
  actions: ActionV1[];
  escalations?: Omit<EscalationV1, 'raisedAt' | 'raisedDuring'>[];
  /** The supervisor's response to each drift flag raised, by flag kind. */
  driftResponses?: Partial<Record<string, DriftResponseV1>>;
  /** A case the supervisee prepared beforehand and marked to bring. */
  prepared?: { caseId: string; label: string; experience: string };
};

/** The supervisee's preparation, saved and marked to bring, as the preparation screens save it. */
async function prepare(harness: Harness, personId: string, prepared: NonNullable<SessionScript['prepared']>): Promise<string> {
  const created = await harness.repositories.preparations.create(personId);
  if (!created.ok) throw new Error(created.message);
  const saved = await harness.repositories.preparations.save(personId, {
    ...created.value,
    cases: [{ id: prepared.caseId, label: prepared.label, stages: { experience: { notes: prepared.experience }, reflection: {}, analysis: {} }, bring: true }],
  });
  if (!saved.ok) throw new Error(saved.message);
  return saved.value.id;
}

async function createSession(harness: Harness, personId: string, script: SessionScript): Promise<string> {
  if (!script.prepared) return createDerbySession(harness, personId, script.date);
  const created = await startSession(harness.repositories, {
    template: derby(),
    sessionType: 'safeguarding-supervision',
    date: script.date,
    personId,
    supervisor: { ...SUPERVISOR },
    preparationId: await prepare(harness, personId, script.prepared),
  });
  if (!created.ok) throw new Error(created.message);
  return created.value;
}

function fail(actor: SessionActor, what: string): never {
  const { context } = actor.getSnapshot();
  throw new Error(`${what} (at ${sectionOf(actor.getSnapshot())}): ${context.refusal.join('; ') || 'no refusal recorded'}`);
}

function next(actor: SessionActor): void {
  const before = sectionOf(actor.getSnapshot());
  actor.send({ type: 'step.next' });
  if (sectionOf(actor.getSnapshot()) === before) fail(actor, 'Could not move on');
}

/** Answers every drift flag the machine is showing with the scripted response for its kind. */
function respondToDrift(actor: SessionActor, script: SessionScript): void {
  for (const flag of driftFlags(actor.getSnapshot().context)) {
    const response = script.driftResponses?.[flag.kind];
    if (response && !actor.getSnapshot().context.driftResponses?.[flag.id]) actor.send({ type: 'drift.responded', flagId: flag.id, response });
  }
}

/** Creates, runs, signs and saves one Derby session for `personId`; returns its id. */
export async function signSession(harness: Harness, personId: string, script: SessionScript): Promise<string> {
  const template = derby();
  const sessionId = await createSession(harness, personId, script);
  const actor = await startSavedSession(harness, template, sessionId);
  try {
    for (const previous of actor.getSnapshot().context.previousActions) {
      const review = script.reviews?.[previous.what];
      if (!review) throw new Error(`No review scripted for “${previous.what}”`);
      actor.send({ type: 'review.changed', actionId: previous.id, review });
    }
    respondToDrift(actor, script);
    while (sectionOf(actor.getSnapshot()) !== 'case-discussion') {
      // With a preparation brought, the session opens by agreeing its focus.
      if (sectionOf(actor.getSnapshot()) === 'focus') actor.send({ type: 'keyIssues.priorityAgreed', agreed: true });
      next(actor);
    }

    for (const c of script.cases) {
      const plannedCaseId = c.fromPreparation ? script.prepared?.caseId : undefined;
      actor.send({ type: 'case.started', caseId: c.caseId, label: c.label, chosenBy: null, ...(plannedCaseId ? { plannedCaseId } : {}) });
      const cycle = requireCycle(actor);
      for (const [stage, answer] of Object.entries(c.stages) as [CycleStage, string | { skip: string }][]) {
        if (typeof answer === 'string') {
          cycle.send({ type: 'stage.answered', stage, field: 'notes', text: answer });
          cycle.send({ type: 'stage.completed' });
        } else {
          cycle.send({ type: 'stage.skipped', reason: answer.skip });
        }
      }
      if (!actor.getSnapshot().context.cases.some((d) => d.id === c.caseId && d.complete)) fail(actor, `The case ${c.label} did not finish`);
    }
    for (const e of script.escalations ?? []) {
      actor.send({ type: 'concern.escalate' });
      actor.send({
        type: 'concern.recorded',
        escalation: { ...e, raisedAt: `${script.date}T10:30:00.000Z`, raisedDuring: 'Case discussion and reflections' },
      });
    }
    respondToDrift(actor, script);
    while (sectionOf(actor.getSnapshot()) !== 'plan-and-actions') next(actor);
    for (const action of script.actions) actor.send({ type: 'action.added', action });
    while (sectionOf(actor.getSnapshot()) !== 'signatures') next(actor);

    // The quality check's prompts are not what these tests are about: dismiss any, with a reason.
    const sections = sectionsOfSession(template, actor.getSnapshot().context);
    for (const flag of openQualityFlags(sections, actor.getSnapshot().context)) {
      actor.send({ type: 'quality.dismissed', flagId: dismissalKey(flag), reason: 'Checked with the supervisee' });
    }
    actor.send({ type: 'record.readThrough' });
    actor.send({ type: 'signature.added', signature: signature('supervisor', `${script.date}T11:00:00.000Z`) });
    actor.send({ type: 'signature.added', signature: signature('supervisee', `${script.date}T11:01:00.000Z`) });
    if (actor.getSnapshot().context.contentHash === null) fail(actor, 'The session was not sealed');
    await harness.repositories.sessions.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot());
  } finally {
    actor.stop();
  }
  return sessionId;
}
