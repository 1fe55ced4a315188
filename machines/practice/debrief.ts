/**
 * The debrief of a practice session, for the trainee's portfolio: the stages covered and the
 * time in each, stages skipped (with the reason given), the balance of the four functions,
 * the interventions used, open and closed questions, the script's cues picked up or missed,
 * the actions agreed with owner and date — each mapped to the supervisor competencies of
 * Devon and Torbay's Appendix B. Pure: built from the practice context and the session record.
 */
import type { CycleStage, SectionV1 } from '../model/template.ts';
import type { ReflectiveModelV1, StageRole } from '../model/reflectiveModel.ts';
import { fourByFour, modelOfCase, models as shippedModels } from '../models/index.ts';
import { stageHasAnswer, type ActionV1, type SessionContentV1 } from '../model/record.ts';
import { balanceWarning, functionBalance, type BalanceWarning, type FunctionBalance } from '../compliance/balance.ts';
import { interventionKinds, type InterventionKind, type ScenarioCueV1 } from './scenario.ts';
import { questionKinds, type QuestionKind, type TurnV1 } from './simulate.ts';
import type { PracticeContext } from './practice.machine.ts';
import { formatDate } from '../dates/format.ts';

export type StageDebrief = {
  /** The stage id in the case's model (the 4x4x4 cycle's in every scenario shipped). */
  stage: string;
  /** The stage's name in its model. */
  name: string;
  role: StageRole;
  /** Answered in the record, or talked through in at least one turn. */
  covered: boolean;
  /** The reason recorded when the stage was skipped, or null. */
  skipped: string | null;
  turns: number;
  /** Time spent at the stage, in whole seconds (every visit added up). */
  seconds: number;
};

export type CueDebrief = { cue: ScenarioCueV1; pickedUp: boolean; turnId: string | null };

export type CompetencyDebrief = {
  /** The competency as Appendix B words it. */
  competency: string;
  /** The heading it stands under in Appendix B. */
  area: string;
  evidence: string[];
  /** Things to work on, in plain words. */
  toWorkOn: string[];
};

export type ActionDebrief = { what: string; owner: string; dueDate: string };

export type Debrief = {
  scenarioTitle: string;
  role: PracticeContext['role'];
  trainee: string;
  startedAt: string | null;
  finishedAt: string | null;
  stages: StageDebrief[];
  balance: FunctionBalance & { warning: BalanceWarning };
  interventions: Record<InterventionKind, number>;
  questions: Record<QuestionKind, number>;
  cues: CueDebrief[];
  premature: boolean;
  actions: ActionDebrief[];
  competencies: CompetencyDebrief[];
};

/** Seconds at each stage of the model (the 4x4x4 cycle by default), from the log of when each stage (or outside the case) began. */
export function secondsByStage(log: PracticeContext['stageLog'], endAt: string | null, model: ReflectiveModelV1 = fourByFour()): Record<string, number> {
  const seconds: Record<string, number> = Object.fromEntries(model.stages.map((s) => [s.id, 0]));
  log.forEach((entry, index) => {
    const next = log[index + 1]?.at ?? endAt;
    if (entry.stage === null || next === null || seconds[entry.stage] === undefined) return;
    const ms = Date.parse(next) - Date.parse(entry.at);
    if (Number.isFinite(ms) && ms > 0) seconds[entry.stage] = (seconds[entry.stage] ?? 0) + ms / 1000;
  });
  for (const stage of model.stages) seconds[stage.id] = Math.round(seconds[stage.id] ?? 0);
  return seconds;
}

function ownerWords(action: ActionV1, content: SessionContentV1): string {
  if (action.owner.kind === 'supervisor') return `Supervisor (${content.parties.supervisor.name})`;
  if (action.owner.kind === 'supervisee') return `Supervisee (${content.parties.supervisee.name})`;
  return action.owner.name.trim() || 'No owner';
}

export const interventionWords: Record<InterventionKind, string> = {
  paraphrasing: 'paraphrasing',
  summingUp: 'summing up',
  clarification: 'clarification',
  reflectingBack: 'reflecting back',
  challenge: 'challenge',
  supportive: 'supportive',
  catalytic: 'catalytic',
  informative: 'informative',
};

/**
 * `available`: the models the case may have run with. The debrief follows the case's own model
 * (its stages, names and roles); with no case yet, the 4x4x4 cycle the scenarios are written in.
 */
