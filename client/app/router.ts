/** A small hash router: the app is one page, served from any static host, offline too. */
import { useSyncExternalStore } from 'react';

export type Route =
  | { name: 'home' }
  | { name: 'start' }
  | { name: 'session'; sessionId: string }
  | { name: 'record'; sessionId: string }
  | { name: 'prepare' }
  | { name: 'preparation'; preparationId: string }
  | { name: 'history'; personId: string }
  | { name: 'schedule'; personId: string }
  | { name: 'groups' }
  | { name: 'group'; groupId: string }
  | { name: 'groupSession'; sessionId: string }
  | { name: 'groupRecord'; sessionId: string }
  | { name: 'agreements' }
  | { name: 'agreement'; agreementId: string }
  | { name: 'dashboard' }
  | { name: 'report' }
  | { name: 'practiceHome' }
  | { name: 'security' }
  | { name: 'retention' }
  | { name: 'forms' }
  | { name: 'formEditor'; kind: 'template' | 'agreement' | 'model'; draftId: string }
  | { name: 'search' }
  | { name: 'receive'; shareId: string; key: string }
  | { name: 'you' }
  | { name: 'connect'; shareId: string; key: string }
  | { name: 'sign'; shareId: string }
  | { name: 'practice'; practiceId: string }
  | { name: 'notFound'; path: string };

export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#\/?/, '');
  if (path === '') return { name: 'home' };
  if (path === 'start') return { name: 'start' };
  if (path === 'prepare') return { name: 'prepare' };
  if (path === 'groups') return { name: 'groups' };
  if (path === 'agreements') return { name: 'agreements' };
  if (path === 'dashboard') return { name: 'dashboard' };
  if (path === 'report') return { name: 'report' };
  if (path === 'practice') return { name: 'practiceHome' };
  if (path === 'security') return { name: 'security' };
  if (path === 'retention') return { name: 'retention' };
  if (path === 'forms') return { name: 'forms' };
  const editor = /^forms\/(template|agreement|model)\/([A-Za-z0-9_-]{8,64})$/.exec(path);
  if (editor?.[2]) return { name: 'formEditor', kind: editor[1] === 'agreement' ? 'agreement' : editor[1] === 'model' ? 'model' : 'template', draftId: editor[2] };
  if (path === 'search') return { name: 'search' };
  if (path === 'you') return { name: 'you' };
  const share = /^receive\/([A-Za-z0-9_-]{22})\/([A-Za-z0-9_-]{43})$/.exec(path);
  if (share?.[1] && share[2]) return { name: 'receive', shareId: share[1], key: share[2] };
  const connect = /^connect\/([A-Za-z0-9_-]{22})\/([A-Za-z0-9_-]{43})$/.exec(path);
  if (connect?.[1] && connect[2]) return { name: 'connect', shareId: connect[1], key: connect[2] };
  const sign = /^sign\/([A-Za-z0-9_-]{22})$/.exec(path);
  if (sign?.[1]) return { name: 'sign', shareId: sign[1] };
  const match = /^(session|record|preparation|history|group|group-session|group-record|agreement|schedule|practice)\/([A-Za-z0-9_-]{8,64})$/.exec(path);
  const id = match?.[2];
  if (id) {
    if (match[1] === 'session') return { name: 'session', sessionId: id };
    if (match[1] === 'record') return { name: 'record', sessionId: id };
    if (match[1] === 'preparation') return { name: 'preparation', preparationId: id };
    if (match[1] === 'history') return { name: 'history', personId: id };
    if (match[1] === 'group') return { name: 'group', groupId: id };
    if (match[1] === 'group-session') return { name: 'groupSession', sessionId: id };
    if (match[1] === 'group-record') return { name: 'groupRecord', sessionId: id };
    if (match[1] === 'agreement') return { name: 'agreement', agreementId: id };
    if (match[1] === 'schedule') return { name: 'schedule', personId: id };
    if (match[1] === 'practice') return { name: 'practice', practiceId: id };
  }
  return { name: 'notFound', path };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'home':
      return '#/';
    case 'start':
      return '#/start';
    case 'session':
      return `#/session/${route.sessionId}`;
    case 'record':
      return `#/record/${route.sessionId}`;
    case 'prepare':
      return '#/prepare';
    case 'preparation':
      return `#/preparation/${route.preparationId}`;
    case 'history':
      return `#/history/${route.personId}`;
    case 'schedule':
      return `#/schedule/${route.personId}`;
    case 'groups':
      return '#/groups';
    case 'group':
      return `#/group/${route.groupId}`;
    case 'groupSession':
      return `#/group-session/${route.sessionId}`;
    case 'groupRecord':
      return `#/group-record/${route.sessionId}`;
    case 'agreements':
      return '#/agreements';
    case 'agreement':
      return `#/agreement/${route.agreementId}`;
    case 'dashboard':
      return '#/dashboard';
    case 'report':
      return '#/report';
    case 'practiceHome':
      return '#/practice';
    case 'security':
      return '#/security';
    case 'retention':
      return '#/retention';
    case 'forms':
      return '#/forms';
    case 'formEditor':
      return `#/forms/${route.kind}/${route.draftId}`;
    case 'search':
      return '#/search';
    case 'receive':
      return `#/receive/${route.shareId}/${route.key}`;
    case 'sign':
      return `#/sign/${route.shareId}`;
    case 'practice':
      return `#/practice/${route.practiceId}`;
    case 'you':
      return '#/you';
    case 'connect':
      return `#/connect/${route.shareId}/${route.key}`;
    case 'notFound':
      return `#/${route.path}`;
  }
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
