/**
 * "Connect your devices", on an agreement being signed and on the sealed agreement: the supervisee's
 * key pinned here (when it is), and connecting their device with this one for this agreement.
 */
import { useEffect, useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { currentPin, fingerprintOf } from '../../../machines/model/trust.ts';
import { useTrust } from '../../trust/useTrust.ts';
import { copy } from '../../content/copy.ts';
import { formatInstantDate } from '../../content/format.ts';
import { ConnectDevices, isUnderWay } from './ConnectDevices.tsx';
import { Section } from '../../components/Section.tsx';

const w = copy.connect.agreement;

export function AgreementConnect({ personId, agreementId }: { personId: string; agreementId: string }) {
  const { deps, error } = useTrust();
  const held = useLiveQuery(async () => {
    if (!deps) return undefined;
    const [pins, connections] = await Promise.all([deps.trust.pins.of(personId), deps.trust.connections.of(personId)]);
    return { pin: currentPin(pins, personId, 'supervisee') ?? null, underWay: connections.some((c) => c.otherParty === 'supervisee' && isUnderWay(c)) };
  }, [deps, personId]);
  const [open, setOpen] = useState(false);
  // Open while nobody is pinned or a connection is under way; once open, it stays (its outcome stays on screen).
  const shouldOpen = held !== undefined && (held.pin === null || held.underWay);
  useEffect(() => {
    if (shouldOpen) setOpen(true);
  }, [shouldOpen]);

  return (
    <Section id="connect-devices-heading" title={w.title} className="app-no-print app-connect-section">
      <p>{w.why}</p>
      {error ? (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      ) : held === undefined ? (
        <p role="status">{copy.connect.loading}</p>
      ) : (
        <>
          {held.pin && <p>{w.connected(held.pin.name, fingerprintOf(held.pin.publicKey), formatInstantDate(held.pin.confirmedAt))}</p>}
          {held.pin && !open ? (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setOpen(true)}>
              {w.again}
            </button>
          ) : (
            <ConnectDevices personId={personId} otherParty="supervisee" agreementId={agreementId} headingLevel={3} />
          )}
        </>
      )}
    </Section>
  );
}
