/**
 * Hostile input through every free-text field of a record and every output made from it, under
 * jsdom: the record document (screen and print), the text export, each child-record summary,
 * the practice transcript. Script tags, event handlers, javascript: links, SVG and mutation-XSS
 * shapes must arrive as text: no element, attribute or link from them in the DOM, and nothing
 * run (each payload would set window.__xss).
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordDocument } from '../../client/components/RecordDocument.tsx';
import { ChildSummary } from '../../client/components/ChildSummary.tsx';
import { buildRecordDocument } from '../../machines/record/document.ts';
import { recordDocumentToText } from '../../machines/record/text.ts';
import { childRecordSummary } from '../../machines/record/childSummary.ts';
import type { SessionContentV1 } from '../../machines/model/record.ts';
import { agreementAtSignatures, derby, discussedCase, escalation, sessionContent, signature } from '../machines/fixtures.ts';
import { agreementOf } from '../../machines/agreements/agreement.machine.ts';
import { findAgreementTemplate } from '../../machines/agreements/index.ts';
import { createGroupOfFive, renderApp, runSessionByMachine, useHarness } from './group/harness.tsx';

declare global {
  var __xss: number | undefined;
}

/** Each payload, if it ever ran, would set window.__xss. */
export const INJECTION_CORPUS = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<a href="javascript:window.__xss=1">open</a>',
  '<svg onload="window.__xss=1"><circle r="1"/></svg>',
  '<svg><script>window.__xss=1</script></svg>',
  '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>',
  '[open](javascript:window.__xss=1)',
  '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
  '"><body onload=window.__xss=1>',
  '<form><button formaction="javascript:window.__xss=1">go</button></form>',
  '<details open ontoggle="window.__xss=1">',
] as const;

afterEach(() => {
  cleanup();
  delete globalThis.__xss;
});

function hostileRecord(payload: string): SessionContentV1 {
  const base = sessionContent();
  const sections = Object.keys(base.answers).length ? Object.keys(base.answers) : ['issues-or-concerns', 'professional-challenges', 'development', 'any-other-business'];
  return sessionContent({
    answers: Object.fromEntries(sections.map((id) => [id, `Answer ${payload}`])),
    keyIssues: [{ id: 'issue-000001', text: `Issue ${payload}` }],
    cases: [
      discussedCase({
        id: 'case-000001',
        label: `Child ${payload}`,
        stages: { experience: { notes: payload }, reflection: { notes: payload }, analysis: { notes: payload }, actionPlanning: { notes: payload } },
      }),
      discussedCase({ id: 'case-000002', label: 'Second child', stages: { experience: { notes: payload }, reflection: {}, analysis: {}, actionPlanning: { notes: 'Plan' } } }),
    ],
    actions: [{ id: 'action-000001', what: `Do ${payload}`, owner: { kind: 'other', name: `Owner ${payload}` }, dueDate: '2026-12-01', caseId: 'case-000001' }],
    escalations: [escalation(`Concern ${payload}`)],
    nextMeeting: { date: '2026-12-10', time: '10:00', venue: `Room ${payload}` },
  });
}

function expectInert(root: HTMLElement): void {
  // The only images are the app's own drawn signatures (PNG data URLs).
  expect(root.querySelector('script, iframe, svg, math, noscript, form, details, body, img:not(.app-signature-image), style')).toBeNull();
  for (const image of root.querySelectorAll('img')) expect(image.getAttribute('src') ?? '').toMatch(/^data:image\/png;base64,/);
  for (const element of root.querySelectorAll('*')) {
    for (const attribute of element.getAttributeNames()) expect(attribute.startsWith('on'), `${element.tagName} ${attribute}`).toBe(false);
    for (const name of ['href', 'src', 'action', 'formaction']) expect((element.getAttribute(name) ?? '').toLowerCase().trim().startsWith('javascript:')).toBe(false);
  }
  expect(globalThis.__xss).toBeUndefined();
}

describe.each(INJECTION_CORPUS.map((payload) => [payload]))('the payload %s', (payload) => {
  it('is text in the record document, its text export and every child-record summary', () => {
    const content = hostileRecord(payload);
    const template = derby();
    const { container } = render(<RecordDocument doc={buildRecordDocument(template, content)} />);
    expectInert(container);
    expect(container.textContent).toContain(payload);
    expect(recordDocumentToText(buildRecordDocument(template, content))).toContain(payload);
    for (const discussion of content.cases) {
      const summary = childRecordSummary(template, content, discussion.id);
      const view = render(<ChildSummary summary={summary} templateSystem={template.childRecord.system} onCopy={async () => undefined} />);
      expectInert(view.container);
      view.unmount();
    }
  });
});

describe('the group record', () => {
  const harness = useHarness('injection-group');

  it.each(INJECTION_CORPUS.map((payload) => [payload]))('shows %s as text in the themes record, presenter summaries and attendance', async (payload) => {
    const { groupId, ids } = await createGroupOfFive(harness());
    const presenterId = Object.values(ids)[1]!;
    const sessionId = await runSessionByMachine(harness(), groupId, {
      date: '2026-11-22',
      consultations: [{ presenterId, caseLabel: `Baby ${payload}` }],
      themes: [{ text: `Theme ${payload}`, tags: ['thresholds'] }],
      learning: `Learning ${payload}`,
    });
    const { container } = renderApp(harness(), `#/group-record/${sessionId}`);
    await screen.findAllByRole('heading', { level: 1 });
    await waitFor(() => expect(container.textContent).toContain(`Theme ${payload}`));
    expectInert(container.querySelector('main') ?? container);
  });
});

describe('a sealed agreement', () => {
  const harness = useHarness('injection-agreement');

  it.each(INJECTION_CORPUS.map((payload) => [payload]))('shows %s as text in every answer and in the parties', async (payload) => {
    const added = await harness().repositories.people.add({ name: `Val ${payload}`.slice(0, 200), role: 'Health Visitor' });
    if (!added.ok) throw new Error(added.message);
    const created = await harness().repositories.agreements.create(added.value.id, 'south-gloucestershire-appendix-1', { name: `Sam ${payload}`.slice(0, 200), role: 'Named Nurse' });
    if (!created.ok) throw new Error(created.message);
    const template = findAgreementTemplate('south-gloucestershire-appendix-1')!;
    const actor = agreementAtSignatures(template, created.value, () => `Answer ${payload}`);
    actor.send({ type: 'signature.added', signature: signature('supervisor') });
    actor.send({ type: 'signature.added', signature: signature('supervisee') });
    await harness().repositories.agreements.save(agreementOf(actor.getSnapshot().context), actor.getPersistedSnapshot());
    actor.stop();
    const { container } = renderApp(harness(), `#/agreement/${created.value.id}`);
    await screen.findByText('Agreed and sealed');
    await waitFor(() => expect(container.textContent).toContain(`Answer ${payload}`));
    expectInert(container.querySelector('main') ?? container);
  });
});