export function debriefOf(
  practice: PracticeContext,
  sections: readonly SectionV1[],
  content: SessionContentV1,
  available: readonly ReflectiveModelV1[] = shippedModels,
): Debrief {
  const discussion = content.cases[0] ?? null;
  const model = discussion ? modelOfCase(discussion, available) : fourByFour();
  const seconds = secondsByStage(practice.stageLog, practice.finishedAt, model);
  const turns: TurnV1[] = practice.turns;
  const stages = model.stages.map(
    ({ id: stage, name, role }): StageDebrief => ({
      stage,
      name,
      role,
      covered: (discussion !== null && stageHasAnswer(discussion.stages[stage])) || turns.some((t) => t.stage === stage),
      skipped: discussion?.skipped[stage] ?? null,
      turns: turns.filter((t) => t.stage === stage).length,
      seconds: seconds[stage] ?? 0,
    }),
  );
  const interventions = Object.fromEntries(interventionKinds.map((k) => [k, turns.filter((t) => t.intervention === k).length])) as Record<InterventionKind, number>;
  const questions = Object.fromEntries(questionKinds.map((k) => [k, turns.filter((t) => t.question === k).length])) as Record<QuestionKind, number>;
  const cues = practice.scenario.cues.map((cue): CueDebrief => {
    const turn = turns.find((t) => t.cueId === cue.id) ?? null;
    return { cue, pickedUp: turn !== null, turnId: turn?.id ?? null };
  });
  const balance = functionBalance(sections, content);
  const actions = content.actions.map((a) => ({ what: a.what, owner: ownerWords(a, content), dueDate: a.dueDate }));
  const premature = turns.some((t) => t.premature);
  const debrief: Omit<Debrief, 'competencies'> = {
    scenarioTitle: practice.scenario.title,
    role: practice.role,
    trainee: practice.trainee,
    startedAt: practice.startedAt,
    finishedAt: practice.finishedAt,
    stages,
    balance: { ...balance, warning: balanceWarning(balance.shares) },
    interventions,
    questions,
    cues,
    premature,
    actions,
  };
  return { ...debrief, competencies: practice.role === 'supervisor' ? competenciesOf(debrief) : superviseeResponsibilitiesOf(debrief, discussion) };
}

/** Words written at a stage of the case (all its answers together). */
function wordsAt(discussion: SessionContentV1['cases'][number] | null, stage: string): number {
  if (!discussion) return 0;
  return Object.values(discussion.stages[stage] ?? {}).join(' ').split(/\s+/).filter(Boolean).length;
}

/** Words written at every stage of one role (the account: Experience, Description, Concrete experience…). */
function wordsInRole(d: Pick<Debrief, 'stages'>, discussion: SessionContentV1['cases'][number] | null, role: StageRole): number {
  return d.stages.filter((s) => s.role === role).reduce((sum, s) => sum + wordsAt(discussion, s.stage), 0);
}

/** The names of the stages of one role, joined ("Experience"; "Feelings and Evaluation"). */
function namesInRole(d: Pick<Debrief, 'stages'>, role: StageRole): string {
  return d.stages.filter((s) => s.role === role).map((s) => s.name).join(' and ');
}

/**
 * A trainee playing the supervisee is debriefed against Devon and Torbay's "Responsibilities
 * of the supervisee" (Appendix A), quoted; the script's cues become what to check their
 * answers for, since only the trainee can say whether they raised them.
 */
