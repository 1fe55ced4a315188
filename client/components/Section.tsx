/** A page section named by its own h2 heading (focusable with `focusable`, to take focus after a change). */
import type { ReactNode, Ref } from 'react';

export function Section(props: { id: string; title: string; focusable?: boolean; headingRef?: Ref<HTMLHeadingElement>; className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={props.id} className={props.className}>
      <h2 className="nhsuk-heading-m" id={props.id} tabIndex={props.focusable ? -1 : undefined} ref={props.headingRef}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}
