import { cleanup, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { RecordDocument } from '../../client/components/RecordDocument.tsx';
import { findTemplate } from '../../machines/templates/index.ts';
import type { RecordTemplateV1 } from '../../machines/model/template.ts';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import { buildRecordDocument } from '../../machines/record/document.ts';
import { verifyRecord } from '../../machines/record/verify.ts';
import { amendment, realisticContent, sealed } from '../records/fixtures.ts';

function template(id: string): RecordTemplateV1 {
  const found = findTemplate(id);
  if (!found) throw new Error(`No template ${id}`);
  return found;
}

const derby = template('derby-derbyshire-appendix-3');

function renderRecord(content: SessionContentV1 = realisticContent(derby), tpl: RecordTemplateV1 = derby) {
  const doc = buildRecordDocument(tpl, content, content.contentHash ? [amendment()] : []);
  return { doc, ...render(<RecordDocument doc={doc} verification={verifyRecord(content, content.contentHash ? [amendment()] : [])} />) };
}

describe('RecordDocument', () => {
  it('is an article named by its title, with the headings in the template’s order', () => {
    const { doc } = renderRecord();
    const article = screen.getByRole('article', { name: derby.title });
    expect(article).toHaveClass('app-record');
    expect(within(article).getByRole('heading', { level: 2 })).toHaveTextContent(derby.title);
    expect(within(article).getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      ...derby.sections.map((s) => s.heading),
      'Immediate concerns escalated during the session',
      'Seal',
      'Amendments after signing',
    ]);
    // The form's own escalation heading shows the concerns escalated, before the cases.
    expect(within(article).getAllByRole('heading', { level: 4 }).map((h) => h.textContent)).toEqual([
      'Concerns escalated during this session',
      'Baby T',
      'Jay Smith',
    ]);
    expect(doc.sections.map((s) => s.heading)).toEqual(derby.sections.map((s) => s.heading));
  });

  it('shows each case’s stages in 4x4x4 order and a skipped stage with its reason', () => {
    renderRecord();
    const jay = screen.getByRole('region', { name: 'Jay Smith' });
    expect(within(jay).getAllByRole('heading', { level: 5 }).map((h) => h.textContent)).toEqual([
      'Experience — What happened?',
      'Reflection — What was it like?',
      'Analysis — What does this mean?',
      'Action planning — What next?',
    ]);
    expect(within(jay).getByText('Skipped — reason: Time ran short; to pick up next session')).toBeInTheDocument();
  });

  it('shows under each reviewed action the carry-forward reason, each drift flag by its kind and the supervisor’s response', () => {
    // Arrange: "Check GP registration" (due 20 February 2031) carried forward again, and overdue.
    const base = realisticContent(derby);
    const content = realisticContent(derby, {
      reviews: { ...base.reviews, 'prev-action-0003': { outcome: 'carriedForward', reason: 'Awaiting school records', newDueDate: '' } },
      previousActions: base.previousActions.map((a) => (a.id === 'prev-action-0003' ? { ...a, timesCarriedForward: 1 } : a)),
      driftResponses: {
        'carriedForward:prev-action-0003': { response: 'escalate', reason: 'escalate to team manager' },
        'overdue:prev-action-0003': { response: 'close', reason: '' },
      },
    });
    // Act
    renderRecord(content);
    // Assert
    const review = screen.getByRole('region', { name: 'Review of previous supervision / 1:1 session' });
    const carried = within(review).getAllByRole('listitem')[2] as HTMLElement;
    const rows = [...carried.querySelectorAll('.nhsuk-summary-list__row')].map((row) => [
      row.querySelector('dt')?.textContent,
      row.querySelector('dd')?.textContent,
    ]);
    expect(rows.slice(-5)).toEqual([
      ['Outcome', 'Carried forward — Awaiting school records'],
      ['Drift flagged (carried forward 2 times)', '“Check GP registration” has been carried forward 2 times.'],
      ['Supervisor’s response', 'Escalate — escalate to team manager'],
      ['Drift flagged (overdue)', '“Check GP registration” was due on 20 February 2031 and is not done.'],
      ['Supervisor’s response', 'Close it'],
    ]);
  });

  it('shows the concerns escalated inside “Professional challenges / escalation/ risk”, as well as in the log after the signatures', () => {
    // Arrange and act
    renderRecord();
    // Assert
    const section = screen.getByRole('region', { name: 'Professional challenges / escalation/ risk' });
    const concerns = within(section).getByRole('region', { name: 'Concerns escalated during this session' });
    expect(within(concerns).getByText('Bruising on a non-mobile baby')).toBeInTheDocument();
    expect(within(concerns).getByText('Supervisor phoned MASH during the session')).toBeInTheDocument();
    expect(within(concerns).getByText('The same concerns are listed after the signatures, with every concern escalated during the session.')).toBeInTheDocument();
    const log = screen.getByRole('region', { name: 'Immediate concerns escalated during the session' });
    expect(within(log).getByText('Bruising on a non-mobile baby')).toBeInTheDocument();
    // The text written under the heading comes first.
    expect(section.textContent?.indexOf('Discussed under')).toBeLessThan(section.textContent?.indexOf('Bruising on a non-mobile baby') ?? -1);
  });

  it('says under the heading that nothing was escalated when nothing was, and shows nothing of it where the form has no such heading', () => {
    renderRecord(realisticContent(derby, { escalations: [] }));
    const concerns = within(screen.getByRole('region', { name: 'Professional challenges / escalation/ risk' })).getByRole('region', {
      name: 'Concerns escalated during this session',
    });
    expect(concerns).toHaveTextContent('No immediate concern was escalated during this session.');
    cleanup();

    const temple = template('temple-learning-academy-appendix-2');
    renderRecord(realisticContent(temple), temple);
    expect(screen.queryByRole('region', { name: 'Concerns escalated during this session' })).toBeNull();
    expect(within(screen.getByRole('region', { name: 'Immediate concerns escalated during the session' })).getByText('Bruising on a non-mobile baby')).toBeInTheDocument();
  });

  it('shows the marking, source and meta rows in a summary list', () => {
    const { container } = renderRecord();
    expect(screen.getByText('Private and Confidential')).toBeInTheDocument();
    expect(screen.getByText(/Template version 1\.1\.0/)).toBeInTheDocument();
    const meta = container.querySelector('dl.nhsuk-summary-list');
    expect(meta).not.toBeNull();
    expect(within(meta as HTMLElement).getByText('Date').nextElementSibling).toHaveTextContent('7 March 2031');
    expect(within(meta as HTMLElement).getByText('Name and role of supervisee').nextElementSibling).toHaveTextContent('Val Visitor, Health Visitor');
  });

  it('renders injected markup in answers as text, creating no element from it', () => {
    const payloads = ['<img src=x onerror="globalThis.__recordXss = true">', '<script>globalThis.__recordXss = true</script>'];
    const base = realisticContent(derby);
    const [first, second] = base.cases;
    if (!first || !second) throw new Error('Two cases');
    const content: SessionContentV1 = {
      ...base,
      answers: { ...base.answers, 'any-other-business': payloads[0] ?? '' },
      cases: [
        { ...first, label: '<b>Baby</b> <script>x()</script>', stages: { ...first.stages, analysis: { notes: payloads[1] ?? '' } } },
        second,
      ],
      actions: base.actions.map((a, i) => (i === 0 ? { ...a, what: payloads[0] ?? '' } : a)),
    };
    const { container } = renderRecord(content);
    expect(container.querySelector('script')).toBeNull();
    expect(container.querySelector('b')).toBeNull();
    const images = screen.getAllByRole('img');
    expect(images.map((img) => img.getAttribute('alt'))).toEqual(['Signature of Sam Supervisor', 'Signature of Val Visitor']);
    for (const img of container.querySelectorAll('img')) {
      expect(img.getAttribute('src')?.startsWith('data:image/png;base64,')).toBe(true);
      expect(img.hasAttribute('onerror')).toBe(false);
    }
    expect(screen.getAllByText(payloads[0] ?? 'missing')).toHaveLength(2);
    expect(screen.getByText(payloads[1] ?? 'missing')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 4, name: '<b>Baby</b> <script>x()</script>' })).toBeInTheDocument();
    expect((globalThis as { __recordXss?: boolean }).__recordXss).toBeUndefined();
  });

  it('shows a drawn signature only from a PNG data URL', () => {
    const base = realisticContent(derby);
    const supervisor = base.signatures.supervisor;
    if (!supervisor) throw new Error('Signed');
    renderRecord({ ...base, signatures: { supervisor: { ...supervisor, drawing: 'https://example.org/x.png' }, supervisee: null } });
    expect(screen.queryByRole('img', { name: 'Signature of Sam Supervisor' })).toBeNull();
    expect(screen.queryAllByRole('img')).toHaveLength(0);
    expect(screen.getByText('Signature and date of supervisee')).toBeInTheDocument();
  });

  it('shows amendments after the signatures, apart from the signed content', () => {
    renderRecord(sealed(realisticContent(derby)));
    const signatures = screen.getByRole('region', { name: 'Signatures' });
    const amendments = screen.getByRole('region', { name: 'Amendments after signing' });
    expect(signatures.compareDocumentPosition(amendments) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(within(amendments).getByText('The MASH referral reference is 12345.')).toBeInTheDocument();
    expect(within(signatures).queryByText('The MASH referral reference is 12345.')).toBeNull();
  });
});

