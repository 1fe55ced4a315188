/** "Saved on this device at HH:MM" under the heading, or an alert with a retry when a save fails. */
import { useEffect, useState } from 'react';
import { copy } from '../content/copy.ts';
import { formatTime } from '../content/format.ts';
import { hrefFor } from '../app/router.ts';
import type { SaveStatus, SaveStatusStore } from '../live/saver.ts';

/** A save shorter than this (nearly all of them) changes nothing on the screen while it runs. */
const SHOW_SAVING_AFTER_MS = 500;

/**
 * What the line shows for the saver's status: a failure at once; "Saving…" only once a save has
 * run for SHOW_SAVING_AFTER_MS (until then the last "Saved at" stays), so typing does not make the
 * line flicker on every keystroke, nor re-render it. Follows the store itself, so a save
 * re-renders this line and not the screen around it.
 */
function useShownStatus(store: SaveStatusStore): SaveStatus {
  const [shown, setShown] = useState<SaveStatus>(store.get);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const follow = () => {
      clearTimeout(timer);
      const status = store.get();
      if (status.kind === 'saving') timer = setTimeout(() => setShown(status), SHOW_SAVING_AFTER_MS);
      // The same line is not shown again (a save in the same minute leaves it as it is).
      else setShown((before) => (sameLine(before, status) ? before : status));
    };
    follow();
    const unsubscribe = store.subscribe(follow);
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, [store]);
  return shown;
}

function sameLine(a: SaveStatus, b: SaveStatus): boolean {
  if (a.kind === 'saved' && b.kind === 'saved') return formatTime(a.at) === formatTime(b.at);
  if (a.kind === 'error' && b.kind === 'error') return a.message === b.message && a.quota === b.quota;
  return a.kind === b.kind;
}

export function SaveIndicator({ store, onRetry }: { store: SaveStatusStore; onRetry: (() => void) | null }) {
  const status = useShownStatus(store);
  if (status.kind === 'error' && status.quota)
    return (
      <div className="nhsuk-error-summary app-save-error" role="alert">
        <h2 className="nhsuk-error-summary__title">{copy.storage.fullTitle}</h2>
        <p>{copy.storage.fullSaving}</p>
        <p>
          <a href={hrefFor({ name: 'security' })}>{copy.storage.backupLink}</a>
        </p>
        {onRetry && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onRetry}>
            {copy.session.retrySave}
          </button>
        )}
      </div>
    );
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
