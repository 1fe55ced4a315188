/**
 * Preparation mode's first page: whose preparations, then theirs to open or delete, a new
 * one to start, or one to import from a file exported on another device.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PreparationRow } from '../../db/db.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, formatInstant } from '../../content/format.ts';
import { hrefFor, navigate } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { FileUpload } from '../../components/FileUpload.tsx';
import { Input } from '../../components/Input.tsx';
import { Section } from '../../components/Section.tsx';
import {
  MAX_FILE_BYTES,
  PREPARATION_FILE_EXTENSION,
  importPreparation,
  transferMessages,
  type ImportDeps,
  type ImportFailureReason,
} from '../../preparation/transfer.ts';
import { ConfirmRemoval } from './ConfirmRemoval.tsx';
import { PassphraseInput } from './fields.tsx';
import { leaveImportNotice } from './importNotice.ts';
import { whatItHolds } from './preparationChecks.ts';
import { SuperviseeChoice, superviseeFieldId } from './SuperviseeChoice.tsx';

const SUPERVISEE = 'preparation-supervisee';
const FOR_DATE = 'new-preparation-date';
const IMPORT_FILE = 'import-file';
const IMPORT_PASSPHRASE = 'import-passphrase';

type Props = {
  /** Only for tests: fewer PBKDF2 rounds. The app passes nothing, so the import insists on the full 600,000. */
  transferDeps?: ImportDeps;
};

export function PrepareHome({ transferDeps }: Props) {
  const { repositories } = useServices();
  const people = useLiveQuery(() => repositories.people.list(), [repositories]);
  const [chosen, setChosen] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  // With one person on the device there is nobody else to choose. With several (a shared
  // device) nobody is chosen for them: each supervisee's list shows only when they choose it.
  const personId = chosen ?? (people?.length === 1 ? (people[0]?.id ?? null) : null);
  const person = people?.find((p) => p.id === personId);

  function choose(id: string) {
    setChosen(id);
    setErrors([]);
  }

  const errorFor = (fieldId: string) => errors.find((e) => e.fieldId === fieldId)?.message;

  return (
    <>
      <ErrorSummary title={copy.preparation.errorTitle} errors={errors} />
      <h1 className="nhsuk-heading-l" tabIndex={-1} ref={headingRef}>
        {copy.preparation.title}
      </h1>
      <p className="nhsuk-body-l">{copy.preparation.lede}</p>
      <SuperviseeChoice
        name={SUPERVISEE}
        legend={copy.preparation.supervisee}
        hint={copy.preparation.superviseeHint}
        people={people}
        value={personId}
        onChange={choose}
        error={errorFor(superviseeFieldId(SUPERVISEE, people))}
      />
      {personId && person ? (
        // Keyed by person: switching supervisee clears what was typed for the one before.
        <div key={personId}>
          <PreparationList personId={personId} />
          <StartPreparation personId={personId} setErrors={setErrors} errorFor={errorFor} />
          <ImportPreparation personId={personId} personName={person.name} setErrors={setErrors} errorFor={errorFor} transferDeps={transferDeps} />
        </div>
      ) : (
        people && <p>{copy.preparation.chooseFirst}</p>
      )}
    </>
  );
}

type FormProps = { personId: string; setErrors: (errors: FieldError[]) => void; errorFor: (fieldId: string) => string | undefined };

type ListItem = { row: PreparationRow; broughtDate: string };
type Listing = { ok: true; items: ListItem[] } | { ok: false; message: string };

