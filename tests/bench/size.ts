/** The dataset's size (kept apart from the generator, which needs Vite to load the templates). */
export type DatasetSize = { supervisees: number; sessionsPerSupervisee: number; casesPerSession: number; actionsPerSession: number; groupSessions: number };

/** Issue 8's decade: 40 × 500 = 20,000 sessions, 60,000 case discussions, 100,000 actions, 500 group sessions. */
export const FULL_SIZE: DatasetSize = { supervisees: 40, sessionsPerSupervisee: 500, casesPerSession: 3, actionsPerSession: 5, groupSessions: 500 };
