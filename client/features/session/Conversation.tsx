/** The conversation: one step of the agenda at a time, in the template's order. */
import { lazy, Suspense, useEffect, useRef, type RefObject } from 'react';
import { copy } from '../../content/copy.ts';
import { hrefFor } from '../../app/router.ts';
import { agendaPosition, useSaveStatus, useSession, useSessionSelector } from './sessionContext.tsx';
import { StepList } from './StepList.tsx';
import { FieldsStep, FreeTextStep, NextMeetingStep } from './steps/TextSteps.tsx';
import { PreviousActionsStep } from './steps/PreviousActionsStep.tsx';
import { KeyIssuesStep } from './steps/KeyIssuesStep.tsx';
import { CasesStep } from './steps/CasesStep.tsx';
import { ActionsStep } from './steps/ActionsEditor.tsx';
import { SignaturesStep } from './steps/SignaturesStep.tsx';
import { EscalationsAtStep } from './EscalationsAtStep.tsx';
import type { SectionV1 } from '../../../machines/model/template.ts';

/** A record signed on the other party's device goes back to it once sealed (its own chunk: most records are signed here). */
const SealedDelivery = lazy(() => import('../signing/SealedDelivery.tsx'));

const samePosition = (a: { sectionId: string; sub: string | null }, b: { sectionId: string; sub: string | null }) =>
  a.sectionId === b.sectionId && a.sub === b.sub;

export function Conversation() {
  const { actor, sections } = useSession();
  const position = useSessionSelector(agendaPosition, samePosition);
  const refusal = useSessionSelector((s) => s.context.refusal);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shownSection = useRef(position.sectionId);

  // Moving to another step moves focus to its heading, for keyboard and screen-reader users.
  useEffect(() => {
    if (shownSection.current === position.sectionId) return;
    shownSection.current = position.sectionId;
    headingRef.current?.focus();
  }, [position.sectionId]);

  if (position.sectionId === 'signed') return <Signed headingRef={headingRef} />;
  const index = sections.findIndex((s) => s.id === position.sectionId);
  const section = sections[index];
  if (!section) return <p className="nhsuk-error-message">{copy.session.notInTemplate}</p>;
  const discussing = position.sub === 'discussing';
  const isSigning = section.collects.kind === 'signatures';

  return (
    <>
      <StepList />
      <span className="nhsuk-caption-m">
        {copy.session.stepOf(index + 1, sections.length)}
      </span>
      <h2 className="nhsuk-heading-l" tabIndex={-1} ref={headingRef} id="step-heading">
        {section.heading}
      </h2>
      {section.policyWording && <p className="nhsuk-inset-text app-policy-wording">{section.policyWording}</p>}
      {section.addedByProduct && <p className="nhsuk-body-s">{copy.session.addedByProduct}</p>}
      {refusal.length > 0 && (
        <div className="nhsuk-error-summary" role="alert" aria-labelledby="refusal-title">
          <h3 className="nhsuk-error-summary__title" id="refusal-title">
            {isSigning ? copy.signing.gapsTitle : copy.session.problem}
          </h3>
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {refusal.map((gap) => (
              <li key={gap}>{gap}</li>
            ))}
          </ul>
        </div>
      )}
      <StepBody section={section} />
      {section.recordsEscalations && <EscalationsAtStep />}
      {!discussing && !isSigning && (
        <div className="app-step-nav">
          <button type="button" className="nhsuk-button" onClick={() => actor.send({ type: 'step.next' })}>
            {copy.session.next}
          </button>
          {index > 0 && (
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => actor.send({ type: 'step.back' })}>
              {copy.session.back}
            </button>
          )}
        </div>
      )}
      {isSigning && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => actor.send({ type: 'step.back' })}>
          {copy.session.back}
        </button>
      )}
    </>
  );
}

/** The record is signed: it is offered once its sealed form is safely written. */
function Signed({ headingRef }: { headingRef: RefObject<HTMLHeadingElement | null> }) {
  const sessionId = useSessionSelector((s) => s.context.sessionId);
  const saveStatus = useSaveStatus();
  return (
    <>
      <StepList />
      <h2 className="nhsuk-heading-l" tabIndex={-1} ref={headingRef}>
        {copy.signing.sealed}
      </h2>
      {saveStatus.kind === 'saved' ? (
        <>
          <Suspense fallback={null}>
            <SealedDelivery sessionId={sessionId} />
          </Suspense>
          <a className="nhsuk-button" href={hrefFor({ name: 'record', sessionId })} role="button" draggable={false}>
            {copy.signing.viewRecord}
          </a>
        </>
      ) : (
        <p role="status">{saveStatus.kind === 'error' ? copy.session.saveFailed : copy.signing.savingSealed}</p>
      )}
    </>
  );
}

function StepBody({ section }: { section: SectionV1 }) {
  switch (section.collects.kind) {
    case 'freeText':
      return <FreeTextStep section={section} />;
    case 'fields':
      return <FieldsStep section={section} fields={section.collects.fields} />;
    case 'previousActions':
      return <PreviousActionsStep section={section} />;
    case 'keyIssues':
      return <KeyIssuesStep section={section} />;
    case 'cases':
      return <CasesStep section={section} rule={section.collects} />;
    case 'actions':
      return <ActionsStep section={section} />;
    case 'nextMeeting':
      return <NextMeetingStep section={section} />;
    case 'signatures':
      return <SignaturesStep section={section} labels={section.collects} />;
  }
}
