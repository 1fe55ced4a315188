/** What still stops signing, listed in a warning callout (nothing shown when there is nothing). */
import { WarningCallout } from './WarningCallout.tsx';

export function GapsCallout({ title, gaps }: { title: string; gaps: readonly string[] }) {
  if (gaps.length === 0) return null;
  return (
    <WarningCallout level={3} title={title}>
      <ul>
        {gaps.map((gap) => (
          <li key={gap}>{gap}</li>
        ))}
      </ul>
    </WarningCallout>
  );
}
