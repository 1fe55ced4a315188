/**
 * The destruction log on the Security page: what was destroyed here (how many of each kind, the
 * records' dates, when, by whom; never content), the relay copies still to delete with a retry,
 * and the way to the retention review.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { copy } from '../../content/copy.ts';
import { formatDate, formatInstant } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { Section } from '../../components/Section.tsx';
import { recordKinds, type DestructionEntryV1 } from '../../../machines/retention/retention.ts';

const w = copy.retention;

function whatOf(entry: DestructionEntryV1): string {
  return recordKinds
    .filter((kind) => entry.counts[kind] > 0)
    .map((kind) => `${entry.counts[kind]} × ${w.kindShort[kind].toLowerCase()}`)
    .join(', ');
}

export function DestructionLog() {
  const { repositories } = useServices();
  const [message, setMessage] = useState('');
  const loaded = useLiveQuery(async () => {
    try {
      const retention = await repositories.retention();
      const [log, pending] = await Promise.all([retention.destruction.log(), retention.destruction.pendingRelay()]);
      return { ok: true as const, log, pending };
    } catch (error) {
      return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories]);

  const retry = () => {
    void (async () => {
      const result = await (await repositories.retention()).destruction.retryRelay();
      setMessage(w.retried(result.deleted, result.pending));
    })();
  };

  return (
    <Section id="destruction-log" title={w.logTitle}>
      <p>
        <a href={hrefFor({ name: 'retention' })}>{w.securityLink}</a>
      </p>
      <p>{w.logLede}</p>
      {loaded === undefined ? null : !loaded.ok ? (
        <p className="nhsuk-error-message" role="alert">
          {loaded.message}
        </p>
      ) : (
        <>
          {loaded.pending > 0 && (
            <p>
              {w.pendingRelay(loaded.pending)}{' '}
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={retry}>
                {w.retryRelay}
              </button>
            </p>
          )}
          <div role="status">{message && <p>{message}</p>}</div>
          {loaded.log.length === 0 ? (
            <p>{w.logNone}</p>
          ) : (
            <ul className="nhsuk-list nhsuk-list--border">
              {loaded.log.map((entry) => (
                <li key={entry.at}>
                  {w.logEntry(formatInstant(entry.at), entry.by, whatOf(entry))} {entry.dates.length > 0 && w.logDates(entry.dates.map(formatDate).join(', '))}
                  {entry.relayCopies > 0 && ` ${w.logRelay(entry.relayCopies)}`}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </Section>
  );
}
