/**
 * Counts kept until their tables change (client/db/keptUntilChanged.ts): the start page's count of
 * signed records is taken once, not on every visit, and is never stale after a change.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { keptUntilChanged } from '../../client/db/keptUntilChanged.ts';

function database(name: string) {
  const db = new Dexie(name);
  db.version(1).stores({ sessions: 'id, status', people: 'id' });
  return db;
}

describe('keptUntilChanged', () => {
  it('counts once, keeps the count while nothing changes, and counts again after a change to its table', async () => {
    const db = database('count-cache-1');
    let counted = 0;
    const count = () => {
      counted += 1;
      return db.table('sessions').where('status').equals('signed').count();
    };
    await db.table('sessions').bulkPut([{ id: 'a', status: 'signed' }, { id: 'b', status: 'inProgress' }]);
    expect(await keptUntilChanged(db, 'signed', ['sessions'], count)).toBe(1);
    expect(await keptUntilChanged(db, 'signed', ['sessions'], count)).toBe(1);
    expect(counted).toBe(1);

    // A change to another table keeps the count.
    await db.table('people').put({ id: 'p' });
    expect(await keptUntilChanged(db, 'signed', ['sessions'], count)).toBe(1);
    expect(counted).toBe(1);

    // Signing, adding and deleting are each seen at once.
    await db.table('sessions').put({ id: 'b', status: 'signed' });
    expect(await keptUntilChanged(db, 'signed', ['sessions'], count)).toBe(2);
    await db.table('sessions').bulkPut([{ id: 'c', status: 'signed' }, { id: 'd', status: 'signed' }]);
    expect(await keptUntilChanged(db, 'signed', ['sessions'], count)).toBe(4);
    await db.table('sessions').delete('a');
    expect(await keptUntilChanged(db, 'signed', ['sessions'], count)).toBe(3);
    expect(counted).toBe(4);
    db.close();
  });

  it('does not keep a count that failed, and keeps each database apart', async () => {
    const one = database('count-cache-2');
    const two = database('count-cache-3');
    await one.table('sessions').put({ id: 'a', status: 'signed' });
    await expect(keptUntilChanged(one, 'signed', ['sessions'], () => Promise.reject(new Error('disk')))).rejects.toThrow('disk');
    expect(await keptUntilChanged(one, 'signed', ['sessions'], () => one.table('sessions').count())).toBe(1);
    expect(await keptUntilChanged(two, 'signed', ['sessions'], () => two.table('sessions').count())).toBe(0);
    one.close();
    two.close();
  });
});
