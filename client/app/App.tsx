/** The application shell: header, the always-present escalation route, and the screens. */
import { Suspense, useMemo, useState } from 'react';
import { copy } from '../content/copy.ts';
import { EscalationDialog } from '../components/EscalationDialog.tsx';
import { Home } from '../features/home/Home.tsx';
import {
  agreementScreen,
  agreementsScreen,
  dashboardScreen,
  reportScreen,
  practiceHomeScreen,
  practiceScreen,
  securityScreen,
  retentionScreen,
  formsScreen,
  formEditorScreen,
  searchScreen,
  receiveScreen,
  youScreen,
  connectScreen,
  signScreen,
  groupRecordScreen,
  groupScreen,
  groupSessionScreen,
  groupsScreen,
  historyScreen,
  preparationScreen,
  prepareScreen,
  recordScreen,
  scheduleScreen,
  sessionScreen,
  startScreen,
} from './screens.tsx';

const StartSession = startScreen.Screen;
const SessionScreen = sessionScreen.Screen;
const RecordScreen = recordScreen.Screen;
const HistoryScreen = historyScreen.Screen;
const PrepareHome = prepareScreen.Screen;
const PreparationEditor = preparationScreen.Screen;
const GroupsScreen = groupsScreen.Screen;
const GroupScreen = groupScreen.Screen;
const GroupSessionScreen = groupSessionScreen.Screen;
const GroupRecordScreen = groupRecordScreen.Screen;
const AgreementsScreen = agreementsScreen.Screen;
const AgreementScreen = agreementScreen.Screen;
const ScheduleScreen = scheduleScreen.Screen;
const DashboardScreen = dashboardScreen.Screen;
const ReportScreen = reportScreen.Screen;
const PracticeHome = practiceHomeScreen.Screen;
const PracticeScreen = practiceScreen.Screen;
const SecurityScreen = securityScreen.Screen;
const RetentionScreen = retentionScreen.Screen;
const FormsScreen = formsScreen.Screen;
const FormEditorScreen = formEditorScreen.Screen;
const SearchScreen = searchScreen.Screen;
const ReceiveScreen = receiveScreen.Screen;
const YouScreen = youScreen.Screen;
const ConnectScreen = connectScreen.Screen;
const SignScreen = signScreen.Screen;
import { hrefFor, useRoute } from './router.ts';
import { EscalationTargetContext, useServices, type EscalationTarget } from './services.tsx';
import { DamagedNotice } from '../components/DamagedNotice.tsx';
import { useLock } from './LockGate.tsx';

export function App({ updateReady, onUpdate, storageWarning }: { updateReady?: boolean; onUpdate?: () => void; storageWarning?: boolean }) {
  const route = useRoute();
  const [target, setTarget] = useState<EscalationTarget>(null);
  const [routeOpen, setRouteOpen] = useState(false);
  const escalation = useMemo(() => ({ target, setTarget }), [target]);
  const lock = useLock();
  const services = useServices();

  function escalate() {
    if (target) target.raise();
    else setRouteOpen(true);
  }

  return (
    <EscalationTargetContext.Provider value={escalation}>
      <a
        className="nhsuk-skip-link"
        href="#maincontent"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('maincontent')?.focus();
        }}
      >
        {copy.skipLink}
      </a>
      <header className="app-header" role="banner">
        <div className="nhsuk-width-container app-header__container">
          <a className="app-header__name" href={hrefFor({ name: 'home' })}>
            {copy.appName}
          </a>
          <div className="app-escalate">
            {lock && (
              <button type="button" className="nhsuk-button nhsuk-button--reverse app-escalate__button app-lock-now" aria-label={copy.lock.lockNowLabel} onClick={lock.lockNow}>
                {copy.lock.lockNow}
              </button>
            )}{' '}
            <button type="button" className="nhsuk-button nhsuk-button--warning app-escalate__button" onClick={escalate}>
              {copy.escalate.button}
            </button>
          </div>
        </div>
      </header>
      {updateReady && (
        <div className="nhsuk-width-container">
          <div className="nhsuk-inset-text" role="status">
            <p>
              A new version of the app is ready. It will be used the next time you open the app.{' '}
              {onUpdate && (
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={onUpdate}>
                  Use it now
                </button>
              )}
            </p>
          </div>
        </div>
      )}
      <div className="nhsuk-width-container app-width">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          {storageWarning && route.name === 'home' && (
            <div className="nhsuk-warning-callout">
              <h2 className="nhsuk-warning-callout__label">{copy.security.storageTitle}</h2>
              <p>
                {copy.security.storageWarning} <a href={hrefFor({ name: 'security' })}>{copy.security.storageLink}</a>
              </p>
            </div>
          )}
          <DamagedNotice register={services.repositories.damage} />
          <Suspense fallback={<p role="status">Loading…</p>}>
            {route.name === 'home' && <Home />}
            {route.name === 'start' && <StartSession />}
            {route.name === 'session' && <SessionScreen key={route.sessionId} sessionId={route.sessionId} />}
            {route.name === 'record' && <RecordScreen key={route.sessionId} sessionId={route.sessionId} />}
            {route.name === 'history' && <HistoryScreen key={route.personId} personId={route.personId} />}
            {route.name === 'prepare' && <PrepareHome />}
            {route.name === 'preparation' && <PreparationEditor key={route.preparationId} preparationId={route.preparationId} />}
            {route.name === 'groups' && <GroupsScreen />}
            {route.name === 'group' && <GroupScreen key={route.groupId} groupId={route.groupId} />}
            {route.name === 'groupSession' && <GroupSessionScreen key={route.sessionId} sessionId={route.sessionId} />}
            {route.name === 'groupRecord' && <GroupRecordScreen key={route.sessionId} sessionId={route.sessionId} />}
            {route.name === 'agreements' && <AgreementsScreen />}
            {route.name === 'agreement' && <AgreementScreen key={route.agreementId} agreementId={route.agreementId} />}
            {route.name === 'schedule' && <ScheduleScreen key={route.personId} personId={route.personId} />}
            {route.name === 'dashboard' && <DashboardScreen />}
            {route.name === 'report' && <ReportScreen />}
            {route.name === 'practiceHome' && <PracticeHome />}
            {route.name === 'practice' && <PracticeScreen key={route.practiceId} practiceId={route.practiceId} />}
            {route.name === 'security' && <SecurityScreen />}
            {route.name === 'retention' && <RetentionScreen />}
            {route.name === 'forms' && <FormsScreen />}
            {route.name === 'formEditor' && <FormEditorScreen key={route.draftId} kind={route.kind} draftId={route.draftId} />}
            {route.name === 'search' && <SearchScreen />}
            {route.name === 'receive' && <ReceiveScreen key={route.shareId} shareId={route.shareId} shareKey={route.key} />}
            {route.name === 'you' && <YouScreen />}
            {route.name === 'connect' && <ConnectScreen key={route.shareId} shareId={route.shareId} shareKey={route.key} />}
            {route.name === 'sign' && <SignScreen key={route.shareId} shareId={route.shareId} />}
          </Suspense>
          {route.name === 'notFound' && (
            <>
              <h1 className="nhsuk-heading-l">Page not found</h1>
              <p>
                <a href={hrefFor({ name: 'home' })}>Go to the start</a>
              </p>
            </>
          )}
        </main>
      </div>
      {!target && (
        <EscalationDialog open={routeOpen} raisedDuring="Outside a session" recordable={false} onRecord={() => setRouteOpen(false)} onCancel={() => setRouteOpen(false)} />
      )}
    </EscalationTargetContext.Provider>
  );
}
