/**
 * A supervisee's history: drift at a glance, their sessions over time, every action with its
 * status across sessions, and for each case a timeline of every discussion, judgement and
 * action about it (with the drift flagged and how the supervisor answered it).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { PersonV1 } from '../../../machines/model/record.ts';
import type { HistorySession, SupervisionHistory } from '../../../machines/review/history.ts';
import type { ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import { LoadFailed } from '../../components/LoadFailed.tsx';
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
import { LeavingSection } from '../retention/LeavingSection.tsx';
import { RelationSection } from './RelationSection.tsx';

type Loaded =
  | { kind: 'found'; person: PersonV1; sessions: HistorySession[]; total: number }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

type Rest = { ok: true; history: SupervisionHistory & { models: ReflectiveModelV1[] } } | { ok: false; message: string };

/** Sessions listed at first, and added by each "Show more". */
export const SESSIONS_PAGE = 20;
/** Actions listed at first (the latest); the earlier ones on request. */
export const ACTIONS_SHOWN = 25;

export function HistoryScreen({ personId }: { personId: string }) {
  const { repositories, now } = useServices();
  const [sessionLimit, setSessionLimit] = useState(SESSIONS_PAGE);
  // First the person and their latest sessions (a page, read through an index): shown at once.
  const loaded = useLiveQuery(async (): Promise<Loaded> => {
    try {
      const person = await repositories.people.get(personId);
      if (!person) return { kind: 'missing' };
      const page = await repositories.sessions.pageFor(personId, { offset: 0, limit: sessionLimit });
      return {
        kind: 'found',
        person,
        total: page.total,
        sessions: page.sessions.map((s) => ({ record: s.record, templateTitle: s.template.title, status: s.row.status, ...(s.restoredCopy ? { copy: { id: s.row.id, backupCreatedAt: s.restoredCopy.backupCreatedAt } } : {}) })),
      };
    } catch (error) {
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, personId, sessionLimit]);
  // Then everything across their records (every action, case and drift flag): it follows, once
  // the first part is on screen (so the larger read never delays it).
  const firstShown = loaded !== undefined;
  const rest = useLiveQuery(async (): Promise<Rest | undefined> => {
    if (!firstShown) return undefined;
    try {
      return { ok: true, history: await repositories.history.of(personId) };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, personId, firstShown]);

  const [filter, setFilter] = useState<ActionFilter>('all');
  const [allActions, setAllActions] = useState(false);
  const [expandedCases, setExpandedCases] = useState<ReadonlySet<string>>(new Set());
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

  const { person } = loaded;
  const today = localIsoDate(now());
  const history = rest?.ok ? rest.history : null;

  /** Follows an in-page link; an action or discussion not listed yet is shown first. */
  function follow(targetId: string) {
    if (!history) return;
    const action = history.actions.find((a) => anchors.action(a.id) === targetId);
    if (action) {
      if (!actionShown(action, filter)) setFilter('all');
      setAllActions(true);
    }
    const timeline = history.cases.find((c, t) => c.discussions.some((_, d) => anchors.discussion(t, d) === targetId));
    if (timeline) setExpandedCases((open) => new Set([...open, timeline.key]));
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
      {history && (
        <DriftSummary
          history={history}
          today={today}
          onFollow={follow}
          onShowOverdue={() => {
            setFilter('open');
            setAllActions(true);
            setPending({ targetId: anchors.actions });
          }}
        />
      )}
      <SessionsTable sessions={loaded.sessions} total={loaded.total} more={SESSIONS_PAGE} onMore={() => setSessionLimit((n) => n + SESSIONS_PAGE)} />
      {rest === undefined ? (
        <p role="status">{copy.history.loadingRest}</p>
      ) : !rest.ok ? (
        <LoadFailed title={copy.history.problem} message={rest.message} back={hrefFor({ name: 'home' })} backLabel={copy.history.back} />
      ) : (
        <>
          <ActionsSection
            actions={rest.history.actions}
            drift={rest.history.drift}
            today={today}
            filter={filter}
            onFilter={setFilter}
            limit={allActions ? null : ACTIONS_SHOWN}
            onShowEarlier={() => setAllActions(true)}
          />
          <CaseTimelines cases={rest.history.cases} models={rest.history.models} expanded={expandedCases} onExpand={(key) => setExpandedCases((open) => new Set([...open, key]))} />
          <DriftList history={rest.history} onFollow={follow} />
        </>
      )}
      <RelationSection person={person} />
      <LeavingSection personId={person.id} />
      <p>
        <a href={hrefFor({ name: 'home' })}>{copy.history.back}</a>
      </p>
    </>
  );
}
