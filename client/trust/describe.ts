/** A key's standing on this device in words that name the person and the fingerprint (every verification result does). */
import type { KeyTrust } from '../../machines/model/trust.ts';
import { fingerprintOf } from '../../machines/model/trust.ts';
import { copy } from '../content/copy.ts';
import { formatInstant } from '../content/format.ts';

export function describeTrust(trust: KeyTrust): string {
  switch (trust.kind) {
    case 'own':
      return copy.trust.own(trust.name, trust.fingerprint);
    case 'pinned':
      return trust.current || trust.pin.replacedAt === null
        ? copy.trust.pinned(trust.pin.name, formatInstant(trust.pin.confirmedAt), trust.fingerprint)
        : copy.trust.pinnedEarlier(trust.pin.name, formatInstant(trust.pin.replacedAt), trust.fingerprint);
    case 'notConfirmed':
      return copy.trust.notConfirmed(trust.fingerprint);
    case 'unknown':
      return copy.trust.unknown(trust.fingerprint, trust.pinned?.name ?? null, trust.pinned ? fingerprintOf(trust.pinned.publicKey) : null);
  }
}
