/**
 * Step 2: the group's confidentiality boundaries and ground rules — read, changed if the
 * group wishes, and agreed by everyone present (again whenever a new member is present).
 */
import { useState } from 'react';
import { newMembersPresent } from '../../../../machines/model/group.ts';
import { copy } from '../../../content/copy.ts';
import { formatTime } from '../../../content/format.ts';
import { LimitedTextArea } from '../LimitedTextArea.tsx';
import { fieldIds } from '../problems.ts';
import { useGroupSelector, useGroupSession } from '../groupSessionContext.tsx';
import { focusSoon } from '../focus.ts';
import { maxGroundRules } from '../GroupFields.tsx';

const g = copy.group;

export function AgreementStep() {
  const { actor, now } = useGroupSession();
  const content = useGroupSelector((s) => s.context);
  const nameOf = (id: string) => content.members.find((m) => m.personId === id)?.name ?? id;
  const newcomers = newMembersPresent(content).map(nameOf);
  const firstAgreement = content.previouslyAgreed.length === 0;
  const agreement = content.agreement;
  const [error, setError] = useState<string | undefined>();

  function agree() {
    // An agreement to nothing would not be a record of anything.
    if (!content.groundRules.trim()) return setError(g.enterGroundRules);
    setError(undefined);
    actor.send({ type: 'agreement.agreed', at: now().toISOString() });
    focusSoon('agreement-status');
  }

  return (
    <>
      <p>{g.agreementLede}</p>
      {firstAgreement ? (
        <p className="nhsuk-inset-text">{g.firstAgreement}</p>
      ) : (
        newcomers.length > 0 && <p className="nhsuk-inset-text">{g.agreeAgain(newcomers.join(', '))}</p>
      )}
      {agreement ? (
        <>
          <div className="nhsuk-card">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-heading-s">{g.steps.agreement}</h3>
              {agreement.groundRules.split('\n').map((line, index) => (line.trim() ? <p key={index}>{line}</p> : null))}
            </div>
          </div>
          <p role="status" id="agreement-status" tabIndex={-1}>
            <strong className="nhsuk-tag nhsuk-tag--green">{g.agreed(formatTime(new Date(agreement.agreedAt)), agreement.agreedBy.map(nameOf).join(', '))}</strong>
          </p>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            aria-describedby="change-agreed-hint"
            onClick={() => {
              actor.send({ type: 'groundRules.changed', text: content.groundRules });
              focusSoon('group-session-ground-rules');
            }}
          >
            {g.changeAgreed}
          </button>
          <p className="nhsuk-hint" id="change-agreed-hint">
            {g.changeAgreedHint}
          </p>
        </>
      ) : (
        <>
          <LimitedTextArea
            max={maxGroundRules}
            id="group-session-ground-rules"
            label={g.groundRules}
            value={content.groundRules}
            rows={10}
            error={error}
            onChange={(text) => actor.send({ type: 'groundRules.changed', text })}
          />
          <button type="button" id={fieldIds.agree} className="nhsuk-button nhsuk-button--secondary" onClick={agree}>
            {g.agree}
          </button>
        </>
      )}
    </>
  );
}
