/**
 * The clinical hazard log's shape (DCB0129 style), and the risk matrix it is scored with: NHS
 * England's 5 × 5 matrix of likelihood against severity, giving a risk from 1 (acceptable) to 5
 * (unacceptable). The log itself is data, in .clinical-safety/hazard-log.json.
 */
import { z } from 'zod';

export const severities = ['Minor', 'Significant', 'Considerable', 'Major', 'Catastrophic'] as const;
export const likelihoods = ['Very low', 'Low', 'Medium', 'High', 'Very high'] as const;

/** Risk by likelihood (row) and severity (column), as NHS England's clinical risk matrix gives it. */
const matrix: Record<(typeof likelihoods)[number], readonly [number, number, number, number, number]> = {
  'Very high': [3, 4, 4, 5, 5],
  High: [2, 3, 3, 4, 5],
  Medium: [2, 2, 3, 3, 4],
  Low: [1, 2, 2, 3, 4],
  'Very low': [1, 1, 2, 2, 3],
};

export function riskOf(severity: (typeof severities)[number], likelihood: (typeof likelihoods)[number]): number {
  return matrix[likelihood][severities.indexOf(severity)] ?? 5;
}

const $Assessment = z.strictObject({ severity: z.enum(severities), likelihood: z.enum(likelihoods), risk: z.number().int().min(1).max(5) });

/** A test that evidences a control: its file, and its name as Vitest reports it (the `it` title). */
export const $TestRef = z.strictObject({ file: z.string().regex(/^tests\/[\w/.-]+\.test\.tsx?$/), name: z.string().min(5) });
export type TestRef = z.infer<typeof $TestRef>;

const $Control = z.strictObject({
  id: z.string().regex(/^H\d{2}-C\d{1,2}$/),
  /** design: the product works this way; test: a check that runs on every change; information: what users are told. */
  kind: z.enum(['design', 'test', 'information']),
  description: z.string().min(20),
  tests: z.array($TestRef).min(1, 'A control names the test that evidences it'),
});

export const $Hazard = z.strictObject({
  id: z.string().regex(/^H\d{2}$/),
  title: z.string().min(10),
  cause: z.string().min(20),
  effect: z.string().min(20),
  harm: z.string().min(20),
  initial: $Assessment,
  controls: z.array($Control).min(1, 'A hazard has at least one control'),
  residual: $Assessment,
  /** open: controls still to come (named in `openBecause`); closed: the residual risk is accepted. */
  status: z.enum(['open', 'closed']),
  openBecause: z.string().min(10).optional(),
  /** The issue that found or closed it. */
  issues: z.array(z.number().int().positive()).min(1),
});
export type Hazard = z.infer<typeof $Hazard>;

export const $HazardLog = z.strictObject({
  schema: z.literal('hazard-log/v1'),
  product: z.string().min(1),
  /** The day the log was last reviewed, YYYY-MM-DD. */
  reviewed: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  matrix: z.literal('NHS England clinical risk matrix (DCB0129/DCB0160): likelihood × severity → risk 1–5'),
  hazards: z.array($Hazard).min(1),
});
export type HazardLog = z.infer<typeof $HazardLog>;
