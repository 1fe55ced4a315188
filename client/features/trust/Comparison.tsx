/**
 * The end of a connection, the same on both devices: the other person's name, job role and key,
 * the safety number to compare aloud or on the call, and the choice that pins their key here (or
 * pins nothing). A key different from the one already pinned for them is said plainly, and is
 * pinned only as a change confirmed here. Then what happened: pinned, or nothing pinned and why.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { fingerprintOf, type PinChange } from '../../../machines/model/trust.ts';
import { confirmConnection, pinChangeOf, rejectConnection, safetyNumberFor, type ConnectDeps } from '../../trust/connect.ts';
import type { ConnectionV1 } from '../../trust/rows.ts';
import { copy } from '../../content/copy.ts';
import { formatInstantDate } from '../../content/format.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { SummaryList } from '../../components/SummaryList.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';

const w = copy.connect.compare;

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Six groups of five digits, large; read out as groups, digit by digit. */
export function SafetyNumber({ number }: { number: string }) {
  const groups = number.split(' ');
  return (
    <p className="app-safety-number" role="img" aria-label={w.spoken(groups)}>
      {groups.map((group, index) => (
        <span key={index} className="app-safety-number__group">
          {group}
          {index < groups.length - 1 ? ' ' : ''}
        </span>
      ))}
    </p>
  );
}

export function Comparison(props: {
  deps: ConnectDeps;
  connection: ConnectionV1;
  /** The connection as it is stored after a choice. */
  onUpdated: (connection: ConnectionV1) => void;
  headingLevel: 2 | 3 | 4;
  /** After a mismatch: what to do next (the inviter makes a new link; the responder asks for one). */
  afterMismatch?: ReactNode;
}) {
  const { deps, connection } = props;
  const { trust } = deps;
  const other = connection.other;
  const [facts, setFacts] = useState<{ number: string | null; change: PinChange | null } | null>(null);
  const [error, setError] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const Heading = (['h2', 'h3', 'h4'] as const)[props.headingLevel - 2] ?? 'h3';
  const headingClass = props.headingLevel === 2 ? 'nhsuk-heading-l' : props.headingLevel === 3 ? 'nhsuk-heading-m' : 'nhsuk-heading-xs';
  // The change of key is said under the comparison's heading (as deep as a callout's heading goes).
  const calloutLevel = props.headingLevel === 2 ? 3 : 4;

  useEffect(() => {
    if (connection.status !== 'comparing') return;
    let cancelled = false;
    Promise.all([safetyNumberFor(trust, connection), pinChangeOf(trust, connection)]).then(
      ([number, change]) => !cancelled && setFacts({ number, change }),
      (e: unknown) => !cancelled && setError([{ fieldId: `confirm-${connection.id}`, message: messageOf(e) }]),
    );
    return () => {
      cancelled = true;
    };
  }, [trust, connection]);

  async function choose(match: boolean) {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    try {
      if (match) {
        const pinned = await confirmConnection(deps, connection.id);
        if (!pinned.ok) {
          setError([{ fieldId: `confirm-${connection.id}`, message: pinned.message }]);
          return;
        }
      } else {
        await rejectConnection(deps, connection.id);
      }
      setError([]);
      const stored = await trust.connections.get(connection.id);
      if (stored) props.onUpdated(stored);
    } catch (e) {
      setError([{ fieldId: match ? `confirm-${connection.id}` : `reject-${connection.id}`, message: messageOf(e) }]);
    } finally {
      running.current = false;
      setBusy(false);
    }
  }

  if (!other) return null;
  const fingerprint = fingerprintOf(other.publicKey);

  if (connection.status === 'confirmed') {
    return (
      <div className="nhsuk-panel app-connect-panel" role="status">
        <Heading className="nhsuk-panel__heading">{w.confirmedTitle}</Heading>
        <div className="nhsuk-panel__body">
          <p>{w.confirmed(other.name, fingerprint)}</p>
          <p>{w.otherConfirms(other.name)}</p>
        </div>
      </div>
    );
  }
  if (connection.status === 'mismatch') {
    return (
      <WarningCallout level={props.headingLevel} title={w.mismatchTitle}>
        {w.mismatchAdvice.map((line) => (
          <p key={line}>{line}</p>
        ))}
        {props.afterMismatch}
      </WarningCallout>
    );
  }
  if (connection.status !== 'comparing') return null;

  return (
    <section aria-labelledby={`compare-${connection.id}`}>
      <Heading className={headingClass} id={`compare-${connection.id}`}>
        {w.title}
      </Heading>
      <ErrorSummary title={copy.connect.problem} errors={error} />
      <SummaryList
        rows={[
          [w.who, `${other.name}${other.jobRole ? ` (${other.jobRole})` : ''}`],
          [w.theirKey, <code key="key">{fingerprint}</code>],
        ]}
      />
      {facts === null ? (
        <p role="status">{copy.connect.loading}</p>
      ) : (
        <>
          {facts.change?.kind === 'changed' && (
            <WarningCallout level={calloutLevel} title={w.changedTitle}>
              <p>{w.changed(other.name, formatInstantDate(facts.change.previous.confirmedAt), fingerprintOf(facts.change.previous.publicKey))}</p>
            </WarningCallout>
          )}
          {facts.change?.kind === 'same' && <p className="nhsuk-inset-text">{w.same(other.name)}</p>}
          {facts.number && <SafetyNumber number={facts.number} />}
          <p className="nhsuk-body-l">{w.instruction(other.name)}</p>
          <div className="app-inline-buttons">
            <button type="button" id={`confirm-${connection.id}`} className="nhsuk-button" aria-disabled={busy} onClick={() => void choose(true)}>
              {busy ? w.confirming : w.confirm(other.name)}
            </button>
            <button type="button" id={`reject-${connection.id}`} className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy} onClick={() => void choose(false)}>
              {w.reject}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
