/**
 * The start page's "Records waiting for your signature": records sent to this device to sign
 * that are not yet sealed here. Shown only when there are any. The trust repositories are a chunk
 * of their own, loaded after the page is shown (the start page's first load stays as it was).
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import type { TrustRepositories } from '../../db/trustRepositories.ts';

const w = copy.remoteSigning;

export function RecordsToSign() {
  const { repositories } = useServices();
  const [trust, setTrust] = useState<TrustRepositories | null>(null);
  useEffect(() => {
    let cancelled = false;
    repositories.trust().then(
      (loaded) => !cancelled && setTrust(loaded),
      // Without the trust chunk there is nothing to list; the rest of the page stands.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [repositories]);
  const requests = useLiveQuery(() => (trust ? trust.requests.incomingOpen().catch(() => []) : undefined), [trust]);
  if (!requests || requests.length === 0) return null;
  return (
    <section aria-labelledby="list-to-sign">
      <h2 className="nhsuk-heading-m" id="list-to-sign">
        {w.homeTitle}
      </h2>
      <ul className="nhsuk-list nhsuk-list--border">
        {requests.map((r) => (
          <li key={r.requestId}>
            <a href={hrefFor({ name: 'sign', shareId: r.shareId })}>{w.homeItem(r.request.from.name, formatDate(r.request.record.date))}</a>{' '}
            <strong className={`nhsuk-tag ${r.status === 'open' ? 'nhsuk-tag--blue' : r.status === 'returned' ? 'nhsuk-tag--grey' : 'nhsuk-tag--yellow'}`}>{w.statuses[r.status as 'open' | 'sent' | 'returned']}</strong>
          </li>
        ))}
      </ul>
    </section>
  );
}
