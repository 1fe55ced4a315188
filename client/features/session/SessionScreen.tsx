/**
 * A live session (opened, saved and closed by useLiveDocument: client/live/), laid out as the
 * conversation beside the record as it forms.
 */
import { memo, useContext, useEffect, useMemo } from 'react';
import { useSelector } from '@xstate/react';
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
import { useLiveDocument } from '../../live/useLiveDocument.ts';
import { SaveStatusContext, SessionContext, useRecordAsItForms, useSession, type SessionValue } from './sessionContext.tsx';
import { Conversation } from './Conversation.tsx';
import { SessionEscalation } from './SessionEscalation.tsx';

export function SessionScreen({ sessionId }: { sessionId: string }) {
  const { newId, now } = useServices();
  const { loaded, status, retry } = useLiveDocument('session', sessionId);
  const ready = loaded.kind === 'ready' ? loaded.value : null;
  const value = useMemo(
    (): SessionValue | null =>
      ready && {
        actor: ready.actor,
        template: ready.stored.template,
        sections: sectionsOfSession(ready.stored.template, ready.stored.record),
        models: sessionModelsOf(ready.stored),
        newId,
        now,
      },
    [ready, newId, now],
  );

  if (loaded.kind === 'loading') return <p role="status">{copy.session.opening}</p>;
  if (loaded.kind === 'error')
    return <LoadFailed title={copy.session.problem} message={loaded.message} back={hrefFor({ name: 'home' })} backLabel={copy.record.back} />;

  if (!value) return null;
  return (
    <SessionContext.Provider value={value}>
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
        <WarningCallout level={2} title={copy.session.resumedTitle}>
          <p>{notice}</p>
        </WarningCallout>
      )}
      {agreement && agreement.status !== 'inForce' && (
        <WarningCallout title={agreementWording.label} level={2}>
          <p>
            {agreementWording.status(agreement)}. <a href={hrefFor({ name: 'agreements' })}>{copy.agreements.title}</a>
          </p>
        </WarningCallout>
      )}
      <SaveIndicator store={status} onRetry={onRetry} />
      <div className="app-layout">
        <section className="app-layout__conversation" aria-label={copy.session.conversation}>
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
