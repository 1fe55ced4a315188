/**
 * Connecting this device with the other person's, from the inviting side: a link for their device
 * (copy it, or show it as a QR code), checked every few seconds until their device answers, then
 * the safety number to compare (Comparison). Everything is kept in the connection's row, so a
 * reload or a killed tab resumes where it was: waiting with the same link, or comparing.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SignatureRole } from '../../../machines/model/record.ts';
import { cancelInvite, checkInvite, connectMessages, invite } from '../../trust/connect.ts';
import type { ConnectionV1 } from '../../trust/rows.ts';
import { useTrust, type TrustDeps } from '../../trust/useTrust.ts';
import { copy } from '../../content/copy.ts';
import { formatInstant } from '../../content/format.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { ErrorMessage } from '../../components/FieldMessages.tsx';
import { LinkToGive } from '../../components/LinkToGive.tsx';
import { Comparison } from './Comparison.tsx';
import { ProfileFields, profileNameId, useProfileDraft, type ProfileDraft } from './profile.tsx';

const w = copy.connect.devices;

/** How often a waiting link is checked for the other device's answer. */
export const CHECK_EVERY_MS = 3000;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export function isUnderWay(connection: ConnectionV1): boolean {
  return connection.status === 'waiting' || connection.status === 'comparing';
}

/** The newest connection still under way for this supervision and party, if any. */
export async function connectionUnderWay(deps: TrustDeps, personId: string, otherParty: SignatureRole): Promise<ConnectionV1 | null> {
  const connections = await deps.trust.connections.of(personId);
  return connections.find((c) => c.otherParty === otherParty && isUnderWay(c)) ?? null;
}

type Props = {
  /** The supervisee's id: the supervision this connection is for. */
  personId: string;
  /** The other person's part: 'supervisee' (this device is their supervisor's) or 'supervisor'. */
  otherParty: SignatureRole;
  agreementId: string | null;
  /** A profile form already on the screen; without one, this shows its own when there is no profile yet. */
  profile?: ProfileDraft;
  /** The level of the comparison's heading: one below the heading this sits under. */
  headingLevel?: 2 | 3 | 4;
};

export function ConnectDevices(props: Props) {
  const { deps, error } = useTrust();
  if (error) return <ErrorSummary title={copy.connect.problem} errors={[{ fieldId: `connect-make-${props.personId}-${props.otherParty}`, message: error }]} />;
  if (!deps) return <p role="status">{copy.connect.loading}</p>;
  return props.profile ? <ConnectFlow {...props} deps={deps} draft={props.profile} ownForm={false} /> : <WithOwnProfile {...props} deps={deps} />;
}

function WithOwnProfile(props: Props & { deps: TrustDeps }) {
  const draft = useProfileDraft(props.deps.trust, `connect-${props.personId}`);
  return <ConnectFlow {...props} draft={draft} ownForm />;
}

