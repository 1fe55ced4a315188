/**
 * Themes counted by tag, and compared across a group's sessions (the group's page), with
 * the tag counting the themes record and attendance records share. Kept apart from
 * outputs.ts so the group's page loads neither the themes record nor its names check.
 */
import type { GroupSessionContentV1 } from '../model/group.ts';
import { formatDate } from '../dates/format.ts';
import { withholdOtherChildren } from '../record/withhold.ts';

export const comparisonWording = {
  mixedGroups: 'Themes are compared across the sessions of one group',
} as const;

function tagKey(tag: string): string {
  return tag.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-GB');
}

export type TagCount = { tag: string; count: number };

/**
 * Counts each tag once per theme, case- and space-insensitively. A tag is shown in the
 * group's vocabulary spelling when it has one, else as first typed.
 */
export function countTags(
  themes: readonly { tags: readonly string[] }[],
  vocabulary: readonly string[],
  rewrite: (tag: string) => string = (tag) => tag,
): { counts: Map<string, TagCount>; untagged: number } {
  const spelling = new Map(vocabulary.map((v) => [tagKey(v), v.trim()]));
  const counts = new Map<string, TagCount>();
  let untagged = 0;
  for (const theme of themes) {
    const keys = new Set<string>();
    for (const raw of theme.tags) {
      const tag = rewrite(raw.trim().replace(/\s+/g, ' '));
      const key = tagKey(tag);
      if (!key || keys.has(key)) continue;
      keys.add(key);
      const entry = counts.get(key) ?? { tag: spelling.get(key) ?? tag, count: 0 };
      entry.count += 1;
      counts.set(key, entry);
    }
    if (keys.size === 0) untagged += 1;
  }
  return { counts, untagged };
}

export function byCountThenName(a: TagCount, b: TagCount): number {
  return b.count - a.count || a.tag.localeCompare(b.tag, 'en-GB');
}

export function caseLabels(content: GroupSessionContentV1): string[] {
  return content.consultations.map((c) => c.caseLabel);
}

/** Rewrites any part of a case label to "[another child]": for outputs that show tags outside the guarded record. */
export function tagWithholder(content: GroupSessionContentV1): (tag: string) => string {
  return withholdOtherChildren('', caseLabels(content)).withhold;
}

export type ThemeComparison = {
  /** Oldest first. */
  sessions: { sessionId: string; date: string; dateText: string; themes: number }[];
  /** One row per tag, most themes first; counts line up with sessions. */
  tags: { tag: string; counts: number[]; total: number }[];
  untagged: { counts: number[]; total: number };
};

export function themeComparison(sessions: readonly GroupSessionContentV1[]): ThemeComparison {
  const groupIds = new Set(sessions.map((s) => s.groupId));
  if (groupIds.size > 1) throw new Error(comparisonWording.mixedGroups);
  const ordered = [...sessions].sort((a, b) => a.date.localeCompare(b.date) || a.sessionId.localeCompare(b.sessionId));
  const vocabulary = ordered.flatMap((s) => s.vocabulary);
  const spelling = new Map(vocabulary.map((v) => [tagKey(v), v.trim()]));
  const rows = new Map<string, { tag: string; counts: number[]; total: number }>();
  const untagged = { counts: ordered.map(() => 0), total: 0 };

  ordered.forEach((session, index) => {
    const { counts, untagged: none } = countTags(session.themes, session.vocabulary, tagWithholder(session));
    for (const [key, { tag, count }] of counts) {
      const row = rows.get(key) ?? { tag: spelling.get(key) ?? tag, counts: ordered.map(() => 0), total: 0 };
      row.counts[index] = count;
      row.total += count;
      rows.set(key, row);
    }
    untagged.counts[index] = none;
    untagged.total += none;
  });

  return {
    sessions: ordered.map((s) => ({ sessionId: s.sessionId, date: s.date, dateText: formatDate(s.date), themes: s.themes.length })),
    tags: [...rows.values()].sort((a, b) => b.total - a.total || a.tag.localeCompare(b.tag, 'en-GB')),
    untagged,
  };
}
