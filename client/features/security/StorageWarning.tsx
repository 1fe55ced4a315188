/**
 * Space on this device (issue 17, point 5), on the start and Security pages: a warning when the
 * browser's estimate shows less than a tenth of its allowance left, or when a write was refused
 * for space, with the way to a backup. Nothing is shown while there is room.
 */
import { useEffect, useSyncExternalStore } from 'react';
import { copy } from '../../content/copy.ts';
import { hrefFor } from '../../app/router.ts';
import { storageWatch, type StorageState } from '../../db/storageFaults.ts';
import { WarningCallout } from '../../components/WarningCallout.tsx';

const w = copy.storage;

export function StorageWarning({ watch = storageWatch, backupHref = `${hrefFor({ name: 'security' })}` }: { watch?: typeof storageWatch; backupHref?: string | null }) {
  const state: StorageState = useSyncExternalStore(watch.state.subscribe, watch.state.get);
  useEffect(() => {
    // An estimate on arrival: cheap, and the page may be the first thing opened today.
    void watch.check(true);
  }, [watch]);
  if (state.kind === 'ok') return null;
  const percent = state.kind === 'low' ? `${Math.max(0, Math.floor(state.freeShare * 100))}%` : '0%';
  return (
    <WarningCallout title={state.kind === 'full' ? w.fullTitle : w.lowTitle} level={2} className="app-storage-warning">
      <p role="status">
        {state.kind === 'full' ? w.fullHome : w.low(percent)}
        {backupHref !== null && (
          <>
            {' '}
            <a href={backupHref}>{w.backupLink}</a>
          </>
        )}
      </p>
    </WarningCallout>
  );
}
