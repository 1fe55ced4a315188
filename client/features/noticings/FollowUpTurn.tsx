/**
 * The assistant's turn in a stage's thread (issue 21): the follow-ups already settled at this
 * stage, and the one open, if any, with why it matters and its source, and three choices —
 * "Answer" (a labelled text area), "Not now", and "Not relevant, because…" (a required reason).
 * Never blocking: the stage's own buttons stay where they are. What is typed is kept as a draft
 * (in the case's snapshot, by the caller), so a reload resumes it.
 */
import { useEffect, useRef, useState } from 'react';
import type { FollowUpV1 } from '../../../machines/model/record.ts';
import type { FollowUpDraft, FollowUpDraftMode } from '../../../machines/cycle/cycle.machine.ts';
import { findNoticingRule } from '../../../machines/noticings/index.ts';
import { noticingsCopy } from '../../content/noticingsCopy.ts';
import { TextArea } from '../../components/TextArea.tsx';

const t = noticingsCopy.turn;

export type FollowUpTurnProps = {
  /** Unique among the page's ids: the stage's, e.g. "stage-analysis". */
  idPrefix: string;
  stage: string;
  followUps: readonly FollowUpV1[];
  draft: FollowUpDraft | null | undefined;
  onDraft: (mode: FollowUpDraftMode | null, text: string) => void;
  onAnswer: (answer: string) => void;
  onNotNow: () => void;
  onDismiss: (reason: string) => void;
  /** A problem loading the noticings, shown rather than swallowed. */
  problem?: string | null;
};

export function FollowUpTurn(props: FollowUpTurnProps) {
  const { idPrefix, followUps, stage } = props;
  const [error, setError] = useState<string | null>(null);
  const open = followUps.find((f) => f.outcome === 'raised') ?? null;
  const settled = followUps.filter((f) => f.outcome === 'answered' || f.outcome === 'dismissed');
  const draft = props.draft && props.draft.stage === stage ? props.draft : null;
  // Keyboard and screen-reader users follow their choice: opening the answer or the reason moves
  // focus into its box; closing the follow-up moves it to the turn's heading. Nothing moves focus
  // on first showing (the practitioner may be typing) or after a reload.
  const mode = draft?.mode ?? null;
  const openRule = open?.ruleId ?? null;
  const shown = useRef({ mode, openRule });
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    const before = shown.current;
    shown.current = { mode, openRule };
    if (mode && before.mode !== mode) document.getElementById(`${idPrefix}-follow-up-${mode}`)?.focus();
    else if (before.openRule && !openRule) headingRef.current?.focus();
  }, [mode, openRule, idPrefix]);
  // Once a follow-up has been shown here, the turn keeps its (hidden) heading, so focus has somewhere to go when it closes.
  const [shownHere, setShownHere] = useState(open !== null);
  useEffect(() => {
    if (open) setShownHere(true);
  }, [open]);
  if (!open && settled.length === 0 && !props.problem && !shownHere) return null;
  const rule = open ? findNoticingRule(open.ruleId) : undefined;
  const fieldId = `${idPrefix}-follow-up-${draft?.mode ?? 'answer'}`;

  function save() {
    if (!draft) return;
    if (draft.text.trim() === '') {
      setError(draft.mode === 'answer' ? t.answerMissing : t.reasonMissing);
      document.getElementById(fieldId)?.focus();
      return;
    }
    setError(null);
    if (draft.mode === 'answer') props.onAnswer(draft.text);
    else props.onDismiss(draft.text);
  }

  return (
    <section className="app-follow-up" aria-labelledby={`${idPrefix}-follow-up-heading`}>
      <h4 className="nhsuk-heading-s nhsuk-u-visually-hidden" id={`${idPrefix}-follow-up-heading`} tabIndex={-1} ref={headingRef}>
        {t.heading}
      </h4>
      {props.problem && <p className="nhsuk-error-message">{props.problem}</p>}
      {settled.length > 0 && (
        <ul className="nhsuk-list app-follow-up__settled">
          {settled.map((f) => (
            <li key={f.ruleId} className="nhsuk-body-s">
              <strong>{f.outcome === 'answered' ? t.answered : t.dismissed}:</strong> {f.question} — {f.outcome === 'answered' ? f.answer : f.reason}
            </li>
          ))}
        </ul>
      )}
      {open && (
        <div className="nhsuk-card app-follow-up__open" aria-live="polite">
          <div className="nhsuk-card__content">
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              <strong>{t.heading}</strong>
            </p>
            <p className="nhsuk-body-l nhsuk-u-margin-bottom-2" id={`${idPrefix}-follow-up-question`}>
              {open.question}
            </p>
            {rule && (
              <p className="nhsuk-body-s">
                <strong>{t.why}</strong> {rule.why} <span className="app-follow-up__source">{t.source(rule.source)}</span>
              </p>
            )}
            {draft ? (
              <>
                <TextArea
                  key={draft.mode}
                  id={fieldId}
                  label={draft.mode === 'answer' ? t.answerLabel(open.question) : t.reasonLabel}
                  hint={draft.mode === 'dismiss' ? t.reasonHint : undefined}
                  error={error ?? undefined}
                  value={draft.text}
                  rows={3}
                  onChange={(text) => props.onDraft(draft.mode, text)}
                />
                <div className="app-inline-buttons">
                  <button type="button" className="nhsuk-button nhsuk-button--small" onClick={save}>
                    {draft.mode === 'answer' ? t.saveAnswer : t.saveReason}
                  </button>
                  <button
                    type="button"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                    onClick={() => {
                      setError(null);
                      props.onDraft(null, '');
                    }}
                  >
                    {t.cancel}
                  </button>
                </div>
              </>
            ) : (
              <div className="app-inline-buttons">
                <button type="button" className="nhsuk-button nhsuk-button--small" onClick={() => props.onDraft('answer', '')}>
                  {t.answer}
                </button>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={props.onNotNow}>
                  {t.notNow}
                </button>
                <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => props.onDraft('dismiss', '')}>
                  {t.notRelevant}
                </button>
              </div>
            )}
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{t.neverBlocking}</p>
          </div>
        </div>
      )}
    </section>
  );
}
