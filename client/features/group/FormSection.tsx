/**
 * A section holding one form of the group screens: the form's problems, then its heading,
 * which names the section. Ids: `${id}-heading` and `${id}-problems`.
 */
import type { FormEvent, ReactNode } from 'react';
import { copy } from '../../content/copy.ts';
import { ProblemSummary, type Problem } from './ProblemSummary.tsx';

export function FormSection(props: { id: string; level: 2 | 3; title: string; problems: readonly Problem[]; onSubmit: (event: FormEvent) => void; children: ReactNode }) {
  const { id, problems } = props;
  const Heading = props.level === 2 ? 'h2' : 'h3';
  return (
    <section aria-labelledby={`${id}-heading`}>
      <form onSubmit={props.onSubmit} noValidate>
        <ProblemSummary id={`${id}-problems`} title={copy.group.problem} problems={problems} focusKey={problems} />
        <Heading className="nhsuk-heading-m" id={`${id}-heading`}>
          {props.title}
        </Heading>
        {props.children}
      </form>
    </section>
  );
}
