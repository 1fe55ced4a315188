/**
 * Counts kept until their tables change (client/db/keptUntilChanged.ts): the start page's count of
 * signed records is taken once, not on every visit, and is never stale after a change.
 */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { keptFiguresChanges, keptUntilChanged } from '../../client/db/keptUntilChanged.ts';

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

  it('tells those showing kept figures when one is forgotten, and only then', async () => {
    const db = database('count-cache-4');
    const changes = keptFiguresChanges(db);
    let told = 0;
    const stop = changes.subscribe(() => (told += 1));
    await db.table('people').put({ id: 'p' });
    await Promise.resolve();
    expect([changes.version(), told]).toEqual([0, 0]);
    expect(await keptUntilChanged(db, 'signed', ['sessions'], () => db.table('sessions').count())).toBe(0);
    await db.table('people').put({ id: 'q' });
    await Promise.resolve();
    expect([changes.version(), told]).toEqual([0, 0]);
    await db.table('sessions').put({ id: 'a', status: 'signed' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([changes.version(), told]).toEqual([1, 1]);
    stop();
    expect(await keptUntilChanged(db, 'signed', ['sessions'], () => db.table('sessions').count())).toBe(1);
    await db.table('sessions').put({ id: 'b', status: 'signed' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect([changes.version(), told]).toEqual([2, 1]);
    db.close();
  });
});
