/** An NHS select with its visible label; the first option is the "none chosen" choice. */
export function Select(props: {
  id: string;
  label: string;
  value: string;
  /** The first, empty choice's words; without it there is no empty choice. */
  noneLabel?: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={props.id}>
        {props.label}
      </label>
      <select className="nhsuk-select" id={props.id} name={props.id} value={props.value} onChange={(event) => props.onChange(event.target.value)}>
        {props.noneLabel !== undefined && <option value="">{props.noneLabel}</option>}
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
