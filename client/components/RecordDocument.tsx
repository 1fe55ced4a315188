/**
 * The supervision record on screen and in print: a presentational view of the data built
 * by buildRecordDocument. Everything people typed is rendered as React text, never as HTML;
 * the only image is a drawn signature, and only from a PNG data URL.
 */
import { useId, type ReactNode } from 'react';
import type {
  ActionEntry,
  AmendmentEntry,
  CaseEntry,
  DriftEntry,
  EscalationEntry,
  PreviousActionEntry,
  RecordBlock,
  RecordDocument as RecordDocumentData,
  RecordRow,
  RecordSection,
  SignatureEntry,
  StageEntry,
} from '../../machines/record/document.ts';
import type { RecordVerification } from '../../machines/record/verify.ts';
import { recordWording as w } from '../../machines/record/wording.ts';
import { commonCopy } from '../content/commonCopy.ts';

export interface RecordDocumentProps {
  doc: RecordDocumentData;
  /** The result of verifyRecord, shown above the record. */
  verification?: RecordVerification;
}

const pngDataUrlPrefix = 'data:image/png;base64,';

/** Text as typed: blank lines start new paragraphs, single line breaks are kept. */
function MultilineText({ text, className = 'nhsuk-body' }: { text: string; className?: string }) {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/);
  return (
    <>
      {paragraphs.map((paragraph, p) => (
        <p className={className} key={p}>
          {paragraph.split('\n').map((line, l) => (
            <span key={l}>
              {l > 0 && <br />}
              {line}
            </span>
          ))}
        </p>
      ))}
    </>
  );
}

