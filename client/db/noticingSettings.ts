/**
 * The supervisor's own choice of the assistant's noticings (issue 21, point 6), kept as one row
 * of the `profile` table under the fixed id 'noticings' (who uses this device and how: sealed at
 * rest like every row, carried by backups with the profile; the key holds no personal data). The
 * organisation's choice is the template's (`noticings` in the template); client/live/noticings.ts
 * puts the supervisor's over it, and a session records what was in force when it began.
 */
import { $SupervisorNoticingChoiceV1, type SupervisorNoticingChoiceV1 } from '../../machines/noticings/settings.ts';
import { savingCopy } from '../content/savingCopy.ts';
import type { SupervisionDB } from './db.ts';
import type { Result } from './result.ts';

export const noticingChoiceId = 'noticings';

export function createNoticingSettings(db: SupervisionDB, deps: { now: () => Date }) {
  return {
    /** The supervisor's choice, or null when none was made (or the row no longer parses: the organisation's applies). */
    async get(): Promise<SupervisorNoticingChoiceV1 | null> {
      const row = await db.profile.get(noticingChoiceId);
      if (!row) return null;
      const parsed = $SupervisorNoticingChoiceV1.safeParse(row.content);
      return parsed.success ? parsed.data : null;
    },
    async save(choice: unknown): Promise<Result<SupervisorNoticingChoiceV1>> {
      const parsed = $SupervisorNoticingChoiceV1.safeParse(choice);
      if (!parsed.success) return { ok: false, message: savingCopy.saving.noticingChoiceInvalid };
      await db.profile.put({ id: noticingChoiceId, updatedAt: deps.now().toISOString(), content: parsed.data });
      return { ok: true, value: parsed.data };
    },
  };
}
export type NoticingSettingsRepository = ReturnType<typeof createNoticingSettings>;
