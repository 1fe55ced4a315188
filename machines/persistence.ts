/**
 * The one place that saves and restores session actors. A snapshot is kept in a versioned
 * envelope; on load it is validated with zod. A snapshot from another machine version, or
 * one that no longer fits the machine, is rebuilt from the record content it carries, at
 * the furthest section reached — never silently dropped.
 */
import canonicalize from 'canonicalize';
import { z } from 'zod';
import type { Snapshot } from 'xstate';
import { $CaseDiscussionV1, $SessionContentV1, type SessionContentV1 } from './model/record.ts';
import { $SessionSnapshotEnvelopeV1, sessionMachineVersion, withRecord } from './model/envelope.ts';
import type { RecordTemplateV1 } from './model/template.ts';
import { $StageId } from './model/reflectiveModel.ts';
import { broughtAnything, sectionsOfSession } from './session/sections.ts';
import { createSessionMachine, type SessionMachine, type SessionMachineOptions } from './session/session.machine.ts';
import { restoresCleanly } from './restoresCleanly.ts';

export { $SessionSnapshotEnvelopeV1, envelopeOf, type SessionSnapshotEnvelopeV1 } from './model/envelope.ts';

const $CycleChildSnapshot = z.looseObject({
  src: z.literal('caseCycle'),
  snapshot: z.looseObject({
    status: z.literal('active'),
    // A stage id of the case's model (a case saved before models were data is at a 4x4x4 stage).
    value: $StageId,
    context: $CaseDiscussionV1.extend({
      skipRefusal: z.string().nullable(),
      completeRefusal: z.string().nullable(),
      /** An answer or reason half-typed to the assistant's open follow-up (cycle.machine.ts: FollowUpDraft). */
      followUpDraft: z.strictObject({ stage: $StageId, mode: z.enum(['answer', 'dismiss']), text: z.string().max(20000) }).nullable().optional(),
    }),
  }),
});

const $PersistedSessionSnapshot = z.looseObject({
  status: z.enum(['active', 'done']),
  value: z.strictObject({
    agenda: z.union([z.string(), z.record(z.string(), z.string())]),
    escalation: z.enum(['closed', 'open']),
  }),
  context: $SessionContentV1,
  children: z.looseObject({ cycle: $CycleChildSnapshot.optional() }),
});


export function inputOf(content: SessionContentV1) {
  return {
    sessionId: content.sessionId,
    sessionType: content.sessionType,
    date: content.date,
    parties: content.parties,
    previousActions: content.previousActions,
    brought: content.brought ?? null,
    caseHistory: content.caseHistory ?? {},
    ...(content.agreement ? { agreement: content.agreement } : {}),
    ...(content.noticings ? { noticings: content.noticings } : {}),
  };
}

/** A case being discussed when the snapshot was taken, salvaged for a rebuild. */
function caseInProgress(envelope: unknown) {
  const raw = z.looseObject({ snapshot: z.looseObject({ children: z.looseObject({ cycle: $CycleChildSnapshot }) }) }).safeParse(envelope);
  if (!raw.success) return null;
  const { skipRefusal: _s, completeRefusal: _c, followUpDraft: _d, ...discussion } = raw.data.snapshot.children.cycle.snapshot.context;
  return discussion;
}

export type RestoredSession =
  | { kind: 'restored'; machine: SessionMachine; snapshot: Snapshot<unknown> }
  | { kind: 'rebuilt'; machine: SessionMachine; snapshot: Snapshot<unknown>; why: string };

function agendaStateIsKnown(template: RecordTemplateV1, content: SessionContentV1, agenda: string | Record<string, string>): boolean {
  const ids = new Set([...sectionsOfSession(template, content).map((s) => s.id), 'signed']);
  const key = typeof agenda === 'string' ? agenda : Object.keys(agenda)[0];
  return key !== undefined && ids.has(key);
}

/**
 * The record an envelope carries (written as the users typed), if it is valid and this session's:
 * begun exactly as the session row's record was (its id, type, date, parties, what was brought…:
 * what the steps and the machine are built from, fixed when the session starts).
 */
