/**
 * A live session: restores the session actor from its saved snapshot, saves every change,
 * and lays out the conversation beside the record as it forms.
 */
import { useContext, useEffect, useMemo, useState } from 'react';
import { createActor } from 'xstate';
import { useSelector } from '@xstate/react';
import { inputOf, restoreSession } from '../../../machines/persistence.ts';
import { sectionsOfSession } from '../../../machines/session/sections.ts';
import { buildRecordDocument } from '../../../machines/record/document.ts';
import { copy } from '../../content/copy.ts';
import { hrefFor } from '../../app/router.ts';
import { EscalationTargetContext, useServices } from '../../app/services.tsx';
import { RecordDocument } from '../../components/RecordDocument.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import { createSaver, type SaveStatus } from './saver.ts';
import { SaveStatusContext, SessionContext, cycleActorOf, liveContent, useCycleSnapshot, useSession, type SessionValue } from './sessionContext.tsx';
import { Conversation } from './Conversation.tsx';
import { SessionEscalation } from './SessionEscalation.tsx';

type Loaded = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; value: SessionValue; notice: string | null };

export function SessionScreen({ sessionId }: { sessionId: string }) {
  const { repositories, newId, now } = useServices();
  const [loaded, setLoaded] = useState<Loaded>({ kind: 'loading' });
  const [status, setStatus] = useState<SaveStatus>({ kind: 'idle' });
  // Leaving while a save is still being written (or has failed) asks first: nothing typed is lost.
  useEffect(() => {
    if (status.kind !== 'saving' && status.kind !== 'error') return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [status.kind]);
  const [retry, setRetry] = useState<(() => void) | null>(null);

  useEffect(() => {
    let cancelled = false;
    let stop = () => undefined as void;
    (async () => {
      const stored = await repositories.sessions.get(sessionId);
      if (!stored) throw new Error(copy.session.notFound);
      const envelope = await repositories.sessions.snapshot(sessionId);
      const restored = restoreSession(stored.template, stored.record, envelope);
      const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) });
      const saver = createSaver(
        () => repositories.sessions.save(stored.template, actor.getSnapshot().context, actor.getPersistedSnapshot()),
        setStatus,
        now,
      );
      // Every change to the session or to the case being discussed is saved as it happens.
      let cycleSubscription: { unsubscribe: () => void } | null = null;
      let watchedCycle: unknown = null;
      const subscription = actor.subscribe({
        next: (snapshot) => {
          const cycle = cycleActorOf(snapshot);
          if (cycle !== watchedCycle) {
            cycleSubscription?.unsubscribe();
            watchedCycle = cycle;
            cycleSubscription = cycle ? cycle.subscribe(() => void saver.schedule()) : null;
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
        cycleSubscription?.unsubscribe();
        actor.stop();
      };
      if (cancelled) return stop();
      setRetry(() => () => void saver.schedule());
      setLoaded({
        kind: 'ready',
        value: { actor, template: stored.template, sections: sectionsOfSession(stored.template, stored.record), newId, now },
        notice: restored.kind === 'rebuilt' ? copy.session.rebuilt(restored.why) : null,
      });
    })().catch((error: unknown) => {
      if (!cancelled) setLoaded({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      cancelled = true;
      stop();
    };
  }, [repositories, sessionId, newId, now]);

  if (loaded.kind === 'loading') return <p role="status">Opening the session…</p>;
  if (loaded.kind === 'error')
    return (
      <div className="nhsuk-error-summary" role="alert">
        <h1 className="nhsuk-error-summary__title">{copy.session.problem}</h1>
        <p>{loaded.message}</p>
        <p>
          <a href={hrefFor({ name: 'home' })}>{copy.record.back}</a>
        </p>
      </div>
    );

  return (
    <SessionContext.Provider value={loaded.value}>
      <SaveStatusContext.Provider value={status}>
        <SessionLayout notice={loaded.notice} status={status} onRetry={retry} />
      </SaveStatusContext.Provider>
    </SessionContext.Provider>
  );
}

function SessionLayout({ notice, status, onRetry }: { notice: string | null; status: SaveStatus; onRetry: (() => void) | null }) {
  const { actor, template } = useSession();
  const { setTarget } = useContext(EscalationTargetContext);
  useEffect(() => {
    setTarget({ raise: () => actor.send({ type: 'concern.escalate' }) });
    return () => setTarget(null);
  }, [actor, setTarget]);

  const content = useSelector(actor, (s) => s.context);
  const cycle = useSelector(actor, (s) => cycleActorOf(s));
  const cycleSnapshot = useCycleSnapshot(cycle);
  const doc = useMemo(() => {
    const caseInProgress = cycleSnapshot?.context ?? null;
    const withCase = caseInProgress
      ? liveContent(content, {
          id: caseInProgress.id,
          label: caseInProgress.label,
          chosenBy: caseInProgress.chosenBy,
          stages: caseInProgress.stages,
          skipped: caseInProgress.skipped,
          complete: caseInProgress.complete,
        })
      : content;
    return buildRecordDocument(template, withCase);
  }, [content, cycleSnapshot, template]);

  return (
    <>
      <p className="nhsuk-caption-m">
        {content.parties.supervisee.name} · {template.title}
      </p>
      {notice && (
        <WarningCallout level={2} title="Resumed from the saved record">
          <p>{notice}</p>
        </WarningCallout>
      )}
      <SaveIndicator status={status} onRetry={onRetry} />
      <div className="app-layout">
        <section className="app-layout__conversation" aria-label="Conversation">
          <Conversation />
        </section>
        <aside className="app-layout__record" aria-label={copy.session.record} tabIndex={0}>
          <h2 className="nhsuk-heading-s">{copy.session.record}</h2>
          <RecordDocument doc={doc} />
        </aside>
      </div>
      <SessionEscalation />
    </>
  );
}
