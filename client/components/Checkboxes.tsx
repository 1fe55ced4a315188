/** NHS checkboxes in a fieldset whose legend is the question (as Radios is for radios). */
import { ChoiceItems, type ChoiceOption } from './ChoiceItems.tsx';
import { FieldsetGroup } from './FieldMessages.tsx';

export type CheckboxOption = ChoiceOption;

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
  const { name, values } = props;
  const toggle = (value: string, checked: boolean) =>
    props.onChange(checked ? [...values.filter((v) => v !== value), value] : values.filter((v) => v !== value));
  return (
    <FieldsetGroup id={name} legend={props.legend} legendSize={props.legendSize} hint={props.hint} error={props.error}>
      <ChoiceItems kind="checkboxes" name={name} options={props.options} checked={(value) => values.includes(value)} onChange={toggle} modifiers={props.small ? ' nhsuk-checkboxes--small' : ''} />
    </FieldsetGroup>
  );
}
