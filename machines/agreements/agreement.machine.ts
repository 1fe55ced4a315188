/**
 * The guided flow for completing a supervision agreement, built from its template's data:
 * one state per section, in the policy's order, with "back" always open. A fields section
 * is left once its required fields are filled; a checklist section once every item is
 * ticked (the refusal names each one). At the signatures section the two read the whole
 * agreement through, then both sign: the second signature seals it (content hash, date
 * agreed, review date) in the same transition. An edit after the first signature undoes
 * it, since that person signed other words. Nothing changes once sealed.
 *
 * Pure: every date comes in an event (the signature's own time), never from the clock.
 */
import { and, assign, setup } from 'xstate';
import { $SignatureV1, type SignatureRole, type SignatureV1 } from '../model/record.ts';
import {
  agreementContentHashOf,
  agreementGaps,
  blankAgreement,
  fieldsOf,
  reviewDueOf,
  sectionGaps,
  type AgreementSectionV1,
  type AgreementTemplateV1,
  type AgreementV1,
} from '../model/agreement.ts';
import { ukDateAndTime } from '../dates/format.ts';

/** Bump when a change to this machine means saved snapshots no longer fit it. */
export const agreementMachineVersion = 1;

export type AgreementInput = {
  agreementId: string;
  parties: AgreementV1['parties'];
};

/** The agreement as it is being completed: the agreement itself, plus where the flow has got to. */
export type AgreementContext = AgreementV1 & {
  /** Index of the furthest section reached: sections up to it may be returned to directly. */
  furthestSection: number;
  /** Why the last step or signature was refused, each gap named. */
  refusal: string[];
};

export type AgreementEvent =
  | { type: 'step.next' }
  | { type: 'step.back' }
  | { type: 'step.goto'; sectionId: string }
  | { type: 'field.changed'; sectionId: string; fieldId: string; text: string }
  | { type: 'checklistItem.ticked'; sectionId: string; itemId: string; ticked: boolean }
  | { type: 'agreement.readThrough' }
  | { type: 'signature.added'; signature: SignatureV1 }
  | { type: 'signature.removed'; role: SignatureRole };

/** The agreement alone, without the flow's own state. */
export function agreementOf(context: AgreementContext): AgreementV1 {
  const { furthestSection: _furthest, refusal: _refusal, ...agreement } = context;
  return agreement;
}

/** The section the flow is at, or "sealed". */
export function agreementSectionOf(value: unknown): string {
  if (value === 'sealed') return 'sealed';
  if (typeof value === 'object' && value !== null && 'drafting' in value) {
    const drafting = (value as { drafting: unknown }).drafting;
    if (typeof drafting === 'string') return drafting;
    if (typeof drafting === 'object' && drafting !== null) {
      const [section] = Object.keys(drafting);
      if (section) return section;
    }
  }
  throw new Error(`Not an agreement state: ${JSON.stringify(value)}`);
}

/** Content edits made after one person has signed undo that signature: they signed other words. */
const unsign = { signatures: { supervisor: null, supervisee: null } } as const;

/** The (UK) calendar date of a signature: the day it was signed where it was signed. */
function dateSigned(signature: SignatureV1): string {
  return ukDateAndTime(signature.signedAt)?.date ?? signature.signedAt.slice(0, 10);
}

