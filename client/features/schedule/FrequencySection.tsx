/**
 * A supervisee's rules: how often they need supervision (a policy's preset, grouped by policy,
 * or their own; half-termly with the school's own term dates) and how soon a cancelled session
 * is rebooked; and the status the rules give.
 */
import { useState } from 'react';
import {
  complianceStatus,
  describeRule,
  findPreset,
  frequencyPresets,
  type FrequencyPreset,
  type FrequencyRuleV1,
  type HalfTermV1,
} from '../../../machines/compliance/frequency.ts';
import { rebookingPolicies, type RebookingPolicy, type RebookingRuleV1 } from '../../../machines/compliance/schedule.ts';
import type { SavedFrequencyRule, SavedFrequencyRuleInput } from '../../db/scheduleRepositories.ts';
import { Radios } from '../../components/Radios.tsx';
import { HalfTermsEditor } from './HalfTermsEditor.tsx';
import { copy } from '../../content/copy.ts';
import { formatDate } from '../../content/format.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Input } from '../../components/Input.tsx';
import { useServices } from '../../app/services.tsx';

const w = copy.schedule;
const CUSTOM = 'custom';
const customKinds = ['everyMonths', 'everyWeeks', 'timesPerYear'] as const;
type CustomKind = (typeof customKinds)[number];

const statusTag = { upToDate: 'nhsuk-tag--green', dueSoon: 'nhsuk-tag--yellow', overdue: 'nhsuk-tag--red', notApplicable: 'nhsuk-tag--grey' } as const;

function byOrganisation(presets: readonly FrequencyPreset[]): [string, FrequencyPreset[]][] {
  const groups = new Map<string, FrequencyPreset[]>();
  for (const preset of presets) groups.set(preset.organisation, [...(groups.get(preset.organisation) ?? []), preset]);
  return [...groups];
}

function customOf(rule: FrequencyRuleV1 | undefined): { kind: CustomKind; number: string } {
  if (rule?.kind === 'everyMonths') return { kind: 'everyMonths', number: String(rule.months) };
  if (rule?.kind === 'everyWeeks') return { kind: 'everyWeeks', number: String(rule.weeks) };
  if (rule?.kind === 'timesPerYear') return { kind: 'timesPerYear', number: String(rule.times) };
  return { kind: 'everyMonths', number: '' };
}

function customRule(kind: CustomKind, n: number): FrequencyRuleV1 {
  if (kind === 'everyMonths') return { kind, months: n };
  if (kind === 'everyWeeks') return { kind, weeks: n };
  return { kind, times: n };
}

export function describeRebooking(rule: RebookingRuleV1): string {
  if (rule.policy === 'custom') return rule.days === 0 ? w.rebooking.policies.southGlos : w.rebooking.withinDays(rule.days);
  return w.rebooking.policies[rule.policy];
}

export function FrequencyStatus({ saved, lastSigned, today }: { saved: SavedFrequencyRule | undefined; lastSigned: string | null; today: string }) {
  if (!saved) return <p>{w.frequency.none}</p>;
  const result = complianceStatus(saved.rule, lastSigned, today);
  return (
    <dl className="nhsuk-summary-list" data-testid="compliance-status">
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">{w.status.title}</dt>
        <dd className="nhsuk-summary-list__value">
          <strong className={`nhsuk-tag ${statusTag[result.status]}`}>{w.status.labels[result.status]}</strong>
        </dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">{w.status.rule}</dt>
        <dd className="nhsuk-summary-list__value">{describeRule(saved.rule)}</dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">{w.rebooking.rule}</dt>
        <dd className="nhsuk-summary-list__value">{describeRebooking(saved.rebooking)}</dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">{w.status.lastSigned}</dt>
        <dd className="nhsuk-summary-list__value">{lastSigned ? formatDate(lastSigned) : w.status.never}</dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">{w.status.due}</dt>
        <dd className="nhsuk-summary-list__value">
          {result.problem === 'termDatesNeeded' ? w.status.termDatesNeeded : (result.dueDate ? formatDate(result.dueDate) : w.status.notDue)}
        </dd>
      </div>
    </dl>
  );
}

