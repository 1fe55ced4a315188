/** NHS checkboxes in a fieldset whose legend is the question (components/ has radios only). */
import { ErrorMessage, Hint } from '../../components/FieldMessages.tsx';

export type CheckboxOption = { value: string; label: string; hint?: string };

export function Checkboxes(props: {
  name: string;
  legend: string;
  hint?: string | undefined;
  error?: string | undefined;
  options: readonly CheckboxOption[];
  values: readonly string[];
  onChange: (values: string[]) => void;
  small?: boolean;
  legendSize?: 's' | 'm';
}) {
  const { name, legend, hint, error, options, values } = props;
  const described = [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(' ') || undefined;
  const toggle = (value: string, checked: boolean) =>
    props.onChange(checked ? [...values.filter((v) => v !== value), value] : values.filter((v) => v !== value));
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={described} id={name}>
        <legend className={`nhsuk-fieldset__legend nhsuk-fieldset__legend--${props.legendSize ?? 's'}`}>{legend}</legend>
        {hint && <Hint id={`${name}-hint`}>{hint}</Hint>}
        {error && <ErrorMessage id={`${name}-error`}>{error}</ErrorMessage>}
        <div className={`nhsuk-checkboxes${props.small ? ' nhsuk-checkboxes--small' : ''}`}>
          {options.map((option, index) => {
            const id = `${name}-${index}`;
            return (
              <div className="nhsuk-checkboxes__item" key={option.value}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={id}
                  name={name}
                  type="checkbox"
                  value={option.value}
                  checked={values.includes(option.value)}
                  onChange={(event) => toggle(option.value, event.target.checked)}
                  aria-describedby={option.hint ? `${id}-hint` : undefined}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                  {option.label}
                </label>
                {option.hint && (
                  <div className="nhsuk-hint nhsuk-checkboxes__hint" id={`${id}-hint`}>
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
