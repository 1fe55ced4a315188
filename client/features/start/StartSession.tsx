/** Choosing who, which template and which session type, then starting the session. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { useRecordTemplates } from '../authoring/useOwnForms.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, formatInstant, localIsoDate } from '../../content/format.ts';
import { broughtFrom } from '../../../machines/model/preparation.ts';
import { broughtAnything } from '../../../machines/session/sections.ts';
import { navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { Input } from '../../components/Input.tsx';
import { Radios } from '../../components/Radios.tsx';
import { SuperviseeChoice, superviseeFieldId } from '../preparation/SuperviseeChoice.tsx';
import { prefill, useYourDetails } from '../../trust/useYourDetails.ts';
import { createSession } from '../../live/create.ts';

const SUPERVISEE = 'supervisee';
/** The fields that add a supervisee are new-person-name and new-person-role. */
const ADD_SUPERVISEE = 'new-person';

export function StartSession() {
  const { repositories, now } = useServices();
  // Built-in templates and your organisation's own (the newest version of each).
  const templates = useRecordTemplates();
  const people = useLiveQuery(async () => (await repositories.retention()).departures.supervisees(), [repositories]);
  const [personId, setPersonId] = useState<string | null>(null);
  const [supervisorName, setSupervisorName] = useState('');
  const [supervisorRole, setSupervisorRole] = useState('');
  const [templateId, setTemplateId] = useState<string | null>(templates.length === 1 ? (templates[0]?.id ?? null) : null);
  const [sessionType, setSessionType] = useState<string | null>(null);
  const [date, setDate] = useState(() => localIsoDate(now()));
  const [errors, setErrors] = useState<FieldError[]>([]);
  // Your details (#/you) fill in the supervisor and choose the template first; all stay editable.
  const you = useYourDetails();
  useEffect(() => {
    if (!you) return;
    setSupervisorName((typed) => prefill(typed, you.name));
    setSupervisorRole((typed) => prefill(typed, you.jobRole));
    setTemplateId((chosen) => chosen ?? (templates.some((t) => t.id === you.templateId) ? (you.templateId ?? null) : null));
  }, [you, templates]);
  const preparations = useLiveQuery(
    async () => (personId ? (await repositories.preparations.listFor(personId)).filter((p) => p.status === 'draft') : []),
    [repositories, personId],
  );
  // The supervisee's latest draft is brought unless they choose otherwise ('' = none).
  const [preparationChoice, setPreparationChoice] = useState<string | null>(null);
  const preparationId = preparationChoice ?? preparations?.find((p) => broughtAnything(broughtFrom(p.content)))?.id ?? '';
  const [busy, setBusy] = useState(false);

  const template = templates.find((t) => t.id === templateId);
  const chosenType = template?.sessionTypes.length === 1 ? (template.sessionTypes[0]?.id ?? null) : sessionType;

  async function begin(event: FormEvent) {
    event.preventDefault();
    const found: FieldError[] = [];
    // With nobody added yet, the way to fix it is to add the supervisee: link there.
    if (!personId) found.push({ fieldId: superviseeFieldId(SUPERVISEE, people, ADD_SUPERVISEE), message: copy.start.chooseSupervisee });
    if (!supervisorName.trim()) found.push({ fieldId: 'supervisor-name', message: copy.start.enterSupervisor });
    if (!template) found.push({ fieldId: 'template', message: copy.start.chooseTemplate });
    else if (!chosenType) found.push({ fieldId: 'session-type', message: copy.start.chooseType });
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) found.push({ fieldId: 'session-date', message: copy.start.enterDate });
    setErrors(found);
    if (found.length > 0 || !template || !chosenType || !personId) return;
    setBusy(true);
    try {
      const result = await createSession(repositories, {
        template,
        sessionType: chosenType,
        date,
        personId,
        supervisor: { name: supervisorName, role: supervisorRole },
        preparationId: preparationId || null,
      });
      if (result.ok) navigate({ name: 'session', sessionId: result.value });
      else setErrors([{ fieldId: SUPERVISEE, message: result.message }]);
    } catch (e) {
      setErrors([{ fieldId: SUPERVISEE, message: copy.start.notStarted(e instanceof Error ? e.message : String(e)) }]);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  return (
    <form onSubmit={begin} noValidate>
      <ErrorSummary title={copy.start.errorTitle} errors={errors} />
      <h1 className="nhsuk-heading-l">{copy.start.title}</h1>

      <SuperviseeChoice
        name={SUPERVISEE}
        addId={ADD_SUPERVISEE}
        legend={copy.start.supervisee}
        hint={copy.start.superviseeHint}
        people={people}
        value={personId}
        onChange={(id) => {
          // Another supervisee: the previous person's preparation choice does not carry over.
          setPersonId(id);
          setPreparationChoice(null);
        }}
        error={errorFor(superviseeFieldId(SUPERVISEE, people, ADD_SUPERVISEE))}
      />

      {preparations && preparations.length > 0 && (
        <Radios
          name="preparation"
          legend={copy.bring.legend}
          hint={copy.bring.hint}
          options={[
            ...preparations.map((p) => {
              const brought = broughtFrom(p.content);
              return {
                value: p.id,
                label: `${p.content.forDate ? `For ${formatDate(p.content.forDate)}` : `Written ${formatInstant(p.updatedAt)}`}`,
                hint: copy.bring.summary(brought.issues.length, brought.cases.length),
              };
            }),
            { value: '', label: copy.bring.none },
          ]}
          value={preparationId}
          onChange={setPreparationChoice}
        />
      )}
      <Input id="supervisor-name" label={copy.start.supervisorName} value={supervisorName} onChange={setSupervisorName} error={errorFor('supervisor-name')} />
      <Input id="supervisor-role" label={copy.start.supervisorRole} value={supervisorRole} onChange={setSupervisorRole} />

      <Radios
        name="template"
        legend={copy.start.template}
        legendSize="m"
        hint={copy.start.templateHint}
        error={errorFor('template')}
        options={templates.map((t) => ({ value: t.id, label: t.title, hint: `${t.source.organisation}: ${t.source.appendix}` }))}
        value={templateId}
        onChange={(id) => {
          setTemplateId(id);
          setSessionType(null);
        }}
      />
      {template && template.sessionTypes.length > 1 && (
        <Radios
          name="session-type"
          legend={copy.start.sessionType}
          error={errorFor('session-type')}
          options={template.sessionTypes.map((t) => ({ value: t.id, label: t.label }))}
          value={sessionType}
          onChange={setSessionType}
        />
      )}
      <Input id="session-date" type="date" label={copy.start.date} hint={copy.start.dateHint} value={date} onChange={setDate} error={errorFor('session-date')} />
      <button type="submit" className="nhsuk-button" disabled={busy}>
        {copy.start.begin}
      </button>
    </form>
  );
}
