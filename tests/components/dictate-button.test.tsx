// @vitest-environment jsdom
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DictateButton, describeDictationError, type OnDeviceAvailability } from '../../client/components/DictateButton.tsx';
import { FakeRecognition, lastInstance } from './fake-recognition.ts';

/** A recogniser of a browser that has available() but no processLocally on instances. */
class NoLocalFlagRecognition {
  static available(): Promise<OnDeviceAvailability> {
    return Promise.resolve('available');
  }
  static instances: NoLocalFlagRecognition[] = [];
  started = false;
  constructor() {
    NoLocalFlagRecognition.instances.push(this);
  }
  start(): void {
    this.started = true;
  }
  stop(): void {}
  abort(): void {}
}

/** An old-style recogniser with no way to ask for on-device processing. */
class RemoteOnlyRecognition {
  static instances = 0;
  constructor() {
    RemoteOnlyRecognition.instances += 1;
  }
  start(): void {}
  stop(): void {}
  abort(): void {}
}

/** Lets the availability promise settle and React re-render. */
async function settle(): Promise<void> {
  await act(async () => {
    await Promise.resolve();
    await Promise.resolve();
  });
}

beforeEach(() => {
  FakeRecognition.reset();
  NoLocalFlagRecognition.instances = [];
  RemoteOnlyRecognition.instances = 0;
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('DictateButton when on-device recognition is not available', () => {
  it('renders nothing when the browser has no speech recognition', async () => {
    const { container } = render(<DictateButton label="Concern" onText={() => {}} />);
    await settle();
    expect(container).toBeEmptyDOMElement();
  });

  it('renders nothing for a recogniser that cannot be asked about on-device processing', async () => {
    vi.stubGlobal('webkitSpeechRecognition', RemoteOnlyRecognition);
    const { container } = render(<DictateButton label="Concern" onText={() => {}} />);
    await settle();
    expect(container).toBeEmptyDOMElement();
    expect(RemoteOnlyRecognition.instances).toBe(0);
  });

  it.each<OnDeviceAvailability>(['unavailable', 'downloadable', 'downloading'])(
    'renders nothing when on-device recognition is %s',
    async (availability) => {
      FakeRecognition.availability = availability;
      vi.stubGlobal('SpeechRecognition', FakeRecognition);
      const { container } = render(<DictateButton label="Concern" onText={() => {}} />);
      await settle();
      expect(FakeRecognition.availableCalls).toEqual([{ langs: ['en-GB'], processLocally: true }]);
      expect(container).toBeEmptyDOMElement();
      expect(FakeRecognition.instances).toHaveLength(0);
    },
  );

  it('renders nothing when the availability check fails', async () => {
    FakeRecognition.availability = new Error('Blocked by permissions policy');
    vi.stubGlobal('SpeechRecognition', FakeRecognition);
    const { container } = render(<DictateButton label="Concern" onText={() => {}} />);
    await settle();
    expect(FakeRecognition.availableCalls).toHaveLength(1);
    expect(container).toBeEmptyDOMElement();
  });
});

describe('DictateButton with on-device recognition', () => {
  beforeEach(() => {
    vi.stubGlobal('SpeechRecognition', FakeRecognition);
  });

  it('shows a secondary "Dictate" button named after its field', async () => {
    render(<DictateButton label="What is the concern?" controls="concern" onText={() => {}} />);
    const button = await screen.findByRole('button', { name: 'Dictate into What is the concern?' });
    expect(button).toHaveClass('nhsuk-button', 'nhsuk-button--secondary');
    expect(button).toHaveAttribute('type', 'button');
    expect(button).toHaveAttribute('aria-pressed', 'false');
    expect(button).toHaveAttribute('aria-controls', 'concern');
    expect(button.textContent).toContain('Dictate');
    const status = screen.getByRole('status');
    expect(status).toHaveAttribute('aria-live', 'polite');
    expect(status).toHaveTextContent('');
  });

  it('asks for on-device processing before it starts, and toggles to "Stop dictating"', async () => {
    const user = userEvent.setup();
    render(<DictateButton label="Concern" onText={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Dictate into Concern' }));

    const recognition = lastInstance();
    expect(recognition.started).toBe(true);
    expect(recognition.settingsAtStart).toEqual({
      processLocally: true,
      lang: 'en-GB',
      continuous: true,
    });
    const stop = screen.getByRole('button', { name: 'Stop dictating into Concern' });
    expect(stop).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByRole('status')).toHaveTextContent('Listening…');

    await user.click(stop);
    expect(recognition.stopCalls).toBe(1);
    const again = screen.getByRole('button', { name: 'Dictate into Concern' });
    expect(again).toHaveAttribute('aria-pressed', 'false');
    expect(screen.getByRole('status')).toHaveTextContent('Dictation stopped');
  });

  it('works from the keyboard alone', async () => {
    const user = userEvent.setup();
    render(<DictateButton label="Concern" onText={() => {}} />);
    await screen.findByRole('button', { name: 'Dictate into Concern' });
    await user.tab();
    expect(screen.getByRole('button', { name: 'Dictate into Concern' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(lastInstance().started).toBe(true);
    expect(screen.getByRole('button', { name: 'Stop dictating into Concern' })).toHaveFocus();
    await user.keyboard(' ');
    expect(lastInstance().stopCalls).toBe(1);
  });

  it('passes final results, trimmed, to onText and ignores interim ones', async () => {
    const user = userEvent.setup();
    const onText = vi.fn();
    render(<DictateButton label="Concern" onText={onText} />);
    await user.click(await screen.findByRole('button', { name: 'Dictate into Concern' }));

    act(() => {
      lastInstance().result([
        ['  the child said  ', true],
        ['she is', false],
      ]);
    });
    act(() => {
      lastInstance().result(
        [
          ['already sent', true],
          ['afraid to go home', true],
        ],
        1,
      );
    });
    expect(onText.mock.calls).toEqual([['the child said'], ['afraid to go home']]);
  });

  it('shows a recognition error as text and announces that dictation stopped', async () => {
    const user = userEvent.setup();
    render(<DictateButton label="Concern" onText={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Dictate into Concern' }));

    act(() => {
      lastInstance().fail('not-allowed');
    });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent(/Error: Microphone access is blocked/);
    expect(alert).toHaveClass('nhsuk-error-message');
    expect(screen.getByRole('status')).toHaveTextContent('Dictation stopped');
    expect(screen.getByRole('button', { name: 'Dictate into Concern' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );

    // Starting again clears the old error.
    await user.click(screen.getByRole('button', { name: 'Dictate into Concern' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the browser message for an error it does not know', async () => {
    const user = userEvent.setup();
    render(<DictateButton label="Concern" onText={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Dictate into Concern' }));
    act(() => {
      lastInstance().fail('something-new', 'Model crashed');
    });
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Dictation stopped because of an error: Model crashed.',
    );
  });

  it('shows an error when start() throws', async () => {
    const user = userEvent.setup();
    const start = vi.spyOn(FakeRecognition.prototype, 'start').mockImplementation(() => {
      throw new Error('recognition has already started');
    });
    render(<DictateButton label="Concern" onText={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Dictate into Concern' }));
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Dictation could not start: recognition has already started.',
    );
    expect(screen.getByRole('button', { name: 'Dictate into Concern' })).toHaveAttribute(
      'aria-pressed',
      'false',
    );
    start.mockRestore();
  });

  it('stops listening when it is removed', async () => {
    const user = userEvent.setup();
    const { unmount } = render(<DictateButton label="Concern" onText={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Dictate into Concern' }));
    const recognition = lastInstance();
    unmount();
    expect(recognition.abortCalls).toBe(1);
  });

  it('uses the prefixed constructor when it offers on-device recognition', async () => {
    vi.unstubAllGlobals();
    vi.stubGlobal('webkitSpeechRecognition', FakeRecognition);
    render(<DictateButton label="Concern" onText={() => {}} />);
    expect(await screen.findByRole('button', { name: 'Dictate into Concern' })).toBeInTheDocument();
  });
});

describe('DictateButton never falls back to remote recognition', () => {
  it('refuses to start a recogniser that does not support processLocally', async () => {
    vi.stubGlobal('SpeechRecognition', NoLocalFlagRecognition);
    const user = userEvent.setup();
    render(<DictateButton label="Concern" onText={() => {}} />);
    await user.click(await screen.findByRole('button', { name: 'Dictate into Concern' }));
    expect(NoLocalFlagRecognition.instances).toHaveLength(1);
    expect(NoLocalFlagRecognition.instances[0]?.started).toBe(false);
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'cannot promise to keep your speech on this device',
      ),
    );
  });
});

describe('describeDictationError', () => {
  it('has plain-English text for the standard error codes', () => {
    for (const code of [
      'no-speech',
      'audio-capture',
      'not-allowed',
      'service-not-allowed',
      'language-not-supported',
      'network',
      'aborted',
    ]) {
      const text = describeDictationError({ error: code });
      expect(text).not.toContain('because of an error');
      expect(text).toMatch(/^[A-Z].*\.$/);
    }
    expect(describeDictationError({ error: 'odd' })).toBe(
      'Dictation stopped because of an error: odd.',
    );
  });
});
