/**
 * The version of the figures kept between visits (client/db/keptUntilChanged.ts): a screen that
 * shows kept figures puts it among its live query's dependencies, so a change behind a figure (in
 * this tab or another) shows at once, as a change to rows Dexie watched would.
 */
import { useSyncExternalStore } from 'react';
import type { Repositories } from '../db/repositories.ts';

export function useKeptFigures(repositories: Repositories): number {
  const { subscribe, version } = repositories.keptFigures;
  return useSyncExternalStore(subscribe, version);
}
