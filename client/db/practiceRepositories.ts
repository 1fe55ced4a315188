/**
 * Practice sessions and imported scenarios: training kept apart from real records. A practice
 * session lives only in `practiceSessions` (never `sessions`, `cases`, `actions` or
 * `signatures`), so it can never produce a child-record summary or reach the dashboard or the
 * compliance report. Everything read is parsed with zod; invalid input changes nothing.
 */
import { parseJsonSafely } from '../crypto/encoding.ts';
import { readEach } from './damage.ts';
import { createActor } from 'xstate';
import type { Snapshot } from 'xstate';
import { $ScenarioV1, type ScenarioV1 } from '../../machines/practice/scenario.ts';
import { findScenario, scenarios as shippedScenarios } from '../../machines/practice/scenarios/index.ts';
import { $PracticeContentV1, type PracticeContentV1, type PracticeStateV1 } from '../../machines/practice/state.ts';
import type { PracticeRole } from '../../machines/practice/practice.machine.ts';
import { createSessionMachine } from '../../machines/session/session.machine.ts';
import { envelopeOf } from '../../machines/model/envelope.ts';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import { findTemplate } from '../../machines/templates/index.ts';
import { practiceModels } from '../../machines/practice/scenario.ts';
import type { PracticeSessionRow, SupervisionDB } from './db.ts';
import type { Result } from './repositories.ts';
import { localIsoDate } from '../content/format.ts';

type Deps = { now: () => Date; newId: () => string };

/** Larger than any real scenario (the shipped ones are under 20 kB). */
export const MAX_SCENARIO_BYTES = 256 * 1024;
/** The opaque id the simulated supervisee has in a practice record: never a real person's. */
export const PRACTICE_PERSON_ID = 'practice-supervisee';
export const SCRIPTED_SUPERVISOR = 'Scripted supervisor';

export class StoredPracticeError extends Error {
  override name = 'StoredPracticeError';
}

export type StoredPractice = { row: PracticeSessionRow; content: PracticeContentV1 };

function readPractice(row: PracticeSessionRow): StoredPractice {
  const parsed = $PracticeContentV1.safeParse(row.content);
  if (!parsed.success) throw new StoredPracticeError(`A practice session saved on this device could not be read: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
  return { row, content: parsed.data };
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
        problems.push(`An imported scenario could not be read: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
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
      if (new TextEncoder().encode(text).length > MAX_SCENARIO_BYTES) return { ok: false, message: 'The file is too large to be a scenario (256 kB at most)' };
      // Prototype keys and deep nesting are refused before anything recursive reads it.
      const json = parseJsonSafely(text);
      if (!json.ok) {
        if (json.forbiddenKey) return { ok: false, message: 'The file is not a valid scenario: it has a key named __proto__, constructor or prototype' };
        if (json.tooDeep) return { ok: false, message: 'The file is not a valid scenario: it is nested too deeply' };
        return { ok: false, message: 'The file is not a scenario: it is not JSON' };
      }
      const parsed = $ScenarioV1.safeParse(json.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        return { ok: false, message: `The file is not a valid scenario: ${issue ? `${issue.path.join('.') || 'the file'}: ${issue.message}` : 'not valid'}` };
      }
      const scenario = parsed.data;
      const template = findTemplate(scenario.templateId);
      if (!template) return { ok: false, message: `The scenario uses a record template this app does not have (“${scenario.templateId}”)` };
      if (!template.sessionTypes.some((t) => t.id === scenario.sessionType)) return { ok: false, message: `The record template has no session type “${scenario.sessionType}”` };
      if (findScenario(scenario.id)) return { ok: false, message: `A scenario shipped with the app already has the id “${scenario.id}”` };
      await db.practiceScenarios.put({ id: scenario.id, updatedAt: now().toISOString(), content: scenario });
      return { ok: true, value: scenario };
    },
  };

  const practice = {
    /** Starts a practice session: the real session machine for the scenario's template, saved before anything is shown. */
    async create(input: { scenarioId: string; role: PracticeRole; trainee: string }): Promise<Result<string>> {
      const trainee = input.trainee.trim();
      if (!trainee) return { ok: false, message: 'Enter your name' };
      const scenario = await scenarios.find(input.scenarioId);
      if (!scenario) return { ok: false, message: 'Choose a scenario' };
      const template = findTemplate(scenario.templateId);
      if (!template) return { ok: false, message: `The scenario uses a record template this app does not have (“${scenario.templateId}”)` };
      const practiceId = newId();
      const machine = createSessionMachine(template, scenario.sessionType, { focus: false, onlyModels: practiceModels });
      const actor = createActor(machine, {
        input: {
          sessionId: practiceId,
          sessionType: scenario.sessionType,
          date: localIsoDate(now()),
          parties: {
            supervisor: { name: input.role === 'supervisor' ? trainee : SCRIPTED_SUPERVISOR, role: 'Practice' },
            supervisee: { personId: PRACTICE_PERSON_ID, name: input.role === 'supervisee' ? trainee : scenario.supervisee.name, role: scenario.supervisee.role },
          },
          previousActions: [],
        },
      }).start();
      const state: PracticeStateV1 = {
        value: 'briefing',
        context: { practiceId, scenario, role: input.role, trainee, startedAt: null, finishedAt: null, turns: [], stageLog: [], refusal: null, draft: { intervention: null, words: '' } },
      };
      await practice.save(template, actor.getSnapshot().context, actor.getPersistedSnapshot(), state);
      actor.stop();
      return { ok: true, value: practiceId };
    },

    async save(template: RecordTemplateV1, record: SessionContentV1, snapshot: Snapshot<unknown>, state: PracticeStateV1): Promise<void> {
      const savedAt = now().toISOString();
      const content: PracticeContentV1 = { schema: 'practice-session/v1', training: true, template, record, envelope: envelopeOf(snapshot, savedAt), practice: state };
      const parsed = $PracticeContentV1.safeParse(content);
      if (!parsed.success) throw new StoredPracticeError(`The practice session could not be saved: ${parsed.error.issues[0]?.message ?? 'not valid'}`);
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
