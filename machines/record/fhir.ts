/**
 * A child-record entry as a FHIR R4 DocumentReference, for systems that take FHIR: the entry's
 * text exactly as the screen shows it (text/plain, UTF-8, base64), the child's label as the
 * subject's display, the supervisor as author, the supervision date, status "current" and
 * docStatus "final" once the record is signed. It is made from one entry (childSummary.ts),
 * which names only its own child; nothing else from the session is put in it.
 */
import type { ChildRecordSummary } from './childSummary.ts';
import { formatDate } from '../dates/format.ts';

/** The part of FHIR R4's DocumentReference this product writes. */
export type FhirDocumentReference = {
  resourceType: 'DocumentReference';
  id: string;
  status: 'current';
  docStatus: 'final' | 'preliminary';
  type: { text: string };
  category: { text: string }[];
  subject: { display: string };
  date: string;
  author: { display: string }[];
  description: string;
  securityLabel: { coding: { system: string; code: string; display: string }[] }[];
  content: { attachment: { contentType: string; language: string; data: string; title: string; creation: string } }[];
  context: { period: { start: string; end: string } };
};

export const fhirWording = {
  type: 'Safeguarding supervision: child-record entry',
  category: 'Safeguarding',
  description: (date: string) => `Safeguarding supervision discussion on ${date}`,
  title: (label: string) => `Safeguarding supervision — entry for ${label}`,
} as const;

/** UTF-8 text as standard base64. */
function base64Utf8(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A FHIR id: letters, digits, "-" and "." only, at most 64 characters. */
function fhirId(...parts: string[]): string {
  return parts.join('-').replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 64);
}

export function childEntryDocumentReference(
  entry: Pick<ChildRecordSummary, 'caseId' | 'caseLabel' | 'date' | 'text'>,
  context: {
    sessionId: string;
    /** The supervisor, by name: the entry's author. */
    supervisor: string;
    /** When the record was sealed (the second signature), or null while it is not signed. */
    signedAt: string | null;
  },
): FhirDocumentReference {
  return {
    resourceType: 'DocumentReference',
    id: fhirId(context.sessionId, entry.caseId),
    status: 'current',
    docStatus: context.signedAt ? 'final' : 'preliminary',
    type: { text: fhirWording.type },
    category: [{ text: fhirWording.category }],
    subject: { display: entry.caseLabel },
    // An instant: when it was signed, else the supervision day's start (UTC).
    date: context.signedAt ?? `${entry.date}T00:00:00Z`,
    author: [{ display: context.supervisor }],
    description: fhirWording.description(formatDate(entry.date)),
    securityLabel: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-Confidentiality', code: 'R', display: 'restricted' }] }],
    content: [
      {
        attachment: {
          contentType: 'text/plain; charset=utf-8',
          language: 'en-GB',
          data: base64Utf8(entry.text),
          title: fhirWording.title(entry.caseLabel),
          creation: entry.date,
        },
      },
    ],
    context: { period: { start: entry.date, end: entry.date } },
  };
}

/** When a record was sealed: the later of its two signatures, or null while one is missing. */
export function sealedAtOf(signatures: { supervisor: { signedAt: string } | null; supervisee: { signedAt: string } | null }): string | null {
  const { supervisor, supervisee } = signatures;
  if (!supervisor || !supervisee) return null;
  return Date.parse(supervisor.signedAt) >= Date.parse(supervisee.signedAt) ? supervisor.signedAt : supervisee.signedAt;
}