/** The term dates to edit: the saved ones, or the preset's example for a first choice. */
function termsOf(saved: SavedFrequencyRule | undefined, preset: FrequencyPreset | undefined): HalfTermV1[] {
  if (saved?.rule.kind === 'halfTermly') return saved.rule.termDates.map((t) => ({ ...t }));
  return preset?.rule.kind === 'halfTermly' ? preset.rule.termDates.map((t) => ({ ...t })) : [{ name: '', start: '', end: '' }];
}

/** The rebooking rule a preset's own policy sets (South Gloucestershire: immediately); Devon's two weeks otherwise. */
function rebookingPolicyFor(presetId: string | null): RebookingPolicy {
  return presetId === 'south-gloucestershire' ? 'southGlos' : 'devon';
}

const wholeNumber = /^\d+$/;

export function FrequencySection({ personId, saved }: { personId: string; saved: SavedFrequencyRule | undefined }) {
  const { repositories } = useServices();
  const [choice, setChoice] = useState<string | null>(saved ? (saved.presetId ?? CUSTOM) : null);
  const initialCustom = customOf(saved?.presetId === null ? saved.rule : undefined);
  const [kind, setKind] = useState<CustomKind>(initialCustom.kind);
  const [number, setNumber] = useState(initialCustom.number);
  const [terms, setTerms] = useState<HalfTermV1[]>(() => termsOf(saved, findPreset('temple-school-staff')));
  const [rebooking, setRebooking] = useState<RebookingPolicy | null>(saved ? saved.rebooking.policy : null);
  const [rebookDays, setRebookDays] = useState(saved?.rebooking.policy === 'custom' ? String(saved.rebooking.days) : '');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState('');
  const chosenPreset = choice && choice !== CUSTOM ? findPreset(choice) : undefined;
  const halfTermly = chosenPreset?.rule.kind === 'halfTermly';

  const [touchedRebooking, setTouchedRebooking] = useState(false);

  function choose(value: string) {
    setChoice(value);
    // Until a rebooking rule is saved or chosen, follow the chosen policy's own.
    if (!saved && !touchedRebooking) setRebooking(rebookingPolicyFor(value === CUSTOM ? null : value));
  }

  function frequencyInput(): { ok: true; rule: FrequencyRuleV1; presetId: string | null } | { ok: false; error: FieldError } {
    if (choice === CUSTOM) {
      const n = Number(number);
      if (!wholeNumber.test(number.trim()) || n < 1) return { ok: false, error: { fieldId: 'frequency-number', message: w.frequency.number } };
      return { ok: true, rule: customRule(kind, n), presetId: null };
    }
    if (!chosenPreset) return { ok: false, error: { fieldId: 'frequency', message: w.frequency.choose } };
    if (chosenPreset.rule.kind === 'halfTermly') return { ok: true, rule: { kind: 'halfTermly', termDates: terms }, presetId: chosenPreset.id };
    return { ok: true, rule: chosenPreset.rule, presetId: chosenPreset.id };
  }

  function rebookingInput(): { ok: true; rule: RebookingRuleV1 } | { ok: false; error: FieldError } {
    if (rebooking === null) return { ok: false, error: { fieldId: 'rebooking', message: w.rebooking.choose } };
    if (rebooking !== 'custom') return { ok: true, rule: { policy: rebooking } };
    const days = Number(rebookDays);
    if (!wholeNumber.test(rebookDays.trim()) || days > 90) return { ok: false, error: { fieldId: 'rebooking-days', message: w.rebooking.days } };
    return { ok: true, rule: { policy: 'custom', days } };
  }

  async function save() {
    setMessage('');
    const frequency = frequencyInput();
    const rebook = rebookingInput();
    const found = [...(frequency.ok ? [] : [frequency.error]), ...(rebook.ok ? [] : [rebook.error])];
    if (!frequency.ok || !rebook.ok) return setErrors(found);
    const input: SavedFrequencyRuleInput = { rule: frequency.rule, presetId: frequency.presetId, rebooking: rebook.rule };
    const result = await repositories.frequencyRules.save(personId, input);
    if (!result.ok) {
      const fieldId = halfTermly ? 'half-terms' : choice === CUSTOM ? 'frequency-number' : 'frequency';
      return setErrors([{ fieldId, message: result.message }]);
    }
    setErrors([]);
    setMessage(w.frequency.saved);
  }

  const wholeNumberField = (id: string, label: string, value: string, onChange: (value: string) => void) => (
    <Input id={id} label={label} inputMode="numeric" width={10} value={value} onChange={onChange} error={errors.find((e) => e.fieldId === id)?.message} />
  );

  const radio = (value: string, label: string, hint: string) => (
    <div className="nhsuk-radios__item" key={value}>
      <input
        className="nhsuk-radios__input"
        id={`frequency-${value}`}
        name="frequency"
        type="radio"
        value={value}
        checked={choice === value}
        onChange={() => choose(value)}
        aria-describedby={`frequency-${value}-hint`}
      />
      <label className="nhsuk-label nhsuk-radios__label" htmlFor={`frequency-${value}`}>
        {label}
      </label>
      <div className="nhsuk-hint nhsuk-radios__hint" id={`frequency-${value}-hint`}>
        {hint}
      </div>
    </div>
  );

  return (
    <section aria-labelledby="frequency-title">
      <h2 className="nhsuk-heading-m" id="frequency-title">
        {w.frequency.title}
      </h2>
      <ErrorSummary title={w.errorTitle} errors={errors} />
      <div className={`nhsuk-form-group${errors.some((e) => e.fieldId === 'frequency') ? ' nhsuk-form-group--error' : ''}`} id="frequency">
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{w.frequency.legend}</legend>
          {byOrganisation(frequencyPresets).map(([organisation, presets]) => (
            <div key={organisation} role="group" aria-label={organisation}>
              <h3 className="nhsuk-heading-xs nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-2">{organisation}</h3>
              <div className="nhsuk-radios nhsuk-radios--small">
                {presets.map((preset) => radio(preset.id, preset.role, `${describeRule(preset.rule)} — “${preset.policyWording}”`))}
              </div>
            </div>
          ))}
          <div className="nhsuk-radios nhsuk-radios--small nhsuk-u-margin-top-3">{radio(CUSTOM, w.frequency.custom, w.frequency.customHint)}</div>
        </fieldset>
      </div>
      {choice === CUSTOM && (
        <div className="nhsuk-inset-text">
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="frequency-kind">
              {w.frequency.customKind}
            </label>
            <select className="nhsuk-select" id="frequency-kind" value={kind} onChange={(e) => setKind(e.target.value as CustomKind)}>
              {customKinds.map((k) => (
                <option key={k} value={k}>
                  {w.frequency.kinds[k]}
                </option>
              ))}
            </select>
          </div>
          {wholeNumberField('frequency-number', w.frequency.customNumber, number, setNumber)}
        </div>
      )}
      {halfTermly && <HalfTermsEditor terms={terms} onChange={setTerms} error={errors.find((e) => e.fieldId === 'half-terms')?.message} />}
      <Radios
        name="rebooking"
        legend={w.rebooking.legend}
        hint={w.rebooking.hint}
        small
        error={errors.find((e) => e.fieldId === 'rebooking')?.message}
        value={rebooking}
        onChange={(value) => {
          setTouchedRebooking(true);
          setRebooking(rebookingPolicies.find((p) => p === value) ?? null);
        }}
        options={rebookingPolicies.map((p) => ({ value: p, label: w.rebooking.policies[p], hint: w.rebooking.policyHints[p] }))}
      />
      {rebooking === 'custom' && (
        <div className="nhsuk-inset-text">
          {wholeNumberField('rebooking-days', w.rebooking.daysLabel, rebookDays, setRebookDays)}
        </div>
      )}
      <button type="button" className="nhsuk-button" onClick={() => void save()}>
        {w.frequency.save}
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
