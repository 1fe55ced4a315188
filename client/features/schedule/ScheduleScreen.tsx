/**
 * A supervisee's schedule (#/schedule/<personId>): how often they need supervision and whether
 * they are up to date (from their last signed session), and their appointments.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import type { AppointmentV1 } from '../../../machines/compliance/schedule.ts';
import type { PersonV1 } from '../../../machines/model/record.ts';
import type { SavedFrequencyRule } from '../../db/scheduleRepositories.ts';
import { copy } from '../../content/copy.ts';
import { localIsoDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { AppointmentsSection } from './AppointmentsSection.tsx';
import { FrequencySection, FrequencyStatus } from './FrequencySection.tsx';

const w = copy.schedule;

type Loaded =
  | { kind: 'found'; person: PersonV1; saved: SavedFrequencyRule | undefined; lastSigned: string | null; appointments: AppointmentV1[] }
  | { kind: 'missing' }
  | { kind: 'error'; message: string };

export function ScheduleScreen({ personId }: { personId: string }) {
  const { repositories, now } = useServices();
  const loaded = useLiveQuery(async (): Promise<Loaded> => {
    try {
      const person = await repositories.people.get(personId);
      if (!person) return { kind: 'missing' };
      // Dates from the index alone, oldest first: the last is the latest signed session.
      const lastSigned = (await repositories.sessions.signedDates(personId)).at(-1) ?? null;
      return {
        kind: 'found',
        person,
        saved: await repositories.frequencyRules.get(personId),
        lastSigned,
        appointments: await repositories.appointments.listFor(personId),
      };
    } catch (error) {
      return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, personId]);

  if (loaded === undefined) return <p role="status">{w.loading}</p>;
  if (loaded.kind !== 'found') {
    return (
      <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
        <h1 className="nhsuk-error-summary__title">{w.problem}</h1>
        <div className="nhsuk-error-summary__body">
          <p>{loaded.kind === 'error' ? loaded.message : w.notFound}</p>
          <p>
            <a href={hrefFor({ name: 'home' })}>{copy.history.back}</a>
          </p>
        </div>
      </div>
    );
  }

  const { person, saved, lastSigned, appointments } = loaded;
  const today = localIsoDate(now());
  return (
    <>
      <h1 className="nhsuk-heading-l">{w.title(person.name)}</h1>
      <FrequencyStatus saved={saved} lastSigned={lastSigned} today={today} />
      <FrequencySection key={personId} personId={personId} saved={saved} />
      <AppointmentsSection person={person} appointments={appointments} today={today} rebookingRule={saved?.rebooking ?? { policy: 'devon' }} />
      <p>
        <a href={hrefFor({ name: 'history', personId })}>{w.back}</a>
      </p>
    </>
  );
}
