/**
 * The session machine, built from a record template's data: one agenda state per section,
 * in the template's order, each behaving by what the section collects. A parallel region
 * holds "escalate an immediate concern", reachable from every state without leaving the
 * agenda, so nothing is lost and the session returns to exactly where it was.
 */
import { and, assign, setup } from 'xstate';
import { createCaseCycleMachine } from '../cycle/cycle.machine.ts';
import { caseModelRef, emptyStagesOf, refOf, sameRef, type ModelRefV1, type ReflectiveModelV1 } from '../model/reflectiveModel.ts';
import { sessionModels } from '../models/index.ts';
import { sessionSections, type RecordTemplateV1, type SectionV1 } from '../model/template.ts';
import type {
  ActionReviewV1,
  BroughtV1,
  CaseHistoryEntryV1,
  DriftResponseV1,
  PlannedCaseV1,
  ActionV1,
  CaseChooser,
  CaseDiscussionV1,
  KeyIssueV1,
  NextMeetingV1,
  PreviousActionV1,
  SessionContentV1,
  SignatureRequestStateV1,
  SignatureRole,
  SignatureV1,
} from '../model/record.ts';
import type { KeySignatureV1, SignerCommentV1 } from '../model/keys.ts';
import { contentHashOf, documentHashOf, signedContentOf } from '../model/seal.ts';
import { signingGaps, stepGaps } from './gaps.ts';
import { escalationRegion, type EscalationEvent } from '../escalation.ts';

export { sessionMachineVersion } from '../model/envelope.ts';

export type SessionInput = {
  sessionId: string;
  sessionType: string;
  date: string;
  parties: SessionContentV1['parties'];
  previousActions: PreviousActionV1[];
  /** What the supervisee chose to bring from their preparation. */
  brought?: BroughtV1 | null;
  /** Earlier signed discussions of this supervisee's cases, by case key. */
  caseHistory?: Record<string, CaseHistoryEntryV1[]>;
  /** The agreement in force when the session began (none, or how it stood). */
  agreement?: SessionContentV1['agreement'];
  /** Which of the assistant's noticings are on for this session (issue 21); absent: none is asked. */
  noticings?: SessionContentV1['noticings'];
};

export type SessionEvent =
  | { type: 'step.next' }
  | { type: 'step.back' }
  | { type: 'step.goto'; sectionId: string }
  | { type: 'answer.changed'; sectionId: string; text: string }
  | { type: 'field.changed'; sectionId: string; fieldId: string; text: string }
  | { type: 'keyIssue.added'; issue: KeyIssueV1 }
  | { type: 'keyIssue.changed'; issue: KeyIssueV1 }
  | { type: 'keyIssue.removed'; id: string }
  | { type: 'keyIssue.moved'; id: string; direction: 'up' | 'down' }
  | { type: 'keyIssues.priorityAgreed'; agreed: boolean }
  | { type: 'review.changed'; actionId: string; review: ActionReviewV1 }
  /** `model`: the reflective model chosen for this case; absent, the template's default (a prepared case keeps the model it was drafted with). */
  | { type: 'case.started'; caseId: string; label: string; chosenBy: CaseChooser | null; plannedCaseId?: string; model?: ModelRefV1 }
  | { type: 'plannedCase.added'; plannedCase: PlannedCaseV1 }
  | { type: 'plannedCase.taken'; id: string; take: boolean }
  | { type: 'plannedCase.moved'; id: string; direction: 'up' | 'down' }
  | { type: 'plannedCase.removed'; id: string }
  | { type: 'drift.responded'; flagId: string; response: DriftResponseV1 }
  | { type: 'quality.dismissed'; flagId: string; reason: string }
  | { type: 'quality.undismissed'; flagId: string }
  | { type: 'case.reopened'; caseId: string }
  | { type: 'case.removed'; caseId: string }
  | { type: 'cases.noneDiscussed'; reason: string }
  | { type: 'action.added'; action: ActionV1 }
  | { type: 'action.changed'; action: ActionV1 }
  | { type: 'action.removed'; id: string }
  | { type: 'nextMeeting.changed'; nextMeeting: NextMeetingV1 }
  | { type: 'record.readThrough' }
  /** A party signs here. `keySignature`: made with this device's key when the signer is its own person. */
  | { type: 'signature.added'; signature: SignatureV1; keySignature?: KeySignatureV1; comment?: SignerCommentV1 | null }
  | { type: 'signature.removed'; role: SignatureRole }
  /** The record was sent to the other party's own device to sign there. */
  | { type: 'signature.requested'; request: SignatureRequestStateV1 }
  /** The request was sent again (its link had expired): the same words, a new expiry. */
  | { type: 'signature.requestRenewed'; requestId: string; sentAt: string; expiresAt: string }
  | { type: 'signature.requestWithdrawn'; requestId: string }
  /** The other party signed on their device; the app has verified their key signature against their pin. */
  | { type: 'signature.received'; requestId: string; signature: SignatureV1; keySignature: KeySignatureV1; comment: SignerCommentV1 | null }
  | { type: 'signature.returned'; requestId: string; reason: string; at: string }
  | EscalationEvent;

