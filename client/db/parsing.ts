/** Reading zod's findings for the messages storage gives back. */
import type { z } from 'zod';
import { savingCopy } from '../content/savingCopy.ts';

/** The first problem zod found, as the message to show. */
export function firstMessage(error: z.ZodError): string {
  return savingCopy.saving.firstProblem(error.issues[0]?.message);
}
