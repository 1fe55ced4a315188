/** Agreeing actions: what, who (supervisor, supervisee or another named person), by when, for which case. */
import type { SectionV1 } from '../../../../machines/model/template.ts';
import type { ActionV1 } from '../../../../machines/model/record.ts';
import { actionGaps } from '../../../../machines/session/gaps.ts';
import { copy } from '../../../content/copy.ts';
import { Input } from '../../../components/Input.tsx';
import { Radios } from '../../../components/Radios.tsx';
import { Select } from '../../../components/Select.tsx';
import { TextArea } from '../../../components/TextArea.tsx';
import { SectionPrompt } from '../SectionPrompt.tsx';
import { useSession, useSessionSelector } from '../sessionContext.tsx';

export function ActionsStep({ section }: { section: SectionV1 }) {
  return (
    <>
      <SectionPrompt promptId={section.prompt} markdown={section.promptMarkdown} />
      <ActionsEditor caseId={undefined} />
    </>
  );
}

/** With a caseId, only that case's actions are shown and new ones belong to it. */
export function ActionsEditor({ caseId }: { caseId: string | undefined }) {
  const { actor, template, newId } = useSession();
  const all = useSessionSelector((s) => s.context.actions);
  const cases = useSessionSelector((s) => s.context.cases);
  const actions = caseId === undefined ? all : all.filter((a) => a.caseId === caseId);
  const change = (action: ActionV1) => actor.send({ type: 'action.changed', action });
  const ownerOptions = [
    { value: 'supervisor', label: template.parties.supervisor.title },
    { value: 'supervisee', label: template.parties.supervisee.title },
    { value: 'other', label: copy.actions.ownerOther },
  ];

  return (
    <section aria-labelledby={`actions-heading-${caseId ?? 'all'}`}>
      <h3 className="nhsuk-heading-m" id={`actions-heading-${caseId ?? 'all'}`}>
        {caseId === undefined ? copy.actions.heading : copy.cycle.caseActions}
      </h3>
      {actions.length === 0 && <p>{copy.actions.none}</p>}
      {actions.map((action) => {
        const number = all.indexOf(action) + 1;
        const gaps = actionGaps([action]);
        return (
          <fieldset className="nhsuk-fieldset nhsuk-card app-action" key={action.id}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{copy.actions.action(number)}</legend>
            <div className="nhsuk-card__content">
              <TextArea id={`action-what-${action.id}`} label={copy.actions.what} value={action.what} rows={2} onChange={(what) => change({ ...action, what })} />
              <Radios
                name={`action-owner-${action.id}`}
                legend={copy.actions.owner}
                options={ownerOptions}
                value={action.owner.kind}
                small
                onChange={(kind) => change({ ...action, owner: { kind: kind as ActionV1['owner']['kind'], name: action.owner.name } })}
              />
              {action.owner.kind === 'other' && (
                <Input id={`action-owner-name-${action.id}`} label={copy.actions.ownerName} value={action.owner.name} onChange={(name) => change({ ...action, owner: { kind: 'other', name } })} />
              )}
              <Input id={`action-due-${action.id}`} type="date" label={copy.actions.due} value={action.dueDate} onChange={(dueDate) => change({ ...action, dueDate })} />
              {caseId === undefined && cases.length > 0 && (
                <Select
                  id={`action-case-${action.id}`}
                  label={copy.actions.forCase}
                  value={action.caseId ?? ''}
                  noneLabel={copy.actions.general}
                  options={cases.map((c) => ({ value: c.id, label: c.label }))}
                  onChange={(caseId) => change({ ...action, caseId: caseId || null })}
                />
              )}
              {gaps.length > 0 && (
                <ul className="nhsuk-list app-action-gaps" aria-label={copy.actions.stillNeededFor(number)}>
                  {gaps.map((gap) => (
                    <li key={gap} className="nhsuk-body-s">
                      <strong className="nhsuk-tag nhsuk-tag--yellow">{copy.actions.stillNeeded}</strong> {gap}
                    </li>
                  ))}
                </ul>
              )}
              <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => actor.send({ type: 'action.removed', id: action.id })}>
                {copy.actions.remove(number)}
              </button>
            </div>
          </fieldset>
        );
      })}
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        onClick={() =>
          actor.send({ type: 'action.added', action: { id: newId(), what: '', owner: { kind: null, name: '' }, dueDate: '', caseId: caseId ?? null } })
        }
      >
        {copy.actions.add}
      </button>
    </section>
  );
}
