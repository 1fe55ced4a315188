/**
 * `#/agreement/<id>`: completing an agreement together, one section at a time, in the policy's
 * own words; then reading it through and both signing. Every change is saved as it happens and
 * the flow resumes where it was after a reload. Once sealed it is shown read-only.
 */
import { createContext, useContext, useMemo } from 'react';
import { useSelector } from '@xstate/react';
import type { Actor } from 'xstate';
import {
  agreementGaps,
  placeholderValues,
  withPlaceholders,
  type AgreementFieldV1,
  type AgreementSectionV1,
  type AgreementTemplateV1,
  type AgreementV1,
  type PolicyBlockV1,
} from '../../../machines/model/agreement.ts';
import { agreementOf, agreementSectionOf, type AgreementMachine } from '../../../machines/agreements/agreement.machine.ts';
import { findAnyAgreementTemplate } from '../authoring/useOwnForms.ts';
import type { SignatureRole } from '../../../machines/model/record.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, localIsoDate } from '../../content/format.ts';
import { hrefFor } from '../../app/router.ts';
import { useServices } from '../../app/services.tsx';
import { Input } from '../../components/Input.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { LoadFailed } from '../../components/LoadFailed.tsx';
import { SaveIndicator } from '../../components/SaveIndicator.tsx';
import { WarningCallout } from '../../components/WarningCallout.tsx';
import { GapsCallout } from '../../components/GapsCallout.tsx';
import { downloadText } from '../../components/download.ts';
import { WordButton } from '../../components/WordButton.tsx';
import { useLiveDocument } from '../../live/useLiveDocument.ts';
import { agreementToText } from './agreementText.ts';
import { AgreementDocument, PolicyBlocks } from './AgreementDocument.tsx';
import { PrintRunningHeader } from '../../components/printHeader.ts';
import { StatusTag } from './AgreementsScreen.tsx';
import { agreementStatus } from '../../../machines/model/agreement.ts';
import { SignatureForm } from '../../components/SignatureForm.tsx';
import { AgreementConnect } from '../trust/AgreementConnect.tsx';

type AgreementValue = { actor: Actor<AgreementMachine>; template: AgreementTemplateV1; now: () => Date };

const AgreementContext = createContext<AgreementValue | null>(null);
function useAgreement(): AgreementValue {
  const value = useContext(AgreementContext);
  if (!value) throw new Error('useAgreement is used outside AgreementContext');
  return value;
}

export function AgreementScreen({ agreementId }: { agreementId: string }) {
  const { now } = useServices();
  const { loaded, status, retry } = useLiveDocument('agreement', agreementId);
  const ready = loaded.kind === 'ready' ? loaded.value : null;
  const value = useMemo((): AgreementValue | null => ready && { actor: ready.actor, template: ready.stored.template, now }, [ready, now]);

  if (loaded.kind === 'loading') return <p role="status">{copy.agreements.opening}</p>;
  if (loaded.kind === 'error')
    return <LoadFailed title={copy.agreements.problem} message={loaded.message} back={hrefFor({ name: 'agreements' })} backLabel={copy.agreements.back} />;
  if (!value) return null;
  return (
    <AgreementContext.Provider value={value}>
      {loaded.notice && (
        <WarningCallout level={2} title={copy.agreements.resumedTitle}>
          <p>{loaded.notice}</p>
        </WarningCallout>
      )}
      <SaveIndicator store={status} onRetry={retry} />
      <AgreementFlow />
      <p>
        <a href={hrefFor({ name: 'agreements' })}>{copy.agreements.back}</a>
      </p>
    </AgreementContext.Provider>
  );
}

