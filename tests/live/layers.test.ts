/**
 * Storage only stores (issue 20): nothing in client/db starts an actor or loads a machine — it
 * imports from machines/ only schemas, data and pure derivations, never XState, a `*.machine.ts`,
 * or the live documents and screens above it. The live documents (client/live/) do not reach back
 * into the screens. And a new document's first state, computed without an actor, is what a
 * started actor would have saved.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActor, initialTransition } from 'xstate';
import { groupSessionMachine } from '../../machines/group/groupSession.machine.ts';
import { createSessionMachine } from '../../machines/session/session.machine.ts';
import { broughtPreparation, derby, DERBY, sessionInput } from '../machines/fixtures.ts';

const root = join(import.meta.dirname, '..', '..');

function importsOf(folder: string): [file: string, specifier: string][] {
  return readdirSync(join(root, folder))
    .filter((f) => /\.tsx?$/.test(f))
    .flatMap((f) => [...readFileSync(join(root, folder, f), 'utf8').matchAll(/(?:from|import\()\s*'([^']+)'/g)].map((m): [string, string] => [f, m[1]!]));
}

describe('layers', () => {
  it('client/db reads no machine, no actor, nothing above it', () => {
    const found = importsOf('client/db');
    expect(found.length).toBeGreaterThan(50);
    const wrong = found.filter(([, spec]) => spec === 'xstate' || spec.startsWith('@xstate') || /\.machine\.ts$/.test(spec) || /\/(live|features)\//.test(spec));
    expect(wrong).toEqual([]);
  });

  it('client/live never reaches into the screens', () => {
    const wrong = importsOf('client/live').filter(([, spec]) => /\/features\//.test(spec));
    expect(wrong).toEqual([]);
  });
});

describe('a new document’s first state, without an actor', () => {
  it.each([false, true])('a one-to-one session (brought a preparation: %s) is what a started actor saves', (brought) => {
    const machine = createSessionMachine(derby(), DERBY, { focus: brought });
    const input = sessionInput(brought ? { brought: broughtPreparation() } : {});
    const actor = createActor(machine, { input }).start();
    const [first] = initialTransition(machine, input);
    expect(JSON.parse(JSON.stringify(machine.getPersistedSnapshot(first)))).toEqual(JSON.parse(JSON.stringify(actor.getPersistedSnapshot())));
    actor.stop();
  });

  it('a group session is what a started actor saves', () => {
    const input = {
      sessionId: 'group-session-0001', groupId: 'group-000001', groupName: 'Health visiting north', date: '2026-11-18',
      facilitator: { personId: 'person-0001', name: 'Fay Facilitator', role: 'Named Nurse' },
      members: [{ personId: 'person-0001', name: 'Fay Facilitator', role: 'Named Nurse' }],
      previouslyAgreed: [], groundRules: 'Be kind', vocabulary: ['Neglect'],
    };
    const actor = createActor(groupSessionMachine, { input }).start();
    const [first] = initialTransition(groupSessionMachine, input);
    expect(JSON.parse(JSON.stringify(groupSessionMachine.getPersistedSnapshot(first)))).toEqual(JSON.parse(JSON.stringify(actor.getPersistedSnapshot())));
    actor.stop();
  });
});
