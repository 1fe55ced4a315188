/**
 * Supervision agreements (contracts) as data. Each agreement template reproduces one
 * policy's own agreement: its headings and wording exactly as the policy words them, in
 * the policy's order, so the two people read and agree the policy's words, fill in what
 * the policy leaves for them to fill, tick what it asks them to discuss, and sign. A new
 * agreement is one JSON file in machines/agreements/ that parses with $AgreementTemplateV1.
 *
 * The completed agreement ($AgreementV1) is sealed like a session record: the SHA-256 of
 * its canonical content (RFC 8785), taken as the second signature lands. It is reviewed
 * `reviewMonths` after the day it was agreed (annually unless a policy says otherwise).
 */
import canonicalize from 'canonicalize';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { $IsoDate, $RecordId, $SessionPartiesV1, $SignatureV1, type SignatureRole } from './record.ts';

// ---------------------------------------------------------------------------------------
// Copy: every message the schemas and the agreement flow show

export const agreementCopy = {
  cleanWording: 'Policy wording is stored cleaned of page artefacts: no tabs, doubled spaces, dotted leaders or surrounding spaces',
  reservedId: (id: string) => `"${id}" is reserved for the agreement's own states; choose another section id`,
  sectionIdTwice: (id: string) => `Section id "${id}" is used twice`,
  answerIdTwice: (sectionId: string, id: string) => `Field or item id "${id}" is used twice in section "${sectionId}"`,
  needsSignatures: 'An agreement needs a "signatures" section',
  oneSignatures: 'Only one "signatures" section is allowed',
  signaturesLast: 'The signatures section comes last',
  productHeadingSaysWhy: (heading: string) => `"${heading}" is added by the product: say why in productNote`,
  placeholderUnused: (token: string) => `No policy wording contains the placeholder ${token} that a field fills`,
  placeholderTwice: (token: string) => `The placeholder ${token} is filled by more than one field`,
  placeholderLate: (token: string, heading: string) => `“${heading}” uses ${token} before the field that fills it`,
  fillIn: (label: string) => `Fill in “${label}”`,
  fillInUnder: (label: string, item: string) => `Fill in “${label}” under “${item}”`,
  tick: (item: string) => `Not yet ticked as discussed and agreed: “${item}”`,
  signatureRole: (slot: SignatureRole) => `The ${slot}'s signature is signed in another role`,
  sealedNeedsBoth: 'A sealed agreement is signed by both',
  sealedNeedsDates: 'A sealed agreement has the date it was agreed and its review date',
  draftHasNoDates: 'An agreement is dated when the second signature seals it, not before',
  reviewDueMismatch: (expected: string) => `The review is due on ${expected}: the agreed date plus the review period`,
} as const;

// ---------------------------------------------------------------------------------------
// The template

const $Id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'Use lower-case letters, digits and hyphens');

/** The policy's words, lightly cleaned: what a reader sees, with the PDF's leaders and tabs gone. */
const $PolicyWords = z
  .string()
  .min(1)
  .refine((s) => s === s.trim() && !/\t| {2,}|…{2,}|\.{4,}/.test(s), agreementCopy.cleanWording);

/** A run of the policy's own wording: a paragraph, a bulleted list, or a line set as a subheading. */
export const $PolicyBlockV1 = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('paragraph'), text: $PolicyWords }),
  z.strictObject({ kind: z.literal('points'), items: z.array($PolicyWords).min(1) }),
  z.strictObject({ kind: z.literal('subheading'), text: $PolicyWords }),
]);
export type PolicyBlockV1 = z.infer<typeof $PolicyBlockV1>;

export const agreementVoices = ['supervisor', 'supervisee', 'both'] as const;

/** Something the two people write into the agreement, labelled as the policy labels it. */
export const $AgreementFieldV1 = z.strictObject({
  id: $Id,
  label: $PolicyWords,
  hint: z.string().min(1).optional(),
  /** The policy's own entry, shown filled in and open to change (Somerset: "Quarterly"). */
  prefilled: z.string().min(1).optional(),
  required: z.boolean().default(true),
  multiline: z.boolean().default(false),
  /** Whose words these are, where the policy says ("What I want from you as my Supervisor:" is the supervisee's). */
  writtenBy: z.enum(agreementVoices).optional(),
  /** A placeholder in the policy's wording this answer fills in wherever it appears, e.g. "[organisation]". */
  fills: z.string().regex(/^\[[^\]]+\]$/, 'A placeholder in square brackets, as the policy writes it').optional(),
  /** True where the policy has no such field and the product adds it. */
  addedByProduct: z.boolean().default(false),
});
export type AgreementFieldV1 = z.infer<typeof $AgreementFieldV1>;

