/**
 * The trust repositories and the two protocols' dependencies for a screen, once loaded (they are
 * a chunk of their own). `fetch` is the page's own: every request goes to this app's server.
 */
import { useEffect, useState } from 'react';
import { useServices } from '../app/services.tsx';
import type { TrustRepositories } from '../db/trustRepositories.ts';
import type { ConnectDeps } from './connect.ts';
import type { RemoteDeps } from './remoteSigning.ts';

export type TrustDeps = { trust: TrustRepositories; connect: ConnectDeps; remote: RemoteDeps };

export function useTrust(): { deps: TrustDeps | null; error: string | null } {
  const { repositories, now, newId } = useServices();
  const [deps, setDeps] = useState<TrustDeps | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    repositories.trust().then(
      (trust) => {
        if (cancelled) return;
        const origin = window.location.origin;
        const fetcher: typeof fetch = (input, init) => fetch(input, init);
        setDeps({
          trust,
          connect: { trust, people: repositories.people, now, newId, origin, fetcher },
          remote: { trust, repositories, now, newId, origin, fetcher },
        });
      },
      (e: unknown) => !cancelled && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [repositories, now, newId]);
  return { deps, error };
}
