/**
 * The consultation running: its phase (one of five, each with a time box the facilitator
 * can extend), the roles for this case, the notes of the phase, the presenter's actions at
 * the last phase, and moving on.
 */
import { Details } from '../../../components/Details.tsx';
import { useEffect, useRef } from 'react';
import { consultationPhases, type ConsultationPhase } from '../../../../machines/model/group.ts';
import { currentPhase } from '../../../../machines/group/consultation.machine.ts';
import { copy } from '../../../content/copy.ts';
import { LimitedTextArea } from '../LimitedTextArea.tsx';
import { PhaseTimer } from '../PhaseTimer.tsx';
import { StepNav } from '../StepNav.tsx';
import { fieldIds } from '../problems.ts';
import { useGroupSelector, useGroupSession, useRunningConsultation } from '../groupSessionContext.tsx';
import { ConsultationActions } from './ConsultationActions.tsx';

const g = copy.group;

export function RunningConsultation() {
  const { now } = useGroupSession();
  const { actor: consultation, snapshot } = useRunningConsultation();
  const members = useGroupSelector((s) => s.context.members);
  const attendance = useGroupSelector((s) => s.context.attendance);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const phase = snapshot ? currentPhase(snapshot.value) : 'done';
  const shownPhase = useRef(phase);

  // Each new phase takes focus, as each step does.
  useEffect(() => {
    if (shownPhase.current === phase) return;
    shownPhase.current = phase;
    headingRef.current?.focus();
  }, [phase]);

  if (!consultation || !snapshot || phase === 'done') return null;
  const context = snapshot.context;
  const nameOf = (id: string | null) => (id ? (members.find((m) => m.personId === id)?.name ?? g.unknownPerson) : g.nobody);
  const others = members.filter(
    (m) => attendance[m.personId] === 'present' && ![context.roles.facilitatorId, context.roles.presenterId, context.roles.scribeId].includes(m.personId),
  );
  const number = consultationPhases.indexOf(phase) + 1;
  const last = number === consultationPhases.length;
  const allowedMinutes = context.timing[phase]?.allowedMinutes ?? 0;

  return (
    <section aria-labelledby="phase-heading">
      <p className="nhsuk-caption-m">{g.caseOf(context.caseLabel)}</p>
      <h3 className="nhsuk-heading-m" id="phase-heading" tabIndex={-1} ref={headingRef}>
        {g.phaseOf(number, consultationPhases.length, g.phases[phase])}
      </h3>
      <PhaseTimer phaseStartedAt={context.phaseStartedAt} allowedMinutes={allowedMinutes} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => consultation.send({ type: 'phase.extended', minutes: 5, at: now().getTime() })}>
        {g.extend}
      </button>
      <p>{g.phaseGuidance[phase]}</p>

      <h4 className="nhsuk-heading-s" id="roles-heading">
        {g.rolesTitle}
      </h4>
      <dl className="nhsuk-summary-list" aria-labelledby="roles-heading">
        <Row label={g.roles.facilitator} value={nameOf(context.roles.facilitatorId)} />
        <Row label={g.roles.presenter} value={nameOf(context.roles.presenterId)} />
        <Row label={g.roles.scribe} value={nameOf(context.roles.scribeId)} />
        <Row label={g.roles.others} value={others.length === 0 ? g.nobody : others.map((m) => m.name).join(', ')} />
      </dl>

      {phase === 'presenting' && (
        <LimitedTextArea
          max={2000}
          id={fieldIds.question}
          label={g.question}
          value={context.question}
          rows={3}
          dictation
          onChange={(question) => consultation.send({ type: 'question.changed', question })}
        />
      )}
      <LimitedTextArea
        max={20000}
        key={phase}
        id={fieldIds.notes(phase)}
        label={g.notesLabel(g.phases[phase])}
        value={context.notes[phase]}
        rows={6}
        dictation
        onChange={(text) => consultation.send({ type: 'notes.changed', phase, text })}
      />
      {phase === 'actions' && <ConsultationActions consultation={consultation} context={context} presenter={nameOf(context.roles.presenterId)} facilitator={nameOf(context.roles.facilitatorId)} />}
      <EarlierNotes notes={context.notes} upTo={phase} />

      <StepNav next={last ? g.finishConsultation : g.nextPhase} onNext={() => consultation.send({ type: 'phase.next', at: now().getTime() })} />
    </section>
  );
}

function Row({ label, value }: { label: string; value: string }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{value}</dd>
    </div>
  );
}

/** What was noted in the phases before this one, folded away. */
function EarlierNotes({ notes, upTo }: { notes: Record<ConsultationPhase, string>; upTo: ConsultationPhase }) {
  const earlier = consultationPhases.slice(0, consultationPhases.indexOf(upTo)).filter((p) => notes[p].trim());
  if (earlier.length === 0) return null;
  return (
    <Details summary={g.earlierNotes}>
      {earlier.map((p) => (
        <div key={p}>
          <h5 className="nhsuk-heading-xs">{g.phases[p]}</h5>
          {notes[p].split('\n').map((line, i) => (line.trim() ? <p key={i}>{line}</p> : null))}
        </div>
      ))}
    </Details>
  );
}
