/**
 * The supervision agreement editor: headings, the policy's wording, what each party fills in,
 * items to discuss and tick, the signatures and the review period, validated by
 * $AgreementTemplateV1 itself with each problem listed by field, beside the agreement as it will
 * print (AgreementDocument over a blank agreement). Kept on this device as it is typed.
 */
import { memo, useMemo, useState } from 'react';
import { agreementSectionKinds, blankAgreement, type AgreementTemplateV1 } from '../../../machines/model/agreement.ts';
import { slugOf } from '../../../machines/authoring/templateDraft.ts';
import { agreementCandidateOf, agreementFromDraft, blankAgreementSection, type AgreementDraftSectionV1, type AgreementDraftV1 } from '../../../machines/authoring/agreementDraft.ts';
import { EditorHeading, useDraftEditor } from './useDraftEditor.tsx';
import { authoringCopy, templateProblemWords } from '../../content/authoringCopy.ts';
import { Input } from '../../components/Input.tsx';
import { TextArea } from '../../components/TextArea.tsx';
import { Select } from '../../components/Select.tsx';
import { Checkbox } from '../../components/Checkbox.tsx';
import { AgreementDocument } from '../agreements/AgreementDocument.tsx';
import { PreviewBoundary } from './PreviewBoundary.tsx';

const w = authoringCopy.editor;

export type AgreementEditorProps = {
  draft: AgreementDraftV1;
  onChange: (draft: AgreementDraftV1) => void;
  onSave: (template: AgreementTemplateV1) => Promise<{ ok: true; message: string } | { ok: false; message: string }>;
  takenIds: readonly string[];
};

const Preview = memo(function Preview({ draft }: { draft: AgreementDraftV1 }) {
  const shown = useMemo(() => {
    try {
      const template = agreementCandidateOf(draft) as unknown as AgreementTemplateV1;
      const agreement = blankAgreement(template, {
        id: 'preview-agreement',
        parties: { supervisor: { name: w.previewPerson.supervisor, role: '' }, supervisee: { personId: 'preview-person', name: w.previewPerson.supervisee, role: '' } },
      });
      return { template, agreement };
    } catch {
      return null;
    }
  }, [draft]);
  return (
    // Focusable: at desktop widths it scrolls on its own, and a keyboard must be able to scroll it.
    <section className="app-authoring__preview" aria-labelledby="agr-preview-title" tabIndex={0}>
      <h2 className="nhsuk-heading-m" id="agr-preview-title">
        {w.agreementPreview}
      </h2>
      {shown ? (
        <PreviewBoundary resetKey={shown} fallback={<p>{w.previewUnavailable}</p>}>
          <AgreementDocument template={shown.template} agreement={shown.agreement} />
        </PreviewBoundary>
      ) : (
        <p>{w.previewUnavailable}</p>
      )}
    </section>
  );
});

