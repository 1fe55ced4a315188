/**
 * The signed record: verified against its hash on opening, printable, downloadable, with a
 * child-record summary for each case and visible, dated amendments.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { sessionModelsOf } from '../../content/models.ts';
import { buildRecordDocument, type RecordDocument as RecordDocumentData } from '../../../machines/record/document.ts';
import { recordDocumentToText } from '../../../machines/record/text.ts';
import { verifyRecord, type RecordVerification } from '../../../machines/record/verify.ts';
import { sectionsOfSession } from '../../../machines/session/sections.ts';
import { copy } from '../../content/copy.ts';
import { formatInstantDate } from '../../content/format.ts';
import type { StoredSession } from '../../db/repositories.ts';
import type { RestoredCopyV1 } from '../../db/db.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { RecordDocument } from '../../components/RecordDocument.tsx';
import { PrintRunningHeader } from '../../components/printHeader.ts';
import { formatDate } from '../../content/format.ts';
import { Input } from '../../components/Input.tsx';
import { Select } from '../../components/Select.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { downloadText } from '../../components/download.ts';
import { WordButton } from '../../components/WordButton.tsx';
import { signedRecordExport, signedRecordExportFileName, signedRecordExportText } from '../../../machines/record/export.ts';
import { ChildRecordEntries } from './ChildRecordEntries.tsx';
import { DeviceSignature } from './DeviceSignature.tsx';
import { ShareSection } from './ShareSection.tsx';
import { SealedDelivery } from '../signing/SealedDelivery.tsx';

export function RecordScreen({ sessionId }: { sessionId: string }) {
  const { repositories } = useServices();
  const [loadError, setLoadError] = useState<string | null>(null);
  const data = useLiveQuery(async () => {
    try {
      const stored = await repositories.sessions.get(sessionId);
      if (!stored) return null;
      return { stored, amendments: await repositories.sessions.amendments(sessionId) };
    } catch (error) {
      setLoadError(error instanceof Error ? error.message : String(error));
      return null;
    }
  }, [repositories, sessionId]);

  const doc = useMemo(() => (data ? buildRecordDocument(data.stored.template, data.stored.record, data.amendments, sessionModelsOf(data.stored)) : null), [data]);
  const verification = useMemo(() => (data ? verifyRecord(data.stored.record, data.amendments) : null), [data]);

  if (data === undefined) return <p role="status">{copy.record.opening}</p>;
  if (data === null || !doc || !verification) {
    return (
      <div className="nhsuk-error-summary" role="alert">
        <h1 className="nhsuk-error-summary__title">{copy.session.problem}</h1>
        <p>{loadError ?? copy.session.notFound}</p>
        <a href={hrefFor({ name: 'home' })}>{copy.record.back}</a>
      </div>
    );
  }
  const { stored } = data;
  if (stored.restoredCopy) return <RestoredCopy stored={stored} restoredCopy={stored.restoredCopy} doc={doc} verification={verification} />;
  if (stored.row.status !== 'signed') {
    return (
      <>
        <h1 className="nhsuk-heading-l">{copy.record.notSignedYet}</h1>
        <a className="nhsuk-button" href={hrefFor({ name: 'session', sessionId })} role="button" draggable={false}>
          {copy.home.resume}
        </a>
      </>
    );
  }
  const { template, record } = stored;
  const fileStem = `supervision-record-${record.date}`;

  return (
    <>
      <h1 className="nhsuk-heading-l app-no-print">{copy.record.title}</h1>
      <div className="app-inline-buttons app-no-print">
        <button type="button" className="nhsuk-button" onClick={() => window.print()}>
          {copy.record.print}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => downloadText(`${fileStem}.txt`, recordDocumentToText(doc))}>
          {copy.record.downloadText}
        </button>
        <WordButton fileName={`${fileStem}.docx`} build={(word) => word.recordToWord(doc, verification, record.parties.supervisee.name)} />
        <SignedJsonButton sessionId={sessionId} date={record.date} />
      </div>
      <PrintRunningHeader title={doc.title} who={record.parties.supervisee.name} date={formatDate(record.date)} />
      <RecordDocument doc={doc} verification={verification} />
      <DeviceSignature sessionId={sessionId} record={record} template={template} />
      <SealedDelivery sessionId={sessionId} />
      <ShareSection payload={() => repositories.shares.payload(sessionId)} notReady={copy.record.share.notSigned} title={copy.record.share.title} lede={copy.record.share.lede} />
      <section aria-labelledby="summaries-heading" className="app-no-print">
        <h2 className="nhsuk-heading-l" id="summaries-heading">
          {copy.record.summaries}
        </h2>
        <p>{copy.record.summariesLede(template.childRecord.system)}</p>
        {record.cases.length === 0 && <p>{copy.record.noCases}</p>}
        <ChildRecordEntries sessionId={sessionId} template={template} record={record} models={sessionModelsOf(stored)} />
      </section>
      <AmendmentForm sessionId={sessionId} sections={sectionsOfSession(template, record).map((s) => ({ id: s.id, heading: s.heading }))} />
      <p className="app-no-print">
        <a href={hrefFor({ name: 'home' })}>{copy.record.back}</a>
      </p>
    </>
  );
}

/**
 * A copy restored from a backup, beside the record on this device that it differs from: shown to
 * compare (its seal checked as it was), printed or downloaded, never resumed, signed or amended.
 */
