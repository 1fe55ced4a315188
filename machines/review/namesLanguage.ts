/**
 * The names check's language analysis (compromise/two: offline English NLP, no model download),
 * loaded when a screen that checks names opens, not with the code that names it.
 *
 * Evaluating compromise builds its lexicon: about 110 ms of one main-thread task on a two-core
 * machine, more on a phone. The group session's machine, the group record and the Word export
 * all import names.ts, and every screen's code is loaded behind the lock screen while the
 * passphrase is typed; with compromise imported there, that task froze the lock screen and
 * delayed the unlock (issue 20's reload row). Now whoever runs a check loads it first
 * (`loadNamesLanguage`, once per tab); a check run before that throws, loudly, rather than
 * passing text it never read.
 */
import type nlpOf from 'compromise/two';

export type NamesLanguage = typeof nlpOf;

let loaded: NamesLanguage | null = null;
let loading: Promise<NamesLanguage> | null = null;

/** Loads the language analysis (once; a failed load is tried again next time). */
export function loadNamesLanguage(): Promise<NamesLanguage> {
  if (loaded) return Promise.resolve(loaded);
  loading ??= import('compromise/two').then(
    (m) => (loaded = m.default),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/** The loaded analysis; throws when nothing has loaded it (a name check must never pass unread text). */
export function namesLanguage(): NamesLanguage {
  if (!loaded) throw new Error('The names check ran before its language analysis was loaded (loadNamesLanguage).');
  return loaded;
}