function superviseeResponsibilitiesOf(d: Omit<Debrief, 'competencies'>, discussion: SessionContentV1['cases'][number] | null): CompetencyDebrief[] {
  const area = 'Responsibilities of the supervisee';
  const answered = d.stages.filter((s) => s.covered && s.skipped === null);
  const skipped = d.stages.filter((s) => s.skipped !== null);
  const undated = d.actions.filter((a) => a.dueDate === '' || a.owner === 'No owner');
  return [
    {
      area,
      competency: 'Preparing for the session: you should have a working knowledge of the current situation, have case files and all necessary information available at the session.',
      evidence: wordsInRole(d, discussion, 'account') > 0 ? [`${namesInRole(d, 'account')}: ${plural(wordsInRole(d, discussion, 'account'), 'word')} recorded.`] : [],
      toWorkOn: wordsInRole(d, discussion, 'account') === 0 ? [`Nothing was recorded at ${namesInRole(d, 'account')}: bring the facts of what happened.`] : [],
    },
    {
      area,
      competency: 'Being open to challenge: use challenges as a learning tool. Do not interpret all challenges as personal attacks or discriminatory.',
      evidence: answered.filter((s) => s.role === 'reflection' || s.role === 'analysis').map((s) => `${s.name}: ${plural(wordsAt(discussion, s.stage), 'word')} recorded.`),
      toWorkOn: skipped.map((s) => `${s.name} was skipped (“${s.skipped}”).`),
    },
    {
      area,
      competency: 'Learning & change: allow yourself and be open to learning & change.',
      evidence: d.cues.map((c) => `Check your answers for: ${c.cue.description}`),
      toWorkOn: [],
    },
    {
      area,
      competency: 'Supervision action plans: making, documenting and following through action plans that arise from reflection during supervision.',
      evidence: d.actions.map((a) => `${a.what} — ${a.owner}, by ${a.dueDate ? formatDate(a.dueDate) : 'no date'}.`),
      toWorkOn: [...(d.actions.length === 0 ? ['No action was agreed.'] : []), ...undated.map((a) => `“${a.what}” has no ${a.dueDate === '' ? 'date' : 'owner'}.`)],
    },
  ];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Each part of the debrief against the Appendix B competency it evidences. */
function competenciesOf(d: Omit<Debrief, 'competencies'>): CompetencyDebrief[] {
  const used = interventionKinds.filter((k) => d.interventions[k] > 0);
  const unused = interventionKinds.filter((k) => d.interventions[k] === 0);
  const skipped = d.stages.filter((s) => s.skipped !== null);
  const picked = d.cues.filter((c) => c.pickedUp);
  const missed = d.cues.filter((c) => !c.pickedUp);
  const asked = d.questions.open + d.questions.closed;
  const undated = d.actions.filter((a) => a.dueDate === '' || a.owner === 'No owner');
  return [
    {
      area: 'Facilitator interventions',
      competency: 'Can demonstrate the following interventions: Listening – (paraphrasing, summing up, clarification, reflecting back), Challenge, Supportive, Catalytic, Informative',
      evidence: used.length === 0 ? ['No intervention was used.'] : used.map((k) => `${interventionWords[k]}: ${plural(d.interventions[k], 'time')}`),
      toWorkOn: unused.length === 0 ? [] : [`Not used: ${unused.map((k) => interventionWords[k]).join(', ')}.`],
    },
    {
      area: 'Facilitator interventions',
      competency: 'Can read verbal and non-verbal signals',
      evidence: picked.map((c) => `Picked up: ${c.cue.description}`),
      toWorkOn: missed.map((c) => `Missed: ${c.cue.description}`),
    },
    {
      area: 'Knowledge of supervision and underpinning theories',
      competency: 'Able to set a supervision climate that is empathic, genuine & safe',
      evidence: [
        `${plural(d.questions.open, 'open question')} and ${plural(d.questions.closed, 'closed question')}${asked > 0 ? ` (${Math.round((d.questions.open / asked) * 100)}% open)` : ''}.`,
        ...(d.interventions.supportive > 0 ? [`Supportive interventions: ${d.interventions.supportive}.`] : []),
      ],
      toWorkOn: [
        ...(asked > 0 && d.questions.closed > d.questions.open ? ['More closed than open questions: open questions let the supervisee tell it their way.'] : []),
        ...(d.interventions.supportive === 0 ? ['No supportive intervention: acknowledge the impact of the work.'] : []),
      ],
    },
    {
      area: 'Managing the supervision process',
      competency: 'Can set and maintain ground rules in supervision e.g. agreed venue, timekeeping, staying focused',
      evidence: d.stages.filter((s) => s.covered).map((s) => `${s.name}: covered, ${plural(s.turns, 'turn')}, ${formatSeconds(s.seconds)}.`),
      toWorkOn: [
        ...skipped.map((s) => `${s.name} was skipped (“${s.skipped}”).`),
        ...(d.premature ? ['Action planning began before reflection and analysis: the plan rested on a thin account.'] : []),
      ],
    },
    {
      area: 'Knowledge of supervision and underpinning theories',
      competency: 'Can usefully focus on the child/young person and their experiences',
      evidence: picked.filter((c) => c.cue.stage === 'experience').map((c) => c.cue.description),
      toWorkOn: missed.filter((c) => c.cue.stage === 'experience').map((c) => `Not drawn out: ${c.cue.description}`),
    },
    {
      area: 'Managing the supervision process',
      competency: 'Can encourage supervisee to take learning needs identified in supervision into their PDP',
      evidence: d.actions.map((a) => `${a.what} — ${a.owner}, by ${a.dueDate ? formatDate(a.dueDate) : 'no date'}.`),
      toWorkOn: [
        ...(d.actions.length === 0 ? ['No action was agreed.'] : []),
        ...undated.map((a) => `“${a.what}” has no ${a.dueDate === '' ? 'date' : 'owner'}.`),
        ...(d.balance.warning === 'checkingUp' ? ['The session tipped into checking up: management with no support or development.'] : []),
        ...(d.balance.warning === 'counselling' ? ['The session tipped into counselling: support outweighed everything else.'] : []),
      ],
    },
  ];
}

/** The 4x4x4 stages' names, for the scenarios' scripts and cues (written in the 4x4x4 cycle). */
export const stageWords: Record<CycleStage, string> = {
  experience: 'Experience',
  reflection: 'Reflection',
  analysis: 'Analysis',
  actionPlanning: 'Action planning',
};

export function formatSeconds(total: number): string {
  const minutes = Math.floor(total / 60);
  const seconds = total % 60;
  return `${minutes}:${String(seconds).padStart(2, '0')}`;
}

