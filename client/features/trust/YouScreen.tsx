/**
 * `#/you`: "Your details and keys". Who uses the app on this device (name, job role, organisation and
 * the templates chosen first, saved as they are typed), this device's key, and for each supervision
 * on this device the other person's pinned key with its history, and the way to connect: a
 * supervisee's device, or, for the device's own person, their supervisor's.
 *
 * Which person is "you" is not stored apart: it is the supervision in which this device has pinned a
 * supervisor (or is connecting to one). Until then the person chooses it, or adds themselves.
 */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { currentPin, fingerprintOf, ownPartyIn, type PinV1 } from '../../../machines/model/trust.ts';
import type { PersonV1, SignatureRole } from '../../../machines/model/record.ts';
import type { ConnectionV1 } from '../../trust/rows.ts';
import { useTrust, type TrustDeps } from '../../trust/useTrust.ts';
import { useServices } from '../../app/services.tsx';
import { hrefFor } from '../../app/router.ts';
import { copy } from '../../content/copy.ts';
import { formatInstantDate } from '../../content/format.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { Section } from '../../components/Section.tsx';
import { Radios } from '../../components/Radios.tsx';
import { SummaryList } from '../../components/SummaryList.tsx';
import { ConnectDevices, isUnderWay } from './ConnectDevices.tsx';
import { ProfileFields, useProfileDraft, type ProfileDraft } from './profile.tsx';
import { NoticingSettingsFieldset } from '../noticings/NoticingSettingsFieldset.tsx';

const w = copy.connect.you;
const ADD_ME = 'add-me';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function YouScreen() {
  const { deps, error } = useTrust();
  if (error) return <LoadFailed title={w.title} message={error} back={hrefFor({ name: 'home' })} backLabel={w.back} />;
  if (!deps) return <p role="status">{copy.connect.loading}</p>;
  return <You deps={deps} />;
}

type Held = { people: PersonV1[]; pins: PinV1[]; connections: ConnectionV1[] } | { error: string };

