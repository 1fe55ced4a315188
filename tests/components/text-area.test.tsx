// @vitest-environment jsdom
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TextArea, appendDictatedText, type TextAreaProps } from '../../client/components/TextArea.tsx';
import { createValueStore } from '../../client/app/valueStore.ts';
import { FakeRecognition, lastInstance } from './fake-recognition.ts';

/** Keeps the value in state, as a parent form would. */
function Controlled(props: Omit<TextAreaProps, 'value' | 'onChange'> & {
  initial?: string;
  onChangeSpy?: (text: string) => void;
}) {
  const { initial = '', onChangeSpy, ...rest } = props;
  const [value, setValue] = useState(initial);
  return (
    <TextArea
      {...rest}
      value={value}
      onChange={(text) => {
        onChangeSpy?.(text);
        setValue(text);
      }}
    />
  );
}

beforeEach(() => {
  FakeRecognition.reset();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('TextArea', () => {
  it('is an NHS textarea with a visible label that names it', () => {
    render(<TextArea id="notes" label="What happened?" value="" onChange={() => {}} />);
    const field = screen.getByRole('textbox', { name: 'What happened?' });
    expect(field.tagName).toBe('TEXTAREA');
    expect(field).toHaveClass('nhsuk-textarea');
    expect(field).toHaveAttribute('id', 'notes');
    expect(field).toHaveAttribute('rows', '5');
    expect(field).not.toHaveAttribute('aria-describedby');
    const label = screen.getByText('What happened?');
    expect(label.tagName).toBe('LABEL');
    expect(label).toHaveClass('nhsuk-label');
    expect(label).toHaveAttribute('for', 'notes');
    expect(field.closest('.nhsuk-form-group')).not.toHaveClass('nhsuk-form-group--error');
    expect(screen.queryByRole('heading')).toBeNull();
  });

  it('links the hint with aria-describedby', () => {
    render(
      <TextArea
        id="notes"
        label="What happened?"
        hint="Keep to the facts."
        value=""
        onChange={() => {}}
        rows={8}
      />,
    );
    const field = screen.getByRole('textbox', { name: 'What happened?' });
    expect(field).toHaveAccessibleDescription('Keep to the facts.');
    expect(field).toHaveAttribute('aria-describedby', 'notes-hint');
    expect(screen.getByText('Keep to the facts.')).toHaveClass('nhsuk-hint');
    expect(field).toHaveAttribute('rows', '8');
  });

  it('shows an error with a visually hidden "Error:" prefix and the NHS error styling', () => {
    render(
      <TextArea
        id="notes"
        label="What happened?"
        hint="Keep to the facts."
        error="Describe what happened"
        value=""
        onChange={() => {}}
      />,
    );
    const field = screen.getByRole('textbox', { name: 'What happened?' });
    expect(field).toHaveAttribute('aria-describedby', 'notes-hint notes-error');
    expect(field).toHaveAccessibleDescription('Keep to the facts. Error: Describe what happened');
    expect(field).toHaveClass('nhsuk-textarea--error');
    expect(field).toHaveAttribute('aria-invalid', 'true');
    const message = document.getElementById('notes-error');
    expect(message).toHaveClass('nhsuk-error-message');
    expect(message).toHaveTextContent('Error: Describe what happened');
    expect(message?.querySelector('.nhsuk-u-visually-hidden')).toHaveTextContent('Error:');
    expect(field.closest('.nhsuk-form-group')).toHaveClass('nhsuk-form-group--error');
  });

  it('is controlled: typing reports the new text and shows the value given', async () => {
    const user = userEvent.setup();
    const spy = vi.fn();
    render(<Controlled id="notes" label="What happened?" initial="Visit" onChangeSpy={spy} />);
    const field = screen.getByRole('textbox', { name: 'What happened?' });
    expect(field).toHaveValue('Visit');
    await user.click(field);
    await user.keyboard(' on Monday');
    expect(field).toHaveValue('Visit on Monday');
    expect(spy).toHaveBeenLastCalledWith('Visit on Monday');

    const onChange = vi.fn();
    const { rerender } = render(
      <TextArea id="fixed" label="Fixed" value="A" onChange={onChange} />,
    );
    const fixed = screen.getByRole('textbox', { name: 'Fixed' });
    await user.type(fixed, 'B');
    expect(onChange).toHaveBeenCalledWith('AB');
    expect(fixed).toHaveValue('A');
    rerender(<TextArea id="fixed" label="Fixed" value="C" onChange={onChange} />);
    expect(fixed).toHaveValue('C');
  });

  it('can show its label as the page heading', () => {
    render(
      <TextArea id="q" label="What happened?" labelAsHeading value="" onChange={() => {}} />,
    );
    const heading = screen.getByRole('heading', { level: 1, name: 'What happened?' });
    expect(heading).toHaveClass('nhsuk-label-wrapper');
    const label = heading.querySelector('label');
    expect(label).toHaveClass('nhsuk-label', 'nhsuk-label--l');
    expect(screen.getByRole('textbox', { name: 'What happened?' })).toBeInTheDocument();
  });
});

describe('TextArea dictation', () => {
  it('shows no dictation button where on-device recognition is missing', async () => {
    render(<TextArea id="notes" label="Notes" value="" onChange={() => {}} dictation />);
    await act(async () => {
      await Promise.resolve();
    });
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('shows no dictation button unless asked, even where it is available', async () => {
    vi.stubGlobal('SpeechRecognition', FakeRecognition);
    render(<TextArea id="notes" label="Notes" value="" onChange={() => {}} />);
    await act(async () => {
      await Promise.resolve();
    });
    expect(screen.queryByRole('button')).toBeNull();
  });

  it('appends dictated phrases to the value with a space', async () => {
    vi.stubGlobal('SpeechRecognition', FakeRecognition);
    const user = userEvent.setup();
    const spy = vi.fn();
    render(
      <Controlled id="notes" label="Notes" initial="Seen at home." onChangeSpy={spy} dictation />,
    );
    const button = await screen.findByRole('button', { name: 'Dictate into Notes' });
    expect(button).toHaveAttribute('aria-controls', 'notes');
    await user.click(button);
    const recognition = lastInstance();

    // Two phrases in one event: both must land, even before the parent re-renders.
    act(() => {
      recognition.result([
        ['Bruise on arm', true],
        ['mother present', true],
      ]);
    });
    const field = screen.getByRole('textbox', { name: 'Notes' });
    expect(field).toHaveValue('Seen at home. Bruise on arm mother present');
    expect(spy).toHaveBeenLastCalledWith('Seen at home. Bruise on arm mother present');
  });
});

/** Text held outside React, as a live session's machine holds an answer. */
const textStore = (initial: string) => createValueStore(initial);

describe('TextArea bound to a source (a live session’s answer)', () => {
  it('shows the source’s text, and typing reaches the source without re-rendering anything', async () => {
    const user = userEvent.setup();
    const store = textStore('Visit');
    let renders = 0;
    function Step() {
      renders += 1;
      return <TextArea id="notes" label="What happened?" value={store} onChange={(text) => store.set(text)} />;
    }
    render(<Step />);
    const field = screen.getByRole('textbox', { name: 'What happened?' });
    expect(field).toHaveValue('Visit');
    const before = renders;
    await user.type(field, ' on Monday');
    expect(store.get()).toBe('Visit on Monday');
    expect(field).toHaveValue('Visit on Monday');
    expect(renders).toBe(before);
  });

  it('shows the source’s text when it changes to something else (a restore, dictation elsewhere)', () => {
    const store = textStore('First');
    render(<TextArea id="notes" label="Notes" value={store} onChange={() => {}} />);
    act(() => store.set('Replaced'));
    expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveValue('Replaced');
  });

  it('appends dictated phrases to the source’s latest text', async () => {
    vi.stubGlobal('SpeechRecognition', FakeRecognition);
    const user = userEvent.setup();
    const store = textStore('Seen at home.');
    render(<TextArea id="notes" label="Notes" value={store} onChange={(text) => store.set(text)} dictation />);
    await user.click(await screen.findByRole('button', { name: 'Dictate into Notes' }));
    act(() => {
      lastInstance().result([
        ['Bruise on arm', true],
        ['mother present', true],
      ]);
    });
    expect(store.get()).toBe('Seen at home. Bruise on arm mother present');
    expect(screen.getByRole('textbox', { name: 'Notes' })).toHaveValue('Seen at home. Bruise on arm mother present');
  });
});

describe('appendDictatedText', () => {
  it('joins with exactly one space and ignores empty dictation', () => {
    expect(appendDictatedText('', ' hello ')).toBe('hello');
    expect(appendDictatedText('Seen', 'today')).toBe('Seen today');
    expect(appendDictatedText('Seen ', 'today')).toBe('Seen today');
    expect(appendDictatedText('Seen\n', 'today')).toBe('Seen\ntoday');
    expect(appendDictatedText('Seen', '   ')).toBe('Seen');
  });
});
