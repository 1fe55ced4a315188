/**
 * On a supervisee's history: "Mark as left" with a date (they leave the start page, the
 * dashboard and compliance; their records stay readable; their retention clock starts), undone
 * with one button; and the subject access export of everything about them, with the warning to
 * review and redact it before disclosure.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type FormEvent } from 'react';
import { copy } from '../../content/copy.ts';
import { formatDate, localIsoDate } from '../../content/format.ts';
import { useServices } from '../../app/services.tsx';
import { downloadText } from '../../components/download.ts';
import { Input } from '../../components/Input.tsx';
import { Section } from '../../components/Section.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';

const w = copy.leaving;

export function LeavingSection({ personId }: { personId: string }) {
  const { repositories, now } = useServices();
  const leftOn = useLiveQuery(async () => (await repositories.retention()).departures.leftOn(personId), [repositories, personId]);
  const [date, setDate] = useState(() => localIsoDate(now()));
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  async function attempt(work: () => Promise<string | null>) {
    try {
      const failed = await work();
      setError(failed);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const markLeft = (event: FormEvent) => {
    event.preventDefault();
    void attempt(async () => {
      const result = await (await repositories.retention()).departures.markLeft(personId, date);
      return result.ok ? null : result.message;
    });
  };
  const undo = () => void attempt(async () => ((await (await repositories.retention()).departures.undo(personId)), null));
  const exportAll = () =>
    void attempt(async () => {
      const made = await (await repositories.retention()).subjectAccess(personId);
      if (!made.ok) return made.message;
      downloadText(made.value.fileName, made.value.html, 'text/html;charset=utf-8');
      setMessage(w.sarDownloaded);
      return null;
    });

  if (leftOn === undefined) return null;
  return (
    <Section id="leaving" title={w.title}>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
      {leftOn === null ? (
        <form onSubmit={markLeft} noValidate>
          <p>{w.current}</p>
          <Input id="left-on" label={w.leftOn} type="date" value={date} onChange={setDate} />
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            {w.markLeft}
          </button>
        </form>
      ) : (
        <>
          <p>{w.left(formatDate(leftOn))}</p>
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={undo}>
            {w.undo}
          </button>
        </>
      )}
      <h3 className="nhsuk-heading-s">{w.sarTitle}</h3>
      <p>{w.sarLede}</p>
      <WarningCallout title={w.sarTitle} level={4}>
        <p>{w.sarWarning}</p>
      </WarningCallout>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={exportAll}>
        {w.sarDownload}
      </button>
      <div role="status">{message && <p>{message}</p>}</div>
    </Section>
  );
}