function You({ deps }: { deps: TrustDeps }) {
  const { repositories } = useServices();
  const { trust } = deps;
  const draft = useProfileDraft(trust, 'you');
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const [keyError, setKeyError] = useState<string | null>(null);
  const [chosenMe, setChosenMe] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    trust.fingerprint().then(
      (value) => !cancelled && setFingerprint(value),
      (e: unknown) => !cancelled && setKeyError(messageOf(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [trust]);

  const held = useLiveQuery(async (): Promise<Held> => {
    try {
      const [people, pins] = await Promise.all([repositories.people.list(), trust.pins.all()]);
      const connections = (await Promise.all(people.map((person) => trust.connections.of(person.id)))).flat();
      return { people, pins, connections };
    } catch (e) {
      return { error: messageOf(e) };
    }
  }, [repositories, trust]);

  const loaded = held && !('error' in held) ? held : null;
  // "You": the supervision where this device pinned (or is connecting to) a supervisor, or the one chosen here.
  const me =
    loaded &&
    (loaded.people.find((p) => p.id === chosenMe) ??
      loaded.people.find((p) => ownPartyIn(loaded.pins, p.id) === 'supervisee') ??
      loaded.people.find((p) => loaded.connections.some((c) => c.personId === p.id && c.otherParty === 'supervisor' && isUnderWay(c))));

  return (
    <>
      <h1 className="nhsuk-heading-xl">{w.title}</h1>
      <p className="nhsuk-lede-text">{w.lede}</p>

      <section aria-labelledby="you-details">
        <h2 className="nhsuk-heading-m" id="you-details">
          {copy.connect.profile.title}
        </h2>
        <ProfileFields draft={draft} withDefaults />
      </section>

      <section aria-labelledby="you-key">
        <h2 className="nhsuk-heading-m" id="you-key">
          {w.keyTitle}
        </h2>
        {keyError ? (
          <p className="nhsuk-error-message" role="alert">
            {keyError}
          </p>
        ) : (
          <p className="app-fingerprint">{fingerprint ? w.key(fingerprint) : copy.connect.loading}</p>
        )}
        <p>{w.keyExplained}</p>
      </section>

      <NoticingSettingsFieldset settings={repositories.noticingSettings} />

      <section aria-labelledby="you-supervisions">
        <h2 className="nhsuk-heading-m" id="you-supervisions">
          {w.supervisionsTitle}
        </h2>
        {held === undefined ? (
          <p role="status">{copy.connect.loading}</p>
        ) : 'error' in held ? (
          <p className="nhsuk-error-message" role="alert">
            {held.error}
          </p>
        ) : held.people.length === 0 ? (
          <p>{w.noPeople}</p>
        ) : (
          <>
            <p>{w.supervisionsLede}</p>
            {held.people.map((person) => (
              <Supervision
                key={person.id}
                person={person}
                isMe={me?.id === person.id}
                openAtOnce={chosenMe === person.id}
                pins={held.pins.filter((p) => p.personId === person.id)}
                connections={held.connections.filter((c) => c.personId === person.id)}
                draft={draft}
              />
            ))}
          </>
        )}
      </section>

      {loaded && !me && <OwnSupervisor people={loaded.people} draft={draft} onChosen={setChosenMe} />}

      <p>
        <a href={hrefFor({ name: 'home' })}>{w.back}</a>
      </p>
    </>
  );
}

function PinRows({ pin }: { pin: PinV1 }) {
  return (
    <SummaryList
      rows={[
        [w.rows.name, pin.name],
        [w.rows.jobRole, pin.jobRole || w.noJobRole],
        [w.rows.party, copy.connect.party[pin.party]],
        [w.rows.key, <code key="key">{fingerprintOf(pin.publicKey)}</code>],
        [w.rows.pinnedOn, formatInstantDate(pin.confirmedAt)],
        ...(pin.agreementId ? ([[w.rows.agreement, <a key="agreement" href={hrefFor({ name: 'agreement', agreementId: pin.agreementId })}>{w.agreementLink}</a>]] as const) : []),
      ]}
    />
  );
}

function Supervision(props: { person: PersonV1; isMe: boolean; openAtOnce: boolean; pins: PinV1[]; connections: ConnectionV1[]; draft: ProfileDraft }) {
  const { person, isMe, pins } = props;
  const otherParty: SignatureRole = isMe ? 'supervisor' : 'supervisee';
  const underWay = props.connections.some((c) => c.otherParty === otherParty && isUnderWay(c));
  const [open, setOpen] = useState(false);
  // Opened by a connection under way (resumed) or by "you" just chosen; it stays open once it is.
  useEffect(() => {
    if (underWay || props.openAtOnce) setOpen(true);
  }, [underWay, props.openAtOnce]);

  const current = (['supervisee', 'supervisor'] as const).flatMap((party) => currentPin(pins, person.id, party) ?? []);
  const replaced = pins.filter((p) => p.replacedAt !== null);
  const headingId = `you-person-${person.id}`;
  return (
    <section aria-labelledby={headingId} className="app-supervision-keys">
      <h3 className={`nhsuk-heading-s${person.role ? ' nhsuk-u-margin-bottom-1' : ''}`} id={headingId}>
        {isMe ? w.yourself(person.name) : person.name}
      </h3>
      {person.role && <p className="nhsuk-body-s app-secondary-text">{person.role}</p>}
      {current.length === 0 ? (
        <>
          <p>
            <strong>{w.notConnected}</strong>
          </p>
          <p className="nhsuk-body-s">{w.notConnectedHint}</p>
        </>
      ) : (
        current.map((pin) => <PinRows key={pin.id} pin={pin} />)
      )}
      {replaced.length > 0 && (
        <>
          <h4 className="nhsuk-heading-xs">{w.historyTitle}</h4>
          <ul className="nhsuk-list nhsuk-list--bullet">
            {replaced.map((pin) => (
              <li key={pin.id}>
                {w.history(pin.name, fingerprintOf(pin.publicKey), formatInstantDate(pin.confirmedAt), formatInstantDate(pin.replacedAt ?? pin.confirmedAt))}
              </li>
            ))}
          </ul>
        </>
      )}
      {open ? (
        <ConnectDevices personId={person.id} otherParty={otherParty} agreementId={null} profile={props.draft} headingLevel={4} />
      ) : (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setOpen(true)}>
          {isMe ? w.connectSupervisor : w.connectSupervisee(person.name)}
        </button>
      )}
    </section>
  );
}

/** "Connect to my supervisor’s device", before this device knows which supervision is its own person's. */
function OwnSupervisor({ people, draft, onChosen }: { people: PersonV1[]; draft: ProfileDraft; onChosen: (personId: string) => void }) {
  const { repositories } = useServices();
  const [asking, setAsking] = useState(false);
  const [choice, setChoice] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const name = draft.stored?.name ?? '';
  const options = [...people.map((p) => ({ value: p.id, label: p.name, ...(p.role ? { hint: p.role } : {}) })), ...(name ? [{ value: ADD_ME, label: w.addMe(name, people.length > 0) }] : [])];

  async function choose() {
    if (!choice) return setErrors([{ fieldId: 'you-who', message: w.chooseYou }]);
    try {
      if (choice !== ADD_ME) return onChosen(choice);
      const profile = await draft.flush();
      if (!profile) return setErrors([{ fieldId: 'you-name', message: w.profileFirst }]);
      const added = await repositories.people.add({ name: profile.name, role: profile.jobRole });
      if (!added.ok) return setErrors([{ fieldId: 'you-who', message: added.message }]);
      setErrors([]);
      onChosen(added.value.id);
    } catch (e) {
      setErrors([{ fieldId: 'you-who', message: messageOf(e) }]);
    }
  }

  return (
    <Section id="you-own" title={w.ownTitle}>
      <p>{w.ownLede}</p>
      <ErrorSummary title={copy.connect.problem} errors={errors} />
      {!asking ? (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setAsking(true)}>
          {w.connectSupervisor}
        </button>
      ) : (
        <>
          {options.length === 0 ? (
            <p>{w.profileFirst}</p>
          ) : (
            <Radios name="you-who" legend={w.whoIsYou} hint={w.whoIsYouHint} error={errors.find((e) => e.fieldId === 'you-who')?.message} options={options} value={choice} onChange={setChoice} />
          )}
          <button type="button" className="nhsuk-button" onClick={() => void choose()}>
            {w.continue}
          </button>
        </>
      )}
    </Section>
  );
}