export function AgreementEditor({ draft, onChange, onSave, takenIds }: AgreementEditorProps) {
  // The problems as they stood when Save was pressed (the summary is not rebuilt under the typing).
  const check = useMemo(() => {
    const result = agreementFromDraft(draft, { section: templateProblemWords.section });
    if (takenIds.includes(draft.id)) {
      const taken = { fieldId: 'agr-id', message: templateProblemWords.idTaken(draft.id) };
      return result.ok ? { ok: false as const, problems: [taken] } : { ok: false as const, problems: [...result.problems, taken] };
    }
    return result;
  }, [draft, takenIds]);
  const { shown, errorFor, set, move: moveItem, save, saved, moveNote, focusOn } = useDraftEditor({
    draft,
    onChange,
    checked: check.ok ? { ok: true as const, value: check.template } : check,
    onSave,
    idField: 'agr-id',
  });

  const setSection = (index: number, change: Partial<AgreementDraftSectionV1>) => set({ sections: draft.sections.map((s, i) => (i === index ? { ...s, ...change } : s)) });

  const move = (index: number, by: -1 | 1) => moveItem(draft.sections, index, by, (sections) => set({ sections }), 'agr-move', w.moved);


  return (
    <div className="app-authoring">
      <div className="app-authoring__form">
        <EditorHeading errorTitle={w.agreementErrorTitle} errors={shown} title={draft.title.trim() || w.agreementTitle} saved={saved} moveNote={moveNote} />
        <Input id="agr-title" label={w.title} value={draft.title} onChange={(title) => set({ title })} error={errorFor('agr-title')} />
        <Input id="agr-id" label={w.agreementId} hint={w.idHint} value={draft.id} onChange={(id) => set({ id })} error={errorFor('agr-id')} />
        <Input id="agr-version" label={w.version} hint={w.versionHint} value={draft.version} onChange={(version) => set({ version })} error={errorFor('agr-version')} width={10} />
        <Input id="agr-organisation" label={w.organisation} value={draft.organisation} onChange={(organisation) => set({ organisation })} error={errorFor('agr-organisation')} />
        <Input id="agr-policy" label={w.policy} value={draft.policy} onChange={(policy) => set({ policy })} error={errorFor('agr-policy')} />
        <Input id="agr-appendix" label={w.appendix} hint={w.appendixHint} value={draft.appendix} onChange={(appendix) => set({ appendix })} error={errorFor('agr-appendix')} />
        <Input id="agr-supervisor-heading" label={w.supervisorHeading} value={draft.supervisorHeading} onChange={(supervisorHeading) => set({ supervisorHeading })} error={errorFor('agr-supervisor-heading')} />
        <Input id="agr-supervisor-title" label={w.supervisorTitle} value={draft.supervisorTitle} onChange={(supervisorTitle) => set({ supervisorTitle })} error={errorFor('agr-supervisor-title')} />
        <Input id="agr-supervisee-heading" label={w.superviseeHeading} value={draft.superviseeHeading} onChange={(superviseeHeading) => set({ superviseeHeading })} error={errorFor('agr-supervisee-heading')} />
        <Input id="agr-supervisee-title" label={w.superviseeTitle} value={draft.superviseeTitle} onChange={(superviseeTitle) => set({ superviseeTitle })} error={errorFor('agr-supervisee-title')} />
        <Input id="agr-review-months" label={w.reviewMonths} hint={w.reviewMonthsHint} value={draft.reviewMonths} onChange={(reviewMonths) => set({ reviewMonths })} error={errorFor('agr-review-months')} width={10} />

        <h2 className="nhsuk-heading-m" id="agr-sections" tabIndex={-1}>
          {w.agreementSections}
        </h2>
        <p className="nhsuk-hint">{w.agreementSectionsHint}</p>
        {errorFor('agr-sections') && <p className="nhsuk-error-message">{errorFor('agr-sections')}</p>}
        <ol className="app-authoring__sections">
          {draft.sections.map((section, index) => {
            const p = `agr-section-${index}`;
            return (
              <li key={section.key} className="app-authoring__section">
                <fieldset className="nhsuk-fieldset" aria-labelledby={`${p}-legend`}>
                  <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s" id={`${p}-legend`}>
                    {w.section(index + 1, section.heading)}
                  </legend>
                  <Input id={`${p}-heading`} label={w.sectionHeading} value={section.heading} onChange={(heading) => setSection(index, { heading, ...(section.id === slugOf(section.heading) ? { id: slugOf(heading) } : {}) })} error={errorFor(`${p}-heading`)} />
                  <Input id={`${p}-id`} label={w.sectionId} hint={w.sectionIdHint} value={section.id} onChange={(id) => setSection(index, { id })} error={errorFor(`${p}-id`)} />
                  <Select
                    id={`${p}-kind`}
                    label={w.collects}
                    value={section.kind}
                    options={agreementSectionKinds.map((k) => ({ value: k, label: w.agreementKinds[k] ?? k }))}
                    onChange={(value) => {
                      const kind = value as AgreementDraftSectionV1['kind'];
                      const fresh = blankAgreementSection(kind);
                      setSection(index, { kind, fields: section.fields.length > 0 ? section.fields : fresh.fields, supervisorLines: section.supervisorLines || fresh.supervisorLines, superviseeLines: section.superviseeLines || fresh.superviseeLines });
                    }}
                  />
                  <TextArea id={`${p}-text`} label={w.agreementText} hint={w.agreementTextHint} value={section.text} onChange={(text) => setSection(index, { text })} rows={5} error={errorFor(`${p}-text`)} />
                  {section.kind === 'fields' && (
                    <div id={`${p}-fields`}>
                      {section.fields.map((field, j) => {
                        const setField = (change: Partial<typeof field>) => setSection(index, { fields: section.fields.map((f, k) => (k === j ? { ...f, ...change } : f)) });
                        return (
                          <div className="app-authoring__row" key={j}>
                            <Input id={`${p}-fields-${j}-label`} label={w.fieldLabel(j + 1)} value={field.label} onChange={(label) => setField({ label, ...(field.id === slugOf(field.label) ? { id: slugOf(label) } : {}) })} error={errorFor(`${p}-fields-${j}-label`)} />
                            <Select id={`${p}-fields-${j}-written-by`} label={w.writtenBy(j + 1)} value={field.writtenBy || 'both'} options={(['both', 'supervisor', 'supervisee'] as const).map((v) => ({ value: v, label: w.voices[v] ?? v }))} onChange={(v) => setField({ writtenBy: v === 'both' ? '' : (v as typeof field.writtenBy) })} />
                            <Checkbox id={`${p}-fields-${j}-multiline`} label={w.multiline(j + 1)} checked={field.multiline} onChange={(multiline) => setField({ multiline })} small />
                            <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setSection(index, { fields: section.fields.filter((_, k) => k !== j) })}>
                              {w.removeField(j + 1)}
                            </button>
                          </div>
                        );
                      })}
                      {errorFor(`${p}-fields`) && <p className="nhsuk-error-message">{errorFor(`${p}-fields`)}</p>}
                      <button type="button" className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => setSection(index, { fields: [...section.fields, { id: '', label: '', writtenBy: '', multiline: false, required: true, keep: {} }] })}>
                        {w.addField}
                      </button>
                    </div>
                  )}
                  {section.kind === 'checklist' && <TextArea id={`${p}-items`} label={w.items} value={section.items} onChange={(items) => setSection(index, { items })} rows={6} error={errorFor(`${p}-items`)} />}
                  {section.kind === 'signatures' && (
                    <>
                      <TextArea id={`${p}-supervisor-lines`} label={w.supervisorLines} value={section.supervisorLines} onChange={(supervisorLines) => setSection(index, { supervisorLines })} rows={3} error={errorFor(`${p}-supervisor-lines`)} />
                      <TextArea id={`${p}-supervisee-lines`} label={w.superviseeLines} value={section.superviseeLines} onChange={(superviseeLines) => setSection(index, { superviseeLines })} rows={3} error={errorFor(`${p}-supervisee-lines`)} />
                      <TextArea id={`${p}-closing`} label={w.closing} value={section.closing} onChange={(closing) => setSection(index, { closing })} rows={2} error={errorFor(`${p}-closing`)} />
                      <Input id={`${p}-review-date-label`} label={w.reviewDateLabel} value={section.reviewDateLabel} onChange={(reviewDateLabel) => setSection(index, { reviewDateLabel })} error={errorFor(`${p}-review-date-label`)} />
                    </>
                  )}
                  <div className="app-authoring__actions">
                    <button type="button" id={`agr-move-up-${section.key}`} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => move(index, -1)} disabled={index === 0}>
                      {w.moveUp(index + 1)}
                    </button>
                    <button type="button" id={`agr-move-down-${section.key}`} className="nhsuk-button nhsuk-button--secondary nhsuk-button--small" onClick={() => move(index, 1)} disabled={index === draft.sections.length - 1}>
                      {w.moveDown(index + 1)}
                    </button>
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--warning nhsuk-button--small"
                      onClick={() => {
                        set({ sections: draft.sections.filter((_, i) => i !== index) });
                        focusOn('agr-sections');
                      }}
                    >
                      {w.remove(index + 1)}
                    </button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <AddAgreementSection onAdd={(kind) => set({ sections: [...draft.sections, blankAgreementSection(kind)] })} />
        <p className="nhsuk-body">{!check.ok ? w.problemsCount(check.problems.length) : ''}</p>
        <button type="button" className="nhsuk-button" onClick={() => void save()}>
          {w.saveAgreement}
        </button>
      </div>
      <Preview draft={draft} />
    </div>
  );
}

function AddAgreementSection({ onAdd }: { onAdd: (kind: AgreementDraftSectionV1['kind']) => void }) {
  const [kind, setKind] = useState<AgreementDraftSectionV1['kind']>('policyText');
  return (
    <div className="app-authoring__add">
      <Select id="agr-add-kind" label={w.addSectionKind} value={kind} options={agreementSectionKinds.map((k) => ({ value: k, label: w.agreementKinds[k] ?? k }))} onChange={(value) => setKind(value as AgreementDraftSectionV1['kind'])} />
      <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => onAdd(kind)}>
        {w.addSection}
      </button>
    </div>
  );
}
