/**
 * The route table: every screen once — its address (a path pattern: literal segments and
 * `:param`s), its parameters' schema, its screen (a separate chunk, loaded when first needed) and
 * its title. The router (router.ts: parseRoute, hrefFor, the Route type), the app's screen area
 * and the preloading (Shell.tsx) are all derived from it: adding a screen is one entry here.
 *
 * A screen's props are its route's parameters, unless the entry says otherwise (`props`).
 */
import type { ReactElement } from 'react';
import { z } from 'zod';
import { appCopy } from '../content/appCopy.ts';
import { Home } from '../features/home/Home.tsx';
import { eagerScreen, lazyScreen, type LoadableScreen } from './lazyScreen.tsx';

/** A record's, person's, group's or draft's id in an address. */
const $Id = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** A share's id on the relay (22 characters) and the key that opens it (43: never sent to the relay). */
const $ShareId = z.string().regex(/^[A-Za-z0-9_-]{22}$/);
const $ShareKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/);

export type Shape = Record<string, z.ZodType<string>>;
export type ParamsOf<S extends Shape> = { [K in keyof S]: z.output<S[K]> };

export interface RouteEntry<S extends Shape> {
  /** e.g. 'session/:sessionId' ('' is the home page). */
  readonly path: string;
  readonly params: S;
  readonly title: string;
  readonly preload: () => Promise<void>;
  /** The screen for these parameters (checked again here: a route is only ever rendered valid). */
  readonly render: (params: Readonly<Record<string, string>>) => ReactElement | null;
}

type EntryOptions<S extends Shape, P extends object> = {
  path: string;
  params: S;
  title: string;
  screen: LoadableScreen<P>;
  props: (params: ParamsOf<S>) => P;
};

function route<S extends Shape, P extends object>(options: EntryOptions<S, P>): RouteEntry<S>;
function route<S extends Shape>(options: Omit<EntryOptions<S, ParamsOf<S>>, 'props'>): RouteEntry<S>;
function route<S extends Shape, P extends object>(options: Omit<EntryOptions<S, P>, 'props'> & { props?: (params: ParamsOf<S>) => P }): RouteEntry<S> {
  const schema = z.object(options.params);
  const { Screen } = options.screen;
  return {
    path: options.path,
    params: options.params,
    title: options.title,
    preload: options.screen.preload,
    render(params) {
      const checked = schema.safeParse(params);
      if (!checked.success) return null;
      const values = checked.data as ParamsOf<S>;
      const props = options.props ? options.props(values) : (values as unknown as P);
      return <Screen {...props} />;
    },
  };
}

const none = {};
/** A link to something on the relay: its share's id and the key that opens it (the screens' `shareKey`: `key` is React's). */
const shareLink = {
  params: { shareId: $ShareId, key: $ShareKey },
  props: ({ shareId, key }: { shareId: string; key: string }) => ({ shareId, shareKey: key }),
};
const t = appCopy.screenTitles;

