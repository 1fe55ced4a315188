/**
 * Security (#/security): how the records on this device are protected, "Lock now", and changing
 * the passphrase (the data key is re-wrapped; no record is rewritten).
 */
import { useState, type FormEvent } from 'react';
import { copy } from '../../content/copy.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { useLock } from '../../app/LockGate.tsx';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary.tsx';
import { PassphraseInput } from '../../components/PassphraseInput.tsx';
import { vaultMessages } from '../../db/vault.ts';
import { BackupSection } from './BackupSection.tsx';
import { StorageWarning } from './StorageWarning.tsx';
import { BackupReminderSettings } from '../retention/BackupStatus.tsx';
import { DestructionLog } from '../retention/DestructionLog.tsx';

const w = copy.security;

export function SecurityScreen() {
  const { vault } = useServices();
  const lock = useLock();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);

  async function change(event: FormEvent) {
    event.preventDefault();
    if (busy) return;
    setDone(false);
    setBusy(true);
    try {
      const result = await vault.change(current, next, confirmation);
      if (!result.ok) {
        const fieldId = result.message === vaultMessages.wrong ? 'current-passphrase' : 'new-passphrase';
        setErrors([{ fieldId, message: result.message }]);
        return;
      }
      setErrors([]);
      setCurrent('');
      setNext('');
      setConfirmation('');
      setDone(true);
    } catch (error) {
      setErrors([{ fieldId: 'current-passphrase', message: error instanceof Error ? error.message : String(error) }]);
    } finally {
      setBusy(false);
    }
  }

  const error = (id: string) => errors.find((e) => e.fieldId === id)?.message;
  return (
    <>
      <h1 className="nhsuk-heading-xl">{w.title}</h1>
      <p className="nhsuk-lede-text">{w.lede}</p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {w.facts.map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
      </ul>
      {lock && (
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={lock.lockNow}>
          {copy.lock.lockNow}
        </button>
      )}
      <h2 className="nhsuk-heading-m">{w.changeTitle}</h2>
      <ErrorSummary title={copy.lock.problem} errors={errors} />
      {done && (
        <div className="nhsuk-inset-text" role="status">
          <p>{w.changed}</p>
        </div>
      )}
      <form onSubmit={(event) => void change(event)} noValidate>
        <PassphraseInput id="current-passphrase" label={w.current} error={error('current-passphrase')} value={current} onChange={setCurrent} autoComplete="current-password" />
        <PassphraseInput id="new-passphrase" label={w.next} hint={copy.lock.newHint} error={error('new-passphrase')} value={next} onChange={setNext} autoComplete="new-password" />
        <PassphraseInput id="confirm-passphrase" label={copy.lock.confirm} value={confirmation} onChange={setConfirmation} autoComplete="new-password" />
        <button type="submit" className="nhsuk-button" aria-disabled={busy}>
          {busy ? w.changing : w.change}
        </button>
      </form>
      <StorageWarning backupHref={null} />
      <BackupSection />
      <BackupReminderSettings />
      <DestructionLog />
      <p>
        <a href={hrefFor({ name: 'home' })}>{copy.history.back}</a>
      </p>
    </>
  );
}
