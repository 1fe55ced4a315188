/** One NHS checkbox with its visible label, in its own form group. */
export function Checkbox(props: { id: string; label: string; checked: boolean; onChange: (checked: boolean) => void; small?: boolean }) {
  return (
    <div className="nhsuk-form-group">
      <div className={`nhsuk-checkboxes${props.small ? ' nhsuk-checkboxes--small' : ''}`}>
        <div className="nhsuk-checkboxes__item">
          <input className="nhsuk-checkboxes__input" id={props.id} type="checkbox" checked={props.checked} onChange={(e) => props.onChange(e.target.checked)} />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={props.id}>
            {props.label}
          </label>
        </div>
      </div>
    </div>
  );
}
