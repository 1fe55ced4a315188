/** NHS radios in a fieldset whose legend is the question. */
import { ChoiceItems, type ChoiceOption } from './ChoiceItems.tsx';
import { FieldsetGroup } from './FieldMessages.tsx';

export type RadioOption = ChoiceOption;

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
  const { name, value, onChange } = props;
  return (
    <FieldsetGroup id={name} legend={props.legend} legendSize={props.legendSize} hint={props.hint} error={props.error}>
      <ChoiceItems
        kind="radios"
        name={name}
        options={props.options}
        checked={(option) => value === option}
        onChange={(option) => onChange(option)}
        modifiers={`${props.small ? ' nhsuk-radios--small' : ''}${props.inline ? ' nhsuk-radios--inline' : ''}`}
      />
    </FieldsetGroup>
  );
}
