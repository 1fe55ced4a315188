/** What a repository's change gives back: the value written, or why nothing was (the message to show). */
export type Result<T> = { ok: true; value: T } | { ok: false; message: string };