/** One thing the policy asks the two to discuss and agree, ticked when they have. */
export const $ChecklistItemV1 = z.strictObject({
  id: $Id,
  text: $PolicyWords,
  /** What the item asks to be written down (South Gloucestershire's "Arrangements:" lists four). */
  fields: z.array($AgreementFieldV1).default([]),
});
export type ChecklistItemV1 = z.infer<typeof $ChecklistItemV1>;

/** The policy's words beside one person's signature, e.g. ["Supervisor Name:", "Signed:", "Date:"]. */
export const $SignatureBlockV1 = z.strictObject({
  /** The column heading over the lines, where the policy has one ("Designated Professional"). */
  heading: $PolicyWords.optional(),
  lines: z.array($PolicyWords).min(1),
});
export type SignatureBlockV1 = z.infer<typeof $SignatureBlockV1>;

export const agreementSectionKinds = ['policyText', 'fields', 'checklist', 'signatures'] as const;
export type AgreementSectionKind = (typeof agreementSectionKinds)[number];

const sectionBase = {
  id: $Id,
  /** The heading exactly as the policy words it. */
  heading: $PolicyWords,
  /** A policy heading over several sections (Devon: "Making supervision work: agreement of contribution:"). */
  group: $PolicyWords.optional(),
  /** True where the policy has no such heading and the product adds one (said on screen). */
  addedByProduct: z.boolean().default(false),
  /** Why the product added this heading, shown with it. */
  productNote: z.string().min(1).optional(),
};

export const $AgreementSectionV1 = z.discriminatedUnion('kind', [
  /** The policy's own wording, read and agreed. */
  z.strictObject({ ...sectionBase, kind: z.literal('policyText'), text: z.array($PolicyBlockV1).min(1) }),
  /** Labelled fields to fill in, after any wording of the policy's that introduces them. */
  z.strictObject({ ...sectionBase, kind: z.literal('fields'), text: z.array($PolicyBlockV1).default([]), fields: z.array($AgreementFieldV1).min(1) }),
  /** Items to tick as discussed and agreed; the section is not left until all are ticked. */
  z.strictObject({ ...sectionBase, kind: z.literal('checklist'), text: z.array($PolicyBlockV1).default([]), items: z.array($ChecklistItemV1).min(1) }),
  /** Both signatures, with the policy's words beside each; always last. */
  z.strictObject({
    ...sectionBase,
    kind: z.literal('signatures'),
    text: z.array($PolicyBlockV1).default([]),
    supervisor: $SignatureBlockV1,
    supervisee: $SignatureBlockV1,
    /** The policy's words after the signatures ("A copy of this signed contract will be kept by both parties."). */
    closing: z.array($PolicyBlockV1).default([]),
    /** The policy's label for the review date, shown beside reviewDue (Temple: "Date of review of contract:"). */
    reviewDateLabel: $PolicyWords.optional(),
  }),
]);
export type AgreementSectionV1 = z.infer<typeof $AgreementSectionV1>;
export type AgreementSectionOf<K extends AgreementSectionKind> = Extract<AgreementSectionV1, { kind: K }>;

/** How often the policy says sessions take place, in its words and as a rule the calendar can use. */
export const $AgreementFrequencyV1 = z.strictObject({
  text: $PolicyWords,
  rule: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('everyMonths'), months: z.number().int().min(1).max(24) }),
    z.strictObject({ kind: z.literal('timesPerYear'), times: z.number().int().min(1).max(52) }),
    /** Half-term dates differ by school and year: kept with the school, not here. */
    z.strictObject({ kind: z.literal('halfTermly') }),
  ]),
});
export type AgreementFrequencyV1 = z.infer<typeof $AgreementFrequencyV1>;

/** Names the agreement machine uses for its own states: a section may not take them. */
export const reservedAgreementSectionIds = ['sealed', 'drafting'] as const;

const $Party = z.strictObject({
  /** The policy's heading for this person ("Designated Professional", "SUPERVISOR:"). */
  heading: $PolicyWords,
  /** The title of the role, as the product names it on screen. */
  title: z.string().min(1),
});