function moveItem<T extends { id: string }>(items: readonly T[], id: string, direction: 'up' | 'down'): T[] {
  const from = items.findIndex((item) => item.id === id);
  const to = direction === 'up' ? from - 1 : from + 1;
  if (from < 0 || to < 0 || to >= items.length) return [...items];
  const moved = [...items];
  const [item] = moved.splice(from, 1);
  if (item) moved.splice(to, 0, item);
  return moved;
}

function upsertCase(cases: readonly CaseDiscussionV1[], discussed: CaseDiscussionV1): CaseDiscussionV1[] {
  return cases.some((c) => c.id === discussed.id)
    ? cases.map((c) => (c.id === discussed.id ? discussed : c))
    : [...cases, discussed];
}

const keyIssueEvents = ['keyIssue.added', 'keyIssue.changed', 'keyIssue.removed', 'keyIssue.moved', 'keyIssues.priorityAgreed'] as const;
const actionEvents = ['action.added', 'action.changed', 'action.removed'] as const;
const plannedCaseEvents = ['plannedCase.added', 'plannedCase.taken', 'plannedCase.moved', 'plannedCase.removed'] as const;

/**
 * Content edits made after one person has signed undo that signature (they signed other words),
 * with its key signature and comment, and any request for the other's signature (it asked them to
 * sign other words). Edits are refused while a request is out; a concern recorded is not.
 */
const unsign = { signatures: { supervisor: null, supervisee: null }, keySignatures: {}, signerComments: {}, signatureRequest: null } as const;

/** A party's entry in a per-role record (key signatures, comments) set or removed. */
function withRole<T>(entries: Partial<Record<SignatureRole, T>> | undefined, role: SignatureRole, value: T | null | undefined): Partial<Record<SignatureRole, T>> {
  const { [role]: _dropped, ...rest } = entries ?? {};
  return value ? { ...rest, [role]: value } : rest;
}

export type SessionMachineOptions = {
  /** The session opens by agreeing what the supervisee brought (see sessionSections). */
  focus: boolean;
  /** Reflective models beyond the shipped ones that cases may use: the session's saved copies and any registered on this device. */
  models?: readonly ReflectiveModelV1[];
  /**
   * The only models cases may use, the first the default (practice mode: its scenarios are written
   * for the 4x4x4 cycle, whatever the template's default). Absent: the template's default and every model.
   */
  onlyModels?: readonly ReflectiveModelV1[];
};

