/** A heading over a bordered list it names, or a line saying there is nothing in it yet. */
import type { ReactNode } from 'react';

export function HeadedList<T>(props: {
  /** The heading's id. */
  id: string;
  title: string;
  headingSize: 's' | 'm';
  ordered?: boolean;
  items: readonly T[];
  empty: string;
  /** Each item's `<li>`, with its key. */
  children: (item: T, index: number) => ReactNode;
}) {
  const List = props.ordered ? 'ol' : 'ul';
  return (
    <>
      <h3 className={`nhsuk-heading-${props.headingSize}`} id={props.id}>
        {props.title}
      </h3>
      {props.items.length === 0 ? (
        <p>{props.empty}</p>
      ) : (
        <List className="nhsuk-list nhsuk-list--border" aria-labelledby={props.id}>
          {props.items.map(props.children)}
        </List>
      )}
    </>
  );
}
