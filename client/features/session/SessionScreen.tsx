/**
 * A live session: restores the session actor from its saved snapshot, saves every change,
 * and lays out the conversation beside the record as it forms.
 */
import { memo, useContext, useEffect, useMemo } from 'react';
import { useSelector } from '@xstate/react';
import { inputOf, restoreSession } from '../../../machines/persistence.ts';
import { sectionsOfSession } from '../../../machines/session/sections.ts';
import { agreementWording, buildRecordDocument } from '../../../machines/record/document.ts';
import { copy } from '../../content/copy.ts';
import { sessionModelsOf } from '../../content/models.ts';
import { hrefFor } from '../../app/router.ts';
import { EscalationTargetContext, useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { RecordDocument } from '../../components/RecordDocument.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import type { SaveStatusStore } from '../../live/saver.ts';
import { usePersistedActor } from '../../live/persistedActor.ts';
import { SaveStatusContext, SessionContext, useRecordAsItForms, useSession, type SessionValue } from './sessionContext.tsx';
import { Conversation } from './Conversation.tsx';
import { SessionEscalation } from './SessionEscalation.tsx';

export function SessionScreen({ sessionId }: { sessionId: string }) {
  const { repositories, newId, now } = useServices();
  const { loaded, status, retry } = usePersistedActor(
    {
      load: async () => {
        const stored = await repositories.sessions.get(sessionId);
        if (!stored) throw new Error(copy.session.notFound);
        return { stored, envelope: await repositories.sessions.snapshot(sessionId) };
      },
      restore: (stored, envelope) => {
        const restored = restoreSession(stored.template, stored.record, envelope, { models: sessionModelsOf(stored) });
        return {
          machine: restored.machine,
          snapshot: restored.snapshot,
          input: inputOf(stored.record),
          notice: restored.kind === 'rebuilt' ? copy.session.rebuilt(restored.why) : null,
        };
      },
      // What was typed is made durable in the snapshot alone (one small write, nothing read); the
      // session row and the rows other screens query follow once the typing pauses (the saver's
      // `Later`, see saver.ts and repositories.ts), with the same state, taken once. A signed
      // record is written whole at once: sealing is one transaction with everything it changes.
      save: async (stored, actor) => {
        const record = actor.getSnapshot().context;
        const snapshot = actor.getPersistedSnapshot();
        const models = stored.models ?? [];
        if (record.contentHash !== null) return repositories.sessions.save(stored.template, record, snapshot, models);
        await repositories.sessions.saveAnswer(record, snapshot);
        return () => repositories.sessions.save(stored.template, record, snapshot, models);
      },
      // Every change to the session or to the case being discussed is saved as it happens.
      childId: 'cycle',
      ready: (stored, actor): SessionValue => ({
        actor,
        template: stored.template,
        sections: sectionsOfSession(stored.template, stored.record),
        models: sessionModelsOf(stored),
        newId,
        now,
      }),
      now,
    },
    [repositories, sessionId, newId, now],
  );

  if (loaded.kind === 'loading') return <p role="status">Opening the session…</p>;
  if (loaded.kind === 'error')
    return <LoadFailed title={copy.session.problem} message={loaded.message} back={hrefFor({ name: 'home' })} backLabel={copy.record.back} />;

  return (
    <SessionContext.Provider value={loaded.value}>
      <SaveStatusContext.Provider value={status}>
        <SessionLayout notice={loaded.notice} status={status} onRetry={retry} />
      </SaveStatusContext.Provider>
    </SessionContext.Provider>
  );
}

/** The preview re-renders only when its document changes (not on the keystroke's urgent render). */
const RecordPreview = memo(RecordDocument);

function SessionLayout({ notice, status, onRetry }: { notice: string | null; status: SaveStatusStore; onRetry: (() => void) | null }) {
  const { actor, template, models } = useSession();
  const { setTarget } = useContext(EscalationTargetContext);
  useEffect(() => {
    setTarget({ raise: () => actor.send({ type: 'concern.escalate' }) });
    return () => setTarget(null);
  }, [actor, setTarget]);

  // Only what this layout shows is selected: a keystroke changes neither, so it re-renders nothing here.
  const supervisee = useSelector(actor, (s) => s.context.parties.supervisee.name);
  const agreement = useSelector(actor, (s) => s.context.agreement);
  // The record beside the conversation follows the typing when the browser is idle: a keystroke
  // is saved and painted first (with 75 cases held, building and rendering the preview on every
  // key was most of each keystroke's time).
  const forming = useRecordAsItForms(actor);
  const doc = useMemo(() => buildRecordDocument(template, forming, [], models), [forming, template, models]);

  return (
    <>
      <p className="nhsuk-caption-m">
        {supervisee} · {template.title}
      </p>
      {notice && (
        <WarningCallout level={2} title="Resumed from the saved record">
          <p>{notice}</p>
        </WarningCallout>
      )}
      {agreement && agreement.status !== 'inForce' && (
        <WarningCallout title={agreementWording.label} level={2}>
          <p>
            {agreementWording.status(agreement)}. <a href={hrefFor({ name: 'agreements' })}>Supervision agreements</a>
          </p>
        </WarningCallout>
      )}
      <SaveIndicator store={status} onRetry={onRetry} />
      <div className="app-layout">
        <section className="app-layout__conversation" aria-label="Conversation">
          <Conversation />
        </section>
        <aside className="app-layout__record" aria-label={copy.session.record} tabIndex={0}>
          <h2 className="nhsuk-heading-s">{copy.session.record}</h2>
          <RecordPreview doc={doc} />
        </aside>
      </div>
      <SessionEscalation />
    </>
  );
}
