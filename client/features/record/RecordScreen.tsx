/**
 * The signed record: verified against its hash on opening, printable, downloadable, with a
 * child-record summary for each case and visible, dated amendments.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { buildRecordDocument } from '../../../machines/record/document.ts';
import { recordDocumentToText } from '../../../machines/record/text.ts';
import { verifyRecord } from '../../../machines/record/verify.ts';
import { sectionsOfSession } from '../../../machines/session/sections.ts';
import { copy } from '../../content/copy.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { RecordDocument } from '../../components/RecordDocument.tsx';
import { PrintRunningHeader } from '../../components/printHeader.ts';
import { formatDate } from '../../content/format.ts';
import { Input } from '../../components/Input.tsx';
import { Select } from '../../components/Select.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { downloadText } from '../../components/download.ts';
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

  const doc = useMemo(() => (data ? buildRecordDocument(data.stored.template, data.stored.record, data.amendments) : null), [data]);
  const verification = useMemo(() => (data ? verifyRecord(data.stored.record, data.amendments) : null), [data]);

  if (data === undefined) return <p role="status">Opening the record…</p>;
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
  if (stored.row.status !== 'signed') {
    return (
      <>
        <h1 className="nhsuk-heading-l">This session is not signed yet</h1>
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
        {record.cases.length === 0 && <p>No case was discussed in this session.</p>}
        <ChildRecordEntries sessionId={sessionId} template={template} record={record} />
      </section>
      <AmendmentForm sessionId={sessionId} sections={sectionsOfSession(template, record).map((s) => ({ id: s.id, heading: s.heading }))} />
      <p className="app-no-print">
        <a href={hrefFor({ name: 'home' })}>{copy.record.back}</a>
      </p>
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
    if (!madeBy.trim()) found.madeBy = 'Enter your full name';
    if (!text.trim()) found.text = 'Write the amendment';
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
        {saved && <p role="status">The amendment has been added to the record.</p>}
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
