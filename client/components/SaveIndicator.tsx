/** "Saved on this device at HH:MM" under the heading, or an alert with a retry when a save fails. */
import { copy } from '../content/copy.ts';
import { formatTime } from '../content/format.ts';
import type { SaveStatus } from '../features/session/saver.ts';

export function SaveIndicator({ status, onRetry }: { status: SaveStatus; onRetry: (() => void) | null }) {
  if (status.kind === 'error')
    return (
      <div className="nhsuk-error-summary app-save-error" role="alert">
        <h2 className="nhsuk-error-summary__title">{copy.session.saveFailed}</h2>
        <p>{status.message}</p>
        {onRetry && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onRetry}>
            {copy.session.retrySave}
          </button>
        )}
      </div>
    );
  return (
    // Not a live region: announcing every save would interrupt the people writing. Failures are alerts.
    <p className="nhsuk-body-s app-save-status">
      {status.kind === 'saved' ? copy.session.saved(formatTime(status.at)) : status.kind === 'saving' ? copy.session.saving : '\u00a0'}
    </p>
  );
}
