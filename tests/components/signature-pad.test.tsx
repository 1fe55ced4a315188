// @vitest-environment jsdom
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import {
  DRAWING_UNAVAILABLE_MESSAGE,
  SignaturePad,
  TYPED_IMAGE_UNAVAILABLE_MESSAGE,
  type SignaturePadProps,
} from '../../client/components/SignaturePad.tsx';

const FAKE_PNG = 'data:image/png;base64,ZmFrZQ==';

function renderPad(overrides: Partial<SignaturePadProps> = {}) {
  const onChange = vi.fn<(dataUrl: string | null) => void>();
  const utils = render(
    <SignaturePad
      id="supervisee-signature"
      label="Supervisee's signature"
      hint="Sign with a mouse, pen or finger."
      fullName="Sam Patel"
      onChange={onChange}
      {...overrides}
    />,
  );
  return { ...utils, onChange };
}

function NameAndSignature() {
  const [name, setName] = useState('Sam Patel');
  return (
    <>
      <label htmlFor="name">Full name</label>
      <input id="name" value={name} onChange={(event) => setName(event.target.value)} />
      <SignaturePad id="sig" label="Signature" fullName={name} onChange={() => {}} />
    </>
  );
}

/**
 * jsdom has no canvas drawing: getContext() returns null (and reports "not implemented").
 * These tests run against that real behaviour. jsdom's report goes to console.error, so
 * it is captured here and checked to be only that.
 */
describe('SignaturePad where the canvas cannot be drawn on (jsdom as it is)', () => {
  let consoleError: MockInstance<typeof console.error>;

  beforeEach(() => {
    consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  });

  afterEach(() => {
    for (const call of consoleError.mock.calls) {
      expect(String(call[0])).toMatch(/Not implemented: HTMLCanvasElement/);
    }
    consoleError.mockRestore();
  });

  it('does not crash and says drawing is not available', () => {
    renderPad();
    const group = screen.getByRole('group', { name: "Supervisee's signature" });
    expect(group.tagName).toBe('FIELDSET');
    expect(group).toHaveClass('nhsuk-fieldset');
    expect(within(group).getByText("Supervisee's signature").tagName).toBe('LEGEND');
    expect(within(group).getByText(DRAWING_UNAVAILABLE_MESSAGE)).toBeInTheDocument();
    expect(group).toHaveAccessibleDescription(
      `Sign with a mouse, pen or finger. ${DRAWING_UNAVAILABLE_MESSAGE}`,
    );
    // The empty drawing area is hidden rather than offered.
    expect(screen.queryByRole('img')).toBeNull();
    expect(group.querySelector('canvas')).not.toBeVisible();
  });

  it('keeps both buttons usable, and says when no image can be made from the typed name', async () => {
    const user = userEvent.setup();
    const { onChange } = renderPad();
    const typed = screen.getByRole('button', { name: 'Use my typed name as my signature' });
    expect(typed).toBeEnabled();
    await user.click(typed);
    expect(await screen.findByText(TYPED_IMAGE_UNAVAILABLE_MESSAGE)).toHaveClass(
      'nhsuk-error-message',
    );
    expect(onChange).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Clear signature' }));
    expect(onChange).toHaveBeenCalledWith(null);
    expect(screen.queryByText(TYPED_IMAGE_UNAVAILABLE_MESSAGE)).toBeNull();
  });

  it('disables the typed-name button with an explanation when there is no name', () => {
    renderPad({ fullName: '   ' });
    const typed = screen.getByRole('button', { name: 'Use my typed name as my signature' });
    expect(typed).toBeDisabled();
    expect(typed).toHaveAccessibleDescription('Enter your full name to use it as your signature.');
    expect(screen.getByText('Enter your full name to use it as your signature.')).toBeVisible();
  });

  it('shows an error in the NHS style', () => {
    renderPad({ error: 'Sign the record' });
    const group = screen.getByRole('group', { name: "Supervisee's signature" });
    expect(group.closest('.nhsuk-form-group')).toHaveClass('nhsuk-form-group--error');
    const message = document.getElementById('supervisee-signature-error');
    expect(message).toHaveClass('nhsuk-error-message');
    expect(message).toHaveTextContent('Error: Sign the record');
    expect(group).toHaveAccessibleDescription(/Error: Sign the record/);
  });
});

interface DrawCall {
  name: string;
  args: unknown[];
  font: unknown;
}

/** A stand-in 2D context that records the drawing calls made on it. */
function fakeContext(calls: DrawCall[]): CanvasRenderingContext2D {
  const state: Record<string, unknown> = {
    measureText: (text: string) => ({ width: text.length * 10 }),
  };
  const context = new Proxy(state, {
    get(target, property) {
      if (typeof property !== 'string') return undefined;
      if (property in target) return target[property];
      return (...args: unknown[]) => {
        calls.push({ name: property, args, font: target.font });
      };
    },
    set(target, property, value: unknown) {
      if (typeof property === 'string') target[property] = value;
      return true;
    },
  });
  return context as unknown as CanvasRenderingContext2D;
}

