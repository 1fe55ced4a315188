/** NHS radios in a fieldset whose legend is the question. */
import { ErrorMessage, Hint, fieldDescribedBy } from './FieldMessages.tsx';

export type RadioOption = { value: string; label: string; hint?: string };

export function Radios(props: {
  name: string;
  legend: string;
  hint?: string;
  error?: string | undefined;
  options: readonly RadioOption[];
  value: string | null;
  onChange: (value: string) => void;
  small?: boolean;
  inline?: boolean;
  legendSize?: 's' | 'm';
}) {
  const { name, legend, hint, error, options, value, onChange } = props;
  const described = fieldDescribedBy(name, hint, error);
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={described} id={name}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${props.legendSize ?? 's'}`}>{legend}</legend>
        {hint && <Hint id={`${name}-hint`}>{hint}</Hint>}
        {error && <ErrorMessage id={`${name}-error`}>{error}</ErrorMessage>}
        <div className={`nhsuk-radios${props.small ? ' nhsuk-radios--small' : ''}${props.inline ? ' nhsuk-radios--inline' : ''}`}>
          {options.map((option, index) => {
            const id = `${name}-${index}`;
            return (
              <div className="nhsuk-radios__item" key={option.value}>
                <input
                  className="nhsuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={option.value}
                  checked={value === option.value}
                  onChange={() => onChange(option.value)}
                  aria-describedby={option.hint ? `${id}-hint` : undefined}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                  {option.label}
                </label>
                {option.hint && (
                  <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-hint`}>
                    {option.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
