/**
 * Seeds one in-progress Derby session holding 300 answers, for the typing measurement
 * (tests/bench/typing.ts). Bundled by Vite (IIFE) and evaluated inside the app's own page, so
 * it is written by the real repositories over the real sealed IndexedDB of that origin.
 *
 * It does what the app does, without the screens: sets the lock's passphrase as first use does,
 * adds the supervisee, starts the session with `createSession` (client/live/create.ts) (the machine's first snapshot
 * saved), restores the actor from what was saved as the session screen does (`restoreSession`,
 * `inputOf`), drives it with the events the screens send (answers to the free-text steps, and
 * `case.started` then, on the invoked case cycle, `stage.answered` and `stage.completed` for each
 * of the four stages of each case), and saves the record with the actor's persisted snapshot as
 * the screen's saver does (`sessions.save`). The session is left at "Any other business", with
 * every earlier step answered.
 *
 * 300 answers: 74 case discussions × 4 stages (296) and the four free-text steps of the Derby
 * template (issues or concerns, professional challenges, development and training, any other
 * business).
 */
import { createActor, type AnyActorRef } from 'xstate';
import { Keyring } from '../../client/db/atRest.ts';
import { SupervisionDB } from '../../client/db/db.ts';
import { createRepositories } from '../../client/db/repositories.ts';
import { createVault } from '../../client/db/vault.ts';
import { inputOf, restoreSession } from '../../client/live/session.ts';
import { cycleStages } from '../../machines/model/template.ts';
import { findTemplate } from '../../machines/templates/index.ts';
import { concerns } from './dataset.ts';
import { createSession } from '../../client/live/create.ts';

export type TypingSeedOptions = { passphrase: string; cases: number; date: string };
export type TypingSeedResult = { sessionId: string; answers: number; cases: number; freeText: number; at: string };

declare global {
  interface Window {
    __benchSeedTyping?: (options: TypingSeedOptions) => Promise<TypingSeedResult>;
  }
}

const stageText = {
  experience: (label: string, concern: string) => `Home visit to ${label}: ${concern}. Mother said things were fine; the flat was untidy and there was little food in.`,
  reflection: (label: string, concern: string) => `I felt worried and a little out of my depth with ${label}, because ${concern} has come up before and I did not challenge it.`,
  analysis: (label: string, concern: string) => `The risk is rising: ${concern}, and the pattern across three visits matters more than any one of them for ${label}.`,
  actionPlanning: (label: string) => `Share the chronology for ${label} with the social worker and book a joint visit within two weeks; review at next supervision.`,
} as const;
const freeTextAnswers: Record<string, string> = {
  'issues-or-concerns': 'Caseload pressure after two new child protection plans; worried about time for the families on universal plus.',
  'professional-challenges': 'Escalated a disagreement about threshold with children’s social care; the manager agreed to a strategy discussion.',
  'development-training': 'Would like the neglect toolkit training and to shadow a strategy meeting this quarter.',
  'any-other-business': 'Annual leave in the school holidays; cover arranged with the team.',
};

window.__benchSeedTyping = async (options) => {
  const keyring = new Keyring();
  const db = new SupervisionDB(undefined, { keyring });
  try {
    const vault = createVault(db, { now: () => new Date() });
    const created = await vault.create(options.passphrase, options.passphrase);
    if (!created.ok) throw new Error(created.message);
    keyring.unlock(created.value);
    const repositories = createRepositories(db);
    const template = findTemplate('derby-derbyshire-appendix-3');
    if (!template) throw new Error('The Derby template is shipped');
    const person = await repositories.people.add({ name: 'Val Visitor', role: 'Health Visitor' });
    if (!person.ok) throw new Error(person.message);
    const started = await createSession(repositories, {
      template,
      sessionType: 'safeguarding-supervision',
      date: options.date,
      personId: person.value.id,
      supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' },
    });
    if (!started.ok) throw new Error(started.message);
    const sessionId = started.value;

    // As the session screen opens it: the stored record and its envelope, restored.
    const stored = await repositories.sessions.get(sessionId);
    if (!stored) throw new Error('The session was not saved');
    const restored = restoreSession(stored.template, stored.record, await repositories.sessions.snapshot(sessionId));
    if (restored.kind !== 'restored') throw new Error(`The new session was rebuilt: ${restored.why}`);
    const actor = createActor(restored.machine, { snapshot: restored.snapshot, input: inputOf(stored.record) });
    actor.start();
    const position = () => JSON.stringify(actor.getSnapshot().value);
    const at = (sectionId: string) => {
      if (!position().includes(`"${sectionId}"`)) throw new Error(`Expected to be at ${sectionId}, at ${position()}`);
    };
    const next = () => actor.send({ type: 'step.next' });
    const answer = (sectionId: string) => {
      at(sectionId);
      const text = freeTextAnswers[sectionId];
      if (text === undefined) throw new Error(`No answer for ${sectionId}`);
      actor.send({ type: 'answer.changed', sectionId, text });
    };

    at('review-of-previous-supervision');
    next();
    answer('issues-or-concerns');
    next();
    answer('professional-challenges');
    next();
    at('case-discussion');
    for (let c = 0; c < options.cases; c++) {
      const label = `Child ${String.fromCharCode(65 + (c % 26))}${Math.floor(c / 26) + 1}`;
      const concern = concerns[c % concerns.length] ?? '';
      actor.send({ type: 'case.started', caseId: crypto.randomUUID(), label, chosenBy: null });
      const cycle = (actor.getSnapshot().children as Record<string, AnyActorRef | undefined>)['cycle'];
      if (!cycle) throw new Error('The case cycle did not start');
      for (const stage of cycleStages) {
        cycle.send({ type: 'stage.answered', stage, field: 'notes', text: stageText[stage](label, concern) });
        cycle.send({ type: 'stage.completed' });
      }
      if (!position().includes('"choosing"')) throw new Error(`Case ${label} did not finish: ${position()}`);
    }
    next();
    answer('development-training');
    next();
    at('plan-and-actions');
    next();
    answer('any-other-business');

    const snapshot = actor.getSnapshot();
    const content = snapshot.context;
    await repositories.sessions.save(stored.template, content, actor.getPersistedSnapshot());
    actor.stop();
    const stageAnswers = content.cases.reduce((sum, c) => sum + cycleStages.filter((stage) => (c.stages[stage]?.['notes'] ?? '').trim() !== '').length, 0);
    const freeText = Object.values(content.answers).filter((text) => text.trim() !== '').length;
    return { sessionId, answers: stageAnswers + freeText, cases: content.cases.length, freeText, at: position() };
  } finally {
    db.close();
  }
};
