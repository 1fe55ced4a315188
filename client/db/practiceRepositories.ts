/**
 * Practice sessions and imported scenarios: training kept apart from real records. A practice
 * session lives only in `practiceSessions` (never `sessions`, `cases`, `actions` or
 * `signatures`), so it can never produce a child-record summary or reach the dashboard or the
 * compliance report. Everything read is parsed with zod; invalid input changes nothing.
 */
import { parseJsonSafely } from '../crypto/encoding.ts';
import { readEach } from './damage.ts';
import { $ScenarioV1, type ScenarioV1 } from '../../machines/practice/scenario.ts';
import { findScenario, scenarios as shippedScenarios } from '../../machines/practice/scenarios/index.ts';
import { $PracticeContentV1, type PracticeContentV1, type PracticeStateV1 } from '../../machines/practice/state.ts';
import { savingCopy } from '../content/savingCopy.ts';
import { envelopeOf } from '../../machines/model/envelope.ts';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import { findTemplate } from '../../machines/templates/index.ts';
import type { PracticeSessionRow, SupervisionDB } from './db.ts';
import type { Result } from './result.ts';

type Deps = { now: () => Date; newId: () => string };

/** Larger than any real scenario (the shipped ones are under 20 kB). */
export const MAX_SCENARIO_BYTES = 256 * 1024;
/** The opaque id the simulated supervisee has in a practice record: never a real person's. */
export const PRACTICE_PERSON_ID = 'practice-supervisee';
export const SCRIPTED_SUPERVISOR = savingCopy.saving.scriptedSupervisor;

export class StoredPracticeError extends Error {
  override name = 'StoredPracticeError';
}

export type StoredPractice = { row: PracticeSessionRow; content: PracticeContentV1 };

function readPractice(row: PracticeSessionRow): StoredPractice {
  const parsed = $PracticeContentV1.safeParse(row.content);
  if (!parsed.success) throw new StoredPracticeError(savingCopy.saving.practiceUnreadable(problemOf(parsed.error)));
  return { row, content: parsed.data };
}

/** The first problem zod found, or "not valid". */
function problemOf(error: { issues: readonly { message: string }[] }): string {
  return error.issues[0]?.message ?? savingCopy.saving.problemNotValid;
}

export function createPracticeRepositories(db: SupervisionDB, { now, newId }: Deps) {
  const scenarios = {
    /** The shipped scenarios, then those imported on this device (an unreadable one is reported, never used). */
    async list(): Promise<{ scenarios: ScenarioV1[]; problems: string[] }> {
      const rows = await db.practiceScenarios.toArray();
      const problems: string[] = [];
      const imported = rows.flatMap((row) => {
        const parsed = $ScenarioV1.safeParse(row.content);
        if (parsed.success) return [parsed.data];
        problems.push(savingCopy.saving.scenarioUnreadable(problemOf(parsed.error)));
        return [];
      });
      return { scenarios: [...shippedScenarios, ...imported], problems };
    },

    async find(id: string): Promise<ScenarioV1 | undefined> {
      const shipped = findScenario(id);
      if (shipped) return shipped;
      const row = await db.practiceScenarios.get(id);
      const parsed = row ? $ScenarioV1.safeParse(row.content) : undefined;
      return parsed?.success ? parsed.data : undefined;
    },

    /** A trainer's scenario file: refused with a plain reason, changing nothing, unless it is a valid scenario for a template this app has. */
    async import(text: string): Promise<Result<ScenarioV1>> {
      if (new TextEncoder().encode(text).length > MAX_SCENARIO_BYTES) return { ok: false, message: savingCopy.saving.scenarioTooLarge };
      // Prototype keys and deep nesting are refused before anything recursive reads it.
      const json = parseJsonSafely(text);
      if (!json.ok) {
        if (json.forbiddenKey) return { ok: false, message: savingCopy.saving.scenarioForbiddenKey };
        if (json.tooDeep) return { ok: false, message: savingCopy.saving.scenarioTooDeep };
        return { ok: false, message: savingCopy.saving.scenarioNotJson };
      }
      const parsed = $ScenarioV1.safeParse(json.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, message: issue ? savingCopy.saving.scenarioInvalid(issue.path.join('.') || savingCopy.saving.theFile, issue.message) : savingCopy.saving.scenarioInvalid(null, savingCopy.saving.problemNotValid) };
      }
      const scenario = parsed.data;
      const template = findTemplate(scenario.templateId);
      if (!template) return { ok: false, message: savingCopy.saving.scenarioTemplateMissing(scenario.templateId) };
      if (!template.sessionTypes.some((t) => t.id === scenario.sessionType)) return { ok: false, message: savingCopy.saving.scenarioNoSessionType(scenario.sessionType) };
      if (findScenario(scenario.id)) return { ok: false, message: savingCopy.saving.scenarioIdShipped(scenario.id) };
      await db.practiceScenarios.put({ id: scenario.id, updatedAt: now().toISOString(), content: scenario });
      return { ok: true, value: scenario };
    },
  };

  const practice = {
    async save(template: RecordTemplateV1, record: SessionContentV1, snapshot: unknown, state: PracticeStateV1): Promise<void> {
      const savedAt = now().toISOString();
      const content: PracticeContentV1 = { schema: 'practice-session/v1', training: true, template, record, envelope: envelopeOf(snapshot, savedAt), practice: state };
      const parsed = $PracticeContentV1.safeParse(content);
      if (!parsed.success) throw new StoredPracticeError(savingCopy.saving.practiceUnsaveable(problemOf(parsed.error)));
      await db.practiceSessions.put({ id: record.sessionId, status: state.value, updatedAt: savedAt, content: parsed.data });
    },

    async get(id: string): Promise<StoredPractice | undefined> {
      const row = await db.practiceSessions.get(id);
      return row ? readPractice(row) : undefined;
    },

    /** Newest first. */
    async list(): Promise<StoredPractice[]> {
      const rows = await db.practiceSessions.orderBy('updatedAt').reverse().toArray();
      return readEach(db, 'practiceSessions', rows, readPractice);
    },

    async remove(id: string): Promise<void> {
      await db.practiceSessions.delete(id);
    },
  };

  return { practiceScenarios: scenarios, practice };
}
