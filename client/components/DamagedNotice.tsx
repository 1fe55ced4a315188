/**
 * One notice for every row this device could not open (damaged at rest, or refused by its
 * schema): what each was, in words (its kind and date from its clear keys, never its content),
 * that it is left as it is, and that a backup keeps everything else. Shown on every screen once
 * any read has met such a row; lists go on without it.
 */
import { useSyncExternalStore } from 'react';
import { copy } from '../content/copy.ts';
import { hrefFor } from '../app/router.ts';
import type { DamageRegister, DamagedRow } from '../db/damage.ts';

const none: readonly DamagedRow[] = [];
const noRegister: Pick<DamageRegister, 'get' | 'subscribe'> = { get: () => none, subscribe: () => () => undefined };

export function DamagedNotice({ register }: { register: Pick<DamageRegister, 'get' | 'subscribe'> | undefined }) {
  const source = register ?? noRegister;
  const rows = useSyncExternalStore(source.subscribe, source.get);
  if (rows.length === 0) return null;
  const w = copy.damage;
  return (
    <div className="nhsuk-warning-callout app-damaged" role="region" aria-labelledby="damaged-title">
      <h2 className="nhsuk-warning-callout__label" id="damaged-title">
        {w.title}
      </h2>
      <ul>
        {rows.map((row) => (
          <li key={`${row.table}|${row.key}`}>{w.item(row)}</li>
        ))}
      </ul>
      <p>
        {w.explanation} <a href={hrefFor({ name: 'security' })}>{w.backupLink}</a>
      </p>
    </div>
  );
}