function SummaryList({ rows }: { rows: readonly RecordRow[] }) {
  return (
    <dl className="nhsuk-summary-list">
      {rows.map((row, index) => (
        <div className="nhsuk-summary-list__row" key={`${index}-${row.label}`}>
          <dt className="nhsuk-summary-list__key">{row.label}</dt>
          <dd className="nhsuk-summary-list__value">
            <MultilineText text={row.value} className="nhsuk-body nhsuk-u-margin-bottom-0" />
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A status banner: a coloured tag, then what it means (with the record's hash where there is one). */
function StatusBanner({ tag, colour, text, hash }: { tag: string; colour: 'grey' | 'green' | 'blue'; text: string; hash?: string }) {
  return (
    <div className="app-record__verification" role="status">
      <p className="nhsuk-body">
        <strong className={`nhsuk-tag nhsuk-tag--${colour}`}>{tag}</strong>
      </p>
      <p className="nhsuk-body-s">
        {text} {hash && <code className="app-record__hash">{hash}</code>}
      </p>
    </div>
  );
}

function VerificationBanner({ verification }: { verification: RecordVerification }) {
  switch (verification.status) {
    case 'unsigned':
      return <StatusBanner tag={w.verification.unsigned} colour="grey" text={w.verification.unsignedText} />;
    case 'valid':
      return <StatusBanner tag={w.verification.valid} colour="green" text={w.verification.validText} hash={verification.hash} />;
    case 'amended':
      return <StatusBanner tag={w.verification.amended(verification.amendments)} colour="blue" text={w.verification.amendedText} hash={verification.hash} />;
    case 'invalid':
      return (
        <div className="nhsuk-warning-callout app-record__verification" role="alert">
          <p className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">{commonCopy.important} </span>
            {w.verification.invalid}
          </p>
          <p className="nhsuk-body">
            <strong className="nhsuk-tag nhsuk-tag--red">{w.verification.invalidTag}</strong>
          </p>
          <p className="nhsuk-body">{w.verification.invalidText}</p>
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">{w.verification.expected}</dt>
              <dd className="nhsuk-summary-list__value">
                <code className="app-record__hash">{verification.expected}</code>
              </dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">{w.verification.actual}</dt>
              <dd className="nhsuk-summary-list__value">
                <code className="app-record__hash">{verification.actual}</code>
              </dd>
            </div>
          </dl>
        </div>
      );
  }
}

function Stage({ stage }: { stage: StageEntry }) {
  return (
    <div className="app-record__stage">
      <h5 className="nhsuk-heading-xs nhsuk-u-margin-bottom-2">
        {stage.title} — {stage.question}
      </h5>
      {stage.skippedText && <p className="nhsuk-body app-record__skipped">{stage.skippedText}</p>}
      {stage.answers.map((answer, index) =>
        answer.label === stage.question ? (
          <MultilineText key={index} text={answer.value} />
        ) : (
          <SummaryList key={index} rows={[answer]} />
        ),
      )}
      {stage.followUps?.map((line, index) => (
        <p key={`follow-up-${index}`} className="nhsuk-body app-record__follow-up">
          {line}
        </p>
      ))}
    </div>
  );
}

function Case({ entry, headingId }: { entry: CaseEntry; headingId: string }) {
  const rows: RecordRow[] = [
    entry.labelRow,
    ...(entry.chosenBy ? [{ label: w.cases.chosenBy, value: entry.chosenBy }] : []),
    ...(entry.modelRow ? [entry.modelRow] : []),
  ];
  return (
    <section className="app-record__case" aria-labelledby={headingId}>
      <h4 className="nhsuk-heading-s" id={headingId}>
        {entry.label}
      </h4>
      {entry.structureHeading && <p className="nhsuk-body-s">{w.cases.structure(entry.structureHeading)}</p>}
      <SummaryList rows={rows} />
      {entry.incompleteText && <p className="nhsuk-body app-record__incomplete">{entry.incompleteText}</p>}
      {entry.stages.map((stage) => (
        <Stage key={stage.stage} stage={stage} />
      ))}
      {entry.drift.length > 0 && <SummaryList rows={driftRows(entry.drift)} />}
    </section>
  );
}

function Signature({ signature }: { signature: SignatureEntry }) {
  const drawing = signature.drawing?.startsWith(pngDataUrlPrefix) ? signature.drawing : null;
  return (
    <div className="app-record__signature">
      <p className="nhsuk-body">
        <strong>{signature.caption}</strong>
      </p>
      <SummaryList
        rows={[
          { label: w.signatures.fullName, value: signature.fullName },
          { label: w.signatures.signedAt, value: signature.signedAt },
          ...(signature.deviceKey ? [{ label: w.signatures.deviceKey, value: signature.deviceKey }] : []),
          ...(signature.comment ? [signature.comment] : []),
        ]}
      />
      {drawing && <img className="app-record__signature-image" src={drawing} alt={w.signatures.signatureImage(signature.fullName)} />}
    </div>
  );
}

function NumberedList({ children }: { children: ReactNode }) {
  return <ol className="nhsuk-list nhsuk-list--number">{children}</ol>;
}

type Entry = { text: string; rows: readonly (RecordRow | false | "" | null | undefined)[] };

/** A numbered list of entries, each its text and a list of labelled details (empty details left out). */
function EntryList({ entries, emptyText }: { entries: readonly Entry[]; emptyText: string }) {
  if (entries.length === 0) return <p className="nhsuk-body">{emptyText}</p>;
  return (
    <NumberedList>
      {entries.map((entry, index) => (
        <li key={index}>
          <MultilineText text={entry.text} />
          <SummaryList rows={entry.rows.filter((row): row is RecordRow => Boolean(row))} />
        </li>
      ))}
    </NumberedList>
  );
}

/** Each drift flag raised, then the supervisor's response to it. */
const driftRows = (drift: readonly DriftEntry[]): RecordRow[] => drift.flatMap((entry) => [entry.flagged, entry.response]);

const previousActionEntry = (item: PreviousActionEntry): Entry => ({
  text: item.what,
  rows: [
    { label: w.previousActions.owner, value: item.owner },
    { label: w.previousActions.due, value: item.dueDate },
    { label: w.previousActions.raised, value: item.raisedOn },
    item.caseLabel && { label: w.previousActions.case, value: item.caseLabel },
    item.timesCarriedForward > 0 && { label: w.previousActions.carriedBefore, value: w.previousActions.times(item.timesCarriedForward) },
    { label: w.previousActions.outcome, value: item.outcomeText },
    ...driftRows(item.drift),
  ],
});
const actionEntry = (item: ActionEntry): Entry => ({
  text: item.what,
  rows: [
    { label: w.actions.owner, value: item.owner },
    { label: w.actions.due, value: item.dueDate },
    { label: w.actions.case, value: item.caseLabel },
  ],
});
const escalationEntry = (item: EscalationEntry): Entry => ({
  text: item.concern,
  rows: [
    { label: w.escalations.raisedAt, value: item.raisedAt },
    { label: w.escalations.raisedDuring, value: item.raisedDuring },
    item.caseLabel && { label: w.escalations.case, value: item.caseLabel },
    { label: w.escalations.actionTaken, value: item.actionTaken },
  ],
});
const amendmentEntry = (item: AmendmentEntry): Entry => ({
  text: item.text,
  rows: [
    { label: w.amendments.madeAt, value: item.madeAt },
    { label: w.amendments.madeBy, value: item.madeBy },
    { label: w.amendments.concerns, value: item.concerns },
  ],
});

function Block({ block, idPrefix }: { block: RecordBlock; idPrefix: string }) {
  switch (block.kind) {
    case 'text':
      return <MultilineText text={block.text} className={block.recorded ? 'nhsuk-body' : 'nhsuk-body app-record__empty'} />;
    case 'rows':
      return <SummaryList rows={block.rows} />;
    case 'previousActions':
      return <EntryList emptyText={block.emptyText} entries={block.items.map(previousActionEntry)} />;
    case 'keyIssues':
      return (
        <>
          {block.issues.length === 0 ? (
            <p className="nhsuk-body">{block.emptyText}</p>
          ) : (
            <NumberedList>
              {block.issues.map((issue) => (
                <li key={issue.number}>{issue.text}</li>
              ))}
            </NumberedList>
          )}
          <p className="nhsuk-body">
            <strong className={`nhsuk-tag ${block.priorityAgreed ? 'nhsuk-tag--green' : 'nhsuk-tag--orange'}`}>{block.priorityText}</strong>
          </p>
        </>
      );
    case 'case':
      return <Case entry={block.entry} headingId={`${idPrefix}-case-${block.entry.id}`} />;
    case 'noCases':
      return <p className="nhsuk-body">{block.text}</p>;
    case 'actions':
      return <EntryList emptyText={block.emptyText} entries={block.items.map(actionEntry)} />;
    case 'escalations':
      return (
        <section className="app-record__escalations" aria-labelledby={`${idPrefix}-escalations`}>
          <h4 className="nhsuk-heading-s" id={`${idPrefix}-escalations`}>
            {block.heading}
          </h4>
          <p className="nhsuk-body-s">{block.note}</p>
          <EntryList emptyText={block.emptyText} entries={block.items.map(escalationEntry)} />
        </section>
      );
    case 'signatures':
      return (
        <>
          {block.signatures.map((signature) => (
            <Signature key={signature.role} signature={signature} />
          ))}
        </>
      );
  }
}

function Section({ section, idPrefix }: { section: RecordSection; idPrefix: string }) {
  const headingId = `${idPrefix}-section-${section.id}`;
  return (
    <section className="app-record__section" aria-labelledby={headingId}>
      <h3 className="nhsuk-heading-m" id={headingId}>
        {section.heading}
      </h3>
      {section.addedByProduct && <p className="nhsuk-body-s app-record__added">{w.addedByProduct}</p>}
      {section.policyWording && (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">{w.policyWording}: </span>
          <p>{section.policyWording}</p>
        </div>
      )}
      {section.blocks.map((block, index) => (
        <Block key={index} block={block} idPrefix={headingId} />
      ))}
    </section>
  );
}

export function RecordDocument({ doc, verification }: RecordDocumentProps) {
  const id = useId();
  const titleId = `${id}-title`;
  return (
    <article className="app-record" aria-labelledby={titleId}>
      {verification && <VerificationBanner verification={verification} />}
      {doc.marking && (
        <p className="nhsuk-body app-record__marking">
          <strong>{doc.marking}</strong>
        </p>
      )}
      <h2 className="nhsuk-heading-l" id={titleId}>
        {doc.title}
      </h2>
      <p className="nhsuk-body-s app-record__source">{doc.source}</p>
      {doc.notices.map((notice, index) => (
        <div className="nhsuk-inset-text" key={index}>
          <p>{notice}</p>
        </div>
      ))}
      <SummaryList rows={doc.meta} />

      {doc.sections.map((section) => (
        <Section key={section.id} section={section} idPrefix={id} />
      ))}

      <section className="app-record__section" aria-labelledby={`${id}-escalations`}>
        <h3 className="nhsuk-heading-m" id={`${id}-escalations`}>
          {doc.escalations.heading}
        </h3>
        <EntryList emptyText={doc.escalations.emptyText} entries={doc.escalations.items.map(escalationEntry)} />
      </section>

      <section className="app-record__section" aria-labelledby={`${id}-seal`}>
        <h3 className="nhsuk-heading-m" id={`${id}-seal`}>
          {doc.seal.heading}
        </h3>
        {doc.seal.contentHash ? (
          <p className="nhsuk-body">
            {w.seal.sealedLabel}: <code className="app-record__hash">{doc.seal.contentHash}</code>
          </p>
        ) : (
          <p className="nhsuk-body">{doc.seal.text}</p>
        )}
      </section>

      <section className="app-record__section app-record__amendments" aria-labelledby={`${id}-amendments`}>
        <h3 className="nhsuk-heading-m" id={`${id}-amendments`}>
          {doc.amendments.heading}
        </h3>
        {doc.amendments.items.length > 0 && <p className="nhsuk-body">{doc.amendments.note}</p>}
        <EntryList emptyText={doc.amendments.emptyText} entries={doc.amendments.items.map(amendmentEntry)} />
      </section>
    </article>
  );
}

export default RecordDocument;
