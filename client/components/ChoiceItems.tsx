/** The items of NHS radios or checkboxes: each option's input, label and hint (ids `${name}-${index}`). */
export type ChoiceOption = { value: string; label: string; hint?: string };

export function ChoiceItems(props: {
  kind: 'radios' | 'checkboxes';
  name: string;
  options: readonly ChoiceOption[];
  checked: (value: string) => boolean;
  onChange: (value: string, checked: boolean) => void;
  /** Modifier classes after the block's own, e.g. ' nhsuk-radios--small'. */
  modifiers: string;
}) {
  const { kind, name } = props;
  return (
    <div className={`nhsuk-${kind}${props.modifiers}`}>
      {props.options.map((option, index) => {
        const id = `${name}-${index}`;
        return (
          <div className={`nhsuk-${kind}__item`} key={option.value}>
            <input
              className={`nhsuk-${kind}__input`}
              id={id}
              name={name}
              type={kind === 'radios' ? 'radio' : 'checkbox'}
              value={option.value}
              checked={props.checked(option.value)}
              onChange={(event) => props.onChange(option.value, event.target.checked)}
              aria-describedby={option.hint ? `${id}-hint` : undefined}
            />
            <label className={`nhsuk-label nhsuk-${kind}__label`} htmlFor={id}>
              {option.label}
            </label>
            {option.hint && (
              <div className={`nhsuk-hint nhsuk-${kind}__hint`} id={`${id}-hint`}>
                {option.hint}
              </div>
            )}
          </div>
        );
      })}
    </div>
  );
}