function PreparationList({ personId }: { personId: string }) {
  const { repositories } = useServices();
  const [confirming, setConfirming] = useState<string | null>(null);
  const [deleted, setDeleted] = useState(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const listing = useLiveQuery(async (): Promise<Listing> => {
    try {
      const rows = await repositories.preparations.listFor(personId);
      const items = await Promise.all(rows.map(async (row) => ({ row, broughtDate: row.broughtInto ? await sessionDate(row.broughtInto) : '' })));
      return { ok: true, items };
    } catch (error) {
      return { ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  }, [repositories, personId]);

  async function sessionDate(sessionId: string): Promise<string> {
    try {
      return (await repositories.sessions.get(sessionId))?.row.date ?? '';
    } catch {
      return ''; // The status still says it was brought; only the date is missing.
    }
  }

  async function remove(id: string) {
    await repositories.preparations.remove(id);
    setConfirming(null);
    setDeleted(true);
    headingRef.current?.focus();
  }

  function cancel(id: string) {
    setConfirming(null);
    // Back to the button that asked, so keyboard users keep their place.
    requestAnimationFrame(() => document.getElementById(`delete-${id}`)?.focus());
  }

  return (
    <Section id="preparations-title" title={copy.preparation.listTitle} focusable headingRef={headingRef}>
      {/* Not a live region: the heading takes focus after a deletion, and this follows it. */}
      {deleted && <p className="nhsuk-body-s">{copy.preparation.deleted}</p>}
      {!listing ? (
        <p>{copy.preparation.loading}</p>
      ) : !listing.ok ? (
        <div className="nhsuk-error-summary" role="alert">
          <h3 className="nhsuk-error-summary__title">{copy.preparation.errorTitle}</h3>
          <p>{listing.message}</p>
        </div>
      ) : listing.items.length === 0 ? (
        <p>{copy.preparation.none}</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border">
          {listing.items.map(({ row, broughtDate }) => {
            const name = copy.preparation.name(row.content.forDate ? formatDate(row.content.forDate) : '');
            const holds = whatItHolds(row.content);
            return (
              <li key={row.id}>
                <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-2">{name}</h3>
                <p className="nhsuk-body-s nhsuk-u-margin-bottom-2">
                  {copy.preparation.updated(formatInstant(row.updatedAt))}
                  <br />
                  {copy.preparation.holds(holds.issues, holds.cases)}; {copy.preparation.markedToBring(holds.markedToBring)}
                </p>
                <p className="nhsuk-u-margin-bottom-2">
                  <strong className={`nhsuk-tag ${row.status === 'brought' ? 'nhsuk-tag--green' : 'nhsuk-tag--grey'}`}>
                    {row.status === 'brought' ? copy.preparation.brought(broughtDate ? formatDate(broughtDate) : '') : copy.preparation.draft}
                  </strong>
                </p>
                {confirming === row.id ? (
                  <ConfirmRemoval
                    question={copy.preparation.deleteQuestion(name)}
                    confirm={copy.preparation.deleteConfirm}
                    cancel={copy.preparation.deleteCancel}
                    onConfirm={() => void remove(row.id)}
                    onCancel={() => cancel(row.id)}
                  />
                ) : (
                  <div className="app-inline-buttons">
                    <a
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      href={hrefFor({ name: 'preparation', preparationId: row.id })}
                      role="button"
                      draggable={false}
                    >
                      {copy.preparation.open}{' '}
                      <span className="nhsuk-u-visually-hidden">{name}</span>
                    </a>
                    <button
                      type="button"
                      id={`delete-${row.id}`}
                      className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                      onClick={() => {
                        setDeleted(false);
                        setConfirming(row.id);
                      }}
                    >
                      {copy.preparation.delete}{' '}
                      <span className="nhsuk-u-visually-hidden">{name}</span>
                    </button>
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </Section>
  );
}

function StartPreparation({ personId, setErrors, errorFor }: FormProps) {
  const { repositories } = useServices();
  const [forDate, setForDate] = useState('');
  const [busy, setBusy] = useState(false);

  async function start(event: FormEvent) {
    event.preventDefault();
    if (!/^(\d{4}-\d{2}-\d{2})?$/.test(forDate)) {
      setErrors([{ fieldId: FOR_DATE, message: copy.preparation.forDateInvalid }]);
      return;
    }
    setBusy(true);
    try {
      const created = await repositories.preparations.create(personId, forDate);
      if (!created.ok) {
        setErrors([{ fieldId: SUPERVISEE, message: created.message }]);
        return;
      }
      navigate({ name: 'preparation', preparationId: created.value.id });
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="new-preparation-title" title={copy.preparation.newTitle}>
      <form onSubmit={(event) => void start(event)} noValidate>
        <Input
          id={FOR_DATE}
          type="date"
          label={copy.preparation.forDate}
          hint={copy.preparation.forDateHint}
          value={forDate}
          onChange={setForDate}
          error={errorFor(FOR_DATE)}
        />
        <button type="submit" className="nhsuk-button" disabled={busy}>
          {copy.preparation.start}
        </button>
      </form>
    </Section>
  );
}

/** Which field a failed import is about: the passphrase, or else the file. */
function fieldOf(reason: ImportFailureReason): string {
  return reason === 'wrong-passphrase-or-changed' || reason === 'passphrase-too-short' ? IMPORT_PASSPHRASE : IMPORT_FILE;
}

function sameName(a: string, b: string): boolean {
  return a.trim().normalize('NFC').toLocaleLowerCase('en-GB') === b.trim().normalize('NFC').toLocaleLowerCase('en-GB');
}

function ImportPreparation({ personId, personName, setErrors, errorFor, transferDeps }: FormProps & { personName: string; transferDeps: ImportDeps | undefined }) {
  const { repositories } = useServices();
  const [file, setFile] = useState<File | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState(false);

  async function importFile(event: FormEvent) {
    event.preventDefault();
    const found: FieldError[] = [];
    if (!file) found.push({ fieldId: IMPORT_FILE, message: copy.preparation.chooseFile });
    if (!passphrase) found.push({ fieldId: IMPORT_PASSPHRASE, message: copy.preparation.enterPassphrase });
    if (!file || found.length > 0) {
      setErrors(found);
      return;
    }
    // Checked before reading: a huge file is refused without loading it into memory.
    if (file.size > MAX_FILE_BYTES) {
      setErrors([{ fieldId: IMPORT_FILE, message: transferMessages['file-too-large'] }]);
      return;
    }
    setBusy(true);
    try {
      let text: string;
      try {
        text = await file.text();
      } catch {
        setErrors([{ fieldId: IMPORT_FILE, message: copy.preparation.unreadableFile }]);
        return;
      }
      const result = await importPreparation(text, passphrase, transferDeps);
      if (!result.ok) {
        setErrors([{ fieldId: fieldOf(result.reason), message: result.message }]);
        return;
      }
      const existing = await repositories.preparations.get(result.value.id);
      if (existing && existing.personId !== personId) {
        setErrors([{ fieldId: IMPORT_FILE, message: copy.preparation.belongsToSomeoneElse }]);
        return;
      }
      const saved = await repositories.preparations.save(personId, result.value);
      if (!saved.ok) {
        setErrors([{ fieldId: IMPORT_FILE, message: copy.preparation.importFailed(saved.message) }]);
        return;
      }
      setErrors([]);
      setPassphrase('');
      leaveImportNotice(saved.value.id, {
        replaced: existing !== undefined,
        nameInFile: sameName(saved.value.supervisee.name, personName) ? null : saved.value.supervisee.name,
        chosenName: personName,
      });
      navigate({ name: 'preparation', preparationId: saved.value.id });
    } catch (error) {
      setErrors([{ fieldId: IMPORT_FILE, message: copy.preparation.importFailed(error instanceof Error ? error.message : String(error)) }]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="import-title" title={copy.preparation.importTitle}>
      <p>{copy.preparation.importLede}</p>
      <form onSubmit={(event) => void importFile(event)} noValidate>
        <FileUpload
          id={IMPORT_FILE}
          label={copy.preparation.importFile}
          hint={copy.preparation.importFileHint}
          accept={PREPARATION_FILE_EXTENSION}
          error={errorFor(IMPORT_FILE)}
          onChange={setFile}
        />
        <PassphraseInput
          id={IMPORT_PASSPHRASE}
          label={copy.preparation.passphrase}
          value={passphrase}
          onChange={setPassphrase}
          error={errorFor(IMPORT_PASSPHRASE)}
          autoComplete="off"
        />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={busy}>
          {copy.preparation.importButton}
        </button>
        {busy && (
          <p className="nhsuk-body-s" role="status">
            {copy.preparation.importing}
          </p>
        )}
      </form>
    </Section>
  );
}
