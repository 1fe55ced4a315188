/**
 * The one-to-one session as a live document: its machine, loading it, restoring its actor from
 * the saved envelope (validated with zod; a snapshot from another machine version, or one that no
 * longer fits the machine, is rebuilt from the record content it carries, at the furthest section
 * reached — never silently dropped), writing it as the users type, and starting a new one.
 */
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { initialTransition, type Snapshot } from 'xstate';
import { $CaseDiscussionV1, $SessionContentV1, relationOf, type BroughtV1, type SessionContentV1 } from '../../machines/model/record.ts';
import { $SessionSnapshotEnvelopeV1, sessionMachineVersion, withRecord } from '../../machines/model/envelope.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import { $StageId } from '../../machines/model/reflectiveModel.ts';
import { broughtFrom } from '../../machines/model/preparation.ts';
import { caseHistoryOf } from '../../machines/review/history.ts';
import { broughtAnything, sectionsOfSession } from '../../machines/session/sections.ts';
import { createSessionMachine, type SessionMachine, type SessionMachineOptions } from '../../machines/session/session.machine.ts';
import { restoresCleanly } from '../../machines/restoresCleanly.ts';
import { copy } from '../content/copy.ts';
import { listModels, sessionModelsOf } from '../content/models.ts';
import type { Repositories, StoredSession } from '../db/repositories.ts';
import type { Result } from '../db/result.ts';
import type { LiveKind } from './kind.ts';
import { noticingsInForceFor } from './noticings.ts';

export { $SessionSnapshotEnvelopeV1, envelopeOf, type SessionSnapshotEnvelopeV1 } from '../../machines/model/envelope.ts';

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
  /** The machine to restore into, if built already (the live document's: the same template, type and focus). */
  given?: SessionMachine,
): RestoredSession {
  const signed = stored.contentHash !== null;
  const content = signed ? stored : (recordIn(envelope, stored) ?? stored);
  // The record resumed was begun as the row's (recordIn): the same type and what was brought, so the same machine.
  const machine = given ?? createSessionMachine(template, content.sessionType, { focus: broughtAnything(content.brought), ...modelOptions });
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

/** What one save writes, taken once: the record and the machine's persisted snapshot. */
type SessionState = { record: SessionContentV1; snapshot: Snapshot<unknown> };

export const sessionKind: LiveKind<StoredSession, SessionMachine, SessionState> = {
  machine: (stored) => createSessionMachine(stored.template, stored.record.sessionType, { focus: broughtAnything(stored.record.brought), models: sessionModelsOf(stored) }),
  load: async (repositories, sessionId) => {
    const stored = await repositories.sessions.get(sessionId);
    if (!stored) throw new Error(copy.session.notFound);
    return { stored, envelope: await repositories.sessions.snapshot(sessionId) };
  },
  restore: (stored, envelope, machine) => {
    const restored = restoreSession(stored.template, stored.record, envelope, { models: sessionModelsOf(stored) }, machine);
    return {
      snapshot: restored.snapshot,
      input: inputOf(stored.record),
      notice: restored.kind === 'rebuilt' ? copy.session.rebuilt(restored.why) : null,
    };
  },
  capture: (actor) => ({ record: actor.getSnapshot().context, snapshot: actor.getPersistedSnapshot() }),
  // What was typed is made durable in the snapshot alone (one small write, nothing read); the
  // session row and the rows other screens query follow once the typing pauses, with the same
  // state. A signed record is written whole at once: sealing is one transaction with everything
  // it changes.
  write: (repositories, stored, { record, snapshot }) =>
    record.contentHash !== null
      ? repositories.sessions.save(stored.template, record, snapshot, stored.models ?? [])
      : repositories.sessions.saveAnswer(record, snapshot),
  settle: (repositories, stored, { record, snapshot }) =>
    record.contentHash !== null ? null : () => repositories.sessions.save(stored.template, record, snapshot, stored.models ?? []),
  // Every change to the session or to the case being discussed is saved as it happens.
  childId: 'cycle',
};

export type NewSession = {
  template: RecordTemplateV1;
  sessionType: string;
  date: string;
  personId: string;
  supervisor: { name: string; role: string };
  /** The supervisee's preparation to bring in: only the items they marked to bring come. */
  preparationId?: string | null;
};

/** Each session links to the agreement in force on its date, or records that there was none. */
async function agreementFor(repositories: Repositories, personId: string, date: string): Promise<NonNullable<SessionContentV1['agreement']>> {
  const found = await repositories.agreements.inForce(personId, date);
  if (!found || found.status === 'draft') return { agreementId: null, status: 'none', reviewDue: '' };
  return { agreementId: found.agreement.id, status: found.status, reviewDue: found.agreement.reviewDue ?? '' };
}

/** Starts a session: the machine's first snapshot (XState's pure `initialTransition`: no actor runs) is saved before anything is shown. */
export async function createSession(repositories: Repositories, input: NewSession): Promise<Result<string>> {
  const words = copy.saving;
  const supervisee = await repositories.people.get(input.personId);
  if (!supervisee) return { ok: false, message: words.chooseSupervisee };
  if (!input.supervisor.name.trim()) return { ok: false, message: words.enterSupervisor };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.date)) return { ok: false, message: words.enterSessionDate };
  if (!input.template.sessionTypes.some((t) => t.id === input.sessionType)) return { ok: false, message: words.chooseSessionType };
  // A one-to-one session makes them a one-to-one supervisee, even if they were added as a group member.
  if (relationOf(supervisee) !== 'supervisee') {
    const made = await repositories.people.setRelation(supervisee.id, 'supervisee');
    if (!made.ok) return made;
  }
  let brought: BroughtV1 | null = null;
  if (input.preparationId) {
    const row = await repositories.preparations.get(input.preparationId);
    if (!row || row.personId !== supervisee.id) return { ok: false, message: words.notTheirPreparation };
    const chosen = broughtFrom(row.content);
    brought = {
      preparationId: row.id,
      issues: chosen.issues.map((i) => ({ id: i.id, text: i.text })),
      cases: chosen.cases.map((c) => ({ id: c.id, label: c.label, stages: c.stages, ...(c.model ? { model: c.model } : {}), ...(c.followUps ? { followUps: c.followUps } : {}) })),
    };
    if (!broughtAnything(brought)) brought = null;
  }
  const sessionId = repositories.newId();
  const machine = createSessionMachine(input.template, input.sessionType, { focus: broughtAnything(brought), models: listModels() });
  const [first] = initialTransition(machine, {
    sessionId,
    sessionType: input.sessionType,
    date: input.date,
    parties: {
      supervisor: { name: input.supervisor.name.trim(), role: input.supervisor.role.trim() },
      supervisee: { personId: supervisee.id, name: supervisee.name, role: supervisee.role },
    },
    previousActions: await repositories.actions.openFor(supervisee.id),
    brought,
    caseHistory: caseHistoryOf((await repositories.sessions.signedFor(supervisee.id)).map((s) => s.record)),
    agreement: await agreementFor(repositories, supervisee.id, input.date),
    noticings: await noticingsInForceFor(repositories.noticingSettings, input.template),
  });
  await repositories.sessions.save(input.template, first.context, machine.getPersistedSnapshot(first));
  // An own template used by a session is kept as it is: an edit to it is saved as a new version.
  await (await repositories.authoring()).templates.markUsed(input.template.id, input.template.version);
  if (input.preparationId && brought) await repositories.preparations.markBrought(input.preparationId, sessionId);
  return { ok: true, value: sessionId };
}
