// Strict base64 and prototype-safe JSON at the boundaries, at the sizes a backup reaches: a
// 8 MB base64 text decodes (a whole-text regular expression overflowed the stack from 4 MB), and
// every non-canonical spelling is still refused; JSON with a prototype key at any depth is
// refused, deep nesting included, without recursion.
import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, parseJsonSafely } from '../../client/crypto/encoding.ts';

describe('strict base64', () => {
  it('decodes megabytes (a backup is tens of them)', { timeout: 30_000 }, () => {
    const bytes = new Uint8Array(6 * 1024 * 1024 + 1);
    for (let i = 0; i < bytes.length; i += 4096) bytes[i] = i % 251;
    const decoded = base64ToBytes(bytesToBase64(bytes));
    expect(decoded?.length).toBe(bytes.length);
    expect(decoded?.[4096 * 7]).toBe((4096 * 7) % 251);
  });

  it.each([
    ['unused bits set', 'QR=='],
    ['missing padding', 'QQ'],
    ['extra padding', 'QQ==='],
    ['whitespace', 'QQ== '],
    ['a line break inside', 'QUJD\nREVG'],
    ['the URL alphabet', '-_-_'],
    ['a character outside the alphabet', 'QU*D'],
    ['padding inside', 'QQ==QUI='],
    ['only padding', '===='],
    ['unused bits set before one pad', 'QUJ='],
  ])('refuses %s', (_what, text) => {
    expect(base64ToBytes(text)).toBeUndefined();
  });

  it('keeps the canonical spellings', () => {
    expect(base64ToBytes('')).toEqual(new Uint8Array());
    expect(base64ToBytes('QQ==')).toEqual(new Uint8Array([65]));
    expect(base64ToBytes('QUI=')).toEqual(new Uint8Array([65, 66]));
    expect(base64ToBytes('+/+/')).toEqual(new Uint8Array([251, 255, 191]));
  });
});

describe('prototype-safe JSON', () => {
  it.each(['__proto__', 'constructor', 'prototype'])('refuses a %s key at any depth', (key) => {
    expect(parseJsonSafely(`{"${key}": {}}`)).toEqual({ ok: false, forbiddenKey: true });
    expect(parseJsonSafely(`{"a": [1, {"b": [{"${key}": 1}]}]}`)).toEqual({ ok: false, forbiddenKey: true });
    // An escaped spelling is the same key.
    const escaped = `\\u${key.charCodeAt(0).toString(16).padStart(4, '0')}${key.slice(1)}`;
    expect(parseJsonSafely(`[{"${escaped}": 1}]`)).toEqual({ ok: false, forbiddenKey: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('allows those words as values', () => {
    expect(parseJsonSafely('{"text": "constructor of the __proto__ prototype"}')).toEqual({ ok: true, value: { text: 'constructor of the __proto__ prototype' } });
  });

  it('walks deep nesting without recursion', () => {
    const depth = 200_000;
    expect(parseJsonSafely(`${'['.repeat(depth)}${']'.repeat(depth)}`).ok).toBeTypeOf('boolean');
    const deep = `${'{"a":'.repeat(depth)}{"__proto__": 1}${'}'.repeat(depth)}`;
    const result = parseJsonSafely(deep);
    // Either refused as a forbidden key, or not parsed at all: never accepted.
    expect(result.ok).toBe(false);
  });

  it('refuses text that is not JSON', () => {
    expect(parseJsonSafely('{"a": ')).toEqual({ ok: false, forbiddenKey: false });
  });
});
