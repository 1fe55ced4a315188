/**
 * "Escalate an immediate concern", as one-to-one and group sessions share it: the events, and
 * the parallel region that makes it reachable from every state without leaving the agenda.
 */
import type { EscalationV1 } from './model/record.ts';

export type EscalationEvent =
  | { type: 'concern.escalate' }
  | { type: 'concern.recorded'; escalation: EscalationV1 }
  | { type: 'concern.cancelled' };

/**
 * The escalation region: open on `concern.escalate`, closed again on a concern recorded (when
 * `guard` allows it, by the machine's `recordEscalation` action) or cancelled. `guard` is the
 * machine's own, as its setup types it.
 */
export function escalationRegion<TGuard>(guard: TGuard) {
  return {
    initial: 'closed',
    states: {
      closed: { on: { 'concern.escalate': 'open' } },
      open: {
        on: {
          'concern.recorded': { guard, target: 'closed', actions: 'recordEscalation' },
          'concern.cancelled': 'closed',
        },
      },
    },
  } as const;
}