export const $AgreementTemplateV1 = z
  .strictObject({
    schema: z.literal('agreement-template/v1'),
    id: $Id,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, 'A version such as 1.0.0'),
    title: $PolicyWords,
    source: z.strictObject({
      organisation: z.string().min(1),
      policy: z.string().min(1),
      appendix: z.string().min(1),
    }),
    parties: z.strictObject({ supervisor: $Party, supervisee: $Party }),
    /** Where the policy states a frequency (Devon's example leaves it to be filled in). */
    frequency: $AgreementFrequencyV1.optional(),
    /** Months from the day it is agreed until it is reviewed: every policy here says annually. */
    reviewMonths: z.number().int().min(1).max(36).default(12),
    sections: z.array($AgreementSectionV1).min(1),
  })
  .superRefine((template, ctx) => {
    const ids = new Set<string>();
    template.sections.forEach((section, index) => {
      if ((reservedAgreementSectionIds as readonly string[]).includes(section.id)) {
        ctx.addIssue({ code: 'custom', path: ['sections', index, 'id'], message: agreementCopy.reservedId(section.id) });
      }
      if (ids.has(section.id)) ctx.addIssue({ code: 'custom', path: ['sections', index, 'id'], message: agreementCopy.sectionIdTwice(section.id) });
      ids.add(section.id);
      if (section.addedByProduct && !section.productNote) {
        ctx.addIssue({ code: 'custom', path: ['sections', index, 'productNote'], message: agreementCopy.productHeadingSaysWhy(section.heading) });
      }
      const answerIds = new Set<string>();
      const itemIds = section.kind === 'checklist' ? section.items.map((i) => i.id) : [];
      for (const id of [...fieldsOf(section).map((f) => f.id), ...itemIds]) {
        if (answerIds.has(id)) ctx.addIssue({ code: 'custom', path: ['sections', index], message: agreementCopy.answerIdTwice(section.id, id) });
        answerIds.add(id);
      }
    });

    const kinds = template.sections.map((s) => s.kind);
    const signatures = kinds.filter((k) => k === 'signatures').length;
    if (signatures === 0) ctx.addIssue({ code: 'custom', path: ['sections'], message: agreementCopy.needsSignatures });
    if (signatures > 1) ctx.addIssue({ code: 'custom', path: ['sections'], message: agreementCopy.oneSignatures });
    if (kinds.at(-1) !== 'signatures') ctx.addIssue({ code: 'custom', path: ['sections'], message: agreementCopy.signaturesLast });

    // A placeholder is filled in before, or in the same section as, the first wording that uses it.
    const filledAt = new Map<string, number>();
    template.sections.forEach((section, index) => {
      for (const field of fieldsOf(section)) {
        if (!field.fills) continue;
        if (filledAt.has(field.fills)) ctx.addIssue({ code: 'custom', path: ['sections', index], message: agreementCopy.placeholderTwice(field.fills) });
        else filledAt.set(field.fills, index);
      }
    });
    for (const [token, fillIndex] of filledAt) {
      const firstUse = template.sections.findIndex((s) => wordingOf(s).some((words) => words.includes(token)));
      if (firstUse === -1) ctx.addIssue({ code: 'custom', path: ['sections'], message: agreementCopy.placeholderUnused(token) });
      else if (firstUse < fillIndex) {
        ctx.addIssue({ code: 'custom', path: ['sections', firstUse], message: agreementCopy.placeholderLate(token, template.sections[firstUse]?.heading ?? '') });
      }
    }
  });
export type AgreementTemplateV1 = z.infer<typeof $AgreementTemplateV1>;

/** Every field a section asks to be filled in: its own, or its checklist items'. */
export function fieldsOf(section: AgreementSectionV1): AgreementFieldV1[] {
  switch (section.kind) {
    case 'fields':
      return section.fields;
    case 'checklist':
      return section.items.flatMap((item) => item.fields);
    default:
      return [];
  }
}

function blockWords(blocks: readonly PolicyBlockV1[]): string[] {
  return blocks.flatMap((b) => (b.kind === 'points' ? b.items : [b.text]));
}

/** Every piece of wording a section shows: heading, group, text, labels, items, signature lines. */
export function wordingOf(section: AgreementSectionV1): string[] {
  const common = [section.heading, ...(section.group ? [section.group] : [])];
  switch (section.kind) {
    case 'policyText':
      return [...common, ...blockWords(section.text)];
    case 'fields':
      return [...common, ...blockWords(section.text), ...section.fields.map((f) => f.label)];
    case 'checklist':
      return [...common, ...blockWords(section.text), ...section.items.flatMap((i) => [i.text, ...i.fields.map((f) => f.label)])];
    case 'signatures':
      return [
        ...common,
        ...blockWords(section.text),
        ...[section.supervisor, section.supervisee].flatMap((b) => [...(b.heading ? [b.heading] : []), ...b.lines]),
        ...blockWords(section.closing),
        ...(section.reviewDateLabel ? [section.reviewDateLabel] : []),
      ];
  }
}

