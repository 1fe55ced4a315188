/**
 * Step 3: case consultations. The consultations done so far (the live session shows each
 * case's label), starting the next — presenter, child or family, their question, scribe —
 * and the consultation running.
 */
import { useState, type FormEvent } from 'react';
import { copy } from '../../../content/copy.ts';
import { Input } from '../../../components/Input.tsx';
import { Radios } from '../../../components/Radios.tsx';
import { Select } from '../../../components/Select.tsx';
import { LimitedTextArea } from '../LimitedTextArea.tsx';
import type { Problem } from '../ProblemSummary.tsx';
import { FormSection } from '../FormSection.tsx';
import { HeadedList } from '../HeadedList.tsx';
import { StepNav } from '../StepNav.tsx';
import { fieldIds } from '../problems.ts';
import { useGroupSelector, useGroupSession } from '../groupSessionContext.tsx';
import { RunningConsultation } from './RunningConsultation.tsx';

const g = copy.group;

export function ConsultationsStep({ consulting }: { consulting: boolean }) {
  const { actor } = useGroupSession();
  if (consulting) return <RunningConsultation />;
  return (
    <>
      <p>{g.consultationsLede}</p>
      <DoneConsultations />
      <StartConsultation />
      <StepNav next={g.continueToClosing} onNext={() => actor.send({ type: 'step.next' })} onBack={() => actor.send({ type: 'step.back' })} />
    </>
  );
}

function DoneConsultations() {
  const consultations = useGroupSelector((s) => s.context.consultations);
  const members = useGroupSelector((s) => s.context.members);
  const nameOf = (id: string) => members.find((m) => m.personId === id)?.name ?? g.unknownPerson;
  return (
    <section aria-labelledby="done-consultations-heading">
      <HeadedList id="done-consultations-heading" title={g.doneTitle} headingSize="m" items={consultations} empty={g.noneDone}>
        {(c) => (
          <li key={c.id}>
            {g.doneItem(nameOf(c.presenterId), c.caseLabel)}
            {!c.complete && <strong className="nhsuk-tag nhsuk-tag--yellow">{` ${g.notCompleted}`}</strong>}
          </li>
        )}
      </HeadedList>
    </section>
  );
}

function StartConsultation() {
  const { actor, newId, now } = useGroupSession();
  const members = useGroupSelector((s) => s.context.members);
  const attendance = useGroupSelector((s) => s.context.attendance);
  const present = members.filter((m) => attendance[m.personId] === 'present');
  const [presenterId, setPresenterId] = useState<string | null>(null);
  const [caseLabel, setCaseLabel] = useState('');
  const [question, setQuestion] = useState('');
  const [scribeId, setScribeId] = useState('');
  const [problems, setProblems] = useState<Problem[]>([]);

  function start(event: FormEvent) {
    event.preventDefault();
    const found: Problem[] = [];
    if (!presenterId) found.push({ fieldId: fieldIds.presenter, message: g.choosePresenter });
    if (!caseLabel.trim()) found.push({ fieldId: fieldIds.caseLabel, message: g.enterCaseLabel });
    setProblems(found);
    if (found.length > 0 || !presenterId) return;
    actor.send({ type: 'consultation.started', id: newId(), presenterId, caseLabel, question, scribeId: scribeId || null, at: now().getTime() });
  }

  const errorFor = (fieldId: string) => problems.find((p) => p.fieldId === fieldId)?.message;
  const options = present.map((m) => ({ value: m.personId, label: m.name, ...(m.role ? { hint: m.role } : {}) }));

  return (
    <FormSection id="start-consultation" level={3} title={g.startConsultationTitle} problems={problems} onSubmit={start}>
      <Radios name={fieldIds.presenter} legend={g.presenter} hint={g.presenterHint} options={options} value={presenterId} onChange={setPresenterId} error={errorFor(fieldIds.presenter)} />
      <Input id={fieldIds.caseLabel} label={g.caseLabel} hint={g.caseLabelHint} value={caseLabel} onChange={setCaseLabel} error={errorFor(fieldIds.caseLabel)} maxLength={200} />
      <LimitedTextArea max={2000} id="consultation-start-question" label={g.question} hint={g.questionHint} value={question} onChange={setQuestion} rows={3} dictation />
      <Select
        id="consultation-scribe"
        label={g.scribe}
        value={scribeId}
        noneLabel={g.noScribe}
        options={present.filter((m) => m.personId !== presenterId).map((m) => ({ value: m.personId, label: m.name }))}
        onChange={setScribeId}
      />
      <button type="submit" className="nhsuk-button nhsuk-button--secondary">
        {g.startConsultation}
      </button>
    </FormSection>
  );
}
