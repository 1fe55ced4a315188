/**
 * Backup and restore on the Security screen: every record in one file sealed with a passphrase
 * of its own (what could not be opened here is left out and named); restoring adds what is not
 * here, keeps a record that differs as a copy beside this device's (and this device's version of
 * anything else), says the four counts, and with a wrong passphrase or a damaged file changes
 * nothing and says why.
 */
import { useState, type FormEvent } from 'react';
import { backupFileName, backupMessages, MAX_BACKUP_BYTES, type RestoreReport } from '../../db/backup.ts';
import { vaultMessages } from '../../db/vault.ts';
import { copy } from '../../content/copy.ts';
import { localIsoDate } from '../../content/format.ts';
import { useServices } from '../../app/services.tsx';
import { downloadText } from '../../components/download.ts';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { FileUpload } from '../../components/FileUpload.tsx';
import { PassphraseInput } from '../../components/PassphraseInput.tsx';
import { Section } from '../../components/Section.tsx';

const w = copy.security.backup;

export function BackupSection() {
  const { backup, now, repositories } = useServices();
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [restorePassphrase, setRestorePassphrase] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  /** What is running (its status is shown; the buttons do nothing meanwhile). */
  const [working, setWorking] = useState<'making' | 'restoring' | null>(null);
  const [message, setMessage] = useState('');
  /** What the last backup could not include, or the last restore's four counts. */
  const [details, setDetails] = useState<readonly string[]>([]);
  const busy = working !== null;

  async function run(kind: 'making' | 'restoring', work: () => Promise<void>, fieldId: string) {
    if (busy) return;
    setWorking(kind);
    setMessage('');
    setDetails([]);
    try {
      await work();
    } catch (error) {
      setErrors([{ fieldId, message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      setWorking(null);
    }
  }

  const download = (event: FormEvent) => {
    event.preventDefault();
    void run('making', async () => {
      if (passphrase !== confirmation) return setErrors([{ fieldId: 'backup-passphrase', message: vaultMessages.mismatch }]);
      const made = await backup.export(passphrase);
      if (!made.ok) return setErrors([{ fieldId: 'backup-passphrase', message: made.message }]);
      downloadText(backupFileName(localIsoDate(now())), made.value, 'application/json');
      // The start page's reminder counts from here.
      await (await repositories.retention()).backups.made(now());
      setErrors([]);
      setPassphrase('');
      setConfirmation('');
      setMessage(made.notIncluded.length > 0 ? `${w.downloaded} ${copy.damage.notIncluded(made.notIncluded.map((item) => item.what))}` : w.downloaded);
    }, 'backup-passphrase');
  };

  const restore = (event: FormEvent) => {
    event.preventDefault();
    void run('restoring', async () => {
      if (!file) return setErrors([{ fieldId: 'restore-file', message: w.chooseFile }]);
      // Checked before reading: a file past the limit is refused without loading it into memory.
      if (file.size > MAX_BACKUP_BYTES) return setErrors([{ fieldId: 'restore-file', message: backupMessages['file-too-large'] }]);
      const opened = await backup.open(await file.text(), restorePassphrase);
      if (!opened.ok) return setErrors([{ fieldId: opened.reason === 'wrong-passphrase-or-changed' || opened.reason === 'passphrase-too-short' ? 'restore-passphrase' : 'restore-file', message: opened.message }]);
      const report: RestoreReport = await backup.restore(opened.value);
      setErrors([]);
      setRestorePassphrase('');
      setMessage(w.restored);
      setDetails(w.restoreCounts(report));
    }, 'restore-file');
  };

  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <Section id="backup-title" title={w.title}>
      <p>{w.lede}</p>
      <ErrorSummary title={copy.lock.problem} errors={errors} />
      {/* Always in the page, so assistive technology announces what appears in it. */}
      <div className={working || message ? 'nhsuk-inset-text' : undefined} role="status">
        {working ? <p>{w[working]}</p> : message && <p>{message}</p>}
        {!working && details.length > 0 && (
          <ul className="app-restore-counts">
            {details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
      <form onSubmit={download} noValidate>
        <h3 className="nhsuk-heading-s">{w.makeTitle}</h3>
        <PassphraseInput id="backup-passphrase" label={w.passphrase} hint={w.passphraseHint} error={error('backup-passphrase')} value={passphrase} onChange={setPassphrase} autoComplete="new-password" />
        <PassphraseInput id="backup-confirmation" label={w.confirm} value={confirmation} onChange={setConfirmation} autoComplete="new-password" />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy}>
          {w.download}
        </button>
      </form>
      <form onSubmit={restore} noValidate>
        <h3 className="nhsuk-heading-s">{w.restoreTitle}</h3>
        <FileUpload id="restore-file" label={w.file} hint={w.fileHint} accept=".ssbk,application/json" error={error('restore-file')} onChange={setFile} />
        <PassphraseInput id="restore-passphrase" label={w.restorePassphrase} error={error('restore-passphrase')} value={restorePassphrase} onChange={setRestorePassphrase} autoComplete="current-password" />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary" aria-disabled={busy}>
          {w.restore}
        </button>
      </form>
    </Section>
  );
}
