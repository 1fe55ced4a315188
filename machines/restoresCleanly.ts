/**
 * Proving that a saved snapshot restores before handing it over, for the live documents'
 * restorers (client/live/session.ts, groupSession.ts, agreement.ts): a broken one is rebuilt instead.
 */
import { createActor, type AnyStateMachine, type InputFrom, type Snapshot } from 'xstate';

/**
 * Whether `snapshot` starts cleanly in `machine`. XState does not throw from start(): a bad
 * snapshot leaves the actor in status 'error', so the probe is started, read and stopped.
 */
export function restoresCleanly<TMachine extends AnyStateMachine>(machine: TMachine, snapshot: Snapshot<unknown>, input: InputFrom<TMachine>): boolean {
  try {
    const probe = createActor(machine as AnyStateMachine, { snapshot, input });
    probe.subscribe({ error: () => undefined });
    probe.start();
    const status = probe.getSnapshot().status;
    probe.stop();
    return status !== 'error';
  } catch {
    return false;
  }
}
