/**
 * One child-record summary, ready to copy into the child's own record or download as a
 * text file. Copying can be refused by the browser (permissions, an insecure page); that is
 * always said on screen, with what to do instead, never swallowed. Given a `choice`, it also
 * offers what the entry includes beyond its default, and warns that the child's record can be
 * disclosed to the family whenever more is included.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import { childSummaryFileName, type ChildRecordSummary } from '../../machines/record/childSummary.ts';
import { childRecordExtras, type ChildRecordExtra } from '../../machines/record/childRecordChoices.ts';
import { copy } from '../content/copy.ts';
import { commonCopy } from '../content/commonCopy.ts';
import { Checkboxes } from './Checkboxes.tsx';
import { WarningCallout } from './WarningCallout.tsx';
import { printOnly } from './printHeader.ts';
import { formatDate } from '../content/format.ts';

export type CopyOutcome = { ok: true } | { ok: false; message: string };

/** What the component shows: a one-to-one session's child-record summary, or a group presenter's. */
export type ChildSummaryContent = Pick<ChildRecordSummary, 'caseId' | 'caseLabel' | 'date' | 'text' | 'withheld'> & Partial<Pick<ChildRecordSummary, 'possibleNames'>>;

/** What an entry includes beyond its default, chosen for its case (the record screen keeps it). */
export type EntryChoice = {
  chosen: readonly ChildRecordExtra[];
  onChange: (chosen: ChildRecordExtra[]) => void;
  /** Why the last choice could not be kept, when it could not. */
  error?: string | null;
};

export interface ChildSummaryProps {
  summary: ChildSummaryContent;
  /** Where the entry goes, in the policy's words (template.childRecord.system). */
  templateSystem: string;
  /** Offers the choice of what the entry includes; without it, the entry is shown as it is. */
  choice?: EntryChoice;
  /** Told how each copy attempt ended. */
  onCopy?: (outcome: CopyOutcome) => void;
  /** Other ways to take the entry away (Word, FHIR), shown beside copy and download. */
  exports?: ReactNode;
}

const summaryCopy = copy.childSummary;

type Status = { kind: 'idle' } | { kind: 'copied' } | { kind: 'error'; message: string };

function reasonOf(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return String(error) || summaryCopy.noReason;
}

