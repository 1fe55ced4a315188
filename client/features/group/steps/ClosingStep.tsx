/**
 * Step 4: learning and organisational issues, then closing the session. The themes record
 * is checked as it is written: anything in it that could identify a child blocks closing,
 * because a closed session is never rewritten and its themes record goes out as it stands.
 * Words that may name someone are shown under their field, each with its confirmation.
 */
import { useContext, useMemo, useState } from 'react';
import { copy } from '../../../content/copy.ts';
import { hrefFor } from '../../../app/router.ts';
import { LimitedTextArea } from '../LimitedTextArea.tsx';
import { WarningCallout } from '../../../components/WarningCallout.tsx';
import { useSaveStatus } from '../../session/sessionContext.tsx';
import { ProblemList, ProblemSummary } from '../ProblemSummary.tsx';
import { StepNav } from '../StepNav.tsx';
import { fieldIds, themesProblems } from '../problems.ts';
import { themesNameFlags } from '../../../../machines/group/outputs.ts';
import { NameFlags } from '../NameFlags.tsx';
import { useGroupSelector, useGroupSession } from '../groupSessionContext.tsx';

const g = copy.group;

export function ClosingStep() {
  const { actor } = useGroupSession();
  const content = useGroupSelector((s) => s.context);
  const problems = useMemo(() => themesProblems(content), [content]);
  const nameFlags = useMemo(() => themesNameFlags(content), [content]);
  // Focus moves to the summary on each refused attempt, never while the text is typed.
  const [attempts, setAttempts] = useState(0);

  function close() {
    if (problems.length > 0) {
      setAttempts((n) => n + 1);
      return;
    }
    actor.send({ type: 'session.closed' });
  }

  return (
    <>
      {attempts > 0 ? (
        <ProblemSummary id="close-problems" title={g.cannotClose} problems={problems} focusKey={attempts} />
      ) : (
        problems.length > 0 && (
          <WarningCallout level={3} title={g.blockedTitle}>
            <p>{g.blockedLede}</p>
            <ProblemList problems={problems} />
          </WarningCallout>
        )
      )}
      <p>{g.closingLede}</p>
      <LimitedTextArea max={20000} id={fieldIds.learning} label={g.learning} hint={g.learningHint} value={content.learning} rows={6} dictation onChange={(text) => actor.send({ type: 'learning.changed', text })} />
      <NameFlags flags={nameFlags.filter((f) => f.part.kind === 'learning')} where={g.learning} />
      <LimitedTextArea
        max={20000}
        id={fieldIds.issues}
        label={g.organisationalIssues}
        hint={g.organisationalIssuesHint}
        value={content.organisationalIssues}
        rows={6}
        dictation
        onChange={(text) => actor.send({ type: 'organisationalIssues.changed', text })}
      />
      <NameFlags flags={nameFlags.filter((f) => f.part.kind === 'organisationalIssues')} where={g.organisationalIssues} />
      <StepNav next={g.close} onNext={close} onBack={() => actor.send({ type: 'step.back' })} />
    </>
  );
}

export function ClosedStep() {
  const sessionId = useGroupSelector((s) => s.context.sessionId);
  const saveStatus = useSaveStatus();
  return (
    <>
      <p>{g.closedLede}</p>
      {saveStatus.kind === 'saved' || saveStatus.kind === 'idle' ? (
        <a className="nhsuk-button" href={hrefFor({ name: 'groupRecord', sessionId })} role="button" draggable={false}>
          {g.viewRecord}
        </a>
      ) : (
        <p role="status">{saveStatus.kind === 'error' ? copy.session.saveFailed : g.savingClosed}</p>
      )}
    </>
  );
}
