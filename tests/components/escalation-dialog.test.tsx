// @vitest-environment jsdom
import { act, cleanup, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { StrictMode, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EscalationDialog,
  type EscalationDialogProps,
  type EscalationRecord,
} from '../../client/components/EscalationDialog.tsx';
import { getPrompt } from '../../prompts/index.ts';

const HEADING = 'Escalate an immediate concern';

function renderDialog(overrides: Partial<EscalationDialogProps> = {}) {
  const onRecord = vi.fn<(record: EscalationRecord) => void>();
  const onCancel = vi.fn<() => void>();
  const utils = render(
    <EscalationDialog
      open
      raisedDuring="Analysis: what does this mean?"
      onRecord={onRecord}
      onCancel={onCancel}
      {...overrides}
    />,
  );
  return { ...utils, onRecord, onCancel };
}

/** A page with an opener button, as a session step would have. */
function Page({ recordable = true }: { recordable?: boolean }) {
  const [open, setOpen] = useState(false);
  const [recorded, setRecorded] = useState<EscalationRecord | null>(null);
  return (
    <main>
      <button type="button" onClick={() => setOpen(true)}>
        Escalate a concern now
      </button>
      {recorded ? <p>Recorded: {recorded.concern}</p> : null}
      <EscalationDialog
        open={open}
        raisedDuring="Reflection"
        recordable={recordable}
        onRecord={(record) => {
          setRecorded(record);
          setOpen(false);
        }}
        onCancel={() => setOpen(false)}
      />
    </main>
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EscalationDialog structure', () => {
  it('renders nothing while closed', () => {
    const { container } = renderDialog({ open: false });
    expect(container).toBeEmptyDOMElement();
  });

  it('is a dialog named by its heading, with the escalation route and where it was raised', () => {
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: HEADING });
    const heading = within(dialog).getByRole('heading', { level: 2, name: HEADING });
    expect(dialog).toHaveAttribute('aria-labelledby', heading.id);

    // The route from the prompt bank, under the dialog heading.
    const route = getPrompt('escalation/immediate-concern');
    expect(within(dialog).getByRole('heading', { level: 3, name: route.title })).toBeInTheDocument();
    expect(within(dialog).getByText(/call 999 now/)).toBeInTheDocument();
    expect(dialog.querySelector('.nhsuk-card--warning')).not.toBeNull();

    expect(dialog).toHaveTextContent('Raised during: Analysis: what does this mean?');
  });

  it('has labelled fields and the two buttons when recordable', () => {
    renderDialog();
    const dialog = screen.getByRole('dialog', { name: HEADING });
    const concern = within(dialog).getByRole('textbox', { name: 'What is the concern?' });
    const action = within(dialog).getByRole('textbox', {
      name: 'What has been done, or will be done now?',
    });
    expect(concern).toHaveClass('nhsuk-textarea');
    expect(action).toHaveClass('nhsuk-textarea');
    expect(concern).toHaveAccessibleDescription(/why it cannot wait/);

    const record = within(dialog).getByRole('button', { name: 'Record the concern and return' });
    expect(record).toHaveClass('nhsuk-button');
    expect(record).not.toHaveClass('nhsuk-button--secondary');
    expect(record).toHaveAttribute('type', 'submit');
    const back = within(dialog).getByRole('button', { name: 'Return without recording' });
    expect(back).toHaveClass('nhsuk-button', 'nhsuk-button--secondary');
    expect(back).toHaveAttribute('type', 'button');
    expect(within(dialog).queryByRole('button', { name: 'Close' })).toBeNull();
  });

  it('moves focus to its heading when it opens', () => {
    renderDialog();
    expect(screen.getByRole('heading', { level: 2, name: HEADING })).toHaveFocus();
  });

  it('shows only the route and a Close button when it cannot be recorded', async () => {
    const user = userEvent.setup();
    const { onCancel, onRecord } = renderDialog({ recordable: false });
    const dialog = screen.getByRole('dialog', { name: HEADING });
    expect(within(dialog).getByText(/call 999 now/)).toBeInTheDocument();
    expect(within(dialog).queryByRole('textbox')).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'Record the concern and return' })).toBeNull();
    expect(within(dialog).queryByRole('button', { name: 'Return without recording' })).toBeNull();
    const close = within(dialog).getByRole('button', { name: 'Close' });
    expect(close).toHaveClass('nhsuk-button');
    await user.click(close);
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onRecord).not.toHaveBeenCalled();
  });
});

