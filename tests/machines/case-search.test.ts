/** Finding a case by its label: every word typed starts a word of the label; newest first; capped with a total. */
import { describe, expect, it } from 'vitest';
import { queryWords, searchCases, type SearchableSupervisee } from '../../machines/review/caseSearch.ts';

const val: SearchableSupervisee = {
  personId: 'person-1',
  name: 'Val Visitor',
  entries: [
    ['Baby T', 'session-1', '2026-01-05'],
    ['Baby Thomas', 'session-2', '2026-02-05'],
    ['T, baby', 'session-3', '2026-03-05'],
    ['Zoë Ávila', 'session-3', '2026-03-05'],
    ['Young person K', 'session-4', '2026-04-05'],
    ['Young person K', 'session-4', '2026-04-05'], // discussed twice in that session: one result
  ],
};
const ash: SearchableSupervisee = { personId: 'person-2', name: 'Ash Other', entries: [['baby t', 'session-9', '2026-05-01']] };

describe('searching case labels', () => {
  it('finds every label holding each word typed at the start of a word, in any order, newest first, across supervisees', () => {
    const { matches, total } = searchCases([val, ash], 'baby t', 50);
    expect(total).toBe(4);
    expect(matches.map((m) => [m.label, m.supervisee, m.date])).toEqual([
      ['baby t', 'Ash Other', '2026-05-01'],
      ['T, baby', 'Val Visitor', '2026-03-05'],
      ['Baby Thomas', 'Val Visitor', '2026-02-05'],
      ['Baby T', 'Val Visitor', '2026-01-05'],
    ]);
  });

  it('ignores case, accents and punctuation, and does not match inside a word', () => {
    expect(searchCases([val], 'zoe avila', 50).matches.map((m) => m.label)).toEqual(['Zoë Ávila']);
    expect(searchCases([val], 'AVILA!', 50).total).toBe(1);
    expect(searchCases([val], 'homas', 50).total).toBe(0);
    expect(searchCases([val], 'person k', 50)).toMatchObject({ total: 1, matches: [{ sessionId: 'session-4' }] });
  });

  it('returns at most the limit, counting them all', () => {
    const result = searchCases([val, ash], 'baby', 2);
    expect(result.total).toBe(4);
    expect(result.matches).toHaveLength(2);
    expect(result.matches[0]?.date).toBe('2026-05-01');
  });

  it('finds nothing for an empty query or one without letters or digits', () => {
    expect(searchCases([val], '', 50)).toEqual({ matches: [], total: 0 });
    expect(searchCases([val], '  -- ', 50)).toEqual({ matches: [], total: 0 });
    expect(queryWords(' Baby   T ')).toEqual(['baby', 't']);
  });
});
