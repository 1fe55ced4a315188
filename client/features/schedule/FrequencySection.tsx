/** A supervisee's frequency rule: a policy's preset (grouped by policy) or their own, and the status it gives. */
import { useState } from 'react';
import {
  complianceStatus,
  describeRule,
  findPreset,
  frequencyPresets,
  type FrequencyPreset,
  type FrequencyRuleV1,
} from '../../../machines/compliance/frequency.ts';
import type { SavedFrequencyRule } from '../../db/scheduleRepositories.ts';
import { copy } from '../../content/copy.ts';
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
        <dt className="nhsuk-summary-list__key">{w.status.lastSigned}</dt>
        <dd className="nhsuk-summary-list__value">{lastSigned ?? w.status.never}</dd>
      </div>
      <div className="nhsuk-summary-list__row">
        <dt className="nhsuk-summary-list__key">{w.status.due}</dt>
        <dd className="nhsuk-summary-list__value">
          {result.problem === 'termDatesNeeded' ? w.status.termDatesNeeded : (result.dueDate ?? w.status.notDue)}
        </dd>
      </div>
    </dl>
  );
}

export function FrequencySection({ personId, saved }: { personId: string; saved: SavedFrequencyRule | undefined }) {
  const { repositories } = useServices();
  const [choice, setChoice] = useState<string | null>(saved ? (saved.presetId ?? CUSTOM) : null);
  const initialCustom = customOf(saved?.presetId === null ? saved.rule : undefined);
  const [kind, setKind] = useState<CustomKind>(initialCustom.kind);
  const [number, setNumber] = useState(initialCustom.number);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState('');

  async function save() {
    setMessage('');
    let input: SavedFrequencyRule | null = null;
    if (choice === CUSTOM) {
      const n = Number(number);
      if (!/^\d+$/.test(number.trim()) || !Number.isInteger(n) || n < 1) {
        setErrors([{ fieldId: 'frequency-number', message: w.frequency.number }]);
        return;
      }
      input = { rule: customRule(kind, n), presetId: null };
    } else {
      const preset = choice ? findPreset(choice) : undefined;
      if (!preset) {
        setErrors([{ fieldId: 'frequency', message: w.frequency.choose }]);
        return;
      }
      input = { rule: preset.rule, presetId: preset.id };
    }
    const result = await repositories.frequencyRules.save(personId, input);
    if (!result.ok) {
      setErrors([{ fieldId: choice === CUSTOM ? 'frequency-number' : 'frequency', message: result.message }]);
      return;
    }
    setErrors([]);
    setMessage(w.frequency.saved);
  }

  const radio = (value: string, label: string, hint: string) => (
    <div className="nhsuk-radios__item" key={value}>
      <input
        className="nhsuk-radios__input"
        id={`frequency-${value}`}
        name="frequency"
        type="radio"
        value={value}
        checked={choice === value}
        onChange={() => setChoice(value)}
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
          <Input
            id="frequency-number"
            label={w.frequency.customNumber}
            inputMode="numeric"
            width={10}
            value={number}
            onChange={setNumber}
            error={errors.find((e) => e.fieldId === 'frequency-number')?.message}
          />
        </div>
      )}
      <button type="button" className="nhsuk-button" onClick={() => void save()}>
        {w.frequency.save}
      </button>
      {message && <p role="status">{message}</p>}
    </section>
  );
}