describe('EscalationDialog recording', () => {
  it('shows an error summary and inline error when the concern is empty, and focuses the summary', async () => {
    const user = userEvent.setup();
    const { onRecord } = renderDialog();
    const concern = screen.getByRole('textbox', { name: 'What is the concern?' });
    await user.type(concern, '   ');
    await user.click(screen.getByRole('button', { name: 'Record the concern and return' }));

    expect(onRecord).not.toHaveBeenCalled();
    const summary = document.querySelector('.nhsuk-error-summary');
    expect(summary).not.toBeNull();
    expect(summary).toHaveFocus();
    const alert = screen.getByRole('alert');
    expect(within(alert).getByRole('heading', { name: 'There is a problem' })).toBeInTheDocument();
    const link = within(alert).getByRole('link', { name: 'Describe the concern' });
    expect(link).toHaveAttribute('href', `#${concern.id}`);

    expect(concern).toHaveAccessibleDescription(/Error: Describe the concern/);
    expect(concern.closest('.nhsuk-form-group')).toHaveClass('nhsuk-form-group--error');

    // The summary link takes the user to the field.
    await user.click(link);
    expect(concern).toHaveFocus();

    // Submitting empty again puts focus back on the summary.
    await user.click(screen.getByRole('button', { name: 'Record the concern and return' }));
    expect(document.querySelector('.nhsuk-error-summary')).toHaveFocus();
  });

  it('records trimmed text', async () => {
    const user = userEvent.setup();
    const { onRecord, onCancel } = renderDialog();
    await user.type(
      screen.getByRole('textbox', { name: 'What is the concern?' }),
      '  Child disclosed being hit at home.  ',
    );
    await user.type(
      screen.getByRole('textbox', { name: 'What has been done, or will be done now?' }),
      '\n Called the MASH at 10:15. ',
    );
    await user.click(screen.getByRole('button', { name: 'Record the concern and return' }));
    expect(onRecord).toHaveBeenCalledTimes(1);
    expect(onRecord).toHaveBeenCalledWith({
      concern: 'Child disclosed being hit at home.',
      actionTaken: 'Called the MASH at 10:15.',
    });
    expect(onCancel).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('records with an empty action when only the concern is given', async () => {
    const user = userEvent.setup();
    const { onRecord } = renderDialog();
    await user.type(screen.getByRole('textbox', { name: 'What is the concern?' }), 'Concern');
    // Keyboard only: Tab past the second field to the record button and press Enter.
    await user.keyboard('{Tab}{Tab}');
    expect(screen.getByRole('button', { name: 'Record the concern and return' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(onRecord).toHaveBeenCalledWith({ concern: 'Concern', actionTaken: '' });
  });
});

describe('EscalationDialog leaving', () => {
  it('"Return without recording" calls onCancel', async () => {
    const user = userEvent.setup();
    const { onCancel, onRecord } = renderDialog();
    await user.type(screen.getByRole('textbox', { name: 'What is the concern?' }), 'Draft');
    await user.click(screen.getByRole('button', { name: 'Return without recording' }));
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(onRecord).not.toHaveBeenCalled();
  });

  it('keeps what was typed when returning without recording, and clears it once recorded', async () => {
    const user = userEvent.setup();
    render(<Page />);
    await user.click(screen.getByRole('button', { name: 'Escalate a concern now' }));
    await user.type(screen.getByRole('textbox', { name: 'What is the concern?' }), 'Bruise on the arm');
    await user.click(screen.getByRole('button', { name: 'Return without recording' }));
    expect(screen.queryByRole('textbox', { name: 'What is the concern?' })).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Escalate a concern now' }));
    expect(screen.getByRole('textbox', { name: 'What is the concern?' })).toHaveValue('Bruise on the arm');
    await user.click(screen.getByRole('button', { name: 'Record the concern and return' }));
    expect(screen.getByText('Recorded: Bruise on the arm')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Escalate a concern now' }));
    expect(screen.getByRole('textbox', { name: 'What is the concern?' })).toHaveValue('');
  });

  it('Escape calls onCancel, from the heading or from inside a field', async () => {
    const user = userEvent.setup();
    const first = renderDialog();
    await user.keyboard('{Escape}');
    expect(first.onCancel).toHaveBeenCalledTimes(1);
    first.unmount();

    const second = renderDialog();
    await user.click(screen.getByRole('textbox', { name: 'What is the concern?' }));
    await user.keyboard('{Escape}');
    expect(second.onCancel).toHaveBeenCalledTimes(1);
    expect(second.onRecord).not.toHaveBeenCalled();
  });

  it('Escape closes the not-recordable variant too', async () => {
    const user = userEvent.setup();
    const { onCancel } = renderDialog({ recordable: false });
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('returns focus to the element that opened it', async () => {
    const user = userEvent.setup();
    render(<Page />);
    const opener = screen.getByRole('button', { name: 'Escalate a concern now' });

    await user.click(opener);
    expect(screen.getByRole('heading', { level: 2, name: HEADING })).toHaveFocus();
    await user.click(screen.getByRole('button', { name: 'Return without recording' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();

    await user.click(opener);
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(opener).toHaveFocus();

    await user.click(opener);
    await user.type(screen.getByRole('textbox', { name: 'What is the concern?' }), 'Bruising');
    await user.click(screen.getByRole('button', { name: 'Record the concern and return' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByText('Recorded: Bruising')).toBeInTheDocument();
    expect(opener).toHaveFocus();
  });

  it('returns focus after Close in the not-recordable variant', async () => {
    const user = userEvent.setup();
    render(<Page recordable={false} />);
    const opener = screen.getByRole('button', { name: 'Escalate a concern now' });
    await user.click(opener);
    await user.click(screen.getByRole('button', { name: 'Close' }));
    expect(opener).toHaveFocus();
  });
});

describe('EscalationDialog with a native modal dialog', () => {
  const proto = HTMLDialogElement.prototype;
  const originals = {
    showModal: Object.getOwnPropertyDescriptor(proto, 'showModal'),
    close: Object.getOwnPropertyDescriptor(proto, 'close'),
  };
  const showModal = vi.fn(function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  });
  // Like a browser: close() hides the dialog now and fires "close" in a later task.
  const close = vi.fn(function (this: HTMLDialogElement) {
    this.removeAttribute('open');
    setTimeout(() => this.dispatchEvent(new Event('close')), 0);
  });

  beforeEach(() => {
    showModal.mockClear();
    close.mockClear();
    Object.defineProperty(proto, 'showModal', { configurable: true, writable: true, value: showModal });
    Object.defineProperty(proto, 'close', { configurable: true, writable: true, value: close });
  });

  afterEach(() => {
    // Unmount while the stand-in methods are still there.
    cleanup();
    for (const [name, descriptor] of Object.entries(originals)) {
      if (descriptor) Object.defineProperty(proto, name, descriptor);
      else Reflect.deleteProperty(proto, name);
    }
  });

  it('opens with showModal(), and Escape (the cancel event) is left to the parent', () => {
    const { onCancel, unmount } = renderDialog();
    const dialog = screen.getByRole('dialog', { name: HEADING });
    expect(dialog.tagName).toBe('DIALOG');
    expect(showModal).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('heading', { level: 2, name: HEADING })).toHaveFocus();

    const cancel = new Event('cancel', { cancelable: true });
    act(() => {
      dialog.dispatchEvent(cancel);
    });
    expect(cancel.defaultPrevented).toBe(true);
    expect(onCancel).toHaveBeenCalledTimes(1);

    unmount();
    expect(close).toHaveBeenCalledTimes(1);
    // Closing because the parent closed it is not a second cancel.
    expect(onCancel).toHaveBeenCalledTimes(1);
  });

  it('stays open under StrictMode, whose double effects close and reopen it', async () => {
    const onCancel = vi.fn();
    render(
      <StrictMode>
        <EscalationDialog open raisedDuring="Experience" onRecord={() => {}} onCancel={onCancel} />
      </StrictMode>,
    );
    await act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(close).toHaveBeenCalled();
    expect(onCancel).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog', { name: HEADING })).toHaveAttribute('open');
    expect(screen.getByRole('heading', { level: 2, name: HEADING })).toHaveFocus();
  });

  it('reports a close the browser makes by itself as a cancel', async () => {
    const { onCancel } = renderDialog();
    const dialog = screen.getByRole('dialog', { name: HEADING });
    await act(async () => {
      dialog.removeAttribute('open');
      dialog.dispatchEvent(new Event('close'));
    });
    expect(onCancel).toHaveBeenCalledTimes(1);
  });
});
