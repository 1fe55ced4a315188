/**
 * The one table of live documents: each kind's record (its machine, load, restore, writes; see
 * kind.ts), loaded with its machines on first use so a screen carries only its own. Every restore
 * goes through here; useLiveDocument.ts runs the rest of the life. Adding a kind of live document
 * is one entry here and one module beside it.
 */
import type { Actor } from 'xstate';
import type { LiveKind } from './kind.ts';

export const liveKinds = {
  session: () => import('./session.ts').then((m) => m.sessionKind),
  groupSession: () => import('./groupSession.ts').then((m) => m.groupSessionKind),
  agreement: () => import('./agreement.ts').then((m) => m.agreementKind),
  practice: () => import('./practice.ts').then((m) => m.practiceKind),
};

export type LiveKindName = keyof typeof liveKinds;
type KindOf<K extends LiveKindName> = Awaited<ReturnType<(typeof liveKinds)[K]>>;
/** What a kind loads (its stored rows, and any companion actors). */
export type StoredOf<K extends LiveKindName> = KindOf<K> extends LiveKind<infer TStored, infer _M, infer _S> ? TStored : never;
/** The actor a kind runs. */
export type ActorOf<K extends LiveKindName> = KindOf<K> extends LiveKind<infer _S, infer TMachine, infer _T> ? Actor<TMachine> : never;
