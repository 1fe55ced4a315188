/**
 * "Your details" (the profile on #/you) for the forms they pre-fill: the supervisor's name and role
 * on the start and agreement screens, and the template chosen first. Null when there are none (or
 * they cannot be read: the forms are then left empty, as without a profile).
 */
import { useEffect, useState } from 'react';
import type { ProfileV1 } from '../../machines/model/trust.ts';
import { useServices } from '../app/services.tsx';

export function useYourDetails(): ProfileV1 | null | undefined {
  const { repositories } = useServices();
  const [details, setDetails] = useState<ProfileV1 | null | undefined>(undefined);
  useEffect(() => {
    let cancelled = false;
    repositories
      .trust()
      .then((trust) => trust.profile.get())
      .then(
        (profile) => !cancelled && setDetails(profile),
        () => !cancelled && setDetails(null),
      );
    return () => {
      cancelled = true;
    };
  }, [repositories]);
  return details;
}

/**
 * Fills a form field from your details once they are read, unless something has been typed there
 * already: what is filled stays editable.
 */
export function prefill(current: string, fromDetails: string | undefined): string {
  return current === '' && fromDetails ? fromDetails : current;
}
