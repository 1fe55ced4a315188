/**
 * Find a case (#/search): every signed record on the device that discusses a child or family,
 * by the label used in the records. The supervisees' case indexes (one small sealed row each) are
 * read once when the screen opens; each search then runs in memory as the user types.
 */
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { searchCases, queryWords, type SearchableSupervisee } from '../../../machines/review/caseSearch.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { Input } from '../../components/Input.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { Table } from '../../components/Table.tsx';

const w = copy.search;
/** More than this many results are counted, not listed: the user narrows the search instead. */
export const SEARCH_RESULTS_SHOWN = 50;

type Loaded = { ok: true; supervisees: SearchableSupervisee[] } | { ok: false; message: string };

export function SearchScreen() {
  const { repositories } = useServices();
  // Read once, not live: building a missing index writes it, which a live query may not do.
  const [loaded, setLoaded] = useState<Loaded | undefined>(undefined);
  useEffect(() => {
    let current = true;
    (async (): Promise<Loaded> => {
      const people = await repositories.people.list();
      const indexes = await repositories.caseIndex.all(people.map((person) => person.id));
      return { ok: true, supervisees: people.map((person) => ({ personId: person.id, name: person.name, entries: indexes.get(person.id) ?? [] })) };
    })()
      .catch((error: unknown): Loaded => ({ ok: false, message: error instanceof Error ? error.message : String(error) }))
      .then((result) => {
        if (current) setLoaded(result);
      });
    return () => {
      current = false;
    };
  }, [repositories]);
  const [query, setQuery] = useState('');
  const result = useMemo(() => (loaded?.ok ? searchCases(loaded.supervisees, query, SEARCH_RESULTS_SHOWN) : null), [loaded, query]);

  if (loaded === undefined) return <p role="status">{w.loading}</p>;
  if (!loaded.ok) return <LoadFailed title={w.problem} message={loaded.message} back={hrefFor({ name: 'home' })} backLabel={w.back} />;

  const trimmed = query.trim();
  const words = queryWords(trimmed);
  const summary =
    trimmed === '' ? w.empty : words.length === 0 ? w.noWords : result && result.total > 0 ? w.found(result.matches.length, result.total, trimmed) : w.none(trimmed);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    document.getElementById('search-summary')?.focus();
  };

  return (
    <>
      <h1 className="nhsuk-heading-xl">{w.title}</h1>
      <p className="nhsuk-lede-text">{w.lede}</p>
      <form role="search" aria-label={w.title} onSubmit={submit} noValidate>
        <Input id="search-case" label={w.label} hint={w.hint} value={query} onChange={setQuery} width={20} spellCheck={false} />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          {w.button}
        </button>
      </form>
      <p id="search-summary" role="status" tabIndex={-1}>
        {summary}
      </p>
      {result && result.matches.length > 0 && (
        <Table caption={w.caption} columns={[w.columns.date, w.columns.case, w.columns.supervisee, w.columns.record].map((label) => ({ label }))}>
          {result.matches.map((match) => {
            const date = formatDate(match.date);
            return (
              <tr className="nhsuk-table__row" key={`${match.sessionId}-${match.label}`} data-testid="search-result">
                <th scope="row" className="nhsuk-table__header">
                  {date}
                </th>
                <td className="nhsuk-table__cell">{match.label}</td>
                <td className="nhsuk-table__cell">
                  <a href={hrefFor({ name: 'history', personId: match.personId })}>{match.supervisee}</a>
                </td>
                <td className="nhsuk-table__cell">
                  <a href={hrefFor({ name: 'record', sessionId: match.sessionId })}>
                    {w.open} <span className="nhsuk-u-visually-hidden">{w.of(match.label, date)}</span>
                  </a>
                </td>
              </tr>
            );
          })}
        </Table>
      )}
      <p>
        <a href={hrefFor({ name: 'home' })}>{w.back}</a>
      </p>
    </>
  );
}