function AgreementFlow() {
  const { actor, template } = useAgreement();
  const at = useSelector(actor, (s) => agreementSectionOf(s.value));
  const sub = useSelector(actor, (s) => {
    const drafting = (s.value as { drafting?: unknown }).drafting;
    return typeof drafting === 'object' && drafting !== null ? (Object.values(drafting)[0] as string) : null;
  });
  const context = useSelector(actor, (s) => s.context);
  if (at === 'sealed') return <SealedAgreement template={template} agreement={agreementOf(context)} />;
  const index = template.sections.findIndex((s) => s.id === at);
  const section = template.sections[index];
  if (!section) return null;
  const values = placeholderValues(template, context.answers);
  const fill = (words: string) => withPlaceholders(words, values);

  return (
    <>
      <p className="nhsuk-caption-m">
        {context.parties.supervisee.name} · {template.title} · {copy.agreements.sectionOf(index + 1, template.sections.length)}
      </p>
      {section.group && <p className="nhsuk-heading-s">{fill(section.group)}</p>}
      <h1 className="nhsuk-heading-l">{fill(section.heading)}</h1>
      {section.addedByProduct && (
        <p className="nhsuk-inset-text">
          <strong>{copy.agreements.addedByProduct}:</strong> {section.productNote}
        </p>
      )}
      {context.refusal.length > 0 && (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="nhsuk-error-summary__title">{section.kind === 'signatures' ? copy.agreements.signingGapsTitle : copy.agreements.gapsTitle}</h2>
          <div className="nhsuk-error-summary__body">
            <ul className="nhsuk-list nhsuk-error-summary__list">
              {context.refusal.map((gap) => (
                <li key={gap}>{gap}</li>
              ))}
            </ul>
          </div>
        </div>
      )}
      <PolicyBlocks blocks={section.text} fill={fill} />
      {section.kind === 'fields' && section.fields.map((field) => <FieldInput key={field.id} sectionId={section.id} field={field} fill={fill} />)}
      {section.kind === 'checklist' && <Checklist section={section} fill={fill} />}
      {section.kind === 'signatures' && <Signing section={section} sub={sub ?? 'reading'} />}
      <div className="app-button-row">
        {index > 0 && (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => actor.send({ type: 'step.back' })}>
            {copy.agreements.backStep}
          </button>
        )}{' '}
        {section.kind !== 'signatures' && (
          <button type="button" className="nhsuk-button" onClick={() => actor.send({ type: 'step.next' })}>
            {copy.agreements.continue}
          </button>
        )}
      </div>
    </>
  );
}

function FieldInput({ sectionId, field, fill }: { sectionId: string; field: AgreementFieldV1; fill: (s: string) => string }) {
  const { actor, template } = useAgreement();
  const value = useSelector(actor, (s) => s.context.answers[sectionId]?.[field.id] ?? '');
  const id = `agreement-${sectionId}-${field.id}`;
  const label = `${fill(field.label)}${field.required ? '' : copy.agreements.optional}`;
  const voice = field.writtenBy && field.writtenBy !== 'both' ? copy.agreements.writtenBy(template.parties[field.writtenBy].title.toLowerCase()) : undefined;
  const hint = [field.hint, voice].filter(Boolean).join(' ') || undefined;
  const onChange = (text: string) => actor.send({ type: 'field.changed', sectionId, fieldId: field.id, text });
  return field.multiline ? (
    <TextArea id={id} label={label} {...(hint ? { hint } : {})} value={value} onChange={onChange} rows={4} />
  ) : (
    <Input id={id} label={label} hint={hint} value={value} onChange={onChange} />
  );
}

