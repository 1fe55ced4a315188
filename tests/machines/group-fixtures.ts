/**
 * Shared by the group supervision tests: the clock's unit, and a consultation's timing
 * written as one table rather than an object a phase.
 */
import type { ConsultationPhase, ConsultationV1 } from '../../machines/model/group.ts';

export const minute = 60_000;

/**
 * A consultation's timing, each phase given as [allowed minutes, used seconds]:
 * `timingTable({ presenting: [5, 240], … })` is `{ presenting: { allowedMinutes: 5, usedSeconds: 240 }, … }`.
 * Built from the table given alone, so an expected timing says every number it expects.
 */
export function timingTable(phases: Record<ConsultationPhase, readonly [allowedMinutes: number, usedSeconds: number]>): ConsultationV1['timing'] {
  const entries = Object.entries(phases) as [ConsultationPhase, readonly [number, number]][];
  return Object.fromEntries(entries.map(([phase, [allowedMinutes, usedSeconds]]) => [phase, { allowedMinutes, usedSeconds }])) as ConsultationV1['timing'];
}
