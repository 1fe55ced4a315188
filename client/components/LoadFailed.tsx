/** A screen that could not load what it shows: the problem as its heading, what went wrong, and the way back. */
export function LoadFailed({ title, message, back, backLabel }: { title: string; message: string; back: string; backLabel: string }) {
  return (
    <div className="nhsuk-error-summary" role="alert">
      <h1 className="nhsuk-error-summary__title">{title}</h1>
      <p>{message}</p>
      <p>
        <a href={back}>{backLabel}</a>
      </p>
    </div>
  );
}
