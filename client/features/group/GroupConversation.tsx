/** The group session's agenda, one calm step at a time; focus moves to each step's heading. */
import { useEffect, useMemo, useRef } from 'react';
import { copy } from '../../content/copy.ts';
import { ProblemSummary } from './ProblemSummary.tsx';
import { StepNav } from './StepNav.tsx';
import { refusalProblems } from './problems.ts';
import { groupPosition, groupSteps, samePosition, stepTitle, useGroupSelector, useGroupSession, useRunningConsultation } from './groupSessionContext.tsx';
import { RegisterStep } from './steps/RegisterStep.tsx';
import { AgreementStep } from './steps/AgreementStep.tsx';
import { ConsultationsStep } from './steps/ConsultationsStep.tsx';
import { ClosingStep, ClosedStep } from './steps/ClosingStep.tsx';

const g = copy.group;
const noRefusal: string[] = [];

export function GroupConversation() {
  const { actor } = useGroupSession();
  const position = useGroupSelector(groupPosition, samePosition);
  const content = useGroupSelector((s) => s.context);
  const consultation = useRunningConsultation();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const shown = useRef(`${position.step}/${position.sub ?? ''}`);

  // Moving to another step (or starting or finishing a consultation) moves focus to its
  // heading, for keyboard and screen-reader users.
  useEffect(() => {
    const key = `${position.step}/${position.sub ?? ''}`;
    if (shown.current === key) return;
    shown.current = key;
    if (position.sub === 'consulting') document.getElementById('phase-heading')?.focus();
    else headingRef.current?.focus();
  }, [position.step, position.sub]);

  const consultationRefusal = consultation.snapshot?.context.refusal ?? noRefusal;
  const problems = useMemo(
    () => refusalProblems(content, position.step, content.refusal, consultation.snapshot?.context, consultationRefusal),
    // Recomputed only when a refusal changes, so focus moves only for a new refusal.
    [content.refusal, consultationRefusal, position.step],
  );

  if (position.step === 'closed') {
    return (
      <>
        <h2 className="nhsuk-heading-l" tabIndex={-1} ref={headingRef} id="group-step-heading">
          {stepTitle('closed')}
        </h2>
        <ClosedStep />
      </>
    );
  }

  const index = groupSteps.indexOf(position.step);
  const consulting = position.sub === 'consulting';

  return (
    <>
      <span className="nhsuk-caption-m">{g.stepOf(index + 1, groupSteps.length)}</span>
      <h2 className="nhsuk-heading-l" tabIndex={-1} ref={headingRef} id="group-step-heading">
        {stepTitle(position.step)}
      </h2>
      <ProblemSummary id="group-refusal" title={g.problem} problems={problems} focusKey={problems} />
      {position.step === 'register' && <RegisterStep />}
      {position.step === 'agreement' && <AgreementStep />}
      {position.step === 'consultations' && <ConsultationsStep consulting={consulting} />}
      {position.step === 'closing' && <ClosingStep />}
      {(position.step === 'register' || position.step === 'agreement') && (
        <StepNav next={g.next} onNext={() => actor.send({ type: 'step.next' })} onBack={index > 0 ? () => actor.send({ type: 'step.back' }) : undefined} />
      )}
    </>
  );
}
