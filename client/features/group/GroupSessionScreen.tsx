/**
 * `#/group-session/<sessionId>`: a live group session. Restores the session actor from its
 * saved snapshot, saves every change (to the session and to the consultation running inside
 * it), and lays out the agenda beside the theme capture panel. The header's "Escalate an
 * immediate concern" records into this session while it is open.
 */
import { useContext, useEffect, useState } from 'react';
import { createActor } from 'xstate';
import { groupSessionMachine } from '../../../machines/group/groupSession.machine.ts';
import { groupInputOf, restoreGroupSession } from '../../../machines/group/persistence.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { EscalationTargetContext, useServices } from '../../app/services.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import { createSaver, type SaveStatus } from '../session/saver.ts';
import { SaveStatusContext } from '../session/sessionContext.tsx';
import { GroupConversation } from './GroupConversation.tsx';
import { GroupEscalation } from './GroupEscalation.tsx';
import { ThemePanel } from './ThemePanel.tsx';
import { GroupSessionContext, consultationActorOf, isClosed, useGroupSelector, useGroupSession, type GroupSessionValue } from './groupSessionContext.tsx';

const g = copy.group;

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: GroupSessionValue; notice: string | null };

export function GroupSessionScreen({ sessionId }: { sessionId: string }) {
  const { repositories, newId, now } = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  const [retry, setRetry] = useState<(() => void) | null>(null);

  // Leaving while a save is still being written (or has failed) asks first: nothing typed is lost.
  useEffect(() => {
    if (status.kind !== 'saving' && status.kind !== 'error') return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [status.kind]);

  useEffect(() => {
    let cancelled = false;
    let stop = () => undefined as void;
    (async () => {
      const stored = await repositories.groupSessions.get(sessionId);
      if (!stored) throw new Error(g.sessionNotFound);
      const envelope = await repositories.groupSessions.snapshot(sessionId);
      const restored = restoreGroupSession(stored.content, envelope);
      const actor = createActor(groupSessionMachine, { snapshot: restored.snapshot, input: groupInputOf(stored.content) });
      const saver = createSaver(
        () => {
          const snapshot = actor.getSnapshot();
          return repositories.groupSessions.save(snapshot.context, actor.getPersistedSnapshot(), isClosed(snapshot));
        },
        setStatus,
        now,
      );
      // Every change to the session or to the consultation running in it is saved as it happens.
      let consultationSubscription: { unsubscribe: () => void } | null = null;
      let watched: unknown = null;
      const subscription = actor.subscribe({
        next: (snapshot) => {
          const consultation = consultationActorOf(snapshot);
          if (consultation !== watched) {
            consultationSubscription?.unsubscribe();
            watched = consultation;
            consultationSubscription = consultation ? consultation.subscribe(() => void saver.schedule()) : null;
          }
          void saver.schedule();
        },
        error: (error) => setStatus({ kind: 'error', message: error instanceof Error ? error.message : String(error) }),
      });
      actor.start();
      const flushOnHide = () => void saver.flush();
      window.addEventListener('pagehide', flushOnHide);
      stop = () => {
        window.removeEventListener('pagehide', flushOnHide);
        subscription.unsubscribe();
        consultationSubscription?.unsubscribe();
        actor.stop();
      };
      if (cancelled) return stop();
      setRetry(() => () => void saver.schedule());
      setLoaded({ kind: 'ready', value: { actor, newId, now }, notice: restored.kind === 'rebuilt' ? g.rebuilt(restored.why ?? '') : null });
    })().catch((error: unknown) => {
      if (!cancelled) setLoaded({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [repositories, sessionId, newId, now]);

  if (loaded.kind === 'loading') return <p role="status">{g.openingSession}</p>;
  if (loaded.kind === 'error')
    return (
      <div className="nhsuk-error-summary" role="alert">
        <h1 className="nhsuk-error-summary__title">{g.problem}</h1>
        <p>{loaded.message}</p>
        <p>
          <a href={hrefFor({ name: 'groups' })}>{g.back}</a>
        </p>
      </div>
    );

  return (
    <GroupSessionContext.Provider value={loaded.value}>
      <SaveStatusContext.Provider value={status}>
        <GroupSessionLayout notice={loaded.notice} status={status} onRetry={retry} />
      </SaveStatusContext.Provider>
    </GroupSessionContext.Provider>
  );
}

function GroupSessionLayout({ notice, status, onRetry }: { notice: string | null; status: SaveStatus; onRetry: (() => void) | null }) {
  const { actor } = useGroupSession();
  const closed = useGroupSelector(isClosed);
  const groupName = useGroupSelector((s) => s.context.groupName);
  const date = useGroupSelector((s) => s.context.date);
  const { setTarget } = useContext(EscalationTargetContext);

  // While the session is open, a concern is recorded in it. A closed session is never
  // rewritten, so once closed the header offers the escalation route only.
  useEffect(() => {
    if (closed) return;
    setTarget({ raise: () => actor.send({ type: 'concern.escalate' }) });
    return () => setTarget(null);
  }, [actor, closed, setTarget]);

  return (
    <>
      <span className="nhsuk-caption-l">{formatDate(date)}</span>
      <h1 className="nhsuk-heading-l">{g.sessionTitle(groupName)}</h1>
      {notice && (
        <WarningCallout level={2} title={g.resumedTitle}>
          <p>{notice}</p>
        </WarningCallout>
      )}
      <SaveIndicator status={status} onRetry={onRetry} />
      {/* One tree whether open or closed, so the agenda keeps its place (and moves focus) on closing. */}
      <div className={closed ? undefined : 'app-layout'}>
        <section className="app-layout__conversation" aria-label={copy.session.steps}>
          <GroupConversation />
        </section>
        {!closed && (
          <aside className="app-layout__record" aria-labelledby="themes-panel-heading">
            <ThemePanel />
          </aside>
        )}
      </div>
      {!closed && <GroupEscalation />}
    </>
  );
}