function recordIn(envelope: unknown, stored: SessionContentV1): SessionContentV1 | null {
  const raw = z.looseObject({ snapshot: z.looseObject({ context: $SessionContentV1 }) }).safeParse(envelope);
  if (!raw.success) return null;
  const record = raw.data.snapshot.context;
  return canonicalize(inputOf(record)) === canonicalize(inputOf(stored)) ? record : null;
}

/**
 * Restore a session from its saved envelope, or rebuild it from the saved record content.
 * `stored` is the record in the session row. The record resumed is the newest: a signed row's
 * own; otherwise the one its envelope carries, if begun as the row's (an answer is made durable
 * in the envelope first, and the row follows), or else the row's, which is also the context of an envelope saved
 * without one. A signed record always opens signed: an envelope carrying another record (a tab
 * still typing when the record was signed elsewhere) is not resumed.
 */
export function restoreSession(
  template: RecordTemplateV1,
  stored: SessionContentV1,
  envelope: unknown,
  /** Models beyond the shipped ones (the session's saved copies, any registered on this device), or the only ones its cases may use (practice). */
  modelOptions: Pick<SessionMachineOptions, 'models' | 'onlyModels'> = {},
): RestoredSession {
  const signed = stored.contentHash !== null;
  const content = signed ? stored : (recordIn(envelope, stored) ?? stored);
  const machine = createSessionMachine(template, content.sessionType, { focus: broughtAnything(content.brought), ...modelOptions });
  const rebuild = (why: string): RestoredSession => {
    const sections = sectionsOfSession(template, content);
    const at = signed ? 'signed' : (sections[Math.min(content.furthestSection, sections.length - 1)]?.id ?? 'signed');
    const value = { agenda: sectionValue(template, content, at), escalation: 'closed' };
    // A signed record is never added to: a case in progress is salvaged only into an unsigned one.
    const partial = signed ? null : caseInProgress(envelope);
    const cases =
      partial && !content.cases.some((c) => c.id === partial.id) ? [...content.cases, { ...partial, complete: false }] : content.cases;
    const snapshot = machine.resolveState({ value, context: { ...content, cases, refusal: [] } });
    return { kind: 'rebuilt', machine, snapshot, why };
  };
  const parsedEnvelope = $SessionSnapshotEnvelopeV1.safeParse(envelope);
  if (!parsedEnvelope.success) return rebuild('the saved position could not be read');
  if (parsedEnvelope.data.machineVersion !== sessionMachineVersion) return rebuild('the app has been updated since this session was saved');
  // An envelope saved with the session row holds no record (the row does); one saved as the users
  // typed, or by an older version, holds its own.
  const saved = withRecord(parsedEnvelope.data.snapshot, content);
  const parsed = $PersistedSessionSnapshot.safeParse(saved);
  if (!parsed.success) return rebuild('the saved position did not match this version of the app');
  if (parsed.data.context.sessionId !== stored.sessionId) return rebuild('the saved position belongs to another session');
  if (signed && parsed.data.context.contentHash !== stored.contentHash) return rebuild('the record was signed in another tab or window');
  if (!agendaStateIsKnown(template, content, parsed.data.value.agenda)) return rebuild('the template no longer has that step');
  const agenda = parsed.data.value.agenda;
  if (typeof agenda !== 'string' && Object.values(agenda)[0] === 'discussing' && !parsed.data.children.cycle) {
    return rebuild('the case being discussed was not saved with the session');
  }
  const snapshot = saved as Snapshot<unknown>;
  if (!restoresCleanly(machine, snapshot, inputOf(content))) return rebuild('the saved position could not be resumed');
  return { kind: 'restored', machine, snapshot };
}

/** The state value for being at the start of one section. */
function sectionValue(template: RecordTemplateV1, content: SessionContentV1, sectionId: string): string | Record<string, string> {
  const section = sectionsOfSession(template, content).find((s) => s.id === sectionId);
  if (!section) return sectionId;
  if (section.collects.kind === 'cases') return { [sectionId]: 'choosing' };
  if (section.collects.kind === 'signatures') return { [sectionId]: 'reading' };
  return sectionId;
}
