/**
 * Exporting a preparation to move it to the supervisee's other device: a file sealed with a
 * passphrase they choose (client/preparation/transfer.ts), saved through the browser's
 * downloads. Nothing leaves the device any other way.
 */
import { useState, type FormEvent } from 'react';
import type { PreparationV1 } from '../../../machines/model/preparation.ts';
import { copy } from '../../content/copy.ts';
import { useServices } from '../../app/services.tsx';
import { downloadText } from '../../components/download.ts';
import { Section } from '../../components/Section.tsx';
import type { FieldError } from '../../components/ErrorSummary.tsx';
import { MINIMUM_PASSPHRASE_LENGTH, exportPreparation, preparationFileName, type ExportDeps } from '../../preparation/transfer.ts';
import { PassphraseInput } from './fields.tsx';
import { whatItHolds, type PreparationHolds } from './preparationChecks.ts';

export const EXPORT_PASSPHRASE = 'export-passphrase';
export const EXPORT_CONFIRM = 'export-passphrase-confirm';

/** Characters as people count them, as the export itself counts them. */
function characters(text: string): number {
  return Array.from(text).length;
}

export function ExportPreparation(props: {
  preparation: PreparationV1;
  /** The preparation as it is on screen now (the prop may be a render behind). */
  latest: () => PreparationV1;
  /** Resolves when every change so far has been saved on this device. */
  flush: () => Promise<void>;
  /** Problems that stop the preparation being saved: it is not exported until they are fixed. */
  problems: readonly FieldError[];
  setErrors: (errors: FieldError[]) => void;
  errorFor: (fieldId: string) => string | undefined;
  transferDeps: ExportDeps | undefined;
}) {
  const { now } = useServices();
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [busy, setBusy] = useState(false);
  const [exported, setExported] = useState<string | null>(null);
  const holds = whatItHolds(props.preparation);

  async function exportFile(event: FormEvent) {
    event.preventDefault();
    const found: FieldError[] = [];
    if (characters(passphrase) < MINIMUM_PASSPHRASE_LENGTH) {
      found.push({ fieldId: EXPORT_PASSPHRASE, message: copy.preparation.passphraseTooShort(MINIMUM_PASSPHRASE_LENGTH) });
    }
    if (confirmation !== passphrase) found.push({ fieldId: EXPORT_CONFIRM, message: copy.preparation.passphraseMismatch });
    const firstProblem = props.problems[0];
    if (firstProblem) found.push({ fieldId: firstProblem.fieldId, message: copy.preparation.exportFixFirst });
    props.setErrors(found);
    setExported(null);
    if (found.length > 0) return;

    setBusy(true);
    try {
      // What is written to the file is what is saved on this device.
      await props.flush();
      const current = { ...props.latest(), updatedAt: now().toISOString() };
      const result = await exportPreparation(current, passphrase, props.transferDeps);
      if (!result.ok) {
        props.setErrors([{ fieldId: EXPORT_PASSPHRASE, message: result.message }]);
        return;
      }
      const fileName = preparationFileName(current);
      downloadText(fileName, result.value);
      setPassphrase('');
      setConfirmation('');
      setExported(fileName);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section id="export-title" title={copy.preparation.exportTitle}>
      <p>{copy.preparation.exportLede}</p>
      <p>{copy.preparation.exportHolds(holdsText(holds), props.preparation.supervisee.name)}</p>
      <div className="nhsuk-warning-callout">
        <h3 className="nhsuk-warning-callout__label">
          {copy.preparation.warningLabel}
        </h3>
        <p>{copy.preparation.exportWarning}</p>
      </div>
      <form onSubmit={(event) => void exportFile(event)} noValidate>
        <PassphraseInput
          id={EXPORT_PASSPHRASE}
          label={copy.preparation.newPassphrase}
          hint={copy.preparation.newPassphraseHint(MINIMUM_PASSPHRASE_LENGTH)}
          value={passphrase}
          onChange={setPassphrase}
          error={props.errorFor(EXPORT_PASSPHRASE)}
          autoComplete="new-password"
        />
        <PassphraseInput
          id={EXPORT_CONFIRM}
          label={copy.preparation.confirmPassphrase}
          value={confirmation}
          onChange={setConfirmation}
          error={props.errorFor(EXPORT_CONFIRM)}
          autoComplete="new-password"
        />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" disabled={busy}>
          {copy.preparation.exportButton}
        </button>
        <div role="status">
          {busy && <p className="nhsuk-body-s">{copy.preparation.exporting}</p>}
          {exported && (
            <div className="nhsuk-inset-text">
              <p>{copy.preparation.exported(exported)}</p>
            </div>
          )}
        </div>
      </form>
    </Section>
  );
}

export function holdsText(holds: PreparationHolds): string {
  return copy.preparation.holds(holds.issues, holds.cases);
}
