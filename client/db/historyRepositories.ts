/**
 * A supervisee's history read from storage: their open actions (for the next session's review and
 * the dashboard's counts), and their sessions and actions built into a history (a pure derivation:
 * machines/review/history.ts).
 */
import Dexie from 'dexie';
import type { PreviousActionV1 } from '../../machines/model/record.ts';
import type { ReflectiveModelV1 } from '../../machines/model/reflectiveModel.ts';
import { buildHistory, type SupervisionHistory } from '../../machines/review/history.ts';
import type { SupervisionDB } from './db.ts';
import { keptUntilChanged } from './keptUntilChanged.ts';
import { readSessions, type Derived } from './sessionRows.ts';

export function createHistoryRepositories(db: SupervisionDB, { derived }: { derived: Derived }) {
  const actions = {
    /** Open actions from this supervisee's signed sessions, oldest first, for review. */
    async openFor(personId: string): Promise<PreviousActionV1[]> {
      await derived.ready(personId);
      const rows = await db.actions.where('[personId+status]').equals([personId, 'open']).toArray();
      return rows
        .map((row) => ({
          id: row.id,
          what: row.content.action.what,
          ownerLabel: row.content.ownerLabel,
          dueDate: row.dueDate,
          raisedOn: row.content.raisedOn,
          caseLabel: row.content.caseLabel,
          timesCarriedForward: row.content.reviews.filter((r) => r.outcome === 'carriedForward').length,
        }))
        .sort((a, b) => a.raisedOn.localeCompare(b.raisedOn) || a.dueDate.localeCompare(b.dueDate));
    },
    /**
     * How many of this supervisee's actions are open, and how many of those are past their due date
     * (before `today`), read from the index alone: no row is opened (the dashboard, every visit).
     */
    async countsFor(personId: string, today: string): Promise<{ open: number; overdue: number }> {
      await derived.ready(personId);
      // Kept until the actions change (keptUntilChanged.ts), for today. The keys come from the index
      // version 16 added: Chromium keeps stale entries under an index until the database is swept,
      // and [personId+status] had one for every action ever open.
      return keptUntilChanged(db, `openActions:${personId}:${today}`, ['actions'], async () => {
        const keys = await db.actions
          .where('[personId+status+dueDate]')
          .between([personId, 'open', Dexie.minKey], [personId, 'open', Dexie.maxKey])
          .keys();
        const dueDates = keys.map((key) => String((key as unknown as [string, string, string])[2]));
        return { open: dueDates.length, overdue: dueDates.filter((due) => due !== '' && due < today).length };
      });
    },
  };

  const history = {
    /** The history, and the copies of the models its sessions used that are not shipped (a record made on another device names its stages from them). */
    async of(personId: string): Promise<SupervisionHistory & { models: ReflectiveModelV1[] }> {
      await derived.ready(personId);
      const rows = await db.sessions.where('personId').equals(personId).toArray();
      const actionRows = await db.actions.where('personId').equals(personId).toArray();
      // Copies restored from a backup are listed with the sessions, never counted in the history.
      const stored = readSessions(db, rows).filter((s) => s.row.status !== 'copy');
      const models = stored.flatMap((s) => s.models ?? []);
      const built = buildHistory(
        stored.map((s) => ({ record: s.record, templateTitle: s.template.title, status: s.row.status })),
        actionRows
          .filter((row) => row.status !== 'draft')
          .map((row) => ({
            id: row.id,
            sessionId: row.sessionId,
            what: row.content.action.what,
            ownerLabel: row.content.ownerLabel,
            raisedOn: row.content.raisedOn,
            dueDate: row.dueDate,
            caseLabel: row.content.caseLabel,
            status: row.status,
            reviews: row.content.reviews,
          })),
      );
      return { ...built, models };
    },
  };
  return { actions, history };
}