describe('RecordDocument verification banner', () => {
  it('marks a draft as not yet signed', () => {
    renderRecord();
    expect(screen.getByRole('status')).toHaveTextContent('Draft — not yet signed');
    expect(screen.getByText('Draft — not yet signed')).toHaveClass('nhsuk-tag');
  });

  it('shows the hash of a valid sealed record in a code element', () => {
    const content = sealed(realisticContent(derby));
    const doc = buildRecordDocument(derby, content);
    render(<RecordDocument doc={doc} verification={verifyRecord(content, [])} />);
    const banner = screen.getByRole('status');
    expect(banner).toHaveTextContent('Signed and sealed');
    const hash = within(banner).getByText(content.contentHash ?? 'missing');
    expect(hash.tagName).toBe('CODE');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('counts amendments on an amended record', () => {
    const content = sealed(realisticContent(derby));
    const amendments = [amendment(), amendment({ id: 'amendment-0002', text: 'A second note.' })];
    render(<RecordDocument doc={buildRecordDocument(derby, content, amendments)} verification={verifyRecord(content, amendments)} />);
    expect(screen.getByRole('status')).toHaveTextContent('Signed and sealed, with 2 amendments');
    expect(within(screen.getByRole('region', { name: 'Amendments after signing' })).getAllByRole('listitem')).toHaveLength(2);
  });

  it('warns clearly when the content no longer matches its signed hash', () => {
    const signed = sealed(realisticContent(derby));
    const changed = { ...signed, answers: { ...signed.answers, 'any-other-business': 'Edited after signing' } };
    render(<RecordDocument doc={buildRecordDocument(derby, changed)} verification={verifyRecord(changed, [])} />);
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Warning: this record has changed since it was signed');
    expect(alert).toHaveTextContent('The content no longer matches its signed hash');
    expect(within(alert).getByText(signed.contentHash ?? 'missing').tagName).toBe('CODE');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('renders every shipped template’s headings in order', () => {
    for (const id of ['temple-learning-academy-appendix-2', 'somerset-icb-appendix-1', 'south-gloucestershire-appendix-2']) {
      const tpl = template(id);
      const { unmount } = render(<RecordDocument doc={buildRecordDocument(tpl, realisticContent(tpl))} />);
      const headings = screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent);
      expect(headings.slice(0, tpl.sections.length)).toEqual(tpl.sections.map((s) => s.heading));
      unmount();
    }
  });
});