function RestoredCopy({ stored, restoredCopy, doc, verification }: { stored: StoredSession; restoredCopy: RestoredCopyV1; doc: RecordDocumentData; verification: RecordVerification }) {
  const w = copy.record.copy;
  const { record } = stored;
  return (
    <>
      <h1 className="nhsuk-heading-l app-no-print">{w.title}</h1>
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">{w.label(formatInstantDate(restoredCopy.backupCreatedAt))}</h2>
        <p>{w.explanation}</p>
        <p>{restoredCopy.status === 'signed' ? w.wasSigned : w.wasInProgress}</p>
        <p>
          <a href={hrefFor({ name: 'record', sessionId: restoredCopy.of })}>{w.original}</a>
        </p>
      </div>
      <div className="app-inline-buttons app-no-print">
        <button type="button" className="nhsuk-button" onClick={() => window.print()}>
          {copy.record.print}
        </button>
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => downloadText(`supervision-record-${record.date}-copy-from-backup.txt`, recordDocumentToText(doc))}>
          {copy.record.downloadText}
        </button>
      </div>
      <RecordDocument doc={doc} verification={verification} />
      <p className="app-no-print">
        <a href={hrefFor({ name: 'home' })}>{copy.record.back}</a>
      </p>
    </>
  );
}

/** The signed record as JSON another device or system can verify (machines/record/export.ts). */
function SignedJsonButton({ sessionId, date }: { sessionId: string; date: string }) {
  const { repositories } = useServices();
  const [error, setError] = useState<string | null>(null);
  async function download() {
    try {
      const payload = await repositories.shares.recordPayload(sessionId);
      if (!payload) throw new Error(copy.record.share.notSigned);
      const file = signedRecordExport({ template: payload.template, record: payload.record, amendments: payload.amendments, signature: payload.signature });
      downloadText(signedRecordExportFileName(date), signedRecordExportText(file), 'application/json');
      setError(null);
    } catch (caught) {
      setError(copy.exports.failed(caught instanceof Error ? caught.message : String(caught)));
    }
  }
  return (
    <>
      <button type="button" className="nhsuk-button nhsuk-button--secondary" aria-describedby="signed-json-hint" onClick={() => void download()}>
        {copy.exports.signedJson}
      </button>
      <span className="nhsuk-u-visually-hidden" id="signed-json-hint">
        {copy.exports.signedJsonHint}
      </span>
      {error && (
        <p className="nhsuk-error-message" role="alert">
          {error}
        </p>
      )}
    </>
  );
}

function AmendmentForm({ sessionId, sections }: { sessionId: string; sections: { id: string; heading: string }[] }) {
  const { repositories } = useServices();
  const [madeBy, setMadeBy] = useState('');
  const [sectionId, setSectionId] = useState('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<{ madeBy?: string; text?: string; form?: string }>({});
  const [saved, setSaved] = useState(false);

  async function save() {
    const found: typeof errors = {};
    if (!madeBy.trim()) found.madeBy = copy.record.amendNeedsName;
    if (!text.trim()) found.text = copy.record.amendNeedsText;
    setErrors(found);
    setSaved(false);
    if (found.madeBy || found.text) return;
    const result = await repositories.sessions.amend(sessionId, { madeBy: madeBy.trim(), sectionId: sectionId || null, text: text.trim() });
    if (!result.ok) {
      setErrors({ form: result.message });
      return;
    }
    setText('');
    setSaved(true);
  }

  return (
    <section aria-labelledby="amend-heading" className="nhsuk-card app-no-print">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-heading-m" id="amend-heading">
          {copy.record.amend}
        </h2>
        <p className="nhsuk-body-s">{copy.record.amendHint}</p>
        {errors.form && (
          <p className="nhsuk-error-message" role="alert">
            {errors.form}
          </p>
        )}
        {saved && <p role="status">{copy.record.amendAdded}</p>}
        <Input id="amend-by" label={copy.record.amendBy} value={madeBy} onChange={setMadeBy} error={errors.madeBy} />
        <Select
          id="amend-section"
          label={copy.record.amendSection}
          value={sectionId}
          noneLabel={copy.record.amendWhole}
          options={sections.map((section) => ({ value: section.id, label: section.heading }))}
          onChange={setSectionId}
        />
        <TextArea id="amend-text" label={copy.record.amendText} value={text} onChange={setText} error={errors.text} rows={4} />
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => void save()}>
          {copy.record.amendSave}
        </button>
      </div>
    </section>
  );
}
