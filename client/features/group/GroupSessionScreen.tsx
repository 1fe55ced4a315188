/**
 * `#/group-session/<sessionId>`: a live group session. Restores the session actor from its
 * saved snapshot, saves every change (to the session and to the consultation running inside
 * it), and lays out the agenda beside the theme capture panel. The header's "Escalate an
 * immediate concern" records into this session while it is open.
 */
import { useContext, useEffect } from 'react';
import { groupSessionMachine } from '../../../machines/group/groupSession.machine.ts';
import { groupInputOf, restoreGroupSession } from '../../../machines/group/persistence.ts';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { EscalationTargetContext, useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import type { SaveStatusStore } from '../../live/saver.ts';
import { usePersistedActor } from '../../live/persistedActor.ts';
import { SaveStatusContext } from '../session/sessionContext.tsx';
import { GroupConversation } from './GroupConversation.tsx';
import { GroupEscalation } from './GroupEscalation.tsx';
import { ThemePanel } from './ThemePanel.tsx';
import { GroupSessionContext, isClosed, useGroupSelector, useGroupSession, type GroupSessionValue } from './groupSessionContext.tsx';

const g = copy.group;

export function GroupSessionScreen({ sessionId }: { sessionId: string }) {
  const { repositories, newId, now } = useServices();
  const { loaded, status, retry } = usePersistedActor(
    {
      load: async () => {
        const stored = await repositories.groupSessions.get(sessionId);
        if (!stored) throw new Error(g.sessionNotFound);
        return { stored, envelope: await repositories.groupSessions.snapshot(sessionId) };
      },
      restore: (stored, envelope) => {
        const restored = restoreGroupSession(stored.content, envelope);
        return {
          machine: groupSessionMachine,
          snapshot: restored.snapshot,
          input: groupInputOf(stored.content),
          notice: restored.kind === 'rebuilt' ? g.rebuilt(restored.why ?? '') : null,
        };
      },
      save: (_stored, actor) => {
        const snapshot = actor.getSnapshot();
        return repositories.groupSessions.save(snapshot.context, actor.getPersistedSnapshot(), isClosed(snapshot));
      },
      // Every change to the session or to the consultation running in it is saved as it happens.
      childId: 'consultation',
      ready: (_stored, actor): GroupSessionValue => ({ actor, newId, now }),
      now,
    },
    [repositories, sessionId, newId, now],
  );

  if (loaded.kind === 'loading') return <p role="status">{g.openingSession}</p>;
  if (loaded.kind === 'error')
    return <LoadFailed title={g.problem} message={loaded.message} back={hrefFor({ name: 'groups' })} backLabel={g.back} />;

  return (
    <GroupSessionContext.Provider value={loaded.value}>
      <SaveStatusContext.Provider value={status}>
        <GroupSessionLayout notice={loaded.notice} status={status} onRetry={retry} />
      </SaveStatusContext.Provider>
    </GroupSessionContext.Provider>
  );
}

function GroupSessionLayout({ notice, status, onRetry }: { notice: string | null; status: SaveStatusStore; onRetry: (() => void) | null }) {
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
      <SaveIndicator store={status} onRetry={onRetry} />
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
