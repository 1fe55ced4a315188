/** The start page: sessions in progress to resume, signed records, and a new session. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { authoringCopy } from '../../content/authoringCopy.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { useKeptFigures } from '../../app/useKeptFigures.ts';
import type { StoredSession } from '../../db/repositories.ts';
import type { PersonV1 } from '../../../machines/model/record.ts';
import { RecordsToSign } from './RecordsToSign.tsx';
import { BackupReminderNotice } from '../retention/BackupStatus.tsx';
import { StorageWarning } from '../security/StorageWarning.tsx';
import { commonCopy } from '../../content/commonCopy.ts';

/** Signed records listed on the start page; the rest are found by case or through a supervisee's history. */
export const LATEST_SIGNED = 10;

export function Home() {
  const { repositories } = useServices();
  const [error, setError] = useState<string | null>(null);
  // The count of signed records is kept between visits: a change behind it reads it again.
  const keptFigures = useKeptFigures(repositories);
  // Only what the page lists is read: every session in progress, and the latest signed records.
  const sessions = useLiveQuery(async () => {
    try {
      const [inProgress, signed] = await Promise.all([repositories.sessions.inProgress(), repositories.sessions.recentSigned(LATEST_SIGNED)]);
      return { inProgress, signed: signed.sessions, totalSigned: signed.total };
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return { inProgress: [] as StoredSession[], signed: [] as StoredSession[], totalSigned: 0 };
    }
  }, [repositories, keptFigures]);
  const inProgress = sessions?.inProgress ?? [];
  const signed = sessions?.signed ?? [];

  return (
    <>
      <h1 className="nhsuk-heading-xl">{copy.home.title}</h1>
      <p className="nhsuk-lede-text">{copy.home.lede}</p>
      <p>
        <a href={hrefFor({ name: 'forms' })}>{authoringCopy.homeLink}</a>
      </p>
      <StorageWarning />
      <BackupReminderNotice />
      {error && (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__title">{copy.session.problem}</h2>
          <p>{error}</p>
        </div>
      )}
      <a className="nhsuk-button" href={hrefFor({ name: 'start' })} role="button" draggable={false}>
        {copy.home.start}
      </a>{' '}
      <a className="nhsuk-button nhsuk-button--secondary" href={hrefFor({ name: 'prepare' })} role="button" draggable={false}>
        {copy.preparation.homeLink}
      </a>
      {' '}
      <a className="nhsuk-button nhsuk-button--secondary" href={hrefFor({ name: 'groups' })} role="button" draggable={false}>
        {copy.group.homeLink}
      </a>{' '}
      <a className="nhsuk-button nhsuk-button--secondary" href={hrefFor({ name: 'agreements' })} role="button" draggable={false}>
        {copy.agreements.homeLink}
      </a>{' '}
      <a className="nhsuk-button nhsuk-button--secondary" href={hrefFor({ name: 'dashboard' })} role="button" draggable={false}>
        {copy.dashboard.homeLink}
      </a>{' '}
      <a className="nhsuk-button nhsuk-button--secondary" href={hrefFor({ name: 'practiceHome' })} role="button" draggable={false}>
        {copy.practice.homeLink}
      </a>{' '}
      <a className="nhsuk-button nhsuk-button--secondary" href={hrefFor({ name: 'security' })} role="button" draggable={false}>
        {copy.security.homeLink}
      </a>{' '}
      <a className="nhsuk-button nhsuk-button--secondary" href={hrefFor({ name: 'you' })} role="button" draggable={false}>
        {copy.connect.homeLink}
      </a>{' '}
      <a className="nhsuk-button nhsuk-button--secondary" href={hrefFor({ name: 'search' })} role="button" draggable={false}>
        {copy.search.homeLink}
      </a>
      <RecordsToSign />
      <SessionList title={copy.home.inProgress} sessions={inProgress} action={copy.home.resume} route="session" loading={!sessions} />
      <SessionList title={copy.home.signed} sessions={signed} action={copy.home.open} route="record" loading={!sessions} />
      {sessions && sessions.totalSigned > signed.length && (
        <p>
          {copy.home.latestSigned(signed.length, sessions.totalSigned)} <a href={hrefFor({ name: 'search' })}>{copy.home.find}</a>
        </p>
      )}
      <Supervisees />
    </>
  );
}

/** Everyone supervised on this device, each with a link to their history. */
function Supervisees() {
  const { repositories } = useServices();
  const people = useLiveQuery(async (): Promise<{ ok: true; people: PersonV1[]; left: { person: PersonV1; leftOn: string }[] } | { ok: false; message: string }> => {
    try {
      // Those who have left are listed apart: their records stay readable through their history.
      const retention = await repositories.retention();
      const [current, left] = await Promise.all([retention.departures.supervisees(), retention.departures.left()]);
      return { ok: true, people: current, left };
    } catch (e) {
      return { ok: false, message: e instanceof Error ? e.message : String(e) };
    }
  }, [repositories]);
  return (
    <section aria-labelledby="list-supervisees">
      <h2 className="nhsuk-heading-m" id="list-supervisees">
        {copy.history.supervisees}
      </h2>
      {people === undefined ? (
        <p>{commonCopy.loading}</p>
      ) : !people.ok ? (
        <p className="nhsuk-error-message" role="alert">
          {people.message}
        </p>
      ) : (
        <>
          {people.people.length === 0 ? <p>{copy.history.noSupervisees}</p> : <PeopleList people={people.people.map((person) => ({ person, leftOn: null }))} />}
          {people.left.length > 0 && (
            <>
              <h3 className="nhsuk-heading-s">{copy.leaving.leftTitle}</h3>
              <PeopleList people={people.left} />
            </>
          )}
        </>
      )}
    </section>
  );
}

function PeopleList({ people }: { people: { person: PersonV1; leftOn: string | null }[] }) {
  return (
    <ul className="nhsuk-list nhsuk-list--border">
      {people.map(({ person, leftOn }) => (
        <li key={person.id}>
          {person.name}
          {person.role && <span className="nhsuk-body-s">{`, ${person.role}`}</span>}
          {leftOn && <span className="nhsuk-body-s">{` (${copy.leaving.leftShort(formatDate(leftOn))})`}</span>}{' '}
          <a href={hrefFor({ name: 'history', personId: person.id })}>
            {copy.history.link} <span className="nhsuk-u-visually-hidden">{copy.history.linkFor(person.name)}</span>
          </a>
        </li>
      ))}
    </ul>
  );
}

function SessionList(props: { title: string; sessions: StoredSession[]; action: string; route: 'session' | 'record'; loading: boolean }) {
  return (
    <section aria-labelledby={`list-${props.route}`}>
      <h2 className="nhsuk-heading-m" id={`list-${props.route}`}>
        {props.title}
      </h2>
      {props.loading ? (
        <p>{commonCopy.loading}</p>
      ) : props.sessions.length === 0 ? (
        <p>{copy.home.noSessions}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border">
          {props.sessions.map(({ row, record, template }) => (
            <li key={row.id}>
              <a href={hrefFor({ name: props.route, sessionId: row.id })}>
                {props.action}: {record.parties.supervisee.name} — {formatDate(record.date)}
              </a>
              <br />
              <span className="nhsuk-body-s">{template.title}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