// ---------------------------------------------------------------------------------------
// The completed agreement

/** Answers by section, then by field id. */
export const $AgreementAnswersV1 = z.record(z.string(), z.record(z.string(), z.string().max(10_000)));
export type AgreementAnswersV1 = z.infer<typeof $AgreementAnswersV1>;
/** Checklist ticks by section, then by item id: true once discussed and agreed. */
export const $AgreementTicksV1 = z.record(z.string(), z.record(z.string(), z.boolean()));
export type AgreementTicksV1 = z.infer<typeof $AgreementTicksV1>;

export const $AgreementV1 = z
  .strictObject({
    schema: z.literal('agreement/v1'),
    id: $RecordId,
    templateId: $Id,
    templateVersion: z.string().regex(/^\d+\.\d+\.\d+$/),
    /** The supervisor by name and role; the supervisee by person id, name and role (as a session's). */
    parties: $SessionPartiesV1,
    answers: $AgreementAnswersV1,
    ticks: $AgreementTicksV1,
    reviewMonths: z.number().int().min(1).max(36),
    signatures: z.strictObject({ supervisor: $SignatureV1.nullable(), supervisee: $SignatureV1.nullable() }),
    contentHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
    /** The (UK) date of the second signature. */
    agreedOn: $IsoDate.nullable(),
    reviewDue: $IsoDate.nullable(),
  })
  .superRefine((agreement, ctx) => {
    for (const slot of ['supervisor', 'supervisee'] as const) {
      const signature = agreement.signatures[slot];
      if (signature && signature.role !== slot) ctx.addIssue({ code: 'custom', path: ['signatures', slot], message: agreementCopy.signatureRole(slot) });
    }
    if (agreement.contentHash === null) {
      if (agreement.agreedOn !== null || agreement.reviewDue !== null) ctx.addIssue({ code: 'custom', path: ['agreedOn'], message: agreementCopy.draftHasNoDates });
      return;
    }
    if (!agreement.signatures.supervisor || !agreement.signatures.supervisee) ctx.addIssue({ code: 'custom', path: ['signatures'], message: agreementCopy.sealedNeedsBoth });
    if (agreement.agreedOn === null || agreement.reviewDue === null) {
      ctx.addIssue({ code: 'custom', path: ['agreedOn'], message: agreementCopy.sealedNeedsDates });
      return;
    }
    if (isCalendarDate(agreement.agreedOn)) {
      const expected = reviewDueOf(agreement.agreedOn, agreement.reviewMonths);
      if (agreement.reviewDue !== expected) ctx.addIssue({ code: 'custom', path: ['reviewDue'], message: agreementCopy.reviewDueMismatch(expected) });
    }
  });
export type AgreementV1 = z.infer<typeof $AgreementV1>;

/** A new, unsigned agreement from a template: policy entries filled in, nothing ticked. */
export function blankAgreement(template: AgreementTemplateV1, init: { id: string; parties: AgreementV1['parties'] }): AgreementV1 {
  return {
    schema: 'agreement/v1',
    id: init.id,
    templateId: template.id,
    templateVersion: template.version,
    parties: init.parties,
    answers: Object.fromEntries(
      template.sections
        .filter((s) => fieldsOf(s).length > 0)
        .map((s) => [s.id, Object.fromEntries(fieldsOf(s).map((f) => [f.id, f.prefilled ?? '']))]),
    ),
    ticks: Object.fromEntries(
      template.sections.flatMap((s) => (s.kind === 'checklist' ? [[s.id, Object.fromEntries(s.items.map((i) => [i.id, false]))]] : [])),
    ),
    reviewMonths: template.reviewMonths,
    signatures: { supervisor: null, supervisee: null },
    contentHash: null,
    agreedOn: null,
    reviewDue: null,
  };
}

// ---------------------------------------------------------------------------------------
// What stops a section being left, or the agreement being signed

type Filled = Pick<AgreementV1, 'answers' | 'ticks'>;

function isFilled(agreement: Filled, sectionId: string, fieldId: string): boolean {
  return (agreement.answers[sectionId]?.[fieldId] ?? '').trim().length > 0;
}

