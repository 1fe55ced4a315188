/**
 * The record quality check before signing: vague entries, actions without a clear verb,
 * risks without an escalation decision, judgements without reasons. Each flag is fixed in
 * the record (it then disappears) or dismissed with a reason, which is kept.
 */
import { useState } from 'react';
import { qualityFlags, type QualityFlag } from '../../../machines/review/quality.ts';
import { dismissalKey } from '../../../machines/review/qualityGaps.ts';
import { copy } from '../../content/copy.ts';
import { TextArea } from '../../components/TextArea.tsx';
import { useSession, useSessionSelector } from './sessionContext.tsx';

export function QualityCheck() {
  const { sections, models } = useSession();
  const content = useSessionSelector((s) => s.context);
  const flags = qualityFlags(sections, content, models);
  return (
    <section aria-labelledby="quality-heading" className="app-quality">
      <h3 className="nhsuk-heading-m" id="quality-heading">
        {copy.quality.title}
      </h3>
      {flags.length === 0 ? (
        <p>{copy.quality.none}</p>
      ) : (
        <>
          <p>{copy.quality.lede}</p>
          <ol className="nhsuk-list">
            {flags.map((flag) => (
              <QualityItem key={flag.id} flag={flag} dismissal={content.qualityDismissals?.[dismissalKey(flag)]} />
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function QualityItem({ flag, dismissal }: { flag: QualityFlag; dismissal: string | undefined }) {
  const { actor, sections } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const fieldId = `quality-${flag.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  const section = sections.find((s) => s.id === flag.sectionId);

  function dismiss() {
    if (!reason.trim()) {
      setError(copy.quality.giveReason);
      return;
    }
    actor.send({ type: 'quality.dismissed', flagId: dismissalKey(flag), reason });
    setOpen(false);
    setError(undefined);
  }

  return (
    <li className="nhsuk-card app-quality__flag">
      <div className="nhsuk-card__content">
        <h4 className="nhsuk-heading-s">
          {flag.where}{' '}
          <strong className={`nhsuk-tag ${dismissal ? 'nhsuk-tag--grey' : 'nhsuk-tag--orange'}`}>{dismissal ? copy.quality.dismissedTag : copy.quality.toCheck}</strong>
        </h4>
        {flag.excerpt && <blockquote className="app-quality__excerpt">“{flag.excerpt}”</blockquote>}
        <p>{flag.message}</p>
        {dismissal ? (
          <>
            <p className="nhsuk-body-s">{copy.quality.dismissed(dismissal)}</p>
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => actor.send({ type: 'quality.undismissed', flagId: dismissalKey(flag) })}>
              {copy.quality.undo}
            </button>
          </>
        ) : open ? (
          <>
            <TextArea id={fieldId} label={copy.quality.reason} value={reason} rows={2} error={error} onChange={setReason} />
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={dismiss}>
              {copy.quality.confirm}
            </button>
          </>
        ) : (
          <div className="app-inline-buttons">
            {section && (
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => actor.send({ type: 'step.goto', sectionId: section.id })}>
                {copy.quality.goTo(section.heading)}
              </button>
            )}
            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setOpen(true)}>
              {copy.quality.dismiss}
            </button>
          </div>
        )}
      </div>
    </li>
  );
}
