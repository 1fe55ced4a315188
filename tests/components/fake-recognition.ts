// A SpeechRecognition stand-in for component tests: jsdom has none.
import type {
  AvailabilityOptions,
  DictationErrorEvent,
  DictationResultEvent,
  OnDeviceAvailability,
} from '../../client/components/DictateButton.tsx';

/**
 * A stand-in for the browser's SpeechRecognition (jsdom has none). It records how it was
 * configured when start() was called, and lets a test play results, errors and the end.
 */
export class FakeRecognition {
  static availability: OnDeviceAvailability | Error = 'available';
  static availableCalls: AvailabilityOptions[] = [];
  static instances: FakeRecognition[] = [];

  static available(options: AvailabilityOptions): Promise<OnDeviceAvailability> {
    FakeRecognition.availableCalls.push(options);
    const answer = FakeRecognition.availability;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }

  lang = '';
  continuous = false;
  interimResults = true;
  maxAlternatives = 5;
  processLocally = false;
  onresult: ((event: DictationResultEvent) => void) | null = null;
  onerror: ((event: DictationErrorEvent) => void) | null = null;
  onend: ((event: Event) => void) | null = null;

  started = false;
  settingsAtStart: { processLocally: boolean; lang: string; continuous: boolean } | null = null;
  stopCalls = 0;
  abortCalls = 0;

  /** Forgets every recogniser made and answers "available" again (call before each test). */
  static reset(): void {
    FakeRecognition.availability = 'available';
    FakeRecognition.availableCalls = [];
    FakeRecognition.instances = [];
  }

  constructor() {
    FakeRecognition.instances.push(this);
  }

  start(): void {
    this.started = true;
    this.settingsAtStart = {
      processLocally: this.processLocally,
      lang: this.lang,
      continuous: this.continuous,
    };
  }

  stop(): void {
    this.stopCalls += 1;
    this.end();
  }

  abort(): void {
    this.abortCalls += 1;
  }

  /** Plays a result event; each entry is [transcript, isFinal]. */
  result(entries: [string, boolean][], resultIndex = 0): void {
    const results = entries.map(([transcript, isFinal]) => ({
      isFinal,
      length: 1,
      0: { transcript },
    }));
    this.onresult?.({ resultIndex, results: Object.assign(results, { length: results.length }) });
  }

  fail(error: string, message = ''): void {
    this.onerror?.({ error, message });
    this.end();
  }

  end(): void {
    this.started = false;
    this.onend?.(new Event('end'));
  }
}

/** The recogniser made last; fails the test if none was. */
export function lastInstance(): FakeRecognition {
  const instance = FakeRecognition.instances.at(-1);
  if (!instance) throw new Error('No recogniser was created');
  return instance;
}