export function createSessionMachine(template: RecordTemplateV1, sessionType: string, options: SessionMachineOptions = { focus: false }) {
  const sections = sessionSections(template, sessionType, options);
  // The template's default model first: a case started without a choice runs it.
  const caseModels = options.onlyModels && options.onlyModels.length > 0 ? [...options.onlyModels] : sessionModels(template, options.models ?? []);
  const defaultModel = caseModels[0] as ReflectiveModelV1;
  const modelOf = (ref: ModelRefV1) => caseModels.find((m) => sameRef(m, ref));
  const first = sections[0];
  if (!first) throw new Error(`Template ${template.id} has no sections for session type ${sessionType}`);
  const indexOf = (sectionId: string) => sections.findIndex((s) => s.id === sectionId);

  const sessionSetup = setup({
    types: {
      context: {} as SessionContentV1,
      events: {} as SessionEvent,
      input: {} as SessionInput,
    },
    actors: { caseCycle: createCaseCycleMachine(caseModels) },
    guards: {
      hasNoStepGaps: ({ context }, params: { sectionId: string }) => {
        const section = sections[indexOf(params.sectionId)];
        return !section || stepGaps(section, context, caseModels).length === 0;
      },
      hasBeenVisited: ({ context }, params: { sectionId: string }) => {
        const index = indexOf(params.sectionId);
        return index >= 0 && index <= context.furthestSection;
      },
      hasNoSigningGaps: ({ context }) => signingGaps(sections, context, caseModels).length === 0,
      isSecondSignature: ({ context, event }) =>
        event.type === 'signature.added' && context.signatures[event.signature.role === 'supervisor' ? 'supervisee' : 'supervisor'] !== null,
      hasConcern: ({ event }) => event.type === 'concern.recorded' && event.escalation.concern.trim().length > 0,
      hasNoneDiscussedReason: ({ event }) => event.type === 'cases.noneDiscussed' && event.reason.trim().length > 0,
      hasDismissalReason: ({ event }) => event.type === 'quality.dismissed' && event.reason.trim().length > 0,
      isUnsealed: ({ context }) => context.contentHash === null,
      isNotAwaitingSignature: ({ context }) => !context.signatureRequest,
      hasNoSignatureRequest: ({ context }) => !context.signatureRequest,
      /** A request for a party who has not signed, for the record's words as they are now. */
      isValidRequest: ({ context, event }) =>
        event.type === 'signature.requested' && context.signatures[event.request.role] === null && event.request.documentHash === documentHashOf(context),
      isThisRequest: ({ context, event }) =>
        (event.type === 'signature.requestRenewed' || event.type === 'signature.requestWithdrawn' || event.type === 'signature.returned' || event.type === 'signature.received') &&
        context.signatureRequest?.requestId === event.requestId,
      /** The awaited signature: this request's party, over the words as they were sent (and still are). */
      isAwaitedSignature: ({ context, event }) =>
        event.type === 'signature.received' &&
        context.signatureRequest?.requestId === event.requestId &&
        event.signature.role === context.signatureRequest.role &&
        context.signatureRequest.documentHash === documentHashOf(context),
      isOtherPartySigned: ({ context }) => {
        const role = context.signatureRequest?.role;
        return role !== undefined && context.signatures[role === 'supervisor' ? 'supervisee' : 'supervisor'] !== null;
      },
      /** While a request is out, the party who is here may still sign (or undo it), never the one asked. */
      isNotTheAwaitedParty: ({ context, event }) => {
        const role = event.type === 'signature.added' ? event.signature.role : event.type === 'signature.removed' ? event.role : null;
        return role !== null && role !== context.signatureRequest?.role;
      },
    },
    actions: {
      reachSection: assign(({ context }, params: { sectionId: string }) => ({
        furthestSection: Math.max(context.furthestSection, indexOf(params.sectionId)),
        refusal: [],
      })),
      refuseStep: assign(({ context }, params: { sectionId: string }) => {
        const section = sections[indexOf(params.sectionId)];
        return { refusal: section ? stepGaps(section, context, caseModels) : [] };
      }),
      refuseSigning: assign(({ context }) => ({ refusal: signingGaps(sections, context, caseModels) })),
      clearRefusal: assign({ refusal: [] }),
      recordAnswer: assign(({ context, event }) =>
        event.type === 'answer.changed' ? { answers: { ...context.answers, [event.sectionId]: event.text }, ...unsign } : {},
      ),
      recordField: assign(({ context, event }) =>
        event.type === 'field.changed'
          ? { fields: { ...context.fields, [event.sectionId]: { ...context.fields[event.sectionId], [event.fieldId]: event.text } }, ...unsign }
          : {},
      ),
      recordKeyIssue: assign(({ context, event }) => {
        switch (event.type) {
          case 'keyIssue.added':
            return { keyIssues: [...context.keyIssues, event.issue], priorityAgreed: false, ...unsign };
          case 'keyIssue.changed':
            return { keyIssues: context.keyIssues.map((i) => (i.id === event.issue.id ? event.issue : i)), ...unsign };
          case 'keyIssue.removed':
            return { keyIssues: context.keyIssues.filter((i) => i.id !== event.id), priorityAgreed: false, ...unsign };
          case 'keyIssue.moved':
            return { keyIssues: moveItem(context.keyIssues, event.id, event.direction), priorityAgreed: false, ...unsign };
          case 'keyIssues.priorityAgreed':
            return { priorityAgreed: event.agreed, refusal: [], ...unsign };
          default:
            return {};
        }
      }),
      recordPlannedCase: assign(({ context, event }) => {
        const planned = context.plannedCases ?? [];
        switch (event.type) {
          case 'plannedCase.added':
            return { plannedCases: [...planned, event.plannedCase], priorityAgreed: false, ...unsign };
          case 'plannedCase.taken':
            return { plannedCases: planned.map((p) => (p.id === event.id ? { ...p, take: event.take } : p)), priorityAgreed: false, ...unsign };
          case 'plannedCase.moved':
            return { plannedCases: moveItem(planned, event.id, event.direction), priorityAgreed: false, ...unsign };
          case 'plannedCase.removed':
            // Only the supervisor's own additions can be removed; a brought case is left (not taken) instead.
            return { plannedCases: planned.filter((p) => p.id !== event.id || p.source === 'prepared'), priorityAgreed: false, ...unsign };
          default:
            return {};
        }
      }),
      recordDriftResponse: assign(({ context, event }) =>
        event.type === 'drift.responded'
          ? { driftResponses: { ...context.driftResponses, [event.flagId]: event.response }, refusal: [], ...unsign }
          : {},
      ),
      recordQualityDismissal: assign(({ context, event }) => {
        if (event.type === 'quality.dismissed') {
          return { qualityDismissals: { ...context.qualityDismissals, [event.flagId]: event.reason.trim() }, refusal: [], ...unsign };
        }
        if (event.type === 'quality.undismissed') {
          const { [event.flagId]: _dropped, ...rest } = context.qualityDismissals ?? {};
          return { qualityDismissals: rest, ...unsign };
        }
        return {};
      }),
      recordReview: assign(({ context, event }) =>
        event.type === 'review.changed' ? { reviews: { ...context.reviews, [event.actionId]: event.review }, refusal: [], ...unsign } : {},
      ),
      recordAction: assign(({ context, event }) => {
        switch (event.type) {
          case 'action.added':
            return { actions: [...context.actions, event.action], ...unsign };
          case 'action.changed':
            return { actions: context.actions.map((a) => (a.id === event.action.id ? event.action : a)), refusal: [], ...unsign };
          case 'action.removed':
            return { actions: context.actions.filter((a) => a.id !== event.id), ...unsign };
          default:
            return {};
        }
      }),
      recordNextMeeting: assign(({ event }) => (event.type === 'nextMeeting.changed' ? { nextMeeting: event.nextMeeting, ...unsign } : {})),
      recordNoCasesReason: assign(({ event }) =>
        event.type === 'cases.noneDiscussed' ? { noCasesReason: event.reason.trim(), refusal: [], ...unsign } : {},
      ),
      storeCase: assign(({ context }, params: { discussed: CaseDiscussionV1 }) => ({
        cases: upsertCase(context.cases, params.discussed),
        noCasesReason: params.discussed.complete ? '' : context.noCasesReason,
        ...unsign,
      })),
      removeCase: assign(({ context, event }) =>
        event.type === 'case.removed'
          ? {
              cases: context.cases.filter((c) => c.id !== event.caseId),
              actions: context.actions.filter((a) => a.caseId !== event.caseId),
              ...unsign,
            }
          : {},
      ),
      addSignature: assign(({ context, event }) =>
        event.type === 'signature.added'
          ? {
              signatures: { ...context.signatures, [event.signature.role]: event.signature },
              keySignatures: withRole(context.keySignatures, event.signature.role, event.keySignature),
              signerComments: withRole(context.signerComments, event.signature.role, event.comment),
              refusal: [],
            }
          : {},
      ),
      removeSignature: assign(({ context, event }) =>
        event.type === 'signature.removed'
          ? {
              signatures: { ...context.signatures, [event.role]: null },
              keySignatures: withRole(context.keySignatures, event.role, null),
              signerComments: withRole(context.signerComments, event.role, null),
            }
          : {},
      ),
      recordRequest: assign(({ event }) => (event.type === 'signature.requested' ? { signatureRequest: event.request, signatureReturned: null, refusal: [] } : {})),
      renewRequest: assign(({ context, event }) =>
        event.type === 'signature.requestRenewed' && context.signatureRequest
          ? { signatureRequest: { ...context.signatureRequest, sentAt: event.sentAt, expiresAt: event.expiresAt } }
          : {},
      ),
      clearRequest: assign({ signatureRequest: null }),
      recordReturn: assign(({ context, event }) =>
        event.type === 'signature.returned' && context.signatureRequest
          ? { signatureRequest: null, signatureReturned: { role: context.signatureRequest.role, reason: event.reason.trim(), at: event.at } }
          : {},
      ),
      addReceivedSignature: assign(({ context, event }) =>
        event.type === 'signature.received'
          ? {
              signatures: { ...context.signatures, [event.signature.role]: event.signature },
              keySignatures: withRole(context.keySignatures, event.signature.role, event.keySignature),
              signerComments: withRole(context.signerComments, event.signature.role, event.comment),
              signatureRequest: null,
              signatureReturned: null,
              refusal: [],
            }
          : {},
      ),
      refuseWhileAwaiting: assign({ refusal: ['A signature has been asked for on the other party’s device: withdraw the request before changing the record'] }),
      seal: assign(({ context }) => ({ contentHash: contentHashOf(signedContentOf(context)) })),
      // A concern is part of the record: recorded between the two signatures, it undoes the first.
      recordEscalation: assign(({ context, event }) =>
        event.type === 'concern.recorded' ? { escalations: [...context.escalations, event.escalation], ...unsign } : {},
      ),
    },
  });

  const caseDiscussion = sessionSetup.createStateConfig({
    initial: 'choosing',
    states: {
      choosing: {
        on: {
          // A case runs a model this session has: one chosen that is not here is refused, not started.
          'case.started': [
            { guard: ({ event }) => !event.model || modelOf(event.model) !== undefined, target: 'discussing' },
            { actions: assign({ refusal: ['That reflective model is not available on this device. Choose another.'] }) },
          ],
          'case.reopened': { target: 'discussing' },
          'case.removed': { actions: 'removeCase' },
          'cases.noneDiscussed': { guard: 'hasNoneDiscussedReason', actions: 'recordNoCasesReason' },
        },
      },
      discussing: {
        invoke: {
          id: 'cycle',
          systemId: 'cycle',
          src: 'caseCycle',
          input: ({ context, event }) => {
            if (event.type === 'case.reopened') {
              const resume = context.cases.find((c) => c.id === event.caseId);
              return { caseId: event.caseId, ...(resume ? { resume } : {}) };
            }
            if (event.type === 'case.started') {
              // A case the supervisee prepared opens with its drafted stages, editable, marked as prepared.
              const prepared = context.brought?.cases.find((c) => c.id === event.plannedCaseId);
              const preparedModel = prepared ? modelOf(caseModelRef(prepared)) : undefined;
              if (prepared && preparedModel) {
                return {
                  caseId: event.caseId,
                  resume: {
                    id: event.caseId,
                    label: event.label,
                    chosenBy: event.chosenBy,
                    stages: { ...emptyStagesOf(preparedModel), ...prepared.stages },
                    skipped: {},
                    complete: false,
                    prepared: true,
                    ...(prepared.model ? { model: prepared.model } : {}),
                    // The assistant's follow-ups answered or dismissed in the preparation come with it.
                    ...(prepared.followUps ? { followUps: prepared.followUps } : {}),
                  },
                };
              }
              return { caseId: event.caseId, label: event.label, chosenBy: event.chosenBy, model: event.model ?? refOf(defaultModel) };
            }
            throw new Error(`A case discussion cannot start from ${event.type}`);
          },
          onDone: {
            target: 'choosing',
            actions: [{ type: 'storeCase', params: ({ event }) => ({ discussed: event.output }) }],
          },
        },
        // Leaving mid-case would lose the discussion: the case must be finished or set aside first.
        on: {
          'step.next': { actions: assign({ refusal: ['Finish this case, or set it aside, before moving on'] }) },
          'step.back': { actions: assign({ refusal: ['Finish this case, or set it aside, before moving on'] }) },
          'step.goto': { actions: assign({ refusal: ['Finish this case, or set it aside, before moving on'] }) },
        },
      },
    },
  });

  const signing = sessionSetup.createStateConfig({
    initial: 'reading',
    states: {
      reading: { on: { 'record.readThrough': { target: 'signing', actions: 'clearRefusal' } } },
      signing: {
        on: {
          'signature.added': [
            { guard: and(['hasNoSigningGaps', 'isSecondSignature']), target: '#session.agenda.signed', actions: ['addSignature', 'seal'] },
            { guard: 'hasNoSigningGaps', actions: 'addSignature' },
            { actions: 'refuseSigning' },
          ],
          'signature.removed': { actions: 'removeSignature' },
          'signature.requested': [{ guard: and(['hasNoSigningGaps', 'isValidRequest']), target: 'awaiting', actions: 'recordRequest' }, { actions: 'refuseSigning' }],
        },
      },
      // The record is with the other party's device. Nothing in it may change (their signature is
      // over these words), except a concern recorded, which withdraws the request (see unsign).
      awaiting: {
        always: { guard: 'hasNoSignatureRequest', target: 'signing' },
        on: {
          'signature.received': [
            { guard: and(['isAwaitedSignature', 'isOtherPartySigned', 'hasNoSigningGaps']), target: '#session.agenda.signed', actions: ['addReceivedSignature', 'seal'] },
            { guard: 'isAwaitedSignature', target: 'signing', actions: 'addReceivedSignature' },
          ],
          'signature.returned': { guard: 'isThisRequest', target: 'signing', actions: 'recordReturn' },
          'signature.requestWithdrawn': { guard: 'isThisRequest', target: 'signing', actions: 'clearRequest' },
          'signature.requestRenewed': { guard: 'isThisRequest', actions: 'renewRequest' },
          'signature.added': { guard: 'isNotTheAwaitedParty', actions: 'addSignature' },
          'signature.removed': { guard: 'isNotTheAwaitedParty', actions: 'removeSignature' },
          'step.back': { actions: 'refuseWhileAwaiting' },
        },
      },
    },
  });

  function sectionState(section: SectionV1, index: number) {
    const next = sections[index + 1];
    const previous = sections[index - 1];
    const navigation = {
      ...(next && {
        'step.next': [
          {
            guard: { type: 'hasNoStepGaps' as const, params: { sectionId: section.id } },
            target: next.id,
            actions: [{ type: 'reachSection' as const, params: { sectionId: next.id } }],
          },
          { actions: [{ type: 'refuseStep' as const, params: { sectionId: section.id } }] },
        ],
      }),
      ...(previous && {
        'step.back': { target: previous.id, actions: ['clearRefusal' as const] },
      }),
    };
    switch (section.collects.kind) {
      case 'cases':
        return { ...caseDiscussion, on: navigation };
      case 'signatures':
        // Going back to change the record undoes any signature already given.
        return { ...signing, on: { ...navigation, 'step.back': previous ? { target: previous.id, actions: [assign(unsign), 'clearRefusal' as const] } : [] } };
      default:
        return { on: navigation };
    }
  }

  const edit = (
    action: 'recordAnswer' | 'recordField' | 'recordKeyIssue' | 'recordReview' | 'recordAction' | 'recordNextMeeting' | 'recordPlannedCase' | 'recordDriftResponse' | 'recordQualityDismissal',
  ) =>
    ({ guard: and(['isUnsealed', 'isNotAwaitingSignature']), actions: action }) as const;

  const agendaStates = Object.fromEntries(sections.map((section, index) => [section.id, sectionState(section, index)]));

  return sessionSetup.createMachine({
    id: 'session',
    type: 'parallel',
    context: ({ input }) => ({
      sessionId: input.sessionId,
      templateId: template.id,
      templateVersion: template.version,
      sessionType,
      date: input.date,
      parties: input.parties,
      answers: {},
      fields: {},
      keyIssues: (input.brought?.issues ?? []).map((issue) => ({ id: issue.id, text: issue.text, prepared: true })),
      priorityAgreed: false,
      previousActions: input.previousActions,
      reviews: Object.fromEntries(input.previousActions.map((a) => [a.id, { outcome: null, reason: '', newDueDate: '' }])),
      cases: [],
      noCasesReason: '',
      actions: [],
      nextMeeting: { date: '', time: '', venue: '' },
      escalations: [],
      signatures: { supervisor: null, supervisee: null },
      contentHash: null,
      furthestSection: 0,
      refusal: [],
      brought: input.brought ?? null,
      plannedCases: (input.brought?.cases ?? []).map((c) => ({ id: c.id, label: c.label, source: 'prepared' as const, take: true })),
      caseHistory: input.caseHistory ?? {},
      ...(input.agreement ? { agreement: input.agreement } : {}),
      ...(input.noticings ? { noticings: input.noticings } : {}),
      driftResponses: {},
      qualityDismissals: {},
      signerComments: {},
      keySignatures: {},
      signatureRequest: null,
    }),
    states: {
      agenda: {
        initial: first.id,
        on: {
          // Edits are taken anywhere on the agenda until the record is sealed.
          'answer.changed': edit('recordAnswer'),
          'field.changed': edit('recordField'),
          'review.changed': edit('recordReview'),
          'nextMeeting.changed': edit('recordNextMeeting'),
          ...Object.fromEntries(keyIssueEvents.map((type) => [type, edit('recordKeyIssue')])),
          ...Object.fromEntries(actionEvents.map((type) => [type, edit('recordAction')])),
          ...Object.fromEntries(plannedCaseEvents.map((type) => [type, edit('recordPlannedCase')])),
          'drift.responded': edit('recordDriftResponse'),
          'quality.dismissed': { guard: and(['isUnsealed', 'isNotAwaitingSignature', 'hasDismissalReason']), actions: 'recordQualityDismissal' },
          'quality.undismissed': edit('recordQualityDismissal'),
          'step.goto': sections.map((section) => ({
            guard: and([
              ({ event }) => event.type === 'step.goto' && event.sectionId === section.id,
              { type: 'hasBeenVisited', params: { sectionId: section.id } },
              'isUnsealed',
              'isNotAwaitingSignature',
            ]),
            target: `.${section.id}`,
            actions: ['clearRefusal' as const],
          })),
        },
        states: { ...agendaStates, signed: { type: 'final' } },
      },
      // Once sealed, the record cannot take it: the app keeps it as a dated amendment instead.
      escalation: escalationRegion(and(['hasConcern', 'isUnsealed'])),
    },
  });
}

export type SessionMachine = ReturnType<typeof createSessionMachine>;
