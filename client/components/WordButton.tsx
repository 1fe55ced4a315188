/**
 * "Download as Word (.docx)": loads the Word export (and `docx`) only when pressed, makes the
 * file on this device and saves it. While it is made the button says so; a failure is shown.
 */
import { useState } from 'react';
import type { Document } from 'docx';
import { copy } from '../content/copy.ts';
import { commonCopy } from '../content/commonCopy.ts';
import { downloadBlob } from './download.ts';

type WordModule = typeof import('../export/word.ts');

export function WordButton({ fileName, build, hiddenLabel }: { fileName: string; build: (word: WordModule) => Document; hiddenLabel?: string }) {
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'making' } | { kind: 'failed'; message: string }>({ kind: 'idle' });

  async function make() {
    setState({ kind: 'making' });
    try {
      const word = await import('../export/word.ts');
      downloadBlob(fileName, await word.toBlob(build(word)));
      setState({ kind: 'idle' });
    } catch (error) {
      setState({ kind: 'failed', message: copy.exports.failed(error instanceof Error ? error.message : String(error)) });
    }
  }

  return (
    <>
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary"
        disabled={state.kind === 'making'}
        onClick={() => void make()}
      >
        {copy.exports.word}
        {hiddenLabel && <span className="nhsuk-u-visually-hidden">{hiddenLabel}</span>}
      </button>
      {state.kind === 'making' && (
        <span className="nhsuk-body-s" role="status">
          {copy.exports.making}
        </span>
      )}
      {state.kind === 'failed' && (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">{commonCopy.error} </span>
          {state.message}
        </p>
      )}
    </>
  );
}
