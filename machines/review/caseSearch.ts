/**
 * Finding a case across every signed record on the device by its label (the name or initials
 * the users chose). Matching ignores case, accents and punctuation (the same key the case
 * timelines use), and every word typed must appear in the label, in any order: "baby t" finds
 * "Baby T", "T, baby" and "Baby Thomas". Results are newest first, one for each record and label.
 */
import { caseKey } from './drift.ts';

/** Where a label was discussed: [label, sessionId, date of the session]. */
export type CaseIndexEntryV1 = readonly [label: string, sessionId: string, date: string];

export type SearchableSupervisee = { personId: string; name: string; entries: readonly CaseIndexEntryV1[] };

export type CaseMatch = { personId: string; supervisee: string; label: string; sessionId: string; date: string };

export type CaseSearchResult = { matches: CaseMatch[]; total: number };

/** The words of a query, as keys; none when it holds no letters or digits. */
export function queryWords(query: string): string[] {
  return caseKey(query).split(' ').filter((word) => word !== '');
}

/**
 * Every discussion whose label holds every word of the query, newest first; at most `limit` are
 * returned, `total` counts them all. An empty query finds nothing.
 */
export function searchCases(supervisees: readonly SearchableSupervisee[], query: string, limit: number): CaseSearchResult {
  const words = queryWords(query);
  if (words.length === 0) return { matches: [], total: 0 };
  const keys = new Map<string, boolean>();
  const matches: CaseMatch[] = [];
  // A case discussed twice in one session (under the same label) is one record to open.
  const seen = new Set<string>();
  for (const supervisee of supervisees) {
    for (const [label, sessionId, date] of supervisee.entries) {
      let found = keys.get(label);
      if (found === undefined) {
        const key = ` ${caseKey(label)}`;
        found = words.every((word) => key.includes(` ${word}`));
        keys.set(label, found);
      }
      const once = `${sessionId}\u0000${label}`;
      if (found && !seen.has(once)) {
        seen.add(once);
        matches.push({ personId: supervisee.personId, supervisee: supervisee.name, label, sessionId, date });
      }
    }
  }
  matches.sort((a, b) => b.date.localeCompare(a.date) || a.label.localeCompare(b.label) || a.sessionId.localeCompare(b.sessionId));
  return { matches: matches.slice(0, limit), total: matches.length };
}