/** What the section still needs, each named: unfilled required fields, unticked items. */
export function sectionGaps(section: AgreementSectionV1, agreement: Filled): string[] {
  switch (section.kind) {
    case 'fields':
      return section.fields.filter((f) => f.required && !isFilled(agreement, section.id, f.id)).map((f) => agreementCopy.fillIn(f.label));
    case 'checklist':
      return section.items.flatMap((item) => [
        ...(agreement.ticks[section.id]?.[item.id] === true ? [] : [agreementCopy.tick(item.text)]),
        ...item.fields.filter((f) => f.required && !isFilled(agreement, section.id, f.id)).map((f) => agreementCopy.fillInUnder(f.label, item.text)),
      ]);
    default:
      return [];
  }
}

/** Everything still needed anywhere before either person may sign. */
export function agreementGaps(template: AgreementTemplateV1, agreement: Filled): string[] {
  return template.sections.flatMap((s) => sectionGaps(s, agreement));
}

/** The placeholders filled so far, e.g. { "[organisation]": "Torbay Council" }. */
export function placeholderValues(template: AgreementTemplateV1, answers: AgreementAnswersV1): Record<string, string> {
  const values: Record<string, string> = {};
  for (const section of template.sections) {
    for (const field of fieldsOf(section)) {
      const value = (answers[section.id]?.[field.id] ?? '').trim();
      if (field.fills && value) values[field.fills] = value;
    }
  }
  return values;
}

/** The policy's wording with its placeholders filled in where the two have filled them. */
export function withPlaceholders(words: string, values: Record<string, string>): string {
  return Object.entries(values).reduce((text, [token, value]) => text.split(token).join(value), words);
}

// ---------------------------------------------------------------------------------------
// Sealing

/** The signed content: the whole agreement but its hash. */
export function agreementSignedContentOf(agreement: AgreementV1): Omit<AgreementV1, 'contentHash'> {
  const { contentHash: _hash, ...signed } = agreement;
  return signed;
}

export function agreementContentHashOf(agreement: AgreementV1): string {
  const canonical = canonicalize(agreementSignedContentOf(agreement));
  if (canonical === undefined) throw new Error('The agreement could not be put in canonical form');
  return bytesToHex(sha256(utf8ToBytes(canonical)));
}

/** True when a sealed agreement still matches the hash it was sealed with. */
export function isAgreementSealIntact(agreement: AgreementV1): boolean {
  return agreement.contentHash !== null && agreement.contentHash === agreementContentHashOf(agreement);
}

// ---------------------------------------------------------------------------------------
// Dates: calendar dates (YYYY-MM-DD) only, never the system clock

const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function partsOf(date: string): { year: number; month: number; day: number } | null {
  const match = datePattern.exec(date);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isCalendarDate(date: string): boolean {
  return partsOf(date) !== null;
}

function requireParts(date: string) {
  const parts = partsOf(date);
  if (!parts) throw new RangeError(`Not a calendar date as YYYY-MM-DD: "${date}"`);
  return parts;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * The review date: `months` after the day it was agreed. A day the later month does not
 * have becomes that month's last day (31 January + 1 month is 28 or 29 February).
 */
export function reviewDueOf(agreedOn: string, months: number): string {
  if (!Number.isInteger(months) || months < 0) throw new RangeError(`Months must be a whole number, 0 or more: ${months}`);
  const { year, month, day } = requireParts(agreedOn);
  const monthIndex = year * 12 + (month - 1) + months;
  const dueYear = Math.floor(monthIndex / 12);
  const dueMonth = (monthIndex % 12) + 1;
  return `${pad(dueYear, 4)}-${pad(dueMonth)}-${pad(Math.min(day, daysInMonth(dueYear, dueMonth)))}`;
}

function dayNumber(date: string): number {
  const { year, month, day } = requireParts(date);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysFromTo(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** From this many days before the review date, the agreement shows as due for review. */
export const REVIEW_DUE_SOON_DAYS = 30;

export const agreementStatuses = ['draft', 'inForce', 'reviewDue', 'overdue'] as const;
export type AgreementStatus = (typeof agreementStatuses)[number];

/**
 * draft until sealed; then in force; due for review from 30 days before the review date up
 * to and including that day; overdue from the day after.
 */
export function agreementStatus(agreement: Pick<AgreementV1, 'contentHash' | 'reviewDue'>, today: string): AgreementStatus {
  if (agreement.contentHash === null || agreement.reviewDue === null) return 'draft';
  const daysLeft = daysFromTo(today, agreement.reviewDue);
  if (daysLeft < 0) return 'overdue';
  if (daysLeft <= REVIEW_DUE_SOON_DAYS) return 'reviewDue';
  return 'inForce';
}
