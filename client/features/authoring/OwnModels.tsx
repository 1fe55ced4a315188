/**
 * Your organisation's own reflective models (made or imported on #/forms, kept on this device) are
 * offered at the start of every case like the shipped ones: read after unlock, and again whenever
 * one is saved or imported (a live query), then registered with client/content/models.ts. A
 * failure to read them is said on every screen: the models missing from the choice is not silent.
 */
import { useEffect, useState } from 'react';
import { liveQuery } from 'dexie';
import { registerModels } from '../../content/models.ts';
import { authoringCopy } from '../../content/authoringCopy.ts';
import type { Repositories } from '../../db/repositories.ts';

export function OwnModels({ repositories }: { repositories: Repositories }) {
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    const subscription = liveQuery(async () => (await repositories.authoring()).models.latest()).subscribe({
      next: (own) => {
        const registered = registerModels(own);
        setProblem(registered.ok ? null : registered.problems.join(' '));
      },
      error: (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
    });
    return () => subscription.unsubscribe();
  }, [repositories]);
  if (problem === null) return null;
  return (
    <div className="nhsuk-width-container app-width">
      <p className="nhsuk-error-message" role="alert">
        {authoringCopy.ownModelsUnreadable(problem)}
      </p>
    </div>
  );
}
