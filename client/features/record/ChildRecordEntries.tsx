/**
 * The child-record entries of a signed record, one for each case, each built with what was
 * chosen for it beyond its default (repositories.childRecordChoices: kept beside the record,
 * never in it). A choice shows at once and is then kept; one that cannot be kept is undone on
 * screen and said so.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import type { SessionContentV1 } from '../../../machines/model/record.ts';
import type { ReflectiveModelV1 } from '../../../machines/model/reflectiveModel.ts';
import type { RecordTemplateV1 } from '../../../machines/model/template.ts';
import type { ChildRecordExtra } from '../../../machines/record/childRecordChoices.ts';
import { childRecordSummary, childSummaryFileName, type ChildRecordSummary, type NameFinder } from '../../../machines/record/childSummary.ts';
import { childEntryDocumentReference, sealedAtOf } from '../../../machines/record/fhir.ts';
import { downloadText } from '../../components/download.ts';
import type { Result } from '../../db/result.ts';
import { useServices } from '../../app/services.tsx';
import { ChildSummary } from '../../components/ChildSummary.tsx';
import { copy } from '../../content/copy.ts';

const e = copy.record.entry;
const none: readonly ChildRecordExtra[] = [];

function messageOf(error: unknown): string {
  return error instanceof Error && error.message ? error.message : String(error);
}

const same = (a: readonly ChildRecordExtra[], b: readonly ChildRecordExtra[]) => a.length === b.length && a.every((stage, i) => b[i] === stage);

/** The entry shown (and only that entry) as a FHIR R4 DocumentReference (hazard H32). */
function downloadFhir(summary: ChildRecordSummary, record: SessionContentV1) {
  const resource = childEntryDocumentReference(summary, { sessionId: record.sessionId, supervisor: record.parties.supervisor.name, signedAt: sealedAtOf(record.signatures) });
  downloadText(childSummaryFileName(summary, 'fhir.json'), `${JSON.stringify(resource, null, 2)}\n`, 'application/fhir+json');
}

export function ChildRecordEntries({
  sessionId,
  template,
  record,
  models,
}: {
  sessionId: string;
  template: RecordTemplateV1;
  record: SessionContentV1;
  /** The models the session's cases may have run with (its saved copies and every model on this device). */
  models?: readonly ReflectiveModelV1[];
}) {
  const { repositories } = useServices();
  const stored = useLiveQuery(
    (): Promise<Result<Record<string, ChildRecordExtra[]>>> => repositories.childRecordChoices.of(sessionId).catch((error: unknown) => ({ ok: false, message: messageOf(error) })),
    [repositories, sessionId],
  );
  // Choices made here and not yet read back: shown at once, dropped once the stored one matches.
  const [pending, setPending] = useState<Record<string, ChildRecordExtra[]>>({});
  const [problems, setProblems] = useState<Record<string, string>>({});
  const kept = stored?.ok ? stored.value : {};
  // The name finder (language analysis, on this device) is a chunk of its own: entries are shown once it is here.
  const [names, setNames] = useState<{ finder: NameFinder } | { error: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    Promise.all([import('../../../machines/review/names.ts'), import('../../../machines/review/namesLanguage.ts').then((m) => m.loadNamesLanguage())]).then(
      ([m]) => !cancelled && setNames({ finder: (options) => m.createNameCheck(options) }),
      (error: unknown) => !cancelled && setNames({ error: messageOf(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, []);

  useEffect(() => {
    setPending((current) => {
      const left = Object.entries(current).filter(([caseId, chosen]) => !same(chosen, kept[caseId] ?? none));
      return left.length === Object.keys(current).length ? current : Object.fromEntries(left);
    });
  }, [kept]);

  if (stored === undefined) return <p role="status">{e.loading}</p>;
  if (names === null) return <p role="status">{e.checkingNames}</p>;

  async function choose(caseId: string, chosen: ChildRecordExtra[]) {
    setPending((current) => ({ ...current, [caseId]: chosen }));
    setProblems((current) => ({ ...current, [caseId]: '' }));
    const result = await repositories.childRecordChoices.choose(sessionId, caseId, chosen).catch((error: unknown): Result<ChildRecordExtra[]> => ({ ok: false, message: messageOf(error) }));
    if (result.ok) return;
    setPending((current) => Object.fromEntries(Object.entries(current).filter(([id]) => id !== caseId)));
    setProblems((current) => ({ ...current, [caseId]: e.saveFailed(result.message) }));
  }

  return (
    <>
      {'error' in names && (
        <p className="nhsuk-error-message" role="alert">
          {names.error}
        </p>
      )}
      {!stored.ok && (
        <p className="nhsuk-error-message" role="alert">
          {e.readFailed(stored.message)}
        </p>
      )}
      {record.cases.map((c) => {
        const chosen = pending[c.id] ?? kept[c.id] ?? none;
        const summary = childRecordSummary(template, record, c.id, { include: chosen, ...('finder' in names ? { names: names.finder } : {}), ...(models ? { models } : {}) });
        return (
          <ChildSummary
            key={c.id}
            summary={summary}
            templateSystem={template.childRecord.system}
            choice={{ chosen, onChange: (next) => void choose(c.id, next), error: problems[c.id] || null }}
            exports={
              <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => downloadFhir(summary, record)}>
                {copy.exports.fhir}
                <span className="nhsuk-u-visually-hidden">{copy.exports.fhirFor(summary.caseLabel)}</span>
              </button>
            }
          />
        );
      })}
    </>
  );
}