export function createAgreementMachine(template: AgreementTemplateV1) {
  const sections = template.sections;
  const first = sections[0];
  if (!first) throw new Error(`Agreement ${template.id} has no sections`);
  const indexOf = (sectionId: string) => sections.findIndex((s) => s.id === sectionId);
  const sectionById = (sectionId: string): AgreementSectionV1 | undefined => sections[indexOf(sectionId)];

  const agreementSetup = setup({
    types: {
      context: {} as AgreementContext,
      events: {} as AgreementEvent,
      input: {} as AgreementInput,
      output: {} as AgreementV1,
    },
    guards: {
      hasNoStepGaps: ({ context }, params: { sectionId: string }) => {
        const section = sectionById(params.sectionId);
        return !section || sectionGaps(section, context).length === 0;
      },
      hasBeenVisited: ({ context }, params: { sectionId: string }) => {
        const index = indexOf(params.sectionId);
        return index >= 0 && index <= context.furthestSection;
      },
      isGotoTo: ({ event }, params: { sectionId: string }) => event.type === 'step.goto' && event.sectionId === params.sectionId,
      hasNoSigningGaps: ({ context }) => agreementGaps(template, context).length === 0,
      isValidSignature: ({ event }) => event.type === 'signature.added' && $SignatureV1.safeParse(event.signature).success,
      isSecondSignature: ({ context, event }) =>
        event.type === 'signature.added' && context.signatures[event.signature.role === 'supervisor' ? 'supervisee' : 'supervisor'] !== null,
      isKnownField: ({ event }) => {
        if (event.type !== 'field.changed') return false;
        const section = sectionById(event.sectionId);
        return !!section && fieldsOf(section).some((f) => f.id === event.fieldId);
      },
      isKnownItem: ({ event }) => {
        if (event.type !== 'checklistItem.ticked') return false;
        const section = sectionById(event.sectionId);
        return section?.kind === 'checklist' && section.items.some((i) => i.id === event.itemId);
      },
    },
    actions: {
      reachSection: assign(({ context }, params: { sectionId: string }) => ({
        furthestSection: Math.max(context.furthestSection, indexOf(params.sectionId)),
        refusal: [],
      })),
      refuseStep: assign(({ context }, params: { sectionId: string }) => {
        const section = sectionById(params.sectionId);
        return { refusal: section ? sectionGaps(section, context) : [] };
      }),
      refuseSigning: assign(({ context }) => ({ refusal: agreementGaps(template, context) })),
      refuseSignature: assign(({ event }) => {
        if (event.type !== 'signature.added') return {};
        const parsed = $SignatureV1.safeParse(event.signature);
        return { refusal: parsed.success ? [] : parsed.error.issues.map((i) => i.message) };
      }),
      clearRefusal: assign({ refusal: [] }),
      unsign: assign(unsign),
      recordField: assign(({ context, event }) =>
        event.type === 'field.changed'
          ? {
              answers: { ...context.answers, [event.sectionId]: { ...context.answers[event.sectionId], [event.fieldId]: event.text } },
              refusal: [],
              ...unsign,
            }
          : {},
      ),
      recordTick: assign(({ context, event }) =>
        event.type === 'checklistItem.ticked'
          ? {
              ticks: { ...context.ticks, [event.sectionId]: { ...context.ticks[event.sectionId], [event.itemId]: event.ticked } },
              refusal: [],
              ...unsign,
            }
          : {},
      ),
      addSignature: assign(({ context, event }) =>
        event.type === 'signature.added' ? { signatures: { ...context.signatures, [event.signature.role]: event.signature }, refusal: [] } : {},
      ),
      removeSignature: assign(({ context, event }) =>
        event.type === 'signature.removed' ? { signatures: { ...context.signatures, [event.role]: null } } : {},
      ),
      // Runs after addSignature: both signatures are in the context it reads.
      seal: assign(({ context, event }) => {
        if (event.type !== 'signature.added') return {};
        const agreedOn = dateSigned(event.signature);
        const reviewDue = reviewDueOf(agreedOn, context.reviewMonths);
        const dated = { ...agreementOf(context), agreedOn, reviewDue };
        return { agreedOn, reviewDue, contentHash: agreementContentHashOf(dated) };
      }),
    },
  });

  const goto = (extra: readonly 'unsign'[]) =>
    sections.map((section) => ({
      guard: and([
        { type: 'isGotoTo' as const, params: { sectionId: section.id } },
        { type: 'hasBeenVisited' as const, params: { sectionId: section.id } },
      ]),
      target: `#agreement.drafting.${section.id}`,
      actions: [...extra, 'clearRefusal' as const],
    }));

  const signing = agreementSetup.createStateConfig({
    initial: 'reading',
    states: {
      reading: {
        on: {
          'agreement.readThrough': [{ guard: 'hasNoSigningGaps', target: 'signing', actions: 'clearRefusal' }, { actions: 'refuseSigning' }],
        },
      },
      signing: {
        on: {
          'signature.added': [
            { guard: and(['isValidSignature', 'hasNoSigningGaps', 'isSecondSignature']), target: '#agreement.sealed', actions: ['addSignature', 'seal'] },
            { guard: and(['isValidSignature', 'hasNoSigningGaps']), actions: 'addSignature' },
            { guard: 'isValidSignature', actions: 'refuseSigning' },
            { actions: 'refuseSignature' },
          ],
          'signature.removed': { actions: 'removeSignature' },
        },
      },
    },
  });

  function sectionState(section: AgreementSectionV1, index: number) {
    const next = sections[index + 1];
    const previous = sections[index - 1];
    if (section.kind === 'signatures') {
      return {
        ...signing,
        on: {
          // Leaving to look again, or changing anything, means reading it through again, and any signature given goes.
          ...(previous && { 'step.back': { target: previous.id, actions: ['unsign' as const, 'clearRefusal' as const] } }),
          'step.goto': goto(['unsign']),
          'field.changed': { guard: 'isKnownField' as const, target: `.reading`, actions: 'recordField' as const },
          'checklistItem.ticked': { guard: 'isKnownItem' as const, target: `.reading`, actions: 'recordTick' as const },
        },
      };
    }
    return {
      on: {
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
        ...(previous && { 'step.back': { target: previous.id, actions: ['clearRefusal' as const] } }),
      },
    };
  }

  return agreementSetup.createMachine({
    id: 'agreement',
    context: ({ input }) => ({
      ...blankAgreement(template, { id: input.agreementId, parties: input.parties }),
      furthestSection: 0,
      refusal: [],
    }),
    initial: 'drafting',
    states: {
      drafting: {
        initial: first.id,
        on: {
          'field.changed': { guard: 'isKnownField', actions: 'recordField' },
          'checklistItem.ticked': { guard: 'isKnownItem', actions: 'recordTick' },
          'step.goto': goto([]),
        },
        states: Object.fromEntries(sections.map((section, index) => [section.id, sectionState(section, index)])),
      },
      // Final: no handler anywhere can change a sealed agreement.
      sealed: { type: 'final' },
    },
    output: ({ context }) => agreementOf(context),
  });
}

export type AgreementMachine = ReturnType<typeof createAgreementMachine>;
