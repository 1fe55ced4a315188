/**
 * What the three editors (template, agreement, reflective model) share: the problems shown as
 * they stood when Save was pressed (the summary is not rebuilt under the typing), the save and its
 * answer, moving an item up or down with the keyboard focus kept on the button pressed (or its
 * pair where the item reached an end) and the move said to assistive technology, and the heading
 * block above each form; the prompt and functions fields of a section or a stage.
 */
import { useEffect, useMemo, useState } from 'react';
import { moved, type DraftProblem } from '../../../machines/authoring/templateDraft.ts';
import { authoringCopy } from '../../content/authoringCopy.ts';
import { ErrorSummary } from '../../components/ErrorSummary.tsx';
import { Radios } from '../../components/Radios.tsx';
import { Select } from '../../components/Select.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { Checkboxes } from '../../components/Checkboxes.tsx';
import { supervisionFunctions, type SupervisionFunction } from '../../../machines/model/template.ts';

const w = authoringCopy.editor;

export type SaveAnswer = { ok: true; message: string } | { ok: false; message: string };

export function useDraftEditor<D extends object, T>(options: {
  draft: D;
  onChange: (draft: D) => void;
  /** The draft checked by its schema: the value to save, or every problem by field. */
  checked: { ok: true; value: T } | { ok: false; problems: DraftProblem[] };
  onSave: (value: T) => Promise<SaveAnswer>;
  /** The field a refusal from storage is shown at (the id). */
  idField: string;
}) {
  const { draft, onChange, checked, onSave, idField } = options;
  const [asked, setAsked] = useState<DraftProblem[]>([]);
  const [saved, setSaved] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<DraftProblem | null>(null);
  const [moveNote, setMoveNote] = useState('');
  const [focusAfter, setFocusAfter] = useState<string | null>(null);
  const shown = useMemo(() => (saveError ? [...asked, saveError] : asked), [asked, saveError]);
  const errorFor = (id: string) => {
    const found = shown.filter((p) => p.fieldId === id).map((p) => p.message);
    return found.length > 0 ? found.join('. ') : undefined;
  };

  useEffect(() => {
    if (!focusAfter) return;
    document.getElementById(focusAfter)?.focus();
    setFocusAfter(null);
  }, [focusAfter]);

  const set = (change: Partial<D>) => {
    setSaved(null);
    setSaveError(null);
    onChange({ ...draft, ...change });
  };

  /**
   * Moves `items[index]` by one place and hands the new list to `apply`; `buttonPrefix` names the
   * move buttons (`<prefix>-up-<key>` / `<prefix>-down-<key>`), `said` words the move.
   */
  function move<I extends { key: string }>(items: readonly I[], index: number, by: -1 | 1, apply: (next: I[]) => void, buttonPrefix: string, said: (from: number, to: number) => string) {
    const item = items[index];
    if (!item) return;
    apply(moved(items, index, by));
    const to = index + by;
    setMoveNote(said(index + 1, to + 1));
    const atEnd = (by === -1 && to === 0) || (by === 1 && to === items.length - 1);
    setFocusAfter(`${buttonPrefix}-${atEnd ? (by === -1 ? 'down' : 'up') : by === -1 ? 'up' : 'down'}-${item.key}`);
  }

  async function save() {
    setAsked(checked.ok ? [] : checked.problems);
    setSaved(null);
    setSaveError(null);
    if (!checked.ok) return;
    const result = await onSave(checked.value);
    if (result.ok) setSaved(result.message);
    else setSaveError({ fieldId: idField, message: result.message });
  }

  return { shown, errorFor, set, move, save, saved, moveNote, focusOn: setFocusAfter };
}

/** The heading block above each editor's form: problems, title, "kept as you type", the save's answer, and moves said. */
export function EditorHeading({ errorTitle, errors, title, saved, moveNote }: { errorTitle: string; errors: readonly DraftProblem[]; title: string; saved: string | null; moveNote: string }) {
  return (
    <>
      <ErrorSummary title={errorTitle} errors={errors} />
      <h1 className="nhsuk-heading-l">{title}</h1>
      <p className="nhsuk-body-s">{w.autosaved}</p>
      {saved && (
        <div className="nhsuk-inset-text">
          <p role="status">{saved}</p>
        </div>
      )}
      <p className="nhsuk-u-visually-hidden" aria-live="polite">
        {moveNote}
      </p>
    </>
  );
}

/**
 * A section's or stage's prompt: from the bank (a select of `bank`), or written with it (Markdown,
 * shown through the same sanitiser as the bank's). `p` prefixes the field ids.
 */
export function PromptFields(props: {
  p: string;
  source: 'bank' | 'own';
  prompt: string;
  markdown: string;
  bank: readonly { value: string; label: string }[];
  onSource: (source: 'bank' | 'own') => void;
  onPrompt: (prompt: string) => void;
  onMarkdown: (markdown: string) => void;
  error: string | undefined;
}) {
  const { p } = props;
  return (
    <>
      <Radios
        name={`${p}-prompt-source`}
        legend={w.prompt}
        small
        inline
        options={[
          { value: 'bank', label: w.promptBank },
          { value: 'own', label: w.promptOwn },
        ]}
        value={props.source}
        onChange={(value) => props.onSource(value === 'own' ? 'own' : 'bank')}
      />
      {props.source === 'bank' ? (
        <Select id={`${p}-prompt`} label={w.promptChoice} value={props.prompt} options={[...props.bank]} onChange={props.onPrompt} error={props.error} />
      ) : (
        <TextArea id={`${p}-prompt`} label={w.promptMarkdown} value={props.markdown} onChange={props.onMarkdown} rows={6} error={props.error} />
      )}
    </>
  );
}

/** The supervision functions a section or stage serves. */
export function FunctionsField({ p, values, onChange, error }: { p: string; values: readonly SupervisionFunction[]; onChange: (values: SupervisionFunction[]) => void; error: string | undefined }) {
  return (
    <Checkboxes
      name={`${p}-functions`}
      legend={w.functions}
      small
      options={supervisionFunctions.map((f) => ({ value: f, label: w.functionNames[f] }))}
      values={[...values]}
      onChange={(chosen) => onChange(supervisionFunctions.filter((f) => chosen.includes(f)))}
      error={error}
    />
  );
}