/**
 * With a stand-in 2D context (a browser API jsdom lacks) the real signature_pad runs:
 * these tests check what a browser user gets.
 */
describe('SignaturePad with a drawing surface', () => {
  let calls: DrawCall[];

  beforeEach(() => {
    calls = [];
    const context = fakeContext(calls);
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => context);
    vi.spyOn(HTMLCanvasElement.prototype, 'toDataURL').mockImplementation(() => FAKE_PNG);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it('is a labelled canvas in a fieldset with its buttons', () => {
    renderPad();
    const group = screen.getByRole('group', { name: "Supervisee's signature" });
    expect(group).toHaveAccessibleDescription('Sign with a mouse, pen or finger.');
    const canvas = within(group).getByRole('img', {
      name: /^Supervisee's signature: signature area, empty/,
    });
    expect(canvas.tagName).toBe('CANVAS');
    expect(canvas).toHaveAttribute('id', 'supervisee-signature');
    expect(canvas).toBeVisible();
    expect(screen.queryByText(DRAWING_UNAVAILABLE_MESSAGE)).toBeNull();
    const typed = within(group).getByRole('button', { name: 'Use my typed name as my signature' });
    const clear = within(group).getByRole('button', { name: 'Clear signature' });
    for (const button of [typed, clear]) {
      expect(button).toHaveClass('nhsuk-button', 'nhsuk-button--secondary');
      expect(button).toHaveAttribute('type', 'button');
    }
  });

  it('draws the typed name in an italic handwriting face and emits a PNG data URL', async () => {
    const user = userEvent.setup();
    const { onChange } = renderPad({ fullName: '  Sam Patel ' });
    // Keyboard only: Tab to the button and press Enter.
    await user.tab();
    expect(screen.getByRole('button', { name: 'Use my typed name as my signature' })).toHaveFocus();
    await user.keyboard('{Enter}');

    const text = calls.find((call) => call.name === 'fillText');
    expect(text?.args[0]).toBe('Sam Patel');
    expect(String(text?.font)).toMatch(/^italic \d+px .*cursive$/);
    expect(HTMLCanvasElement.prototype.toDataURL).toHaveBeenCalledWith('image/png', undefined);
    expect(onChange).toHaveBeenLastCalledWith(FAKE_PNG);
    expect(
      screen.getByRole('img', { name: /containing the typed name Sam Patel as a signature/ }),
    ).toBeInTheDocument();
  });

  it('emits the drawing on endStroke and null after Clear', async () => {
    const { onChange } = renderPad();
    const canvas = screen.getByRole('img', { name: /signature area, empty/ });
    fireEvent.pointerDown(canvas, { pointerId: 1, buttons: 1, clientX: 10, clientY: 10 });
    fireEvent.pointerMove(window, { pointerId: 1, buttons: 1, clientX: 40, clientY: 30 });
    fireEvent.pointerUp(window, { pointerId: 1, buttons: 0, clientX: 40, clientY: 30 });
    expect(onChange).toHaveBeenLastCalledWith(FAKE_PNG);
    expect(screen.getByRole('img', { name: /containing a drawn signature/ })).toBeInTheDocument();

    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Clear signature' }));
    expect(onChange).toHaveBeenLastCalledWith(null);
    expect(screen.getByRole('img', { name: /signature area, empty/ })).toBeInTheDocument();
  });

  it('removes a typed signature when the name changes', async () => {
    const user = userEvent.setup();
    render(<NameAndSignature />);
    await user.click(screen.getByRole('button', { name: 'Use my typed name as my signature' }));
    expect(screen.getByRole('img', { name: /typed name Sam Patel/ })).toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Full name' }), 'l');
    expect(screen.getByRole('img', { name: /signature area, empty/ })).toBeInTheDocument();
    expect(
      screen.getByText('Your name changed, so your typed signature was removed. Sign again.'),
    ).toBeInTheDocument();
  });

  it('sizes the canvas for the screen pixel density and keeps a typed name on resize', async () => {
    vi.stubGlobal('devicePixelRatio', 2);
    let width = 300;
    vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockImplementation(() => width);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockImplementation(() => 100);
    const user = userEvent.setup();
    renderPad();
    const canvas = screen.getByRole('img', { name: /signature area/ });
    if (!(canvas instanceof HTMLCanvasElement)) throw new Error('not a canvas');
    expect(canvas.width).toBe(600);
    expect(canvas.height).toBe(200);
    expect(calls.some((call) => call.name === 'scale' && call.args[0] === 2 && call.args[1] === 2)).toBe(
      true,
    );

    await user.click(screen.getByRole('button', { name: 'Use my typed name as my signature' }));
    const before = calls.filter((call) => call.name === 'fillText').length;
    width = 400;
    act(() => {
      window.dispatchEvent(new Event('resize'));
    });
    expect(canvas.width).toBe(800);
    const after = calls.filter((call) => call.name === 'fillText');
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)?.args[0]).toBe('Sam Patel');
  });
});
