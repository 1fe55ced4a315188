/** The school's own half-term dates (Temple: "once every half term"): each term's name, first and last day; add and remove. */
import type { HalfTermV1 } from '../../../machines/compliance/frequency.ts';
import { copy } from '../../content/copy.ts';
import { ErrorMessage } from '../../components/FieldMessages.tsx';
import { Input } from '../../components/Input.tsx';

const w = copy.schedule.halfTerms;

export function HalfTermsEditor({ terms, onChange, error }: { terms: HalfTermV1[]; onChange: (terms: HalfTermV1[]) => void; error: string | undefined }) {
  const change = (index: number, patch: Partial<HalfTermV1>) => onChange(terms.map((term, i) => (i === index ? { ...term, ...patch } : term)));
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`} id="half-terms">
      <h3 className="nhsuk-heading-s">{w.title}</h3>
      <p className="nhsuk-hint" id="half-terms-hint">
        {w.hint}
      </p>
      {error && <ErrorMessage id="half-terms-error">{error}</ErrorMessage>}
      {terms.map((term, index) => (
        <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-3" key={index} aria-describedby="half-terms-hint">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{w.legend(index + 1, term.name)}</legend>
          <Input id={`term-${index}-name`} label={w.name} width={20} value={term.name} onChange={(name) => change(index, { name })} />
          <Input id={`term-${index}-start`} type="date" label={w.start} value={term.start} onChange={(start) => change(index, { start })} />
          <Input id={`term-${index}-end`} type="date" label={w.end} value={term.end} onChange={(end) => change(index, { end })} />
          {terms.length > 1 && (
            <button
              type="button"
              className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
              aria-label={w.removeNamed(index + 1, term.name)}
              onClick={() => onChange(terms.filter((_, i) => i !== index))}
            >
              {w.remove}
            </button>
          )}
        </fieldset>
      ))}
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => onChange([...terms, { name: '', start: '', end: '' }])}>
        {w.add}
      </button>
    </div>
  );
}
