/**
 * The visible timer of a consultation phase, from the phase's start, its allowance and the
 * app's clock, ticking every second. It is not a live region (a spoken tick would drown the
 * discussion); running out is said once, in a status message.
 */
import { useEffect, useState } from 'react';
import { copy } from '../../content/copy.ts';
import { useServices } from '../../app/services.tsx';
import { phaseEndsAt, timerText } from './timer.ts';

export function PhaseTimer({ phaseStartedAt, allowedMinutes }: { phaseStartedAt: number; allowedMinutes: number }) {
  const { now } = useServices();
  const [at, setAt] = useState(() => now().getTime());
  useEffect(() => {
    setAt(now().getTime());
    const interval = setInterval(() => setAt(now().getTime()), 1000);
    return () => clearInterval(interval);
  }, [now, phaseStartedAt, allowedMinutes]);
  const { over, text } = timerText(phaseEndsAt(phaseStartedAt, allowedMinutes), at);
  return (
    <>
      <p className="nhsuk-body-l app-phase-timer">
        <span className="nhsuk-u-visually-hidden">{copy.group.timerLabel}: </span>
        <strong role="timer" className={over ? 'nhsuk-tag nhsuk-tag--red' : undefined}>
          {text}
        </strong>
      </p>
      <p className="nhsuk-body-s" role="status">
        {over ? copy.group.timeUp : ''}
      </p>
    </>
  );
}
