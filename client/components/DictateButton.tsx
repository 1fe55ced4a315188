import { useEffect, useRef, useState } from 'react';
import { escalationCopy } from '../content/escalationCopy.ts';
import { commonCopy } from '../content/commonCopy.ts';

/**
 * Dictation that never leaves the device.
 *
 * Speech is only offered where the browser promises to recognise it ON THE DEVICE
 * (`SpeechRecognition.available({ processLocally: true })` resolves `'available'` and the
 * recogniser accepts `processLocally = true`). A supervision discussion is about real
 * children, so we never fall back to a recogniser that may send audio to a remote
 * service (such as Chrome's default `webkitSpeechRecognition`). Where on-device
 * recognition is not ready, this component renders nothing at all.
 *
 * Language packs that are only `'downloadable'` or `'downloading'` are treated as
 * unavailable: the button appears once the pack is on the device.
 */

/** What `SpeechRecognition.available()` resolves with. */
export type OnDeviceAvailability = 'available' | 'downloadable' | 'downloading' | 'unavailable';

interface RecognitionAlternative {
  readonly transcript: string;
}

interface RecognitionResult {
  readonly isFinal: boolean;
  readonly length: number;
  readonly [index: number]: RecognitionAlternative | undefined;
}

interface RecognitionResultList {
  readonly length: number;
  readonly [index: number]: RecognitionResult | undefined;
}

/** The parts of `SpeechRecognitionEvent` we read. */
export interface DictationResultEvent {
  readonly resultIndex: number;
  readonly results: RecognitionResultList;
}

/** The parts of `SpeechRecognitionErrorEvent` we read. */
export interface DictationErrorEvent {
  readonly error: string;
  readonly message?: string;
}

/** The parts of a `SpeechRecognition` instance we use. */
export interface OnDeviceRecognition {
  lang: string;
  continuous: boolean;
  interimResults: boolean;
  maxAlternatives: number;
  processLocally: boolean;
  onresult: ((event: DictationResultEvent) => void) | null;
  onerror: ((event: DictationErrorEvent) => void) | null;
  onend: ((event: Event) => void) | null;
  start(): void;
  stop(): void;
  abort(): void;
}

export interface AvailabilityOptions {
  langs: string[];
  processLocally: boolean;
}

/** The parts of the `SpeechRecognition` constructor we use. */
export interface OnDeviceRecognitionConstructor {
  new (): OnDeviceRecognition;
  available?: (options: AvailabilityOptions) => Promise<OnDeviceAvailability>;
}

interface SpeechGlobals {
  SpeechRecognition?: unknown;
  webkitSpeechRecognition?: unknown;
}

function isRecognitionConstructor(value: unknown): value is OnDeviceRecognitionConstructor {
  if (typeof value !== 'function') return false;
  const available: unknown = (value as { available?: unknown }).available;
  return typeof available === 'function';
}

/**
 * The browser's speech recogniser, but only one that can be asked about on-device
 * recognition (it has the static `available()` method). Anything older is ignored.
 */
export function getOnDeviceRecognition(): OnDeviceRecognitionConstructor | null {
  const g = globalThis as SpeechGlobals;
  if (isRecognitionConstructor(g.SpeechRecognition)) return g.SpeechRecognition;
  if (isRecognitionConstructor(g.webkitSpeechRecognition)) return g.webkitSpeechRecognition;
  return null;
}

type Support = 'checking' | 'available' | 'unavailable';

function useOnDeviceSupport(lang: string): Support {
  const [support, setSupport] = useState<Support>('checking');

  useEffect(() => {
    let cancelled = false;
    const settle = (next: Support) => {
      if (!cancelled) setSupport(next);
    };
    const Recognition = getOnDeviceRecognition();
    if (!Recognition?.available) {
      settle('unavailable');
      return () => {
        cancelled = true;
      };
    }
    setSupport('checking');
    let check: Promise<OnDeviceAvailability>;
    try {
      check = Recognition.available({ langs: [lang], processLocally: true });
    } catch {
      // For example blocked by the on-device-speech-recognition permissions policy.
      settle('unavailable');
      return () => {
        cancelled = true;
      };
    }
    Promise.resolve(check).then(
      (result) => settle(result === 'available' ? 'available' : 'unavailable'),
      () => settle('unavailable'),
    );
    return () => {
      cancelled = true;
    };
  }, [lang]);

  return support;
}

