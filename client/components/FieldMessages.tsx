/** The NHS hint and error message under a field's label, and the ids that describe the field. */
import type { ReactNode } from 'react';

export function Hint({ id, children }: { id: string | undefined; children: ReactNode }) {
  return (
    <div className="nhsuk-hint" id={id}>
      {children}
    </div>
  );
}

export function ErrorMessage({ id, children, as: Tag = 'span' }: { id: string | undefined; children: ReactNode; as?: 'span' | 'p' }) {
  return (
    <Tag className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {children}
    </Tag>
  );
}

/** The aria-describedby value for the messages present (undefined when there are none). */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  return ids.filter(Boolean).join(' ') || undefined;
}
