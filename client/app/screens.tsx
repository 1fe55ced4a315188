/**
 * Screens beyond the home page are separate chunks (precached for offline use). A screen
 * already loaded renders at once; only a screen not yet loaded suspends. main.tsx loads the
 * screen of the opening route before the first render, so a reload into a session resumes
 * without React's Suspense fallback delay (about 300 ms in React 19); the others are loaded
 * when the browser is idle.
 */
import { lazy, type ComponentType } from 'react';
import type { Route } from './router.ts';

function screen<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | null = null;
  const preload = async () => {
    loaded ??= await load();
  };
  const Suspending = lazy(async () => {
    await preload();
    return { default: loaded as ComponentType<P> };
  });
  function Screen(props: P) {
    const Loaded = loaded;
    return Loaded ? <Loaded {...props} /> : <Suspending {...props} />;
  }
  return { Screen, preload };
}

export const startScreen = screen(() => import('../features/start/StartSession.tsx').then((m) => m.StartSession));
export const sessionScreen = screen(() => import('../features/session/SessionScreen.tsx').then((m) => m.SessionScreen));
export const recordScreen = screen(() => import('../features/record/RecordScreen.tsx').then((m) => m.RecordScreen));
export const historyScreen = screen(() => import('../features/history/HistoryScreen.tsx').then((m) => m.HistoryScreen));
export const prepareScreen = screen(() => import('../features/preparation/PrepareHome.tsx').then((m) => m.PrepareHome));
export const preparationScreen = screen(() => import('../features/preparation/PreparationEditor.tsx').then((m) => m.PreparationEditor));
export const groupsScreen = screen(() => import('../features/group/GroupsScreen.tsx').then((m) => m.GroupsScreen));
export const groupScreen = screen(() => import('../features/group/GroupScreen.tsx').then((m) => m.GroupScreen));
export const groupSessionScreen = screen(() => import('../features/group/GroupSessionScreen.tsx').then((m) => m.GroupSessionScreen));
export const groupRecordScreen = screen(() => import('../features/group/GroupRecordScreen.tsx').then((m) => m.GroupRecordScreen));
export const agreementsScreen = screen(() => import('../features/agreements/AgreementsScreen.tsx').then((m) => m.AgreementsScreen));
export const agreementScreen = screen(() => import('../features/agreements/AgreementScreen.tsx').then((m) => m.AgreementScreen));

export const scheduleScreen = screen(() => import('../features/schedule/ScheduleScreen.tsx').then((m) => m.ScheduleScreen));
export const dashboardScreen = screen(() => import('../features/dashboard/DashboardScreen.tsx').then((m) => m.DashboardScreen));
export const reportScreen = screen(() => import('../features/dashboard/ReportScreen.tsx').then((m) => m.ReportScreen));
export const practiceHomeScreen = screen(() => import('../features/practice/PracticeHome.tsx').then((m) => m.PracticeHome));
export const practiceScreen = screen(() => import('../features/practice/PracticeScreen.tsx').then((m) => m.PracticeScreen));

export const searchScreen = screen(() => import('../features/search/SearchScreen.tsx').then((m) => m.SearchScreen));
export const securityScreen = screen(() => import('../features/security/SecurityScreen.tsx').then((m) => m.SecurityScreen));
export const formsScreen = screen(() => import('../features/authoring/FormsScreen.tsx').then((m) => m.FormsScreen));
export const formEditorScreen = screen(() => import('../features/authoring/FormEditorScreen.tsx').then((m) => m.FormEditorScreen));
export const retentionScreen = screen(() => import('../features/retention/RetentionScreen.tsx').then((m) => m.RetentionScreen));

export const receiveScreen = screen(() => import('../features/record/ReceiveScreen.tsx').then((m) => m.ReceiveScreen));
export const signScreen = screen(() => import('../features/signing/SignScreen.tsx').then((m) => m.SignScreen));

export const youScreen = screen(() => import('../features/trust/YouScreen.tsx').then((m) => m.YouScreen));
export const connectScreen = screen(() => import('../features/trust/ConnectScreen.tsx').then((m) => m.ConnectScreen));

export function preloadScreenFor(route: Route): Promise<void> {
  switch (route.name) {
    case 'start':
      return startScreen.preload();
    case 'session':
      return sessionScreen.preload();
    case 'record':
      return recordScreen.preload();
    case 'history':
      return historyScreen.preload();
    case 'prepare':
      return prepareScreen.preload();
    case 'preparation':
      return preparationScreen.preload();
    case 'groups':
      return groupsScreen.preload();
    case 'group':
      return groupScreen.preload();
    case 'groupSession':
      return groupSessionScreen.preload();
    case 'groupRecord':
      return groupRecordScreen.preload();
    case 'agreements':
      return agreementsScreen.preload();
    case 'agreement':
      return agreementScreen.preload();
    case 'schedule':
      return scheduleScreen.preload();
    case 'dashboard':
      return dashboardScreen.preload();
    case 'report':
      return reportScreen.preload();
    case 'practiceHome':
      return practiceHomeScreen.preload();
    case 'practice':
      return practiceScreen.preload();
    case 'security':
      return securityScreen.preload();
    case 'retention':
      return retentionScreen.preload();
    case 'forms':
      return formsScreen.preload();
    case 'formEditor':
      return formEditorScreen.preload();
    case 'search':
      return searchScreen.preload();
    case 'receive':
      return receiveScreen.preload();
    case 'you':
      return youScreen.preload();
    case 'connect':
      return connectScreen.preload();
    case 'sign':
      return signScreen.preload();
    default:
      return Promise.resolve();
  }
}

export function preloadAllScreens(): Promise<void> {
  return Promise.all([
    startScreen.preload(),
    sessionScreen.preload(),
    recordScreen.preload(),
    historyScreen.preload(),
    prepareScreen.preload(),
    preparationScreen.preload(),
    groupsScreen.preload(),
    groupScreen.preload(),
    groupSessionScreen.preload(),
    groupRecordScreen.preload(),
    agreementsScreen.preload(),
    agreementScreen.preload(),
    scheduleScreen.preload(),
    dashboardScreen.preload(),
    reportScreen.preload(),
    practiceHomeScreen.preload(),
    practiceScreen.preload(),
    securityScreen.preload(),
    retentionScreen.preload(),
    formsScreen.preload(),
    formEditorScreen.preload(),
    searchScreen.preload(),
    receiveScreen.preload(),
    youScreen.preload(),
    connectScreen.preload(),
    signScreen.preload(),
  ]).then(() => undefined);
}
