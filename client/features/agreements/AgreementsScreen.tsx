/** `#/agreements`: choose a supervisee, see their agreements and their status, and make a new one. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { agreementStatus, type AgreementStatus } from '../../../machines/model/agreement.ts';
import { useAgreementTemplates, useAllAgreementTemplates } from '../authoring/useOwnForms.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, localIsoDate } from '../../content/format.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { Input } from '../../components/Input.tsx';
import type { StoredAgreement } from '../../db/agreementRepositories.ts';
import { prefill, useYourDetails } from '../../trust/useYourDetails.ts';
import { commonCopy } from '../../content/commonCopy.ts';

const tagColour: Record<AgreementStatus, string> = {
  draft: 'nhsuk-tag--grey',
  inForce: 'nhsuk-tag--green',
  reviewDue: 'nhsuk-tag--yellow',
  overdue: 'nhsuk-tag--red',
};

export function StatusTag({ status }: { status: AgreementStatus }) {
  return <strong className={`nhsuk-tag ${tagColour[status]}`}>{copy.agreements.status[status]}</strong>;
}

export function AgreementsScreen() {
  const { repositories } = useServices();
  const people = useLiveQuery(() => repositories.people.list(), [repositories]);
  const [personId, setPersonId] = useState('');

  return (
    <>
      <h1 className="nhsuk-heading-xl">{copy.agreements.title}</h1>
      <p className="nhsuk-lede-text">{copy.agreements.lede}</p>
      {people === undefined ? (
        <p>{commonCopy.loading}</p>
      ) : people.length === 0 ? (
        <p>{copy.agreements.noSupervisees}</p>
      ) : (
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="agreement-person">
            {copy.agreements.chooseSupervisee}
          </label>
          <select className="nhsuk-select" id="agreement-person" value={personId} onChange={(event) => setPersonId(event.target.value)}>
            <option value="">{copy.agreements.noneChosen}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.role ? `${p.name}, ${p.role}` : p.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {personId && <PersonAgreements key={personId} personId={personId} name={people?.find((p) => p.id === personId)?.name ?? ''} />}
      <p>
        <a href={hrefFor({ name: 'home' })}>{copy.record.back}</a>
      </p>
    </>
  );
}

function PersonAgreements({ personId, name }: { personId: string; name: string }) {
  const { repositories, now } = useServices();
  const [error, setError] = useState<string | null>(null);
  const agreements = useLiveQuery(async () => {
    try {
      return await repositories.agreements.listFor(personId);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return [] as StoredAgreement[];
    }
  }, [repositories, personId]);
  const today = localIsoDate(now());
  const allTemplates = useAllAgreementTemplates();
  return (
    <>
      <section aria-labelledby="agreements-list">
        <h2 className="nhsuk-heading-m" id="agreements-list">
          {copy.agreements.listTitle(name)}
        </h2>
        {error && (
          <p className="nhsuk-error-message" role="alert">
            {error}
          </p>
        )}
        {agreements === undefined ? (
          <p>{commonCopy.loading}</p>
        ) : agreements.length === 0 ? (
          <p>{copy.agreements.none}</p>
        ) : (
          <ul className="nhsuk-list nhsuk-list--border">
            {agreements.map(({ agreement }) => (
              <li key={agreement.id}>
                <a href={hrefFor({ name: 'agreement', agreementId: agreement.id })}>
                  {copy.agreements.open}: {allTemplates.find((t) => t.id === agreement.templateId && t.version === agreement.templateVersion)?.title ?? agreement.templateId}
                </a>{' '}
                <StatusTag status={agreementStatus(agreement, today)} />
                {agreement.reviewDue && (
                  <>
                    <br />
                    <span className="nhsuk-body-s">{copy.agreements.reviewDue(formatDate(agreement.reviewDue))}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        )}
      </section>
      <MakeAgreement personId={personId} />
    </>
  );
}

function MakeAgreement({ personId }: { personId: string }) {
  const { repositories } = useServices();
  const agreementTemplates = useAgreementTemplates();
  const [templateId, setTemplateId] = useState('');
  const [supervisorName, setSupervisorName] = useState('');
  const [supervisorRole, setSupervisorRole] = useState('');
  const [error, setError] = useState<string | null>(null);
  // Your details (#/you) fill in the supervisor and choose the template first; all stay editable.
  const you = useYourDetails();
  useEffect(() => {
    if (!you) return;
    setSupervisorName((typed) => prefill(typed, you.name));
    setSupervisorRole((typed) => prefill(typed, you.jobRole));
    setTemplateId((chosen) => chosen || (agreementTemplates.some((t) => t.id === you.agreementTemplateId) ? (you.agreementTemplateId ?? '') : ''));
  }, [you, agreementTemplates]);

  async function create() {
    if (!templateId) return setError(copy.agreements.template);
    const created = await repositories.agreements.create(personId, templateId, { name: supervisorName, role: supervisorRole });
    if (!created.ok) return setError(created.message);
    navigate({ name: 'agreement', agreementId: created.value.id });
  }

  return (
    <section aria-labelledby="agreement-make">
      <h2 className="nhsuk-heading-m" id="agreement-make">
        {copy.agreements.make}
      </h2>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">{commonCopy.error}</span> {error}
        </p>
      )}
      <div className="nhsuk-form-group">
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{copy.agreements.template}</legend>
          <div className="nhsuk-radios">
            {agreementTemplates.map((template, index) => (
              <div className="nhsuk-radios__item" key={template.id}>
                <input
                  className="nhsuk-radios__input"
                  id={`agreement-template-${index}`}
                  name="agreement-template"
                  type="radio"
                  value={template.id}
                  checked={templateId === template.id}
                  onChange={() => setTemplateId(template.id)}
                  aria-describedby={`agreement-template-${index}-hint`}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`agreement-template-${index}`}>
                  {template.title}
                </label>
                <div className="nhsuk-hint nhsuk-radios__hint" id={`agreement-template-${index}-hint`}>
                  {`${template.source.organisation}: ${template.source.policy}, ${template.source.appendix}`}
                </div>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <Input id="agreement-supervisor-name" label={copy.agreements.supervisorName} value={supervisorName} onChange={setSupervisorName} />
      <Input id="agreement-supervisor-role" label={copy.agreements.supervisorRole} value={supervisorRole} onChange={setSupervisorRole} />
      <button type="button" className="nhsuk-button" onClick={() => void create()}>
        {copy.agreements.create}
      </button>
    </section>
  );
}
