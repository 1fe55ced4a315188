/**
 * Which noticings are on (issue 21, point 6), as pure data: an organisation's default and a
 * supervisor's own choice over it. Every rule is on unless switched off, so a rule added later is
 * on without anyone choosing it; a supervisor's choice, where made, replaces the organisation's
 * for their sessions. The record carries the line noticingsLine() gives, naming what was on.
 * (Where the settings are stored, and the screen that changes them, come later.)
 */
import { z } from 'zod';
import type { NoticingRuleV1 } from './schema.ts';

const $RuleId = z.string().regex(/^[a-z][a-z0-9-]{1,40}$/);

export const $NoticingSettingsV1 = z.strictObject({
  schema: z.literal('noticing-settings/v1'),
  /** false: the assistant asks no follow-up questions at all. */
  on: z.boolean(),
  /** Rules switched off by id; every other rule is on. */
  off: z.array($RuleId).max(100),
});
export type NoticingSettingsV1 = z.infer<typeof $NoticingSettingsV1>;

/** A supervisor's own choice: either part left out follows the organisation. */
export const $SupervisorNoticingChoiceV1 = z.strictObject({
  schema: z.literal('noticing-choice/v1'),
  on: z.boolean().optional(),
  off: z.array($RuleId).max(100).optional(),
});
export type SupervisorNoticingChoiceV1 = z.infer<typeof $SupervisorNoticingChoiceV1>;

export const defaultNoticingSettings: NoticingSettingsV1 = { schema: 'noticing-settings/v1', on: true, off: [] };

export type NoticingsInForce = {
  on: boolean;
  /** The rules on, in priority order, with the version each was at. */
  rules: { id: string; version: string; name: string }[];
  /** Whose choice this is. */
  by: 'default' | 'organisation' | 'supervisor';
};

/** The noticings in force for a session: the supervisor's choice over the organisation's, over all on. */
export function noticingsInForce(rules: readonly NoticingRuleV1[], organisation?: NoticingSettingsV1 | null, supervisor?: SupervisorNoticingChoiceV1 | null): NoticingsInForce {
  const base = organisation ?? defaultNoticingSettings;
  const on = supervisor?.on ?? base.on;
  const off = new Set(supervisor?.off ?? base.off);
  const by = supervisor && (supervisor.on !== undefined || supervisor.off !== undefined) ? 'supervisor' : organisation ? 'organisation' : 'default';
  const chosen = on ? [...rules].filter((r) => !off.has(r.id)).sort((a, b) => a.priority - b.priority || a.id.localeCompare(b.id)) : [];
  return { on: on && chosen.length > 0, rules: chosen.map((r) => ({ id: r.id, version: r.version, name: r.name })), by };
}

/** The rule ids the engine is given (engine.ts: NoticeInput.on). */
export function rulesOn(inForce: NoticingsInForce): string[] {
  return inForce.on ? inForce.rules.map((r) => r.id) : [];
}

/**
 * The line the record carries: "Noticings on: the child's voice and daily life; fathers, partners
 * and other adults." or "Noticings off." — what was on, in the rules' own names, so a reader knows
 * what the assistant was listening for.
 */
export function noticingsLine(inForce: NoticingsInForce): string {
  if (!inForce.on) return 'Noticings off.';
  return `Noticings on: ${inForce.rules.map((r) => r.name).join('; ')}.`;
}
