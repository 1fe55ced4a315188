/**
 * Starting a live document: each kind's first state, computed with XState's pure
 * `initialTransition` (no actor runs), saved before anything is shown. Loaded with the kind's
 * machines on first use. (An agreement starts as a blank draft with no snapshot: its repository's
 * `create`; opening it rebuilds the first state.)
 */
import type { Repositories } from '../db/repositories.ts';
import type { Result } from '../db/result.ts';
import type { NewSession } from './session.ts';
import type { PracticeRole } from '../../machines/practice/practice.machine.ts';

export async function createSession(repositories: Repositories, input: NewSession): Promise<Result<string>> {
  return (await import('./session.ts')).createSession(repositories, input);
}

export async function createGroupSession(repositories: Repositories, input: { groupId: string; date: string }): Promise<Result<string>> {
  return (await import('./groupSession.ts')).createGroupSession(repositories, input);
}

export async function createPractice(repositories: Repositories, input: { scenarioId: string; role: PracticeRole; trainee: string }): Promise<Result<string>> {
  return (await import('./practice.ts')).createPractice(repositories, input);
}
