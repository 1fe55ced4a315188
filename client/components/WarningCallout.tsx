/** The NHS warning callout: a heading read as "Important: <title>", then what it warns about. */
import type { ReactNode } from 'react';
import { commonCopy } from '../content/commonCopy.ts';

export function WarningCallout(props: { title: string; level: 2 | 3 | 4 | 5; className?: string; children: ReactNode }) {
  const Heading = (['h2', 'h3', 'h4', 'h5'] as const)[props.level - 2] ?? 'h2';
  return (
    <div className={`nhsuk-warning-callout${props.className ? ` ${props.className}` : ''}`}>
      <Heading className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">{commonCopy.important} </span>
          {props.title}
        </span>
      </Heading>
      {props.children}
    </div>
  );
}
