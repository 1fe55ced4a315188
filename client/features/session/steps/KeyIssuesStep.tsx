/** Somerset: the supervisee's key issues, put in an order of priority both agree. */
import { useState } from 'react';
import type { SectionV1 } from '../../../../machines/model/template.ts';
import { copy } from '../../../content/copy.ts';
import { Input } from '../../../components/Input.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { useSession, useSessionSelector } from '../sessionContext.tsx';

export function KeyIssuesStep({ section }: { section: SectionV1 }) {
  const { actor, newId } = useSession();
  const issues = useSessionSelector((s) => s.context.keyIssues);
  const agreed = useSessionSelector((s) => s.context.priorityAgreed);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string | undefined>();

  function add() {
    if (!draft.trim()) {
      setError(copy.keyIssues.writeFirst);
      return;
    }
    actor.send({ type: 'keyIssue.added', issue: { id: newId(), text: draft.trim() } });
    setDraft('');
    setError(undefined);
  }

  return (
    <>
      <SectionPrompt promptId={section.prompt} markdown={section.promptMarkdown} />
      {issues.length === 0 ? (
        <p>{copy.keyIssues.none}</p>
      ) : (
        <ol className="nhsuk-list app-key-issues">
          {issues.map((issue, index) => (
            <li key={issue.id} className="app-key-issue">
              {issue.prepared && <strong className="nhsuk-tag nhsuk-tag--blue">{copy.focus.prepared}</strong>}
              <TextArea
                id={`key-issue-${issue.id}`}
                label={copy.keyIssues.issue(index + 1)}
                value={issue.text}
                rows={2}
                onChange={(text) => actor.send({ type: 'keyIssue.changed', issue: { ...issue, text } })}
              />
              <div className="app-inline-buttons">
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={index === 0} onClick={() => actor.send({ type: 'keyIssue.moved', id: issue.id, direction: 'up' })}>
                  {copy.keyIssues.moveUp(index + 1)}
                </button>
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                  disabled={index === issues.length - 1}
                  onClick={() => actor.send({ type: 'keyIssue.moved', id: issue.id, direction: 'down' })}
                >
                  {copy.keyIssues.moveDown(index + 1)}
                </button>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => actor.send({ type: 'keyIssue.removed', id: issue.id })}>
                  {copy.keyIssues.remove(index + 1)}
                </button>
              </div>
            </li>
          ))}
        </ol>
      )}
      <TextArea id="key-issue-new" label={copy.keyIssues.newIssue} value={draft} rows={2} error={error} onChange={setDraft} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={add}>
        {copy.keyIssues.add}
      </button>
      <PlannedCases />
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="priority-agreed"
              type="checkbox"
              checked={agreed}
              onChange={(event) => actor.send({ type: 'keyIssues.priorityAgreed', agreed: event.target.checked })}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="priority-agreed">
              {copy.keyIssues.agree}
            </label>
          </div>
        </div>
      </div>
    </>
  );
}

/** The cases to discuss: those the supervisee brought (take or leave) and the supervisor's own, in the agreed order. */
function PlannedCases() {
  const { actor, newId } = useSession();
  const planned = useSessionSelector((s) => s.context.plannedCases ?? []);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | undefined>();
  const move = (id: string, direction: 'up' | 'down') => actor.send({ type: 'plannedCase.moved', id, direction });

  function add() {
    if (!label.trim()) {
      setError(copy.cases.enterLabel);
      return;
    }
    actor.send({ type: 'plannedCase.added', plannedCase: { id: newId(), label: label.trim(), source: 'supervisor', take: true } });
    setLabel('');
    setError(undefined);
  }

  return (
    <section aria-labelledby="planned-cases" className="app-planned-cases">
      <h3 className="nhsuk-heading-m" id="planned-cases">
        {copy.focus.cases}
      </h3>
      {planned.length === 0 && <p>{copy.focus.noCases}</p>}
      <ol className="nhsuk-list nhsuk-list--number">
        {planned.map((p, index) => (
          <li key={p.id}>
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id={`take-${p.id}`}
                type="checkbox"
                checked={p.take}
                onChange={(event) => actor.send({ type: 'plannedCase.taken', id: p.id, take: event.target.checked })}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`take-${p.id}`}>
                {copy.focus.take(p.label)}
              </label>
            </div>
            <strong className="nhsuk-tag nhsuk-tag--blue">{p.source === 'prepared' ? copy.focus.prepared : copy.focus.supervisorCase}</strong>
            <div className="app-inline-buttons">
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={index === 0} onClick={() => move(p.id, 'up')}>
                {copy.focus.moveUp(p.label)}
              </button>
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" disabled={index === planned.length - 1} onClick={() => move(p.id, 'down')}>
                {copy.focus.moveDown(p.label)}
              </button>
              {p.source === 'supervisor' && (
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => actor.send({ type: 'plannedCase.removed', id: p.id })}>
                  {copy.focus.remove(p.label)}
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      <Input id="planned-case-new" label={copy.focus.newCase} value={label} onChange={setLabel} error={error} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={add}>
        {copy.focus.addCase}
      </button>
    </section>
  );
}
