import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type FormEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactNode,
} from 'react';
import { getPrompt } from '../../prompts/index.ts';
import { escalationCopy } from '../content/escalationCopy.ts';
import { commonCopy } from '../content/commonCopy.ts';
import { PromptText } from './PromptText.tsx';
import { TextArea } from './TextArea.tsx';
import '../styles/app.scss';

export interface EscalationRecord {
  /** What the concern is (trimmed, never empty). */
  concern: string;
  /** What has been done, or will be done now (trimmed, may be empty). */
  actionTaken: string;
}

export interface EscalationDialogProps {
  open: boolean;
  /** Where the concern came up, for example "Analysis: what does this mean?". */
  raisedDuring: string;
  onRecord: (record: EscalationRecord) => void;
  /** Return without recording (also Escape). */
  onCancel: () => void;
  /** False outside a live session: only the route and a Close button are shown. */
  recordable?: boolean;
}

const words = escalationCopy.escalation;
export const ESCALATION_HEADING = words.heading;
const CONCERN_ERROR = words.describeConcern;

function supportsModalDialog(): boolean {
  return (
    typeof HTMLDialogElement === 'function' &&
    typeof HTMLDialogElement.prototype.showModal === 'function'
  );
}

/**
 * The route to escalate an immediate risk to a child. It can be opened from every step:
 * supervision never delays acting on an immediate risk.
 */
export function EscalationDialog(props: EscalationDialogProps) {
  // The draft outlives the dialog: returning without recording (or Escape) loses nothing typed;
  // it is cleared only once the concern is recorded.
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  if (!props.open) return null;
  return (
    <OpenEscalationDialog
      {...props}
      draft={draft}
      onDraftChange={setDraft}
      onRecord={(recorded) => {
        setDraft(emptyDraft);
        props.onRecord(recorded);
      }}
    />
  );
}

type Draft = { concern: string; actionTaken: string };
const emptyDraft: Draft = { concern: '', actionTaken: '' };