const words = escalationCopy.dictation;

/** Plain-English text for a `SpeechRecognitionErrorEvent`. */
export function describeDictationError(event: DictationErrorEvent): string {
  switch (event.error) {
    case 'no-speech':
      return words.noSpeech;
    case 'audio-capture':
      return words.noMicrophone;
    case 'not-allowed':
      return words.microphoneBlocked;
    case 'service-not-allowed':
      return words.serviceNotAllowed;
    case 'language-not-supported':
      return words.languageNotSupported;
    case 'network':
      return words.network;
    case 'aborted':
      return words.aborted;
    default: {
      const detail = event.message?.trim() || event.error || words.unknownError;
      return words.otherError(detail);
    }
  }
}

function errorText(prefix: string, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  return detail ? `${prefix}: ${detail}.` : `${prefix}.`;
}

export interface DictateButtonProps {
  /** Visible label of the field being dictated into; completes the accessible name. */
  label: string;
  /** Receives each final piece of recognised text. */
  onText: (text: string) => void;
  /** Id of the field being dictated into (for aria-controls). */
  controls?: string;
  /** BCP 47 language tag. Defaults to British English. */
  lang?: string;
}

export function DictateButton({ label, onText, controls, lang = 'en-GB' }: DictateButtonProps) {
  const support = useOnDeviceSupport(lang);
  const [listening, setListening] = useState(false);
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const recognitionRef = useRef<OnDeviceRecognition | null>(null);
  const onTextRef = useRef(onText);
  onTextRef.current = onText;

  // Stop listening when the field goes away.
  useEffect(
    () => () => {
      const recognition = recognitionRef.current;
      recognitionRef.current = null;
      if (recognition) {
        recognition.onresult = null;
        recognition.onerror = null;
        recognition.onend = null;
        recognition.abort();
      }
    },
    [],
  );

  if (support !== 'available') return null;

  const start = () => {
    setError(null);
    const Recognition = getOnDeviceRecognition();
    if (!Recognition) {
      setError(words.notLocal);
      return;
    }
    let recognition: OnDeviceRecognition;
    try {
      recognition = new Recognition();
    } catch (e) {
      setError(errorText(words.couldNotStart, e));
      return;
    }
    // Refuse to start unless the recogniser itself knows about processLocally and keeps it.
    if (!('processLocally' in recognition)) {
      setError(words.notLocal);
      return;
    }
    recognition.processLocally = true;
    if (recognition.processLocally !== true) {
      setError(words.notLocal);
      return;
    }
    recognition.lang = lang;
    recognition.continuous = true;
    recognition.interimResults = false;
    recognition.maxAlternatives = 1;

    recognition.onresult = (event) => {
      for (let i = event.resultIndex; i < event.results.length; i += 1) {
        const result = event.results[i];
        if (!result?.isFinal) continue;
        const text = result[0]?.transcript.trim();
        if (text) onTextRef.current(text);
      }
    };
    recognition.onerror = (event) => {
      setError(describeDictationError(event));
    };
    recognition.onend = () => {
      if (recognitionRef.current === recognition) recognitionRef.current = null;
      setListening(false);
      setStatus(words.stopped);
    };

    try {
      recognition.start();
    } catch (e) {
      setError(errorText(words.couldNotStart, e));
      return;
    }
    recognitionRef.current = recognition;
    setListening(true);
    setStatus('Listening…');
  };

  const stop = () => {
    const recognition = recognitionRef.current;
    if (!recognition) {
      setListening(false);
      return;
    }
    try {
      recognition.stop();
    } catch (e) {
      setError(errorText(words.couldNotStop, e));
      recognitionRef.current = null;
      setListening(false);
      setStatus(words.stopped);
    }
  };

  return (
    <div className="app-dictate">
      <button
        type="button"
        className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
        aria-pressed={listening}
        aria-controls={controls}
        onClick={listening ? stop : start}
      >
        {listening ? words.stop : words.start}{' '}
        <span className="nhsuk-u-visually-hidden">{words.into} {label}</span>
      </button>
      <p className="nhsuk-body-s" role="status" aria-live="polite">
        {status}
      </p>
      {error ? (
        <p className="nhsuk-error-message" role="alert">
          <span className="nhsuk-u-visually-hidden">{commonCopy.error}</span>{' '}
          {error}
        </p>
      ) : null}
    </div>
  );
}

export default DictateButton;
