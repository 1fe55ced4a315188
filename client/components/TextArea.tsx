import { useEffect, useRef, type ChangeEvent } from 'react';
import type { ReadableStore } from '../app/valueStore.ts';
import { DictateButton } from './DictateButton.tsx';
import { ErrorMessage, Hint } from './FieldMessages.tsx';

/**
 * Text kept outside React (a live session's answer in its machine): the field shows it and
 * follows its changes itself, so a keystroke re-renders nothing.
 */
export type TextSource = ReadableStore<string>;

export interface TextAreaProps {
  /** Id of the textarea; the hint and error take `${id}-hint` and `${id}-error`. */
  id: string;
  /** Visible label. */
  label: string;
  hint?: string;
  /** Error text; shows the NHS error styling and is announced with the field. */
  error?: string;
  /**
   * The text: a string (a controlled field), or a `TextSource` (the field holds what is typed
   * and is updated from the source only when the source changes to something else, such as
   * dictation or a restore). A source must be the same object across renders.
   */
  value: string | TextSource;
  onChange: (text: string) => void;
  /** Visible rows. Defaults to 5. */
  rows?: number;
  /**
   * Show the label as the page heading (an h1 wrapping the label, as in the NHS
   * "one question per page" pattern). Use only when this field is the page's question.
   */
  labelAsHeading?: boolean;
  /** Offer on-device dictation beside the field (only shown where the browser supports it). */
  dictation?: boolean;
}

/** Adds dictated text to the end of what is already typed, separated by one space. */
export function appendDictatedText(current: string, dictated: string): string {
  const addition = dictated.trim();
  if (addition === '') return current;
  if (current === '') return addition;
  return /\s$/.test(current) ? `${current}${addition}` : `${current} ${addition}`;
}

export function TextArea({
  id,
  label,
  hint,
  error,
  value,
  onChange,
  rows = 5,
  labelAsHeading = false,
  dictation = false,
}: TextAreaProps) {
  // Several dictated phrases can arrive before the parent re-renders with the new value,
  // so appends build on the latest value we have sent, not only the last prop.
  const source = typeof value === 'string' ? null : value;
  const latestValue = useRef('');
  if (typeof value === 'string') latestValue.current = value;
  const latestOnChange = useRef(onChange);
  latestOnChange.current = onChange;
  const field = useRef<HTMLTextAreaElement>(null);

  // A field bound to a source: what is typed goes to `onChange` from the field's own input
  // listener, before React's event system sees the event (a keystroke is saved first), and the
  // field shows the source's text whenever it changes to something other than what the field
  // holds (typing changes both alike, so it writes nothing then).
  useEffect(() => {
    const element = field.current;
    if (!source || !element) return;
    const follow = () => {
      const text = source.get();
      latestValue.current = text;
      if (element.value !== text) element.value = text;
    };
    const typed = () => {
      latestValue.current = element.value;
      latestOnChange.current(element.value);
    };
    follow();
    element.addEventListener('input', typed);
    const unsubscribe = source.subscribe(follow);
    return () => {
      element.removeEventListener('input', typed);
      unsubscribe();
    };
  }, [source]);

  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;

  const labelElement = (
    <label className={labelAsHeading ? 'nhsuk-label nhsuk-label--l' : 'nhsuk-label'} htmlFor={id}>
      {label}
    </label>
  );

  const handleChange = (event: ChangeEvent<HTMLTextAreaElement>) => {
    latestValue.current = event.target.value;
    onChange(event.target.value);
  };

  const handleDictated = (text: string) => {
    const next = appendDictatedText(latestValue.current, text);
    latestValue.current = next;
    onChange(next);
  };

  return (
    <div className={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      {labelAsHeading ? <h1 className="nhsuk-label-wrapper">{labelElement}</h1> : labelElement}
      {hint ? <Hint id={hintId}>{hint}</Hint> : null}
      {error ? <ErrorMessage id={errorId}>{error}</ErrorMessage> : null}
      <textarea
        className={error ? 'nhsuk-textarea nhsuk-textarea--error' : 'nhsuk-textarea'}
        id={id}
        name={id}
        rows={rows}
        // Not kept by the browser for session restore or form history (see Input.tsx).
        autoComplete="off"
        ref={field}
        {...(typeof value === 'string' ? { value, onChange: handleChange } : { defaultValue: value.get() })}
        aria-describedby={describedBy}
        aria-invalid={error ? true : undefined}
      />
      {dictation ? <DictateButton label={label} controls={id} onText={handleDictated} /> : null}
    </div>
  );
}

export default TextArea;
