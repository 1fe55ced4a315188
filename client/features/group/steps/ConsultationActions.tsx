/**
 * The presenter's actions, agreed at the last phase of a consultation, in the shape of the
 * one-to-one actions editor: what, who (the presenter, the facilitator or another named
 * person), by when. Changes go to the consultation running.
 */
import type { ActionV1 } from '../../../../machines/model/record.ts';
import { actionGaps } from '../../../../machines/session/gaps.ts';
import { copy } from '../../../content/copy.ts';
import { Input } from '../../../components/Input.tsx';
import { Radios } from '../../../components/Radios.tsx';
import { LimitedTextArea } from '../LimitedTextArea.tsx';
import { focusSoon } from '../focus.ts';
import { fieldIds } from '../problems.ts';
import { useGroupSession, type ConsultationActor, type ConsultationSnapshot } from '../groupSessionContext.tsx';

const g = copy.group;
const a = copy.actions;

export function ConsultationActions({
  consultation,
  context,
  presenter,
  facilitator,
}: {
  consultation: ConsultationActor;
  context: ConsultationSnapshot['context'];
  presenter: string;
  facilitator: string;
}) {
  const { newId } = useGroupSession();
  const change = (action: ActionV1) => consultation.send({ type: 'action.changed', action });
  const ownerOptions = [
    { value: 'supervisee', label: g.actionOwners.presenter(presenter) },
    { value: 'supervisor', label: g.actionOwners.facilitator(facilitator) },
    { value: 'other', label: g.actionOwners.other },
  ];

  function add() {
    const id = newId();
    consultation.send({ type: 'action.added', action: { id, what: '', owner: { kind: 'supervisee', name: '' }, dueDate: '', caseId: context.id } });
    focusSoon(fieldIds.actionWhat(id));
  }

  return (
    <section aria-labelledby="consultation-actions-heading">
      <h4 className="nhsuk-heading-s" id="consultation-actions-heading">
        {a.heading}
      </h4>
      {context.actions.length === 0 && <p>{a.none}</p>}
      {context.actions.map((action, index) => {
        const number = index + 1;
        const gaps = actionGaps([action]);
        return (
          <fieldset className="nhsuk-fieldset nhsuk-card app-action" key={action.id}>
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{a.action(number)}</legend>
            <div className="nhsuk-card__content">
              <LimitedTextArea max={2000} id={fieldIds.actionWhat(action.id)} label={a.what} value={action.what} rows={2} onChange={(what) => change({ ...action, what })} />
              <Radios
                name={fieldIds.actionOwner(action.id)}
                legend={a.owner}
                options={ownerOptions}
                value={action.owner.kind}
                small
                onChange={(kind) => change({ ...action, owner: { kind: kind as ActionV1['owner']['kind'], name: action.owner.name } })}
              />
              {action.owner.kind === 'other' && (
                <Input id={fieldIds.actionOwnerName(action.id)} maxLength={200} label={a.ownerName} value={action.owner.name} onChange={(name) => change({ ...action, owner: { kind: 'other', name } })} />
              )}
              <Input id={fieldIds.actionDue(action.id)} type="date" label={a.due} value={action.dueDate} onChange={(dueDate) => change({ ...action, dueDate })} />
              {gaps.length > 0 && (
                <ul className="nhsuk-list app-action-gaps" aria-label={g.stillNeededFor(number)}>
                  {gaps.map((gap) => (
                    <li key={gap} className="nhsuk-body-s">
                      <strong className="nhsuk-tag nhsuk-tag--yellow">{g.stillNeeded}</strong> {gap}
                    </li>
                  ))}
                </ul>
              )}
              <button
                type="button"
                className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                onClick={() => {
                  consultation.send({ type: 'action.removed', id: action.id });
                  focusSoon(fieldIds.addAction);
                }}
              >
                {a.remove(number)}
              </button>
            </div>
          </fieldset>
        );
      })}
      <button type="button" id={fieldIds.addAction} className="nhsuk-button nhsuk-button--secondary" onClick={add}>
        {a.add}
      </button>
    </section>
  );
}