function Checklist({ section, fill }: { section: Extract<AgreementSectionV1, { kind: 'checklist' }>; fill: (s: string) => string }) {
  const { actor } = useAgreement();
  const ticks = useSelector(actor, (s) => s.context.ticks[section.id] ?? {});
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{copy.agreements.ticked}</legend>
        <div className="nhsuk-checkboxes">
          {section.items.map((item) => {
            const id = `agreement-${section.id}-${item.id}`;
            return (
              <div className="nhsuk-checkboxes__item" key={item.id}>
                <input
                  className="nhsuk-checkboxes__input"
                  id={id}
                  name={`agreement-${section.id}`}
                  type="checkbox"
                  value={item.id}
                  checked={ticks[item.id] === true}
                  onChange={(event) => actor.send({ type: 'checklistItem.ticked', sectionId: section.id, itemId: item.id, ticked: event.target.checked })}
                />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={id}>
                  {fill(item.text)}
                </label>
                {item.fields.length > 0 && (
                  <div className="nhsuk-checkboxes__conditional">
                    {item.fields.map((field) => (
                      <FieldInput key={field.id} sectionId={section.id} field={field} fill={fill} />
                    ))}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

function Signing({ section, sub }: { section: Extract<AgreementSectionV1, { kind: 'signatures' }>; sub: string }) {
  const { actor, template } = useAgreement();
  const context = useSelector(actor, (s) => s.context);
  if (sub === 'reading') {
    return (
      <>
        <p className="nhsuk-body">{copy.agreements.readThrough}</p>
        <AgreementDocument template={template} agreement={agreementOf(context)} />
        <button type="button" className="nhsuk-button" onClick={() => actor.send({ type: 'agreement.readThrough' })}>
          {copy.agreements.readDone}
        </button>
      </>
    );
  }
  const gaps = agreementGaps(template, context);
  return (
    <>
      {context.refusal.length === 0 && <GapsCallout title={copy.agreements.signingGapsTitle} gaps={gaps} />}
      <AgreementSignature role="supervisor" heading={section.supervisor.heading ?? template.parties.supervisor.heading} lines={section.supervisor.lines} />
      <AgreementSignature role="supervisee" heading={section.supervisee.heading ?? template.parties.supervisee.heading} lines={section.supervisee.lines} />
      <PolicyBlocks blocks={section.closing} fill={(s) => s} />
      <AgreementConnect personId={context.parties.supervisee.personId} agreementId={context.id} />
    </>
  );
}

/** Signing an agreement: the same form as a session record's. */
function AgreementSignature({ role, heading, lines }: { role: SignatureRole; heading: string; lines: readonly string[] }) {
  const { actor, template, now } = useAgreement();
  const existing = useSelector(actor, (s) => s.context.signatures[role]);
  const partyName = useSelector(actor, (s) => s.context.parties[role].name);
  return (
    <SignatureForm
      role={role}
      heading={heading}
      headingLevel={2}
      title={template.parties[role].title}
      partyName={partyName}
      existing={existing}
      now={now}
      onSign={(signature) => actor.send({ type: 'signature.added', signature })}
      onRemove={() => actor.send({ type: 'signature.removed', role })}
    >
      <p className="nhsuk-body-s">{lines.join(' · ')}</p>
    </SignatureForm>
  );
}

function SealedAgreement({ template, agreement }: { template: AgreementTemplateV1; agreement: AgreementV1 }) {
  const { now } = useAgreement();
  return (
    <>
      <p className="nhsuk-caption-m">{agreement.parties.supervisee.name}</p>
      <h1 className="nhsuk-heading-l">{template.title}</h1>
      <p>
        <StatusTag status={agreementStatus(agreement, localIsoDate(now()))} /> {copy.agreements.sealedTitle}
      </p>
      <PrintRunningHeader title={template.title} who={agreement.parties.supervisee.name} date={agreement.agreedOn ? formatDate(agreement.agreedOn) : ''} />
      <AgreementDocument template={template} agreement={agreement} />
      <div className="app-button-row app-no-print">
        <button type="button" className="nhsuk-button" onClick={() => window.print()}>
          {copy.agreements.print}
        </button>{' '}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => downloadText(`agreement-${agreement.agreedOn ?? agreement.id}.txt`, agreementToText(template, agreement))}>
          {copy.agreements.downloadText}
        </button>{' '}
        <WordButton fileName={`agreement-${agreement.agreedOn ?? agreement.id}.docx`} build={(word) => word.agreementToWord(template, agreement)} />
      </div>
      <AgreementConnect personId={agreement.parties.supervisee.personId} agreementId={agreement.id} />
    </>
  );
}
