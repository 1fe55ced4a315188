/**
 * `#/connect/<id>/<key>`: the answering side of a connection. The invitation is fetched and its
 * signature checked (nothing is kept before the person answers); the screen says who is asking and
 * for whose supervision; a supervisor says which of their supervisees it is; "Send this device’s
 * keys" answers, and both screens then show the same safety number to compare (Comparison).
 *
 * Resuming: an invitation already answered here continues from its connection. Once the inviting
 * device has the answer it deletes the invitation from the relay, so a reload after that cannot
 * open the link any more; the connection this link started (found by the link's share, kept with it)
 * is shown instead.
 */
import { useEffect, useMemo, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { answerInvite, openInvite, type OpenedInvite } from '../../trust/connect.ts';
import type { ConnectionV1 } from '../../trust/rows.ts';
import { useTrust, type TrustDeps } from '../../trust/useTrust.ts';
import { copy } from '../../content/copy.ts';
import { formatInstant } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { Radios } from '../../components/Radios.tsx';
import { Comparison } from './Comparison.tsx';
import { ProfileFields, profileNameId, useProfileDraft } from './profile.tsx';

const w = copy.connect.respond;
const NEW_PERSON = 'new';

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

type Opened =
  | { kind: 'opening' }
  | { kind: 'failed'; message: string }
  | { kind: 'invite'; opened: OpenedInvite }
  | { kind: 'connection'; connection: ConnectionV1; resumed: boolean };

/** The connections this device answered, newest first. */
async function answeredHere(deps: TrustDeps): Promise<ConnectionV1[]> {
  const people = await deps.connect.people.list();
  const all = (await Promise.all(people.map((person) => deps.trust.connections.of(person.id)))).flat();
  return all.filter((c) => c.role === 'responder').sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

export function ConnectScreen({ shareId, shareKey }: { shareId: string; shareKey: string }) {
  const { deps, error } = useTrust();
  if (error) return <LoadFailed title={w.failedTitle} message={error} back={hrefFor({ name: 'home' })} backLabel={w.back} />;
  if (!deps) return <p role="status">{w.opening}</p>;
  return <Responder deps={deps} shareId={shareId} shareKey={shareKey} />;
}

function Responder({ deps, shareId, shareKey }: { deps: TrustDeps; shareId: string; shareKey: string }) {
  const [state, setState] = useState<Opened>({ kind: 'opening' });

  useEffect(() => {
    let cancelled = false;
    (async (): Promise<Opened> => {
      const opened = await openInvite(deps.connect, { shareId, key: shareKey });
      if (opened.ok) {
        const existing = await deps.trust.connections.get(opened.value.invite.inviteId);
        return existing ? { kind: 'connection', connection: existing, resumed: true } : { kind: 'invite', opened: opened.value };
      }
      // The inviter deletes the link once it has the answer: the connection this link started is found by the link's share.
      const started = (await answeredHere(deps)).find((c) => c.invite?.share.id === shareId);
      return started ? { kind: 'connection', connection: started, resumed: true } : { kind: 'failed', message: opened.message };
    })().then(
      (next) => !cancelled && setState(next),
      (e: unknown) => !cancelled && setState({ kind: 'failed', message: messageOf(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [deps, shareId, shareKey]);

  if (state.kind === 'opening') return <p role="status">{w.opening}</p>;
  if (state.kind === 'failed') return <LoadFailed title={w.failedTitle} message={state.message} back={hrefFor({ name: 'home' })} backLabel={w.back} />;
  return (
    <>
      <h1 className="nhsuk-heading-l">{w.title}</h1>
      {state.kind === 'invite' ? (
        <Answer deps={deps} opened={state.opened} onAnswered={(connection) => setState({ kind: 'connection', connection, resumed: false })} />
      ) : (
        <>
          {state.resumed && <p className="nhsuk-inset-text">{w.resumed}</p>}
          <Comparison
            deps={deps.connect}
            connection={state.connection}
            onUpdated={(connection) => setState({ kind: 'connection', connection, resumed: false })}
            headingLevel={2}
          />
        </>
      )}
      <p>
        <a href={hrefFor({ name: 'you' })}>{copy.connect.homeLink}</a>
      </p>
    </>
  );
}

function Answer({ deps, opened, onAnswered }: { deps: TrustDeps; opened: OpenedInvite; onAnswered: (connection: ConnectionV1) => void }) {
  const { invite } = opened;
  const draft = useProfileDraft(deps.trust, 'connect-profile');
  const people = useLiveQuery(() => deps.connect.people.list(), [deps]);
  const asSupervisor = invite.from.party === 'supervisee';
  const [choice, setChoice] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  // The form stays once shown (when there was no profile), so it can be finished.
  const [showForm, setShowForm] = useState<boolean | null>(null);
  useEffect(() => {
    if (showForm === null && draft.loaded) setShowForm(draft.stored === null);
  }, [showForm, draft.loaded, draft.stored]);

  const options = useMemo(
    () => [...(people ?? []).map((p) => ({ value: p.id, label: p.name, ...(p.role ? { hint: p.role } : {}) })), { value: NEW_PERSON, label: w.addNew(invite.from.name) }],
    [people, invite.from.name],
  );

  async function send() {
    if (busy) return;
    setBusy(true);
    try {
      const problems: FieldError[] = [];
      const profile = await draft.flush();
      if (!profile) {
        setShowForm(true);
        problems.push({ fieldId: profileNameId(draft), message: copy.connect.profile.nameMissing });
      }
      if (asSupervisor && !choice) problems.push({ fieldId: 'connect-person', message: w.chooseSupervisee });
      if (problems.length > 0) return setErrors(problems);
      const answered = await answerInvite(deps.connect, opened, { personId: asSupervisor && choice !== NEW_PERSON ? choice : null });
      if (!answered.ok) return setErrors([{ fieldId: 'connect-send', message: answered.message }]);
      setErrors([]);
      onAnswered(answered.value);
    } catch (e) {
      setErrors([{ fieldId: 'connect-send', message: messageOf(e) }]);
    } finally {
      setBusy(false);
    }
  }

  if (showForm === null) return <p role="status">{copy.connect.loading}</p>;
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <>
      <ErrorSummary title={copy.connect.problem} errors={errors} />
      <p className="nhsuk-body-l">
        {asSupervisor
          ? w.fromSupervisee(invite.from.name, invite.from.jobRole)
          : w.fromSupervisor(invite.from.name, invite.from.jobRole, invite.supervision.supervisee.name)}
      </p>
      <p>{w.expires(formatInstant(invite.expiresAt))}</p>
      {showForm && (
        <section aria-labelledby="connect-profile-heading">
          <h2 className="nhsuk-heading-m" id="connect-profile-heading">
            {copy.connect.profile.title}
          </h2>
          <ProfileFields draft={draft} intro={copy.connect.profile.intro} />
        </section>
      )}
      {asSupervisor && people !== undefined && (
        <Radios name="connect-person" legend={w.whichSupervisee} legendSize="m" hint={w.whichHint} error={error('connect-person')} options={options} value={choice} onChange={setChoice} />
      )}
      <p>{w.next}</p>
      <button type="button" id="connect-send" className="nhsuk-button" aria-disabled={busy} onClick={() => void send()}>
        {busy ? w.sending : w.send}
      </button>
    </>
  );
}
