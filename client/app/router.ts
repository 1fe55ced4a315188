/**
 * A small hash router: the app is one page, served from any static host, offline too. Every
 * address is derived from the route table (routes.tsx): a route is `{ name, ...params }`, parsed
 * from `#/<path>` by the entry whose pattern it fits and whose parameters' schemas accept it, and
 * written back through the same pattern. Anything else is `notFound`.
 */
import { useSyncExternalStore } from 'react';
import { appCopy } from '../content/appCopy.ts';
import { entryOf, routes, type ParamsOf, type RouteEntry, type RouteName } from './routes.tsx';

type Flatten<T> = { [K in keyof T]: T[K] };
type RouteOf<N extends RouteName> = (typeof routes)[N] extends RouteEntry<infer S> ? Flatten<{ name: N } & ParamsOf<S>> : never;

/** Every screen's route, derived from the table; and the address that is no screen. */
export type Route = { [N in RouteName]: RouteOf<N> }[RouteName] | { name: 'notFound'; path: string };

type Segment = { literal: string } | { param: string };
type Pattern = { name: RouteName; segments: Segment[] };

const split = (path: string): string[] => (path === '' ? [] : path.split('/'));
/** Each entry's pattern, split on first use (not as the module loads: the table's screens import this module). */
let patterns: Pattern[] | null = null;
function patternsOf(): Pattern[] {
  patterns ??= (Object.keys(routes) as RouteName[]).map((name) => ({
    name,
    segments: split(entryOf(name).path).map((part) => (part.startsWith(':') ? { param: part.slice(1) } : { literal: part })),
  }));
  return patterns;
}

/** The parameters `parts` give a pattern, or null when they do not fit it. */
function match({ name, segments }: Pattern, parts: readonly string[]): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i] ?? '';
    if ('literal' in segment) {
      if (segment.literal !== part) return null;
    } else {
      // Each parameter checked with its schema: ids' lengths and characters, a form's kind.
      if (!entryOf(name).params[segment.param]?.safeParse(part).success) return null;
      params[segment.param] = part;
    }
  }
  return params;
}

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  const parts = split(path);
  for (const pattern of patternsOf()) {
    const params = match(pattern, parts);
    // The pattern's own parameters, each checked: the route the table declares for this name.
    if (params) return { name: pattern.name, ...params } as Route;
  }
  return { name: 'notFound', path };
}

export function hrefFor(route: Route): string {
  if (route.name === 'notFound') return `#/${route.path}`;
  const values: Readonly<Record<string, unknown>> = route;
  return `#/${split(entryOf(route.name).path)
    .map((part) => (part.startsWith(':') ? String(values[part.slice(1)]) : part))
    .join('/')}`;
}

/** The document's title on a route: "<screen> – Safeguarding supervision". */
export function titleOf(route: Route): string {
  const screen = route.name === 'notFound' ? appCopy.screenTitles.notFound : entryOf(route.name).title;
  return appCopy.documentTitle(screen, appCopy.screenTitles.home);
}

export function navigate(route: Route): void {
  window.location.hash = hrefFor(route);
}

function subscribe(callback: () => void) {
  window.addEventListener('hashchange', callback);
  return () => window.removeEventListener('hashchange', callback);
}

/**
 * Only hashes that start with "#/" are routes. Any other fragment (the skip link's
 * "#maincontent", an error summary's "#field-id") is an in-page link: the route stays.
 */
let lastRouteHash = '';
function routeHash(): string {
  const hash = window.location.hash;
  if (hash === '' || hash.startsWith('#/')) lastRouteHash = hash;
  return lastRouteHash;
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, routeHash, () => '');
  return parseRoute(hash);
}
