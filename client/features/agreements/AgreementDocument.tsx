/**
 * A supervision agreement laid out as a document, on screen and in print: the policy's
 * headings, paragraphs and lists in its order, the answers, each checklist item marked agreed
 * or not, and a signature block for each party kept with its label; the seal at the end.
 */
import { placeholderValues, withPlaceholders, type AgreementSectionV1, type AgreementTemplateV1, type AgreementV1, type PolicyBlockV1 } from '../../../machines/model/agreement.ts';
import { copy } from '../../content/copy.ts';
import { formatDate, formatInstant } from '../../content/format.ts';

const w = copy.agreements;

/** The policy's own wording: paragraphs, bulleted lists, and lines it sets as subheadings. */
export function PolicyBlocks({ blocks, fill, subheadingLevel = 2 }: { blocks: readonly PolicyBlockV1[]; fill: (s: string) => string; subheadingLevel?: 2 | 3 | 4 }) {
  const Subheading = `h${subheadingLevel}` as const;
  return (
    <>
      {blocks.map((block, i) =>
        block.kind === 'points' ? (
          <ul key={i} className="nhsuk-list nhsuk-list--bullet">
            {block.items.map((item, j) => (
              <li key={j}>{fill(item)}</li>
            ))}
          </ul>
        ) : block.kind === 'subheading' ? (
          <Subheading key={i} className="nhsuk-heading-s">
            {fill(block.text)}
          </Subheading>
        ) : (
          <p key={i} className="nhsuk-body">
            {fill(block.text)}
          </p>
        ),
      )}
    </>
  );
}

function Answers({ rows }: { rows: { label: string; value: string }[] }) {
  if (rows.length === 0) return null;
  return (
    <dl className="nhsuk-summary-list">
      {rows.map((row, i) => (
        <div className="nhsuk-summary-list__row" key={i}>
          <dt className="nhsuk-summary-list__key">{row.label}</dt>
          <dd className="nhsuk-summary-list__value app-break-words">{row.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function AgreementDocument({ template, agreement }: { template: AgreementTemplateV1; agreement: AgreementV1 }) {
  const values = placeholderValues(template, agreement.answers);
  const fill = (words: string) => withPlaceholders(words, values);
  const answer = (sectionId: string, fieldId: string) => agreement.answers[sectionId]?.[fieldId]?.trim() || w.notFilled;
  const party = (role: 'supervisor' | 'supervisee') => {
    const p = agreement.parties[role];
    return p.role ? `${p.name}, ${p.role}` : p.name;
  };

  function body(section: AgreementSectionV1, level: 3 | 4) {
    switch (section.kind) {
      case 'policyText':
        return <PolicyBlocks blocks={section.text} fill={fill} subheadingLevel={level} />;
      case 'fields':
        return (
          <>
            <PolicyBlocks blocks={section.text} fill={fill} subheadingLevel={level} />
            <Answers rows={section.fields.map((f) => ({ label: fill(f.label), value: answer(section.id, f.id) }))} />
          </>
        );
      case 'checklist':
        return (
          <>
            <PolicyBlocks blocks={section.text} fill={fill} subheadingLevel={level} />
            <ul className="nhsuk-list app-checklist">
              {section.items.map((item) => {
                const ticked = agreement.ticks[section.id]?.[item.id] === true;
                return (
                  <li key={item.id} className="app-checklist__item">
                    <strong className={`nhsuk-tag nhsuk-tag--${ticked ? 'green' : 'grey'}`}>{ticked ? w.ticked : w.notTicked}</strong> {fill(item.text)}
                    <Answers rows={item.fields.map((f) => ({ label: fill(f.label), value: answer(section.id, f.id) }))} />
                  </li>
                );
              })}
            </ul>
          </>
        );
      case 'signatures':
        return (
          <>
            <PolicyBlocks blocks={section.text} fill={fill} subheadingLevel={level} />
            <div className="app-signature-blocks">
              {(['supervisor', 'supervisee'] as const).map((role) => {
                const block = section[role];
                const signature = agreement.signatures[role];
                const Heading = `h${level}` as const;
                return (
                  <div key={role} className="app-signature-block">
                    <Heading className="nhsuk-heading-xs">{block.heading ?? template.parties[role].heading}</Heading>
                    <p className="nhsuk-body-s">{block.lines.map(fill).join(' · ')}</p>
                    {signature ? (
                      <>
                        <img src={signature.drawing} alt={copy.exports.signatureImage(signature.fullName)} className="app-signature-image" />
                        <p className="nhsuk-body-s">
                          {party(role)}. {w.signedBy(signature.fullName, formatInstant(signature.signedAt))}
                        </p>
                      </>
                    ) : (
                      <p className="nhsuk-body-s">{w.notSigned}</p>
                    )}
                  </div>
                );
              })}
            </div>
            <PolicyBlocks blocks={section.closing} fill={fill} subheadingLevel={level} />
            <Answers
              rows={[
                ...(agreement.agreedOn ? [{ label: w.agreedOn, value: formatDate(agreement.agreedOn) }] : []),
                ...(agreement.reviewDue ? [{ label: section.reviewDateLabel ?? w.reviewDate, value: formatDate(agreement.reviewDue) }] : []),
              ]}
            />
          </>
        );
    }
  }

  let group: string | undefined;
  return (
    <article className="app-document app-agreement" aria-label={template.title}>
      <p className="nhsuk-body-s">{`${template.source.organisation}: ${template.source.policy}, ${template.source.appendix}`}</p>
      <Answers
        rows={[
          { label: template.parties.supervisor.title, value: party('supervisor') },
          { label: template.parties.supervisee.title, value: party('supervisee') },
        ]}
      />
      {template.sections.map((section) => {
        const newGroup = section.group && section.group !== group ? section.group : null;
        group = section.group;
        const level = section.group ? 4 : 3;
        const Heading = section.group ? 'h3' : 'h2';
        return (
          <section key={section.id} className="app-document__section">
            {newGroup && <h2 className="nhsuk-heading-m">{fill(newGroup)}</h2>}
            <Heading className={section.group ? 'nhsuk-heading-s' : 'nhsuk-heading-m'}>{fill(section.heading)}</Heading>
            {body(section, level)}
          </section>
        );
      })}
      {agreement.contentHash && (
        <p className="app-document__seal">
          {w.hash}: <span className="app-break-words">{agreement.contentHash}</span>
        </p>
      )}
    </article>
  );
}
