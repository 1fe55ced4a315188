/**
 * The trust model, pure: safety numbers both devices compute alike (and that change with either
 * key), fingerprints, how a key stands on a device (own, pinned, not confirmed, unknown), what
 * confirming a key would do, and a chain's newest record missing against the other party's head.
 */
import { describe, expect, it } from 'vitest';
import {
  fingerprintOf,
  ownPartyIn,
  pinChangeFor,
  safetyNumberOf,
  trustOfKey,
  type KeyBook,
  type PinV1,
  type PublicKeyV1,
} from '../../machines/model/trust.ts';
import { chainLinkOf, verifyChain } from '../../machines/record/chain.ts';

const b64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** A key's coordinates from a seeded generator (xorshift), so every run checks the same 300 keys. */
function keys(count: number, seed = 0x2545f491): PublicKeyV1[] {
  let state = seed;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % 64;
  };
  const coordinate = () => Array.from({ length: 43 }, () => b64url[next()]).join('');
  return Array.from({ length: count }, () => ({ kty: 'EC', crv: 'P-256', x: coordinate(), y: coordinate() }));
}
const randomKeys = keys(300);

const key = (c: string): PublicKeyV1 => ({ kty: 'EC', crv: 'P-256', x: c.repeat(43), y: c.repeat(43) });
const [own, tom, tomNew, sarah, stranger] = [key('A'), key('B'), key('C'), key('D'), key('E')];

function pin(overrides: Partial<PinV1>): PinV1 {
  return {
    id: 'pin-00000001',
    personId: 'person-tom-01',
    party: 'supervisee',
    name: 'Tom Smith',
    jobRole: 'Health Visitor',
    publicKey: tom,
    encryptionKey: key('F'),
    confirmedAt: '2026-12-01T10:00:00.000Z',
    agreementId: null,
    replacedAt: null,
    ...overrides,
  };
}

describe('safety numbers', () => {
  it('both devices compute the same 30 digits, whichever holds which key', () => {
    for (let i = 0; i + 1 < randomKeys.length; i += 2) {
      const [a, b] = [randomKeys[i]!, randomKeys[i + 1]!];
      const number = safetyNumberOf(a, b);
      expect(number).toMatch(/^\d{5}( \d{5}){5}$/);
      expect(safetyNumberOf(b, a)).toBe(number);
    }
  });

  it('a different key on either side gives a different number (300 keys, no two numbers alike)', () => {
    const [first] = randomKeys;
    const numbers = new Set(randomKeys.slice(1).map((other) => safetyNumberOf(first!, other)));
    expect(numbers.size).toBe(randomKeys.length - 1);
    // One coordinate character changed is enough.
    const other = randomKeys[1]!;
    const changed = { ...other, y: `${other.y.slice(0, 42)}${other.y.endsWith('A') ? 'B' : 'A'}` };
    expect(safetyNumberOf(first!, changed)).not.toBe(safetyNumberOf(first!, other));
  });

  it('fingerprints are four groups of four hex digits and tell keys apart', () => {
    expect(fingerprintOf(tom)).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){3}$/);
    expect(fingerprintOf(tom)).not.toBe(fingerprintOf(tomNew));
  });
});

describe('how a key stands on this device', () => {
  const book: KeyBook = {
    own: { publicKeys: [own, key('G')], name: 'Sarah Jones' },
    pins: [pin({ id: 'pin-old-0001', publicKey: tomNew, replacedAt: '2026-12-02T10:00:00.000Z' }), pin({})],
  };

  it('this device’s own keys (this device’s and an earlier device’s) are its person’s', () => {
    expect(trustOfKey(book, own, 'person-tom-01', 'supervisor')).toMatchObject({ kind: 'own', name: 'Sarah Jones' });
    expect(trustOfKey(book, key('G'), 'person-other-1', 'either')).toMatchObject({ kind: 'own' });
  });

  it('a pinned key stands for the party it is pinned to, current or replaced', () => {
    expect(trustOfKey(book, tom, 'person-tom-01', 'supervisee')).toMatchObject({ kind: 'pinned', current: true, pin: { name: 'Tom Smith' } });
    expect(trustOfKey(book, tomNew, 'person-tom-01', 'supervisee')).toMatchObject({ kind: 'pinned', current: false });
    expect(trustOfKey(book, tom, 'person-tom-01', 'either')).toMatchObject({ kind: 'pinned' });
  });

  it('never valid for another party, another supervision, or a key nobody pinned', () => {
    // Pinned as the supervisee, it cannot sign as the supervisor.
    expect(trustOfKey(book, tom, 'person-tom-01', 'supervisor')).toMatchObject({ kind: 'notConfirmed' });
    // Someone is pinned as the supervisee: another key for that party is unknown, and names who is pinned.
    expect(trustOfKey(book, stranger, 'person-tom-01', 'supervisee')).toMatchObject({ kind: 'unknown', pinned: { name: 'Tom Smith' }, fingerprint: fingerprintOf(stranger) });
    // No pin at all for this supervision: not confirmed.
    expect(trustOfKey(book, tom, 'person-other-1', 'supervisee')).toMatchObject({ kind: 'notConfirmed', fingerprint: fingerprintOf(tom) });
  });

  it('confirming: first pin, the same key again, or a change that must be confirmed', () => {
    expect(pinChangeFor([], 'person-tom-01', 'supervisee', tom)).toEqual({ kind: 'new' });
    expect(pinChangeFor(book.pins, 'person-tom-01', 'supervisee', tom)).toMatchObject({ kind: 'same' });
    expect(pinChangeFor(book.pins, 'person-tom-01', 'supervisee', stranger)).toMatchObject({ kind: 'changed', previous: { publicKey: tom } });
  });

  it('which party this device speaks for follows from whom it pinned', () => {
    expect(ownPartyIn(book.pins, 'person-tom-01')).toBe('supervisor');
    expect(ownPartyIn([pin({ party: 'supervisor', publicKey: sarah })], 'person-tom-01')).toBe('supervisee');
    expect(ownPartyIn(book.pins, 'person-other-1')).toBeNull();
  });
});

describe('the chain against the other party’s head', () => {
  const hashes = ['a', 'b', 'c'].map((c) => c.repeat(64));
  const links: string[] = [];
  const entries = hashes.map((contentHash, i) => {
    const prev = links[i - 1] ?? null;
    links.push(chainLinkOf(prev, contentHash));
    return { sessionId: `s${i + 1}`, contentHash, prev, link: links[i]! };
  });

  it('intact when the head they hold is here (they may hold fewer)', () => {
    expect(verifyChain(entries, new Map(), { link: links[2]!, length: 3 })).toEqual({ status: 'intact', length: 3 });
    expect(verifyChain(entries, new Map(), { link: links[1]!, length: 2 })).toEqual({ status: 'intact', length: 3 });
  });

  it('the newest record deleted here is detected once their head is known; without it, it cannot be', () => {
    const withoutNewest = entries.slice(0, 2);
    expect(verifyChain(withoutNewest, new Map())).toEqual({ status: 'intact', length: 2 });
    expect(verifyChain(withoutNewest, new Map(), { link: links[2]!, length: 3 })).toEqual({ status: 'broken', at: null, reason: 'newestMissing', length: 2, knownLength: 3 });
  });
});