function ConnectFlow(props: Props & { deps: TrustDeps; draft: ProfileDraft; ownForm: boolean }) {
  const { deps, draft, personId, otherParty, agreementId } = props;
  const level = props.headingLevel ?? 3;
  // More than one of these may be on a screen (one per supervision): ids are theirs.
  const idOf = (what: string) => `connect-${what}-${personId}-${otherParty}`;
  const [connection, setConnection] = useState<ConnectionV1 | null | undefined>(undefined);
  const [otherName, setOtherName] = useState<string | null>(null);
  const [actionError, setActionError] = useState<FieldError | null>(null);
  const [checkError, setCheckError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'making' | 'checking' | 'withdrawing' | null>(null);
  const [withdrawn, setWithdrawn] = useState(false);
  // The profile form stays once shown (here, when there was no profile), so it can be finished.
  const [showForm, setShowForm] = useState<boolean | null>(null);
  const running = useRef(false);
  const held = useRef<ConnectionV1 | null | undefined>(undefined);
  held.current = connection;

  useEffect(() => {
    if (showForm === null && draft.loaded) setShowForm(props.ownForm && draft.stored === null);
  }, [showForm, draft.loaded, draft.stored, props.ownForm]);

  // The other person's name: the supervisee's, as this device holds them (a supervisor's is learned when they answer).
  useEffect(() => {
    if (otherParty !== 'supervisee') return;
    let cancelled = false;
    deps.connect.people.get(personId).then(
      (person) => !cancelled && setOtherName(person?.name ?? null),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [deps, personId, otherParty]);

  // Resumes a connection still under way (a reload, a killed tab, another screen).
  useEffect(() => {
    // A connection already followed here stays (a supervisee's device may file the supervision under a new id).
    if (held.current && held.current.personId === personId) return;
    let cancelled = false;
    connectionUnderWay(deps, personId, otherParty).then(
      (found) => !cancelled && setConnection(found),
      (e: unknown) => {
        if (cancelled) return;
        setConnection(null);
        setActionError({ fieldId: idOf('make'), message: messageOf(e) });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [deps, personId, otherParty]);

  /** Runs one step at a time: a check never overlaps a withdrawal or a new link. */
  const step = useCallback(async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    if (running.current) return undefined;
    running.current = true;
    try {
      return await work();
    } finally {
      running.current = false;
    }
  }, []);

  async function makeLink() {
    await step(async () => {
      setBusy('making');
      setWithdrawn(false);
      try {
        const profile = await draft.flush();
        if (!profile) {
          setActionError({ fieldId: profileNameId(draft), message: connectMessages.noProfile });
          if (props.ownForm) setShowForm(true);
          return;
        }
        const made = await invite(deps.connect, { personId, otherParty, agreementId });
        if (!made.ok) return setActionError({ fieldId: idOf('make'), message: made.message });
        setActionError(null);
        setCheckError(null);
        setConnection(made.value);
      } catch (e) {
        setActionError({ fieldId: idOf('make'), message: messageOf(e) });
      } finally {
        setBusy(null);
      }
    });
  }

  const check = useCallback(
    async (asked: boolean) => {
      const waiting = held.current;
      if (!waiting || waiting.status !== 'waiting') return;
      await step(async () => {
        if (asked) setBusy('checking');
        try {
          const result = await checkInvite(deps.connect, waiting.id);
          if (result.ok) {
            setCheckError(null);
            setConnection(result.value);
            return;
          }
          setCheckError(result.message);
          // A link found expired is closed here: show it as it is now stored.
          const stored = await deps.trust.connections.get(waiting.id);
          if (stored) setConnection(stored);
        } catch (e) {
          setCheckError(messageOf(e));
        } finally {
          if (asked) setBusy(null);
        }
      });
    },
    [deps, step],
  );

  const waitingId = connection?.status === 'waiting' ? connection.id : null;
  useEffect(() => {
    if (!waitingId) return;
    const timer = setInterval(() => void check(false), CHECK_EVERY_MS);
    return () => clearInterval(timer);
  }, [waitingId, check]);

  async function withdraw() {
    const waiting = held.current;
    if (!waiting) return;
    await step(async () => {
      setBusy('withdrawing');
      try {
        const cancelled = await cancelInvite(deps.connect, waiting.id);
        if (!cancelled.ok) {
          setActionError({ fieldId: idOf('withdraw'), message: cancelled.message });
          return;
        }
        setActionError(null);
        setCheckError(null);
        setWithdrawn(true);
        const stored = await deps.trust.connections.get(waiting.id);
        setConnection(stored ?? null);
      } catch (e) {
        setActionError({ fieldId: idOf('withdraw'), message: messageOf(e) });
      } finally {
        setBusy(null);
      }
    });
  }

  const errors = useMemo(() => (actionError ? [actionError] : []), [actionError]);
  if (connection === undefined || showForm === null) return <p role="status">{copy.connect.loading}</p>;

  const makeButton = (label: string) => (
    <button type="button" id={idOf('make')} className="nhsuk-button" aria-disabled={busy !== null} onClick={() => void makeLink()}>
      {busy === 'making' ? w.making : label}
    </button>
  );

  return (
    <div className="app-connect">
      <ErrorSummary title={copy.connect.problem} errors={errors} />
      {(connection === null || connection.status === 'cancelled') && (
        <>
          {showForm && <ProfileFields draft={draft} intro={copy.connect.profile.intro} />}
          {withdrawn && (
            <p className="nhsuk-inset-text" role="status">
              {w.withdrawn}
            </p>
          )}
          {connection?.status === 'cancelled' && !withdrawn && (
            <p className="nhsuk-inset-text" role="status">
              {checkError ?? w.cancelled}
            </p>
          )}
          <p>{w.lede}</p>
          {makeButton(connection ? w.makeNew : w.makeLink(otherName))}
        </>
      )}
      {connection?.status === 'waiting' && connection.invite && (
        <div className="nhsuk-inset-text app-connect__link">
          <LinkToGive
            key={connection.invite.link}
            id={`connect-link-${connection.id}`}
            link={connection.invite.link}
            label={w.link}
            hint={w.linkHint}
            after={<p className="nhsuk-body-s app-connect__expires">{w.expires(formatInstant(connection.invite.expiresAt))}</p>}
            words={w}
            onCopyFailed={(fieldId, message) => setActionError({ fieldId, message })}
          />
          <p role="status">{w.waiting(otherParty === 'supervisee' ? otherName : null)}</p>
          {checkError && (
            <div className="nhsuk-form-group--error app-connect__check-error" role="alert">
              <ErrorMessage id={idOf('check-error')} as="p">
                {checkError}
              </ErrorMessage>
            </div>
          )}
          <div className="app-inline-buttons">
            <button type="button" id={idOf('check')} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-disabled={busy !== null} onClick={() => void check(true)}>
              {busy === 'checking' ? w.checking : w.checkNow}
            </button>
            <button type="button" id={idOf('withdraw')} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" aria-disabled={busy !== null} onClick={() => void withdraw()}>
              {w.withdraw}
            </button>
          </div>
        </div>
      )}
      {connection && (connection.status === 'comparing' || connection.status === 'confirmed' || connection.status === 'mismatch') && (
        <Comparison
          deps={deps.connect}
          connection={connection}
          onUpdated={setConnection}
          headingLevel={level}
          afterMismatch={makeButton(w.makeNew)}
        />
      )}
    </div>
  );
}
