/**
 * A supervisee's history: drift at a glance, their sessions over time, every action with its
 * status across sessions, and for each case a timeline of every discussion, judgement and
 * action about it (with the drift flagged and how the supervisor answered it).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { PersonV1 } from '../../../machines/model/record.ts';
import type { SupervisionHistory } from '../../../machines/review/history.ts';
import { copy } from '../../content/copy.ts';
import { localIsoDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { ActionsSection } from './ActionsSection.tsx';
import { actionShown, type ActionFilter } from './actionStatus.ts';
import { CaseTimelines } from './CaseTimelines.tsx';
import { DriftList, DriftSummary } from './Drift.tsx';
import { anchors } from './anchors.tsx';
import { SessionsTable } from './SessionsTable.tsx';

type Loaded =
  | { kind: 'found'; person: PersonV1; history: SupervisionHistory }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

export function HistoryScreen({ personId }: { personId: string }) {
  const { repositories, now } = useServices();
  const loaded = useLiveQuery(async (): Promise<Loaded> => {
    try {
      const person = await repositories.people.get(personId);
      if (!person) return { kind: 'missing' };
      return { kind: 'found', person, history: await repositories.history.of(personId) };
    } catch (error) {
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, personId]);

  const [filter, setFilter] = useState<ActionFilter>('all');
  // A link followed within the page: focused once the page has rendered with its target shown.
  const [pending, setPending] = useState<{ targetId: string } | null>(null);
  useEffect(() => {
    if (!pending) return;
    document.getElementById(pending.targetId)?.focus();
    setPending(null);
  }, [pending]);

  if (loaded === undefined) return <p role="status">{copy.history.loading}</p>;
  if (loaded.kind !== 'found') {
    return (
      <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
        <h1 className="nhsuk-error-summary__title">{copy.history.problem}</h1>
        <div className="nhsuk-error-summary__body">
          <p>{loaded.kind === 'error' ? loaded.message : copy.history.notFound}</p>
          <p>
            <a href={hrefFor({ name: 'home' })}>{copy.history.back}</a>
          </p>
        </div>
      </div>
    );
  }

  const { person, history } = loaded;
  const today = localIsoDate(now());

  /** Follows an in-page link; an action hidden by the filter is shown first. */
  function follow(targetId: string) {
    const action = history.actions.find((a) => anchors.action(a.id) === targetId);
    if (action && !actionShown(action, filter)) setFilter('all');
    setPending({ targetId });
  }

  return (
    <>
      <h1 className="nhsuk-heading-l nhsuk-u-margin-bottom-2">{copy.history.title(person.name)}</h1>
      {person.role && <p className="nhsuk-lede-text">{person.role}</p>}
      <p className="nhsuk-body-s">{copy.history.fromSigned}</p>
      <p>
        <a href={hrefFor({ name: 'schedule', personId: person.id })}>{copy.schedule.link}</a>
      </p>
      <DriftSummary
        history={history}
        today={today}
        onFollow={follow}
        onShowOverdue={() => {
          setFilter('open');
          setPending({ targetId: anchors.actions });
        }}
      />
      <SessionsTable sessions={history.sessions} />
      <ActionsSection actions={history.actions} drift={history.drift} today={today} filter={filter} onFilter={setFilter} />
      <CaseTimelines cases={history.cases} />
      <DriftList history={history} onFollow={follow} />
      <p>
        <a href={hrefFor({ name: 'home' })}>{copy.history.back}</a>
      </p>
    </>
  );
}
