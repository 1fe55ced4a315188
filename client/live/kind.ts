/**
 * What a kind of live document declares (client/live/kinds.ts lists them): the machine it runs,
 * how it is loaded and restored, and how its state is written — at once (`write`: what makes a
 * change durable) and, for the kinds that leave some of it for later, once the typing pauses
 * (`settle`: the rows other screens read). useLiveDocument.ts runs the rest of the life for every
 * kind alike: start, subscribe, save through the saver, flush, close.
 */
import type { Actor, AnyActorRef, AnyStateMachine, InputFrom, Snapshot } from 'xstate';
import type { Repositories } from '../db/repositories.ts';
import type { Later } from './saver.ts';

/** The actor to start: the snapshot to start from, its input, and what to tell the users if it was rebuilt. */
export type Restored<TMachine extends AnyStateMachine> = { snapshot: Snapshot<unknown>; input: InputFrom<TMachine>; notice: string | null };

export type LiveKind<TStored, TMachine extends AnyStateMachine, TState> = {
  /** The machine a stored document runs (a session's is built from its template and models). */
  machine: (stored: TStored) => TMachine;
  /** What was saved, with its snapshot envelope; throws (with the message to show) when there is nothing. */
  load: (repositories: Repositories, id: string) => Promise<{ stored: TStored; envelope: unknown }>;
  /** The snapshot to start `machine` from: the envelope's if it restores cleanly, or else one rebuilt from the stored content. */
  restore: (stored: TStored, envelope: unknown, machine: TMachine) => Restored<TMachine>;
  /** The state one save writes, taken once from the running actor (both writes write the same state). */
  capture: (actor: Actor<TMachine>, stored: TStored) => TState;
  /** Makes the state durable; asked for before anything is awaited (within the keystroke's task). */
  write: (repositories: Repositories, stored: TStored, state: TState) => Promise<void>;
  /** What is written once the changes pause, if anything is left for then (see saver.ts: a `Later`). */
  settle?: (repositories: Repositories, stored: TStored, state: TState) => Later | null;
  /** The id the machine invokes a child under (its key in `snapshot.children`): the child's changes are saved too. */
  childId?: string;
  /** Other actors the document holds (a practice's script): their changes are saved too, and they stop with it. */
  companions?: (stored: TStored) => readonly AnyActorRef[];
};

