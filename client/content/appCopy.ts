/**
 * The words of the app's frame (around every screen, once unlocked): each screen's title in the
 * browser's tab and history (the route table, client/app/routes.tsx), the page shown for an
 * address that is no screen, and the new version's notice. `copy` includes them.
 */
export const appCopy = {
  /** The document's title on each screen: "<screen> – Safeguarding supervision" (the home page: the app's name alone). */
  screenTitles: {
    home: 'Safeguarding supervision',
    start: 'Start a supervision session',
    session: 'Supervision session',
    record: 'Supervision record',
    prepare: 'Prepare for a session',
    preparation: 'Preparation',
    history: 'Supervisee’s history',
    schedule: 'Schedule',
    groups: 'Group supervision',
    group: 'Group',
    groupSession: 'Group supervision session',
    groupRecord: 'Group supervision record',
    agreements: 'Supervision agreements',
    agreement: 'Supervision agreement',
    dashboard: 'Supervision dashboard',
    report: 'Compliance report',
    practiceHome: 'Practise supervision',
    practice: 'Practice session',
    security: 'Security and backups',
    retention: 'Records past their retention period',
    forms: 'Your organisation’s forms',
    formEditor: 'Edit a form',
    search: 'Find a case',
    receive: 'A record sent to you',
    you: 'You and your connections',
    connect: 'Connect with a colleague',
    sign: 'Sign a supervision record',
    notFound: 'Page not found',
  },
  /** "<screen> – <app>": the document's title. */
  documentTitle: (screen: string, app: string) => (screen === app ? app : `${screen} – ${app}`),
  notFound: {
    title: 'Page not found',
    home: 'Go to the start',
  },
  loadingScreen: 'Loading…',
  update: {
    ready: 'A new version of the app is ready. It will be used the next time you open the app.',
    useNow: 'Use it now',
  },
} as const;
