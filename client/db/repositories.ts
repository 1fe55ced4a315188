/**
 * Repositories: the only code that reads or writes the database. Rows in, rows out: everything
 * read is parsed with zod (a row that does not parse is reported, never half-used); everything
 * written comes from the machines' typed content, handed over by the live documents
 * (client/live/). Each aggregate has its own module — people, sessions, preparations, history,
 * the case index, shares here; groups, agreements, schedules, practice, signatures, trust,
 * retention and your own forms loaded on first use — and this one puts them together.
 */
import type { createGroupRepositories } from './groupRepositories.ts';
import type { createAgreementRepositories } from './agreementRepositories.ts';
import type { createScheduleRepositories } from './scheduleRepositories.ts';
import type { createPracticeRepositories } from './practiceRepositories.ts';
import type { createSignatureRepositories } from './signatureRepositories.ts';
import type { createTrustRepositories } from './trustRepositories.ts';
import type { createRetentionRepositories } from './retentionRepositories.ts';
import type { createAuthoringRepositories } from './authoringRepositories.ts';
import type { SupervisionDB } from './db.ts';
import { lazyRepository, once } from './lazyRepository.ts';
import { createNoticingSettings } from './noticingSettings.ts';
import { keptFiguresChanges, keptUntilChanged } from './keptUntilChanged.ts';
import { createPeopleRepositories } from './peopleRepositories.ts';
import { createDerived } from './sessionRows.ts';
import { createCaseIndexRepositories } from './caseIndexRepositories.ts';
import { createSessionRepositories } from './sessionRepositories.ts';
import { createPreparationRepositories } from './preparationRepositories.ts';
import { createHistoryRepositories } from './historyRepositories.ts';
import { createShareRepositories } from './shareRepositories.ts';

export type { Result } from './result.ts';
export { StoredRecordError, type StoredSession } from './sessionRows.ts';
export { caseIndexEntriesOf } from './caseIndexRepositories.ts';

export function createRepositories(db: SupervisionDB, deps: { now?: () => Date; newId?: () => string } = {}) {
  const now = deps.now ?? (() => new Date());
  const newId = deps.newId ?? (() => crypto.randomUUID());

  const people = createPeopleRepositories(db, { now, newId });
  const derived = createDerived(db);
  const { actions, history } = createHistoryRepositories(db, { derived });
  const caseIndex = createCaseIndexRepositories(db, { now, derived });
  const preparations = createPreparationRepositories(db, { now, newId, people });

  // Features beyond the one-to-one session load their repositories on first use (first screen stays small).
  const featureDeps = { now, newId, person: people.get };
  const noticingSettings = createNoticingSettings(db, { now });
  // Your organisation's own templates, agreements and models (database version 16; loaded on first use).
  const authoringModule = once(() => import('./authoringRepositories.ts').then((m): ReturnType<typeof createAuthoringRepositories> => m.createAuthoringRepositories(db, { now, newId })));

  const agreementModule = once(() =>
    import('./agreementRepositories.ts').then((m): ReturnType<typeof createAgreementRepositories> =>
      m.createAgreementRepositories(db, {
        ...featureDeps,
        own: {
          find: async (id) => (await authoringModule()).agreements.find(id),
          markUsed: async (id, version) => (await authoringModule()).agreements.markUsed(id, version),
        },
      }),
    ),
  );
  const groupModule = once(() => import('./groupRepositories.ts').then((m): ReturnType<typeof createGroupRepositories> => m.createGroupRepositories(db, featureDeps)));
  const scheduleModule = once(() => import('./scheduleRepositories.ts').then((m): ReturnType<typeof createScheduleRepositories> => m.createScheduleRepositories(db, featureDeps)));
  const practiceModule = once(() => import('./practiceRepositories.ts').then((m): ReturnType<typeof createPracticeRepositories> => m.createPracticeRepositories(db, { now, newId })));
  const trustModule = once(() => import('./trustRepositories.ts').then((m): ReturnType<typeof createTrustRepositories> => m.createTrustRepositories(db, { now, newId })));
  // Retention, subject access, who has left, backup reminders (database version 15; loaded on first use).
  const retentionModule = once(() =>
    Promise.all([import('./retentionRepositories.ts'), import('../content/format.ts')]).then(([m, format]): ReturnType<typeof createRetentionRepositories> =>
      m.createRetentionRepositories(db, { now, newId, listPeople: () => people.list(), today: () => format.localIsoDate(now()) }),
    ),
  );
  const signatureModule = once(() =>
    Promise.all([import('./signatureRepositories.ts'), trustModule()]).then(([m, trust]): ReturnType<typeof createSignatureRepositories> => m.createSignatureRepositories(db, { now, trust })),
  );
  const agreements = lazyRepository(() => agreementModule().then((r) => r.agreements));

  const { sessions, childRecordChoices } = createSessionRepositories(db, { now, newId, derived, caseIndex, scheduleModule, signatureModule });

  const groups = lazyRepository(() => groupModule().then((r) => r.groups));
  const groupSessions = lazyRepository(() => groupModule().then((r) => r.groupSessions));


  const frequencyRules = lazyRepository(() => scheduleModule().then((r) => r.frequencyRules));
  const appointments = lazyRepository(() => scheduleModule().then((r) => r.appointments));

  // Training: stored apart from every real record (see practiceRepositories.ts).
  const practice = lazyRepository(() => practiceModule().then((r) => r.practice));
  const practiceScenarios = lazyRepository(() => practiceModule().then((r) => r.practiceScenarios));

  const signatures = lazyRepository(() => signatureModule());

  const shares = createShareRepositories(db, { now, people, sessions, signatures, trust: trustModule });

  return {
    /** The clock and the ids this device's rows are made with (the tests set them). */
    now,
    newId,
    /** Rows read here that could not be opened (see damage.ts): the screens' notice follows it. */
    damage: db.damage,
    people,
    sessions,
    childRecordChoices,
    actions,
    preparations,
    history,
    caseIndex,
    groups,
    groupSessions,
    agreements,
    frequencyRules,
    appointments,
    practice,
    practiceScenarios,
    signatures,
    shares,
    /** Who signs here and whose keys are pinned (loaded on first use; see trustRepositories.ts). */
    trust: trustModule,
    /** Retention, subject access, supervisees who have left and backup reminders (see retentionRepositories.ts). */
    retention: retentionModule,
    /** Your organisation's own templates, agreements and reflective models (loaded on first use; see authoringRepositories.ts). */
    authoring: authoringModule,
    /** The supervisor's own choice of the assistant's noticings (see noticingSettings.ts). */
    noticingSettings,
    /**
     * A figure worked out from many rows, kept until Dexie reports a change to one of `tables`
     * (keptUntilChanged.ts): for screens that ask for the same figures on every visit.
     */
    keptUntilChanged<T>(name: string, tables: readonly string[], read: () => Promise<T>): Promise<T> {
      return keptUntilChanged(db, name, tables, read);
    },
    /** Moves whenever a kept figure is forgotten: screens showing kept figures follow it (useKeptFigures.ts). */
    keptFigures: keptFiguresChanges(db),
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
