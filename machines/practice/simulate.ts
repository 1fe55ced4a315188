/**
 * The simulated supervisee: answers each turn from the scenario's script, deterministically,
 * by the stage of the 4x4x4 cycle and the intervention the trainee chose. A cue comes out only
 * to an intervention that draws it out, at its stage, once the ground is prepared; planning
 * started before reflection and analysis gets the script's thin answer.
 */
import type { CycleStage } from '../model/template.ts';
import { listeningKinds, type InterventionKind, type InterventionMatch, type ScenarioV1 } from './scenario.ts';

export type TurnV1 = {
  id: string;
  at: string;
  stage: CycleStage;
  intervention: InterventionKind;
  /** What the trainee said. */
  words: string;
  /** What the simulated supervisee answered. */
  reply: string;
  /** The cue this reply brought out, if any. */
  cueId: string | null;
  /** The thin answer to planning begun too soon. */
  premature: boolean;
  question: QuestionKind;
};

export type Reply = { reply: string; cueId: string | null; premature: boolean };

function matches(match: InterventionMatch, intervention: InterventionKind): boolean {
  return match === intervention || (match === 'listening' && listeningKinds.includes(intervention));
}

/** Planning is premature when reflection or analysis had no turn at all before it. */
export function planningIsPremature(turns: readonly Pick<TurnV1, 'stage'>[]): boolean {
  return !turns.some((t) => t.stage === 'reflection') || !turns.some((t) => t.stage === 'analysis');
}

export function respond(scenario: ScenarioV1, turns: readonly TurnV1[], stage: CycleStage, intervention: InterventionKind): Reply {
  const atStage = turns.filter((t) => t.stage === stage);
  const revealed = new Set(turns.flatMap((t) => (t.cueId ? [t.cueId] : [])));
  const cue = scenario.cues.find(
    (c) => !revealed.has(c.id) && c.stage === stage && atStage.length >= c.afterTurns && c.revealedBy.some((m) => matches(m, intervention)),
  );
  if (cue) return { reply: cue.reveal, cueId: cue.id, premature: false };
  if (stage === 'actionPlanning' && planningIsPremature(turns)) {
    return { reply: scenario.script.actionPlanning.premature, cueId: null, premature: true };
  }
  const script = scenario.script[stage];
  // The reply for this intervention itself before the listening group's, in script order.
  const key = (Object.keys(script.replies) as InterventionMatch[])
    .filter((k) => matches(k, intervention))
    .sort((a, b) => (a === intervention ? -1 : b === intervention ? 1 : 0))[0];
  const replies = key ? script.replies[key] : undefined;
  if (!replies || replies.length === 0) return { reply: script.fallback, cueId: null, premature: false };
  const used = atStage.filter((t) => !t.cueId && !t.premature && key !== undefined && matches(key, t.intervention)).length;
  // Once the script's replies for it are used up, the supervisee has nothing more to add.
  return { reply: replies[used] ?? script.fallback, cueId: null, premature: false };
}

// ---------------------------------------------------------------------------------------
// Open and closed questions

export const questionKinds = ['open', 'closed', 'statement'] as const;
export type QuestionKind = (typeof questionKinds)[number];

const openStarts = ['what', 'how', 'why', 'where', 'when', 'who', 'whose', 'which', 'tell', 'describe', 'explain', 'talk', 'walk', 'say', 'help', 'imagine', 'in what'];
const closedStarts = [
  'is', 'are', 'was', 'were', 'am', 'do', 'does', 'did', 'have', 'has', 'had', 'can', 'could', 'would', 'will', 'should', 'shall',
  'may', 'might', 'must', 'isn’t', "isn't", 'aren’t', "aren't", 'don’t', "don't", 'didn’t', "didn't", 'won’t', "won't", 'wouldn’t', "wouldn't",
];

/**
 * Open ("What happened?", "Tell me about…"), closed ("Did you see him?") or a statement.
 * Known limits: a word heuristic on the first words of the last question asked; a
 * question that starts "So," or "And" is read from its next word.
 */
export function classifyQuestion(words: string): QuestionKind {
  const sentences = words.split(/(?<=[.?!])\s+/).map((s) => s.trim()).filter(Boolean);
  const asked = [...sentences].reverse().find((s) => s.endsWith('?'));
  const invitation = sentences.find((s) => /^(tell|describe|explain|talk|walk)\b/i.test(s));
  const target = asked ?? invitation;
  if (!target) return 'statement';
  const first = target
    .toLowerCase()
    .replace(/^[^a-z’']+/, '')
    .replace(/^(so|and|but|then|ok|okay|right|well)[, ]+/, '');
  if (openStarts.some((w) => first === w || first.startsWith(`${w} `) || first.startsWith(`${w},`))) return 'open';
  if (closedStarts.some((w) => first.startsWith(`${w} `))) return 'closed';
  // "You felt stuck?" or "Anything else?": answered yes or no.
  return asked ? 'closed' : 'statement';
}
