/**
 * Switching noticings (issue 21, point 6), pure: all on by default; an organisation's default;
 * a supervisor's choice over it; the rule ids the engine gets; and the line the record carries,
 * naming exactly what was on.
 */
import { describe, expect, it } from 'vitest';
import { noticingRules } from '../../machines/noticings/index.ts';
import { $NoticingSettingsV1, $SupervisorNoticingChoiceV1, noticingsInForce, noticingsLine, rulesOn } from '../../machines/noticings/settings.ts';

const rules = noticingRules.rules;
const nameOf = (id: string) => rules.find((r) => r.id === id)?.name ?? id;

describe('which noticings are on', () => {
  it('all of them by default, and the record line names each', () => {
    const inForce = noticingsInForce(rules);
    expect(inForce.by).toBe('default');
    expect(rulesOn(inForce).sort()).toEqual(rules.map((r) => r.id).sort());
    const line = noticingsLine(inForce);
    expect(line.startsWith('Noticings on: ')).toBe(true);
    for (const rule of rules) expect(line).toContain(rule.name);
  });

  it('an organisation switches some off; the record line leaves them out', () => {
    const organisation = $NoticingSettingsV1.parse({ schema: 'noticing-settings/v1', on: true, off: ['start-again', 'single-explanation'] });
    const inForce = noticingsInForce(rules, organisation);
    expect(inForce.by).toBe('organisation');
    expect(rulesOn(inForce)).not.toContain('start-again');
    expect(noticingsLine(inForce)).not.toContain(nameOf('start-again'));
    expect(noticingsLine(inForce)).toContain(nameOf('child-voice'));
  });

  it('a supervisor’s choice replaces the organisation’s where made, and follows it where not', () => {
    const organisation = $NoticingSettingsV1.parse({ schema: 'noticing-settings/v1', on: true, off: ['start-again'] });
    const own = noticingsInForce(rules, organisation, $SupervisorNoticingChoiceV1.parse({ schema: 'noticing-choice/v1', off: ['child-voice'] }));
    expect(own.by).toBe('supervisor');
    expect(rulesOn(own)).toContain('start-again');
    expect(rulesOn(own)).not.toContain('child-voice');
    const offForMe = noticingsInForce(rules, organisation, { schema: 'noticing-choice/v1', on: false });
    expect(rulesOn(offForMe)).toEqual([]);
    expect(noticingsLine(offForMe)).toBe('Noticings off.');
    const organisationOff = noticingsInForce(rules, { schema: 'noticing-settings/v1', on: false, off: [] }, { schema: 'noticing-choice/v1', on: true });
    expect(rulesOn(organisationOff)).toContain('start-again');
  });

  it('every rule switched off one by one is "off" when none is left', () => {
    const inForce = noticingsInForce(rules, { schema: 'noticing-settings/v1', on: true, off: rules.map((r) => r.id) });
    expect(noticingsLine(inForce)).toBe('Noticings off.');
  });

  it('refuses settings that are not settings', () => {
    expect($NoticingSettingsV1.safeParse({ schema: 'noticing-settings/v1', on: 'yes', off: [] }).success).toBe(false);
    expect($NoticingSettingsV1.safeParse({ schema: 'noticing-settings/v1', on: true, off: ['Not An Id'] }).success).toBe(false);
  });
});