export const routes = {
  home: route({ path: '', params: none, title: t.home, screen: eagerScreen(() => Home) }),
  start: route({ path: 'start', params: none, title: t.start, screen: lazyScreen(() => import('../features/start/StartSession.tsx').then((m) => m.StartSession)) }),
  session: route({ path: 'session/:sessionId', params: { sessionId: $Id }, title: t.session, screen: lazyScreen(() => import('../features/session/SessionScreen.tsx').then((m) => m.SessionScreen)) }),
  record: route({ path: 'record/:sessionId', params: { sessionId: $Id }, title: t.record, screen: lazyScreen(() => import('../features/record/RecordScreen.tsx').then((m) => m.RecordScreen)) }),
  prepare: route({ path: 'prepare', params: none, title: t.prepare, screen: lazyScreen(() => import('../features/preparation/PrepareHome.tsx').then((m) => m.PrepareHome)) }),
  preparation: route({ path: 'preparation/:preparationId', params: { preparationId: $Id }, title: t.preparation, screen: lazyScreen(() => import('../features/preparation/PreparationEditor.tsx').then((m) => m.PreparationEditor)) }),
  history: route({ path: 'history/:personId', params: { personId: $Id }, title: t.history, screen: lazyScreen(() => import('../features/history/HistoryScreen.tsx').then((m) => m.HistoryScreen)) }),
  schedule: route({ path: 'schedule/:personId', params: { personId: $Id }, title: t.schedule, screen: lazyScreen(() => import('../features/schedule/ScheduleScreen.tsx').then((m) => m.ScheduleScreen)) }),
  groups: route({ path: 'groups', params: none, title: t.groups, screen: lazyScreen(() => import('../features/group/GroupsScreen.tsx').then((m) => m.GroupsScreen)) }),
  group: route({ path: 'group/:groupId', params: { groupId: $Id }, title: t.group, screen: lazyScreen(() => import('../features/group/GroupScreen.tsx').then((m) => m.GroupScreen)) }),
  groupSession: route({ path: 'group-session/:sessionId', params: { sessionId: $Id }, title: t.groupSession, screen: lazyScreen(() => import('../features/group/GroupSessionScreen.tsx').then((m) => m.GroupSessionScreen)) }),
  groupRecord: route({ path: 'group-record/:sessionId', params: { sessionId: $Id }, title: t.groupRecord, screen: lazyScreen(() => import('../features/group/GroupRecordScreen.tsx').then((m) => m.GroupRecordScreen)) }),
  agreements: route({ path: 'agreements', params: none, title: t.agreements, screen: lazyScreen(() => import('../features/agreements/AgreementsScreen.tsx').then((m) => m.AgreementsScreen)) }),
  agreement: route({ path: 'agreement/:agreementId', params: { agreementId: $Id }, title: t.agreement, screen: lazyScreen(() => import('../features/agreements/AgreementScreen.tsx').then((m) => m.AgreementScreen)) }),
  dashboard: route({ path: 'dashboard', params: none, title: t.dashboard, screen: lazyScreen(() => import('../features/dashboard/DashboardScreen.tsx').then((m) => m.DashboardScreen)) }),
  report: route({ path: 'report', params: none, title: t.report, screen: lazyScreen(() => import('../features/dashboard/ReportScreen.tsx').then((m) => m.ReportScreen)) }),
  practiceHome: route({ path: 'practice', params: none, title: t.practiceHome, screen: lazyScreen(() => import('../features/practice/PracticeHome.tsx').then((m) => m.PracticeHome)) }),
  practice: route({ path: 'practice/:practiceId', params: { practiceId: $Id }, title: t.practice, screen: lazyScreen(() => import('../features/practice/PracticeScreen.tsx').then((m) => m.PracticeScreen)) }),
  security: route({ path: 'security', params: none, title: t.security, screen: lazyScreen(() => import('../features/security/SecurityScreen.tsx').then((m) => m.SecurityScreen)) }),
  retention: route({ path: 'retention', params: none, title: t.retention, screen: lazyScreen(() => import('../features/retention/RetentionScreen.tsx').then((m) => m.RetentionScreen)) }),
  forms: route({ path: 'forms', params: none, title: t.forms, screen: lazyScreen(() => import('../features/authoring/FormsScreen.tsx').then((m) => m.FormsScreen)) }),
  formEditor: route({
    path: 'forms/:kind/:draftId',
    params: { kind: z.enum(['template', 'agreement', 'model']), draftId: $Id },
    title: t.formEditor,
    screen: lazyScreen(() => import('../features/authoring/FormEditorScreen.tsx').then((m) => m.FormEditorScreen)),
  }),
  search: route({ path: 'search', params: none, title: t.search, screen: lazyScreen(() => import('../features/search/SearchScreen.tsx').then((m) => m.SearchScreen)) }),
  receive: route({ path: 'receive/:shareId/:key', ...shareLink, title: t.receive, screen: lazyScreen(() => import('../features/record/ReceiveScreen.tsx').then((m) => m.ReceiveScreen)) }),
  you: route({ path: 'you', params: none, title: t.you, screen: lazyScreen(() => import('../features/trust/YouScreen.tsx').then((m) => m.YouScreen)) }),
  connect: route({ path: 'connect/:shareId/:key', ...shareLink, title: t.connect, screen: lazyScreen(() => import('../features/trust/ConnectScreen.tsx').then((m) => m.ConnectScreen)) }),
  sign: route({ path: 'sign/:shareId', params: { shareId: $ShareId }, title: t.sign, screen: lazyScreen(() => import('../features/signing/SignScreen.tsx').then((m) => m.SignScreen)) }),
};

export type RouteName = keyof typeof routes;

/** An entry, its parameters' names erased (the router reads them from its pattern). */
export function entryOf(name: RouteName): RouteEntry<Shape> {
  return routes[name];
}

/** The opening route's screen, loaded before the first render (Shell.tsx). */
export function preloadScreenFor(name: RouteName | 'notFound'): Promise<void> {
  return name === 'notFound' ? Promise.resolve() : entryOf(name).preload();
}

/** Every screen (when the browser is idle, so each opens at once, offline too). */
export function preloadAllScreens(): Promise<void> {
  return Promise.all((Object.keys(routes) as RouteName[]).map((name) => entryOf(name).preload())).then(() => undefined);
}
