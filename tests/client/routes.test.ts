/**
 * The route table (client/app/routes.tsx) and the router derived from it: every entry's address
 * parses back to the same route, whatever its parameters; an address with a parameter its schema
 * refuses (an id too short, too long or with another character; a share id or key of another
 * length; a form kind that does not exist) is no screen; and every existing address is the one it
 * was before the table.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hrefFor, parseRoute, titleOf, type Route } from '../../client/app/router.ts';
import { entryOf, routes, type RouteName } from '../../client/app/routes.tsx';

const names = Object.keys(routes) as RouteName[];
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
const token = (min: number, max: number) => fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: min, maxLength: max });
/** What each parameter accepts, by its name (every parameter of the table is one of these). */
const valid: Record<string, fc.Arbitrary<string>> = {
  sessionId: token(8, 64),
  preparationId: token(8, 64),
  personId: token(8, 64),
  groupId: token(8, 64),
  agreementId: token(8, 64),
  practiceId: token(8, 64),
  draftId: token(8, 64),
  kind: fc.constantFrom('template', 'agreement', 'model'),
  shareId: token(22, 22),
  key: token(43, 43),
};
/** What each parameter refuses. */
const invalid: Record<string, fc.Arbitrary<string>> = {
  ...Object.fromEntries(['sessionId', 'preparationId', 'personId', 'groupId', 'agreementId', 'practiceId', 'draftId'].map((name) => [name, fc.oneof(token(1, 7), token(65, 80), token(8, 30).map((id) => `${id}.x`))])),
  kind: fc.constantFrom('templates', 'form', 'Model', ''),
  shareId: fc.oneof(token(1, 21), token(23, 30)),
  key: fc.oneof(token(1, 42), token(44, 50)),
};
const paramsOf = (name: RouteName) => Object.keys(entryOf(name).params);
const routeOf = (name: RouteName, values: readonly string[]) => ({ name, ...Object.fromEntries(paramsOf(name).map((param, i) => [param, values[i]])) }) as Route;

describe('the route table', () => {
  it('names every parameter of each pattern in its schema, and no other', () => {
    for (const name of names) {
      const inPattern = entryOf(name)
        .path.split('/')
        .filter((part) => part.startsWith(':'))
        .map((part) => part.slice(1));
      expect(inPattern.sort(), name).toEqual(paramsOf(name).sort());
      for (const param of inPattern) expect(valid[param], `${name}: ${param}`).toBeDefined();
    }
  });

  it.each(names)('%s: its address parses back to the same route, whatever its parameters', (name) => {
    fc.assert(
      fc.property(fc.tuple(...paramsOf(name).map((param) => valid[param]!)), (values) => {
        const route = routeOf(name, values);
        const href = hrefFor(route);
        expect(href.startsWith('#/')).toBe(true);
        expect(parseRoute(href)).toEqual(route);
        expect(parseRoute(`#${href.slice(2)}`)).toEqual(route);
      }),
      { numRuns: paramsOf(name).length === 0 ? 1 : 100 },
    );
  });

  it.each(names.filter((name) => paramsOf(name).length > 0))('%s: a parameter its schema refuses is no screen', (name) => {
    const params = paramsOf(name);
    const values = fc.tuple(...params.map((param) => valid[param]!));
    // One parameter replaced by a value its schema refuses, the others valid.
    const spoilt = fc.tuple(values, fc.nat(params.length - 1)).chain(([good, which]) => invalid[params[which]!]!.map((bad) => good.map((value, i) => (i === which ? bad : value))));
    fc.assert(
      fc.property(spoilt, (bad) => {
        const href = hrefFor(routeOf(name, bad));
        expect(parseRoute(href)).toEqual({ name: 'notFound', path: href.slice(2) });
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every address as it was', () => {
    const id = 'abcdefgh12345678';
    const share = 'AbCdEfGhIjKlMnOpQrSt_-';
    const key = 'a'.repeat(42) + 'Z';
    const addresses: [Route, string][] = [
      [{ name: 'home' }, '#/'],
      [{ name: 'start' }, '#/start'],
      [{ name: 'session', sessionId: id }, `#/session/${id}`],
      [{ name: 'record', sessionId: id }, `#/record/${id}`],
      [{ name: 'prepare' }, '#/prepare'],
      [{ name: 'preparation', preparationId: id }, `#/preparation/${id}`],
      [{ name: 'history', personId: id }, `#/history/${id}`],
      [{ name: 'schedule', personId: id }, `#/schedule/${id}`],
      [{ name: 'groups' }, '#/groups'],
      [{ name: 'group', groupId: id }, `#/group/${id}`],
      [{ name: 'groupSession', sessionId: id }, `#/group-session/${id}`],
      [{ name: 'groupRecord', sessionId: id }, `#/group-record/${id}`],
      [{ name: 'agreements' }, '#/agreements'],
      [{ name: 'agreement', agreementId: id }, `#/agreement/${id}`],
      [{ name: 'dashboard' }, '#/dashboard'],
      [{ name: 'report' }, '#/report'],
      [{ name: 'practiceHome' }, '#/practice'],
      [{ name: 'practice', practiceId: id }, `#/practice/${id}`],
      [{ name: 'security' }, '#/security'],
      [{ name: 'retention' }, '#/retention'],
      [{ name: 'forms' }, '#/forms'],
      [{ name: 'formEditor', kind: 'template', draftId: id }, `#/forms/template/${id}`],
      [{ name: 'formEditor', kind: 'agreement', draftId: id }, `#/forms/agreement/${id}`],
      [{ name: 'formEditor', kind: 'model', draftId: id }, `#/forms/model/${id}`],
      [{ name: 'search' }, '#/search'],
      [{ name: 'receive', shareId: share, key }, `#/receive/${share}/${key}`],
      [{ name: 'you' }, '#/you'],
      [{ name: 'connect', shareId: share, key }, `#/connect/${share}/${key}`],
      [{ name: 'sign', shareId: share }, `#/sign/${share}`],
    ];
    // Every screen of the table is listed here.
    expect(new Set(addresses.map(([route]) => route.name))).toEqual(new Set(names));
    for (const [route, href] of addresses) {
      expect(hrefFor(route)).toBe(href);
      expect(parseRoute(href)).toEqual(route);
    }
    expect(parseRoute('')).toEqual({ name: 'home' });
    expect(parseRoute('#')).toEqual({ name: 'home' });
  });

  it.each(['nowhere', 'session', `session/abcdefgh/extra`, 'session/abcdefgh/', '/start', 'start/', 'practice/short', 'forms/template', `sign/${'a'.repeat(22)}/x`])('“#/%s” is no screen', (path) => {
    expect(parseRoute(`#/${path}`)).toEqual({ name: 'notFound', path });
    expect(hrefFor({ name: 'notFound', path })).toBe(`#/${path}`);
  });

  it('gives each screen its title in the document, and the address that is no screen one too', () => {
    expect(titleOf({ name: 'home' })).toBe('Safeguarding supervision');
    expect(titleOf({ name: 'search' })).toBe('Find a case – Safeguarding supervision');
    expect(titleOf({ name: 'notFound', path: 'x' })).toBe('Page not found – Safeguarding supervision');
    const titles = names.map((name) => entryOf(name).title);
    for (const title of titles) expect(title.trim().length).toBeGreaterThan(0);
  });
});
