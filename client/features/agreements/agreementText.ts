/** An agreement as plain text, in the policy's order: for the read-through download and the sealed copy. */
import { placeholderValues, withPlaceholders, type AgreementTemplateV1, type AgreementV1, type PolicyBlockV1 } from '../../../machines/model/agreement.ts';
import { formatDate, formatInstant } from '../../content/format.ts';
import { copy } from '../../content/copy.ts';

function blocksToText(blocks: readonly PolicyBlockV1[], fill: (s: string) => string): string[] {
  return blocks.flatMap((b) => (b.kind === 'points' ? b.items.map((i) => `• ${fill(i)}`) : [fill(b.text)]));
}

export function agreementToText(template: AgreementTemplateV1, agreement: AgreementV1): string {
  const values = placeholderValues(template, agreement.answers);
  const fill = (words: string) => withPlaceholders(words, values);
  const answer = (sectionId: string, fieldId: string) => agreement.answers[sectionId]?.[fieldId]?.trim() || copy.agreements.notFilled;
  const lines: string[] = [template.title, `${template.source.organisation}: ${template.source.policy}, ${template.source.appendix}`, ''];
  lines.push(`${template.parties.supervisor.title}: ${agreement.parties.supervisor.name}${agreement.parties.supervisor.role ? `, ${agreement.parties.supervisor.role}` : ''}`);
  lines.push(`${template.parties.supervisee.title}: ${agreement.parties.supervisee.name}${agreement.parties.supervisee.role ? `, ${agreement.parties.supervisee.role}` : ''}`, '');
  for (const section of template.sections) {
    if (section.group) lines.push(fill(section.group));
    lines.push(fill(section.heading), ...blocksToText(section.text, fill));
    if (section.kind === 'fields') for (const f of section.fields) lines.push(`${fill(f.label)} ${answer(section.id, f.id)}`);
    if (section.kind === 'checklist') {
      for (const item of section.items) {
        lines.push(`[${agreement.ticks[section.id]?.[item.id] ? 'x' : ' '}] ${fill(item.text)}`);
        for (const f of item.fields) lines.push(`    ${fill(f.label)} ${answer(section.id, f.id)}`);
      }
    }
    if (section.kind === 'signatures') {
      for (const role of ['supervisor', 'supervisee'] as const) {
        const signature = agreement.signatures[role];
        lines.push(`${template.parties[role].title}: ${signature ? `signed by ${signature.fullName} on ${formatInstant(signature.signedAt)}` : 'not signed'}`);
      }
      lines.push(...blocksToText(section.closing, fill));
      if (agreement.agreedOn) lines.push(`${copy.agreements.agreedOn}: ${formatDate(agreement.agreedOn)}`);
      if (agreement.reviewDue) lines.push(`${section.reviewDateLabel ?? copy.agreements.reviewDate}: ${formatDate(agreement.reviewDue)}`);
      if (agreement.contentHash) lines.push(`${copy.agreements.hash}: ${agreement.contentHash}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
