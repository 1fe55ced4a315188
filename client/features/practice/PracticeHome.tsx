/**
 * Practice (#/practice): choose a fictional scenario and the part to play, start; import a
 * trainer's scenario file; open earlier practice and its debrief. Training only, marked so.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState, type FormEvent } from 'react';
import { practiceRoles, type PracticeRole } from '../../../machines/practice/practice.machine.ts';
import { copy } from '../../content/copy.ts';
import { formatInstantDate } from '../../content/format.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { FileUpload } from '../../components/FileUpload.tsx';
import { Input } from '../../components/Input.tsx';
import { Radios } from '../../components/Radios.tsx';
import { prefill, useYourDetails } from '../../trust/useYourDetails.ts';
import { createPractice } from '../../live/create.ts';

const w = copy.practice;

export function TrainingTag() {
  return <strong className="nhsuk-tag nhsuk-tag--purple">{w.trainingTag}</strong>;
}

export function PracticeHome() {
  const { repositories } = useServices();
  const [reload, setReload] = useState(0);
  const loaded = useLiveQuery(async () => {
    try {
      const [{ scenarios, problems }, earlier] = await Promise.all([repositories.practiceScenarios.list(), repositories.practice.list()]);
      return { ok: true as const, scenarios, problems, earlier };
    } catch (error) {
      return { ok: false as const, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, reload]);
  const [scenarioId, setScenarioId] = useState<string | null>(null);
  const [role, setRole] = useState<PracticeRole | null>('supervisor');
  const [trainee, setTrainee] = useState('');
  // Your details (#/you) fill in your name; it stays editable.
  const you = useYourDetails();
  useEffect(() => {
    if (you) setTrainee((typed) => prefill(typed, you.name));
  }, [you]);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [file, setFile] = useState<File | null>(null);
  const [importMessage, setImportMessage] = useState('');

  async function start(event: FormEvent) {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!scenarioId) found.push({ fieldId: 'practice-scenario', message: w.scenario });
    if (!role) found.push({ fieldId: 'practice-role', message: w.role });
    if (!trainee.trim()) found.push({ fieldId: 'practice-trainee', message: w.enterName });
    setErrors(found);
    if (found.length > 0 || !scenarioId || !role) return;
    const created = await createPractice(repositories, { scenarioId, role, trainee });
    if (!created.ok) return setErrors([{ fieldId: 'practice-scenario', message: created.message }]);
    navigate({ name: 'practice', practiceId: created.value });
  }

  async function importScenario() {
    setImportMessage('');
    if (!file) return setErrors([{ fieldId: 'scenario-file', message: w.chooseFile }]);
    const result = await repositories.practiceScenarios.import(await file.text());
    if (!result.ok) return setErrors([{ fieldId: 'scenario-file', message: result.message }]);
    setErrors([]);
    setImportMessage(w.imported(result.value.title));
    setReload((n) => n + 1);
  }

  if (loaded === undefined) return <p role="status">{w.loading}</p>;
  if (!loaded.ok) return <LoadFailed title={w.problem} message={loaded.message} back={hrefFor({ name: 'home' })} backLabel={copy.history.back} />;
  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <>
      <h1 className="nhsuk-heading-xl">
        {w.title} <TrainingTag />
      </h1>
      <p className="nhsuk-lede-text">{w.lede}</p>
      <ErrorSummary title={w.errorTitle} errors={errors} />
      {loaded.problems.map((problem) => (
        <p key={problem} className="nhsuk-error-message">
          {problem}
        </p>
      ))}
      <form onSubmit={(event) => void start(event)} noValidate>
        <Radios
          name="practice-scenario"
          legend={w.scenario}
          legendSize="m"
          error={error('practice-scenario')}
          value={scenarioId}
          onChange={setScenarioId}
          options={loaded.scenarios.map((s) => ({ value: s.id, label: s.title, hint: s.brief }))}
        />
        <Radios
          name="practice-role"
          legend={w.role}
          small
          error={error('practice-role')}
          value={role}
          onChange={(value) => setRole(practiceRoles.find((r) => r === value) ?? null)}
          options={practiceRoles.map((r) => ({ value: r, label: w.roles[r] }))}
        />
        <Input id="practice-trainee" label={w.trainee} hint={w.traineeHint} width={30} value={trainee} onChange={setTrainee} error={error('practice-trainee')} />
        <button type="submit" className="nhsuk-button">
          {w.start}
        </button>
      </form>

      <h2 className="nhsuk-heading-m">{w.importTitle}</h2>
      <FileUpload id="scenario-file" label={w.chooseFile} hint={w.importHint} accept=".json,application/json" error={error('scenario-file')} onChange={setFile} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void importScenario()}>
        {w.importButton}
      </button>
      {importMessage && <p role="status">{importMessage}</p>}

      <h2 className="nhsuk-heading-m">{w.earlier}</h2>
      {loaded.earlier.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <ul className="nhsuk-list">
          {loaded.earlier.map(({ row, content }) => (
            <li key={row.id}>
              <TrainingTag /> <a href={hrefFor({ name: 'practice', practiceId: row.id })}>{`${content.practice.context.scenario.title} — ${content.practice.context.trainee}`}</a> ({w.status[row.status]}, {formatInstantDate(row.updatedAt)})
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={hrefFor({ name: 'home' })}>{copy.history.back}</a>
      </p>
    </>
  );
}
