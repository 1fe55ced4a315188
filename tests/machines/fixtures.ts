/** Shared builders for machine tests: real templates, plausible content, fixed clock values. */
import { findTemplate } from '../../machines/templates/index.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { ActionV1, PreviousActionV1, SignatureV1 } from '../../machines/model/record.ts';
import type { SessionInput } from '../../machines/session/session.machine.ts';

export function template(id: string): RecordTemplateV1 {
  const found = findTemplate(id);
  if (!found) throw new Error(`No template ${id}`);
  return found;
}

export const derby = () => template('derby-derbyshire-appendix-3');
export const temple = () => template('temple-learning-academy-appendix-2');
export const southGlos = () => template('south-gloucestershire-appendix-2');
export const somerset = () => template('somerset-icb-appendix-1');

export const previousAction: PreviousActionV1 = {
  id: 'prev-action-0001',
  what: 'Request chronology from school nurse',
  ownerLabel: 'Supervisee',
  dueDate: '2026-10-01',
  raisedOn: '2026-08-20',
  caseLabel: 'Baby T',
  timesCarriedForward: 0,
};

export function sessionInput(overrides: Partial<SessionInput> = {}): SessionInput {
  return {
    sessionId: 'session-0001',
    sessionType: 'safeguarding-supervision',
    date: '2026-11-22',
    parties: {
      supervisor: { name: 'Sam Supervisor', role: 'Named Nurse' },
      supervisee: { personId: 'person-0001', name: 'Val Visitor', role: 'Health Visitor' },
    },
    previousActions: [previousAction],
    ...overrides,
  };
}

export function completeAction(id = 'action-0001', caseId: string | null = null): ActionV1 {
  return { id, what: 'Refer to MASH', owner: { kind: 'supervisee', name: '' }, dueDate: '2026-11-29', caseId };
}

const pixel = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
export function signature(role: 'supervisor' | 'supervisee'): SignatureV1 {
  return { role, fullName: role === 'supervisor' ? 'Sam Supervisor' : 'Val Visitor', drawing: pixel, signedAt: '2026-11-22T11:00:00.000Z' };
}
