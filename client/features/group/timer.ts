/** The phase timer's words: "mm:ss left" while the time box runs, "n min over time" after. */
import { copy } from '../../content/copy.ts';

const pad = (n: number) => String(n).padStart(2, '0');

export function phaseEndsAt(phaseStartedAt: number, allowedMinutes: number): number {
  return phaseStartedAt + allowedMinutes * 60_000;
}

export function timerText(endsAt: number, now: number): { over: boolean; text: string } {
  const remaining = endsAt - now;
  if (remaining >= 0) {
    const seconds = Math.ceil(remaining / 1000);
    return { over: false, text: copy.group.timerLeft(`${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`) };
  }
  return { over: true, text: copy.group.timerOver(Math.ceil(-remaining / 60_000)) };
}
