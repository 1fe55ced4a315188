/**
 * What an import has to tell the user, carried from the import form to the preparation it
 * opens (the route holds only the id). Held in memory for this page only, and shown once.
 */
export type ImportNotice = { replaced: boolean; nameInFile: string | null; chosenName: string };

const notices = new Map<string, ImportNotice>();

export function leaveImportNotice(preparationId: string, notice: ImportNotice): void {
  notices.set(preparationId, notice);
}

/** The notice left for this preparation, if any. It stays until `clearImportNotice`. */
export function importNoticeFor(preparationId: string): ImportNotice | null {
  return notices.get(preparationId) ?? null;
}

export function clearImportNotice(preparationId: string): void {
  notices.delete(preparationId);
}
