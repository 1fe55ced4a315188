/**
 * `#/group-session/<sessionId>`: a live group session (opened, saved and closed by
 * useLiveDocument: client/live/), laid out as the agenda beside the theme capture panel. The header's "Escalate an
 * immediate concern" records into this session while it is open.
 */
import { useContext, useEffect, useMemo } from 'react';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { EscalationTargetContext, useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import type { SaveStatusStore } from '../../live/saver.ts';
import { useLiveDocument } from '../../live/useLiveDocument.ts';
import { SaveStatusContext } from '../session/sessionContext.tsx';
import { GroupConversation } from './GroupConversation.tsx';
import { GroupEscalation } from './GroupEscalation.tsx';
import { ThemePanel } from './ThemePanel.tsx';
import { GroupSessionContext, isClosed, useGroupSelector, useGroupSession, type GroupSessionValue } from './groupSessionContext.tsx';

const g = copy.group;

export function GroupSessionScreen({ sessionId }: { sessionId: string }) {
  const { newId, now } = useServices();
  const { loaded, status, retry } = useLiveDocument('groupSession', sessionId);
  const actor = loaded.kind === 'ready' ? loaded.value.actor : null;
  const value = useMemo((): GroupSessionValue | null => actor && { actor, newId, now }, [actor, newId, now]);

  if (loaded.kind === 'loading') return <p role="status">{g.openingSession}</p>;
  if (loaded.kind === 'error')
    return <LoadFailed title={g.problem} message={loaded.message} back={hrefFor({ name: 'groups' })} backLabel={g.back} />;

  if (!value) return null;
  return (
    <GroupSessionContext.Provider value={value}>
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