export function ChildSummary({ summary, templateSystem, choice, onCopy, exports }: ChildSummaryProps) {
  const id = useId();
  const headingId = `${id}-heading`;
  const textId = `${id}-text`;
  const hintId = `${id}-hint`;
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const [printing, setPrinting] = useState(false);
  const sectionRef = useRef<HTMLElement>(null);

  /** The entry on its own on paper: its text set out in full (a text box prints cut short). */
  function print() {
    const section = sectionRef.current;
    if (!section) return;
    flushSync(() => setPrinting(true));
    printOnly(section, { title: summaryCopy.heading(summary.caseLabel), date: formatDate(summary.date) }, () => setPrinting(false));
  }

  async function copyToClipboard() {
    const clipboard: Clipboard | undefined = typeof navigator === 'undefined' ? undefined : navigator.clipboard;
    if (!clipboard || typeof clipboard.writeText !== 'function') {
      const message = summaryCopy.copyFailed(summaryCopy.noClipboard);
      setStatus({ kind: 'error', message });
      onCopy?.({ ok: false, message });
      return;
    }
    try {
      await clipboard.writeText(summary.text);
      setStatus({ kind: 'copied' });
      onCopy?.({ ok: true });
    } catch (error) {
      const message = summaryCopy.copyFailed(reasonOf(error));
      setStatus({ kind: 'error', message });
      onCopy?.({ ok: false, message });
    }
  }

  function downloadAsText() {
    try {
      const blob = new Blob([summary.text], { type: 'text/plain;charset=utf-8' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = childSummaryFileName(summary);
      link.rel = 'noopener';
      link.hidden = true;
      document.body.append(link);
      link.click();
      link.remove();
      // Revoked on the next task: some browsers read the URL after click() returns.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (error) {
      setStatus({ kind: 'error', message: summaryCopy.downloadFailed(reasonOf(error)) });
    }
  }

  const lines = summary.text.split('\n').length;

  return (
    <section className="app-child-summary" aria-labelledby={headingId} ref={sectionRef}>
      <h3 className="nhsuk-heading-s" id={headingId}>
        {summaryCopy.heading(summary.caseLabel)}
      </h3>

      {choice && (
        <div className="app-no-print">
          <IncludeChoice id={`${id}-include`} choice={choice} templateSystem={templateSystem} />
        </div>
      )}

      {summary.withheld.length > 0 && (
        <div className="nhsuk-warning-callout">
          <p className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">{commonCopy.important} </span>
            {summaryCopy.withheldTitle}
          </p>
          <p className="nhsuk-body">{summaryCopy.withheldText}</p>
          <ul className="nhsuk-list nhsuk-list--bullet" aria-label={summaryCopy.withheldTitle}>
            {summary.withheld.map((term) => (
              <li key={term}>{term}</li>
            ))}
          </ul>
        </div>
      )}

      {(summary.possibleNames?.length ?? 0) > 0 && (
        <WarningCallout title={copy.record.entry.namesTitle} level={4}>
          <p className="nhsuk-body">{copy.record.entry.namesText(summary.caseLabel)}</p>
          <ul className="nhsuk-list nhsuk-list--bullet" aria-label={copy.record.entry.namesTitle}>
            {summary.possibleNames?.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </WarningCallout>
      )}

      {printing && <div className="app-child-summary__print">{summary.text}</div>}
      <div className={`nhsuk-form-group app-no-print${status.kind === 'error' ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor={textId}>
          {summaryCopy.label(templateSystem)}
        </label>
        <div className="nhsuk-hint" id={hintId}>
          {summaryCopy.hint}
        </div>
        {status.kind === 'error' && (
          <p className="nhsuk-error-message" role="alert">
            <span className="nhsuk-u-visually-hidden">{commonCopy.error} </span>
            {status.message}
          </p>
        )}
        <textarea
          className="nhsuk-textarea app-child-summary__text"
          id={textId}
          aria-describedby={hintId}
          readOnly
          // About a child: not kept by the browser for session restore (see Input.tsx).
          autoComplete="off"
          rows={Math.min(Math.max(lines, 6), 30)}
          value={summary.text}
        />
      </div>

      <div className="nhsuk-button-group">
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void copyToClipboard()}>
          {summaryCopy.copy}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={downloadAsText}>
          {summaryCopy.download}
        </button>
        {exports}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={print}>
          {summaryCopy.print}
        </button>
      </div>
      <p className="nhsuk-body" role="status">
        {status.kind === 'copied' ? summaryCopy.copied : ''}
      </p>
    </section>
  );
}

const e = copy.record.entry;

function IncludeChoice({ id, choice, templateSystem }: { id: string; choice: EntryChoice; templateSystem: string }) {
  return (
    <>
      <Checkboxes
        name={id}
        legend={e.legend}
        hint={e.hint}
        error={choice.error ?? undefined}
        options={[
          { value: 'experience', label: e.experience },
          { value: 'reflection', label: e.reflection, hint: e.reflectionHint },
        ]}
        values={choice.chosen}
        onChange={(values) => choice.onChange(childRecordExtras.filter((stage) => values.includes(stage)))}
        small
      />
      {/* Announced as it appears: the warning follows the choice that brings more in. */}
      <div aria-live="polite">
        {choice.chosen.length > 0 && (
          <WarningCallout title={e.warningTitle} level={4}>
            <p>{e.warning(templateSystem)}</p>
          </WarningCallout>
        )}
      </div>
    </>
  );
}

export default ChildSummary;
