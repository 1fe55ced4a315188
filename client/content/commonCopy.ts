/**
 * Words many components say the same way: the visually hidden prefixes read before an error or a
 * warning, and what a screen shows while it loads. Imports nothing, so a component the lock gate
 * renders (FieldMessages.tsx) can take its words from here without loading `copy`.
 */
export const commonCopy = {
  /** Read before an error message (visually hidden). */
  error: 'Error:',
  /** Read before a warning callout's title (visually hidden). */
  important: 'Important:',
  loading: 'Loading…',
  opening: 'Opening…',
  problem: 'There is a problem',
  close: 'Close',
} as const;
