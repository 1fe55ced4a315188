/** The NHS file upload (without its script, so the browser's own button is used), for one file. */
import { FormGroup, fieldDescribedBy } from './FieldMessages.tsx';

export function FileUpload(props: { id: string; label: string; hint?: string | undefined; error?: string | undefined; accept: string; onChange: (file: File | null) => void }) {
  const { id, hint, error } = props;
  return (
    <FormGroup id={id} label={props.label} hint={hint} error={error} className="nhsuk-file-upload">
      <input
        className="nhsuk-file-upload__input"
        id={id}
        name={id}
        type="file"
        accept={props.accept}
        aria-describedby={fieldDescribedBy(id, hint, error)}
        onChange={(event) => props.onChange(event.target.files?.[0] ?? null)}
      />
    </FormGroup>
  );
}