function OpenEscalationDialog({
  raisedDuring,
  onRecord,
  onCancel,
  recordable = true,
  draft,
  onDraftChange,
}: EscalationDialogProps & { draft: Draft; onDraftChange: (update: (draft: Draft) => Draft) => void }) {
  const baseId = `escalation-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const headingId = `${baseId}-heading`;
  const concernId = `${baseId}-concern`;
  const actionId = `${baseId}-action`;
  const summaryHeadingId = `${baseId}-error-summary`;

  const [modal] = useState(supportsModalDialog);
  const containerRef = useRef<HTMLElement | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const leavingRef = useRef(false);

  const { concern, actionTaken } = draft;
  const setConcern = (text: string) => onDraftChange((d) => ({ ...d, concern: text }));
  const setActionTaken = (text: string) => onDraftChange((d) => ({ ...d, actionTaken: text }));
  const [concernError, setConcernError] = useState<string | null>(null);
  const [failedSubmits, setFailedSubmits] = useState(0);

  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;

  // Open: remember what had focus, show the dialog, put focus on its heading.
  // Close: give focus back to the element that opened it.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    leavingRef.current = false;
    const container = containerRef.current;
    if (modal && container instanceof HTMLDialogElement && !container.open) {
      try {
        container.showModal();
      } catch {
        // Shown in the page instead (for example if it is not connected yet).
        container.setAttribute('open', '');
      }
    }
    headingRef.current?.focus();
    return () => {
      // Closing is the parent's doing here, so the close event must not report a cancel.
      leavingRef.current = true;
      if (
        container instanceof HTMLDialogElement &&
        container.open &&
        typeof container.close === 'function'
      ) {
        container.close();
      }
      if (opener && opener.isConnected && opener !== document.body) opener.focus();
    };
  }, [modal]);

  // After an empty submit, move focus to the error summary (every time).
  useEffect(() => {
    if (failedSubmits > 0) summaryRef.current?.focus();
  }, [failedSubmits]);

  const leave = () => {
    if (leavingRef.current) return;
    leavingRef.current = true;
    onCancelRef.current();
  };

  const handleKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    if (event.key !== 'Escape' || event.nativeEvent.isComposing) return;
    // Handled here so the browser does not also close the dialog behind React's back.
    event.preventDefault();
    event.stopPropagation();
    leave();
  };

  const handleNativeCancel = (event: { preventDefault(): void }) => {
    // Escape or a back gesture on a modal dialog: the parent decides when it closes.
    event.preventDefault();
    leave();
  };

  const handleNativeClose = (event: { currentTarget: HTMLDialogElement }) => {
    // The close event is queued: if the dialog has been shown again since (React's
    // development double effects close and reopen it), this one is stale.
    if (event.currentTarget.open) return;
    // The browser closed the dialog itself (it may after repeated Escape presses).
    leave();
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedConcern = concern.trim();
    if (trimmedConcern === '') {
      setConcernError(CONCERN_ERROR);
      setFailedSubmits((n) => n + 1);
      return;
    }
    setConcernError(null);
    leavingRef.current = true;
    onRecord({ concern: trimmedConcern, actionTaken: actionTaken.trim() });
  };

  const focusConcern = (event: MouseEvent<HTMLAnchorElement>) => {
    const field = document.getElementById(concernId);
    if (field) {
      event.preventDefault();
      field.focus();
    }
  };

  const prompt = getPrompt('escalation/immediate-concern');

  const content: ReactNode = (
    <>
      <h2 className="nhsuk-heading-l" id={headingId} ref={headingRef} tabIndex={-1}>
        {ESCALATION_HEADING}
      </h2>
      {concernError ? (
        <div className="nhsuk-error-summary" ref={summaryRef} tabIndex={-1}>
          <div role="alert">
            <h3 className="nhsuk-error-summary__heading" id={summaryHeadingId}>
              {commonCopy.problem}
            </h3>
            <div className="nhsuk-error-summary__body">
              <ul className="nhsuk-list nhsuk-error-summary__list">
                <li>
                  <a href={`#${concernId}`} onClick={focusConcern}>
                    {concernError}
                  </a>
                </li>
              </ul>
            </div>
          </div>
        </div>
      ) : null}
      <div className="nhsuk-card nhsuk-card--warning">
        <div className="nhsuk-card__content">
          <PromptText markdown={prompt.markdown} headingLevel={3} />
        </div>
      </div>
      <p className="nhsuk-body">
        <strong>{words.raisedDuring}</strong> {raisedDuring}
      </p>
      {recordable ? (
        <form noValidate onSubmit={handleSubmit}>
          <TextArea
            id={concernId}
            label={words.concern}
            hint={words.concernHint}
            error={concernError ?? undefined}
            value={concern}
            onChange={(text) => {
              setConcern(text);
              if (concernError && text.trim() !== '') setConcernError(null);
            }}
            rows={4}
            dictation
          />
          <TextArea
            id={actionId}
            label={words.action}
            hint={words.actionHint}
            value={actionTaken}
            onChange={setActionTaken}
            rows={4}
            dictation
          />
          <div className="nhsuk-button-group">
            <button type="submit" className="nhsuk-button">
              {words.record}
            </button>
            <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={leave}>
              {words.leave}
            </button>
          </div>
        </form>
      ) : (
        <div className="nhsuk-button-group">
          <button type="button" className="nhsuk-button" onClick={leave}>
            {commonCopy.close}
          </button>
        </div>
      )}
    </>
  );

  if (modal) {
    return (
      <dialog
        ref={(element) => {
          containerRef.current = element;
        }}
        className="app-escalation-dialog"
        aria-labelledby={headingId}
        onKeyDown={handleKeyDown}
        onCancel={handleNativeCancel}
        onClose={handleNativeClose}
      >
        {content}
      </dialog>
    );
  }

  // No modal dialog support (older browsers, jsdom): an always-visible section that
  // still announces itself as a dialog and handles Escape.
  return (
    <section
      ref={(element) => {
        containerRef.current = element;
      }}
      className="app-escalation-dialog app-escalation-dialog--inline"
      role="dialog"
      aria-labelledby={headingId}
      onKeyDown={handleKeyDown}
    >
      {content}
    </section>
  );
}

export default EscalationDialog;
