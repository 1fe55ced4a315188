/**
 * The error summary takes focus when problems are shown, but never from a field being typed
 * in: screens that build the list afresh on each render must not steal each keystroke's focus.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ErrorSummary } from '../../client/components/ErrorSummary.tsx';

function Form() {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setError(value.length < 5 ? 'Enter at least 5 characters' : value === 'wrong' ? 'Not that one' : null);
      }}
    >
      {/* A fresh array on every render, as several screens build it. */}
      <ErrorSummary title="There is a problem" errors={error ? [{ fieldId: 'field', message: error }] : []} />
      <label htmlFor="field">Name</label>
      <input id="field" value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="submit">Save</button>
    </form>
  );
}

describe('ErrorSummary focus', () => {
  it('takes focus on a submit, keeps it off a field being corrected, and takes it again for the next problem', async () => {
    const user = userEvent.setup();
    render(<Form />);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert')).toHaveFocus();
    await user.click(screen.getByLabelText('Name'));
    await user.keyboard('abc');
    expect(screen.getByLabelText('Name')).toHaveFocus();
    expect(screen.getByLabelText('Name')).toHaveValue('abc');
    await user.clear(screen.getByLabelText('Name'));
    await user.keyboard('wrong');
    expect(screen.getByLabelText('Name')).toHaveValue('wrong');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert')).toHaveTextContent('Not that one');
    expect(screen.getByRole('alert')).toHaveFocus();
  });

  it('takes focus when Enter in a field shows a new problem', async () => {
    const user = userEvent.setup();
    render(<Form />);
    await user.click(screen.getByLabelText('Name'));
    await user.keyboard('ab{Enter}');
    expect(screen.getByRole('alert')).toHaveFocus();
  });
});
