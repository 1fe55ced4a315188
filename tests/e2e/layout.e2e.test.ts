/**
 * Issue 18 end to end in Chromium, with realistic data made through the UI: a supervision
 * agreement, two signed Derby records (one with a case, an action and a next meeting), a group
 * session closed with its outputs, a practice debrief, a preparation and a compliance report.
 *
 * - Every route of client/app/router.ts at a phone's width (390 px) and a desktop's (1280 px):
 *   the page never scrolls sideways, axe finds nothing serious, and no ISO date (2026-12-04) is
 *   in the text a person reads (nor in the child-record entries and text downloads).
 * - Every document printed with Chromium's PDF output on A4 and read back page by page with
 *   pdfjs: the running header (title, supervisee, date, "Private and Confidential") and
 *   "Page x of y" on every page, every heading of the template, no line cut off at the right
 *   edge, and every column of the compliance report.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { copy } from '../../client/content/copy.ts';
import { formatDate, ISO_DATE_IN_TEXT } from '../../machines/dates/format.ts';
import { findAgreementTemplate } from '../../machines/agreements/index.ts';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectNoSeriousAxeViolations, newPage, openApp, useBrowser, type TrackedPage } from './browser.ts';
import { printPdf, squeezed } from './print.ts';
import { closeSession, consult, createGroup, GROUP, registerAndAgree, startSession, TILLY, DATE as GROUP_DATE } from './group-steps.ts';
import { addSupervisee, answerStage, conversation, dismissQualityFlags, makeAgreement, next, planAndFinishCase, signBoth, signDerbyWithoutCase, startDerbySession, stepHeading } from './steps.ts';

const { browser, baseUrl } = useBrowser();

const VAL = 'Val Visitor';
const FIRST = '2026-09-10';
const SECOND = '2026-11-20';

type Screen = { label: string; hash: string; ready: (page: Page) => Promise<unknown> };
type Printed = {
  label: string;
  hash: string;
  title: string;
  who: string;
  date: string;
  /** Headings (or, for an entry, lines) that must be printed. */
  headings: readonly string[];
  /** Text of the page around it that must not be printed with it. */
  absent?: readonly string[];
  prepare?: (page: Page) => Promise<void>;
  after?: (page: Page) => Promise<void>;
  /** Printed on A4 landscape (a wide table). */
  landscape?: true;
  /** Its seal's hash is printed once, at the end (never before the title). */
  sealAtEnd?: true;
};

/** "Print this entry" on an entry, with the browser's print dialog (which headless Chromium cannot show) made a no-op. */
const printEntry = (label: string) => async (q: Page) => {
  await q.evaluate(() => {
    window.print = () => undefined;
  });
  await q.getByRole('region', { name: `Entry for ${label}` }).last().getByRole('button', { name: 'Print this entry' }).click();
};
/** The print is over: the page is as it was. */
const afterPrint = async (q: Page) => {
  await q.evaluate(() => window.dispatchEvent(new Event('afterprint')));
};

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name }).first().waitFor();

let tracked: TrackedPage | undefined;
const screens: Screen[] = [];
const printed: Printed[] = [];
/** Text downloaded as files along the way: checked for ISO dates like the screens. */
const downloads: { label: string; text: string }[] = [];

function page(): Page {
  if (!tracked) throw new Error('The data is made by the first test');
  return tracked.page;
}

const idFrom = (url: string, route: string) => new RegExp(`#/${route}/([A-Za-z0-9_-]+)`).exec(url)?.[1] ?? '';

async function downloadOf(p: Page, label: string, click: () => Promise<void>) {
  const [download] = await Promise.all([p.waitForEvent('download'), click()]);
  downloads.push({ label, text: await readFile(await download.path(), 'utf8') });
}

/** A Derby session with one case, an action and the next meeting, from its first step to sealed. */
async function derbyWithCase(p: Page) {
  for (const done of await conversation(p).getByRole('radio', { name: 'Done', exact: true }).all()) await done.check();
  await next(p);
  await stepHeading(p, DERBY_HEADINGS[1]);
  await p.getByLabel(`Record under “${DERBY_HEADINGS[1]}”`).fill('Caseload pressure after two new child protection plans; a link to review: https://example.org/a-very-long-address/that-does-not-break/anywhere-at-all/ever');
  await next(p);
  await stepHeading(p, DERBY_HEADINGS[2]);
  await next(p);
  await stepHeading(p, DERBY_HEADINGS[3]);
  await p.getByLabel('Child or family').fill('Baby Tilly');
  await p.getByRole('button', { name: 'Discuss a case' }).last().click();
  await answerStage(p, 'Experience', 'What happened?', 'Home visit: Tilly unwashed, parents argued in front of her.');
  await answerStage(p, 'Reflection', 'What was it like?', 'Felt anxious and unwelcome.');
  await answerStage(p, 'Analysis', 'What does this mean?', 'Neglect indicators because the pattern repeats; father minimises.');
  await conversation(p).getByRole('heading', { name: 'Action planning — What next?' }).waitFor();
  await planAndFinishCase(p, 'Refer to children’s social care today.', 'Refer Tilly to MASH', '2026-12-31');
  await next(p);
  for (const heading of DERBY_HEADINGS.slice(4, 7)) {
    await stepHeading(p, heading);
    await next(p);
  }
  await stepHeading(p, DERBY_HEADINGS[7]);
  await conversation(p).getByLabel('Date', { exact: true }).fill('2027-02-20');
  await conversation(p).getByLabel('Time', { exact: true }).fill('14:05');
  await conversation(p).getByLabel('Venue or how you will meet').fill('Video call');
  await next(p);
  await stepHeading(p, 'Signatures');
  await p.getByRole('button', { name: 'We have read the record through' }).click();
  await dismissQualityFlags(p, 'Checked together: accurate as written');
  await signBoth(p);
}

/** Where a page's content is wider than the viewport: the widest elements, for the failure message. */
async function overflowOf(p: Page): Promise<{ scrollWidth: number; viewport: number; widest: string[] }> {
  return p.evaluate(() => {
    const viewport = window.innerWidth;
    // An element past the right edge counts unless a scrolling box that fits holds it (a table's region).
    const clipped = (el: Element) => {
      for (let up = el.parentElement; up; up = up.parentElement) {
        if (/auto|scroll|hidden|clip/.test(getComputedStyle(up).overflowX)) return up.getBoundingClientRect().right <= viewport + 1;
      }
      return false;
    };
    const widest = [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > viewport + 1 && !clipped(el))
      .slice(-6)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} → ${Math.round(el.getBoundingClientRect().right)} px`);
    // Text can run past its box without widening it: each text node past the edge too.
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node && widest.length < 12; node = walker.nextNode()) {
      range.selectNodeContents(node);
      const right = range.getBoundingClientRect().right;
      if (right > viewport + 1 && node.parentElement && !clipped(node.parentElement.firstElementChild ?? node.parentElement)) {
        widest.push(`text “${(node.textContent ?? '').trim().slice(0, 40)}” in ${node.parentElement.tagName.toLowerCase()}.${[...node.parentElement.classList].join('.')} → ${Math.round(right)} px`);
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, viewport, widest };
  });
}

/** The text a person reads: what is rendered, and what is in the text boxes (child-record entries). */
async function readableText(p: Page): Promise<string> {
  return p.evaluate(() => [document.body.innerText, ...[...document.querySelectorAll('textarea')].map((t) => t.value)].join('\n'));
}

async function visit(p: Page, screen: Screen) {
  await p.goto(`${baseUrl}/${screen.hash}`);
  await screen.ready(p);
  // Screens that load their data say so with a status: wait until none is loading.
  await p.waitForFunction(() => ![...document.querySelectorAll('[role="status"]')].some((el) => /Opening|Loading|…$/.test(el.textContent ?? '')));
}

describe('every screen on a phone and a desktop, every document in print', () => {
  it('makes realistic data through the UI', async () => {
    tracked = await newPage(browser());
    const p = tracked.page;
    await openApp(p);
    await addSupervisee(p, baseUrl, VAL, 'Health Visitor');

    await makeAgreement(p, baseUrl, `${VAL}, Health Visitor`);
    const agreementId = idFrom(p.url(), 'agreement');
    const agreementTemplate = findAgreementTemplate('south-gloucestershire-appendix-1', '1.0.0');
    await downloadOf(p, 'agreement text', () => p.getByRole('button', { name: copy.agreements.downloadText }).click());

    await startDerbySession(p, baseUrl, VAL, FIRST);
    await signDerbyWithoutCase(p);
    await startDerbySession(p, baseUrl, VAL, SECOND);
    await derbyWithCase(p);
    const sessionId = idFrom(p.url(), 'session');
    await p.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
    await h1(p, 'Signed record');
    await downloadOf(p, 'record text', () => p.getByRole('button', { name: copy.record.downloadText }).click());

    // A session left open at its first step, as one is between visits.
    await startDerbySession(p, baseUrl, VAL, '2026-12-04');
    const openSessionId = idFrom(p.url(), 'session');

    await p.goto(`${baseUrl}/#/dashboard`);
    await h1(p, 'Supervision dashboard');
    const scheduleHref = (await p.getByRole('link', { name: new RegExp(`: schedule for ${VAL}$`) }).getAttribute('href')) ?? '';
    const personId = idFrom(scheduleHref, 'schedule');

    await p.goto(`${baseUrl}/#/prepare`);
    await h1(p, /Prepare/);
    await p.getByLabel(copy.preparation.forDate).fill('2027-02-20');
    await p.getByRole('button', { name: copy.preparation.start }).click();
    await p.waitForURL(/#\/preparation\//);
    const preparationId = idFrom(p.url(), 'preparation');

    await p.goto(`${baseUrl}/#/practice`);
    await p.getByRole('radio', { name: 'Long-term neglect with drift' }).check();
    await p.getByLabel('Your name').fill('Tara Trainee');
    await p.getByRole('button', { name: 'Start practice' }).click();
    await p.getByRole('button', { name: 'Begin the practice session' }).click();
    await p.getByRole('button', { name: copy.practice.finish }).click();
    await p.getByRole('region', { name: 'Debrief' }).waitFor();
    const practiceId = idFrom(p.url(), 'practice');

    // A record template being written from a copy of a built-in one (issue 19's editor).
    await p.goto(`${baseUrl}/#/forms`);
    await h1(p, 'Your organisation’s forms');
    await p.getByRole('button', { name: /^Copy: Derby and Derbyshire/ }).first().click();
    await p.waitForURL(/#\/forms\/template\//);
    const templateEditorHash = `#/forms/template/${p.url().split('/').pop() ?? ''}`;

    await p.goto(`${baseUrl}/#/`);
    await h1(p, 'Safeguarding supervision');
    await createGroup(p);
    const groupId = idFrom(p.url(), 'group');
    await startSession(p);
    const groupSessionId = idFrom(p.url(), 'group-session');
    await registerAndAgree(p);
    await consult(p, TILLY, 1);
    await closeSession(p, 2);

    const showReport = async (q: Page) => {
      await q.getByRole('button', { name: copy.report.show }).click();
      await q.getByRole('table', { name: /^Supervision compliance/ }).waitFor();
    };
    const ready = (name: string | RegExp) => (q: Page) => h1(q, name);
    screens.push(
      { label: 'home', hash: '#/', ready: ready('Safeguarding supervision') },
      { label: 'start', hash: '#/start', ready: ready('Start a supervision session') },
      { label: 'session, open', hash: `#/session/${openSessionId}`, ready: (q) => stepHeading(q, DERBY_HEADINGS[0]) },
      { label: 'session, signed', hash: `#/session/${sessionId}`, ready: (q) => q.getByRole('heading', { name: 'Both have signed. The record is sealed.' }).waitFor() },
      { label: 'signed record', hash: `#/record/${sessionId}`, ready: ready('Signed record') },
      { label: 'preparations', hash: '#/prepare', ready: ready(/Prepare/) },
      { label: 'preparation', hash: `#/preparation/${preparationId}`, ready: (q) => q.locator('h1').first().waitFor() },
      { label: 'history', hash: `#/history/${personId}`, ready: ready(`History: ${VAL}`) },
      { label: 'schedule', hash: `#/schedule/${personId}`, ready: ready(`Schedule: ${VAL}`) },
      { label: 'groups', hash: '#/groups', ready: ready('Group supervision') },
      { label: 'group', hash: `#/group/${groupId}`, ready: ready(GROUP) },
      { label: 'group session, closed', hash: `#/group-session/${groupSessionId}`, ready: (q) => q.getByRole('heading', { name: 'The session is closed' }).waitFor() },
      { label: 'group record', hash: `#/group-record/${groupSessionId}`, ready: ready('Group session record') },
      { label: 'agreements', hash: '#/agreements', ready: ready(/agreements/i) },
      { label: 'agreement, signed', hash: `#/agreement/${agreementId}`, ready: ready('Checklist for SUPERVISION AGREEMENT') },
      { label: 'dashboard', hash: '#/dashboard', ready: ready('Supervision dashboard') },
      { label: 'compliance report', hash: '#/report', ready: async (q) => { await h1(q, 'Compliance report'); await showReport(q); } },
      { label: 'practice', hash: '#/practice', ready: ready(/Practise supervision/) },
      { label: 'practice debrief', hash: `#/practice/${practiceId}`, ready: (q) => q.getByRole('region', { name: 'Debrief' }).waitFor() },
      { label: 'security', hash: '#/security', ready: (q) => q.locator('h1').first().waitFor() },
      { label: 'retention', hash: '#/retention', ready: (q) => q.locator('h1').first().waitFor() },
      { label: 'your organisation’s forms', hash: '#/forms', ready: ready('Your organisation’s forms') },
      { label: 'template editor', hash: templateEditorHash, ready: (q) => q.getByRole('region', { name: 'Preview: the record as it will print' }).waitFor() },
      { label: 'search', hash: '#/search', ready: (q) => q.locator('h1').first().waitFor() },
      { label: 'you', hash: '#/you', ready: (q) => q.locator('h1').first().waitFor() },
      // Links whose share has gone: each screen says so.
      { label: 'receive', hash: `#/receive/${'A'.repeat(22)}/${'B'.repeat(43)}`, ready: (q) => q.locator('h1').first().waitFor() },
      { label: 'connect', hash: `#/connect/${'A'.repeat(22)}/${'B'.repeat(43)}`, ready: (q) => q.locator('h1').first().waitFor() },
      { label: 'sign', hash: `#/sign/${'A'.repeat(22)}`, ready: (q) => q.locator('h1').first().waitFor() },
      { label: 'not found', hash: '#/nowhere-at-all', ready: (q) => q.locator('h1').first().waitFor() },
    );

    const signed = formatDate(SECOND);
    printed.push(
      { label: 'signed record', hash: `#/record/${sessionId}`, title: 'Derby and Derbyshire ICB — Supervision Documentation', who: VAL, date: signed, headings: DERBY_HEADINGS.slice(0, -1), sealAtEnd: true },
      {
        label: 'agreement',
        hash: `#/agreement/${agreementId}`,
        title: 'Checklist for SUPERVISION AGREEMENT',
        who: VAL,
        date: '',
        headings: (agreementTemplate?.sections ?? []).map((s) => s.heading),
      },
      { label: 'group record', hash: `#/group-record/${groupSessionId}`, title: 'Group safeguarding supervision', who: GROUP, date: formatDate(GROUP_DATE), headings: ['Themes', 'Attendance'] },
      { label: 'practice debrief', hash: `#/practice/${practiceId}`, title: copy.practice.debriefCopy.title, who: 'Tara Trainee', date: '', headings: [copy.practice.debriefCopy.title] },
      { label: 'compliance report', hash: '#/report', title: copy.report.title, who: '', date: '', headings: Object.values(copy.report.columns), absent: [copy.report.back], prepare: showReport, landscape: true },
      {
        label: 'child-record entry',
        hash: `#/record/${sessionId}`,
        title: 'Entry for Baby Tilly',
        who: '',
        date: signed,
        headings: ['Refer Tilly to MASH', 'Neglect indicators because the pattern repeats'],
        absent: ['Signature and date of supervisor', DERBY_HEADINGS[1]],
        prepare: printEntry('Baby Tilly'),
        after: afterPrint,
      },
      {
        label: 'presenter summary',
        hash: `#/group-record/${groupSessionId}`,
        title: 'Entry for Baby Tilly',
        who: '',
        date: formatDate(GROUP_DATE),
        headings: [TILLY.action.what],
        absent: ['Attendance record'],
        prepare: printEntry('Baby Tilly'),
        after: afterPrint,
      },
    );
  }, 900_000);

  it('fits every route at 390 px and 1280 px, passes axe, and shows no ISO date', async () => {
    const p = page();
    expect(screens).toHaveLength(29);
    const problems: string[] = [];
    const routesSeen = new Set<string>();
    for (const width of [390, 1280]) {
      await p.setViewportSize({ width, height: 900 });
      for (const screen of screens) {
        await visit(p, screen);
        routesSeen.add(screen.hash.replace(/^#\/([a-z-]*).*$/, '$1'));
        const { scrollWidth, viewport, widest } = await overflowOf(p);
        console.log(`${screen.label} at ${width} px: ${scrollWidth} px wide`);
        if (scrollWidth > viewport) problems.push(`${screen.label} at ${width} px is ${scrollWidth} px wide: ${widest.join('; ')}`);
        const iso = ISO_DATE_IN_TEXT.exec(await readableText(p));
        if (iso) problems.push(`${screen.label} at ${width} px shows the ISO date ${iso[0]}`);
        await expectNoSeriousAxeViolations(p, `${screen.label} at ${width} px`);
        // LAYOUT_SHOTS=<folder> keeps a full-page screenshot of each, to look at.
        if (process.env['LAYOUT_SHOTS']) await p.screenshot({ path: `${process.env['LAYOUT_SHOTS']}/${screen.label.replace(/\W+/g, '-')}-${width}.png`, fullPage: true });
      }
    }
    for (const { label, text } of downloads) {
      const iso = ISO_DATE_IN_TEXT.exec(text);
      if (iso) problems.push(`the ${label} download shows the ISO date ${iso[0]}`);
    }
    expect(problems).toEqual([]);
    // Every route the router knows was visited.
    expect([...routesSeen].sort()).toEqual(
      ['', 'start', 'session', 'record', 'prepare', 'preparation', 'history', 'schedule', 'groups', 'group', 'group-session', 'group-record', 'agreements', 'agreement', 'dashboard', 'report', 'practice', 'security', 'retention', 'forms', 'search', 'you', 'receive', 'connect', 'sign', 'nowhere-at-all'].sort(),
    );
  }, 600_000);

  it('prints every document on A4 with its running header, page numbers, every heading and nothing cut off', async () => {
    const p = page();
    await p.setViewportSize({ width: 1280, height: 900 });
    expect(printed).toHaveLength(7);
    const problems: string[] = [];
    for (const doc of printed) {
      await visit(p, { label: doc.label, hash: doc.hash, ready: (q) => q.locator('h1').first().waitFor() });
      await doc.prepare?.(p);
      const pages = await printPdf(p, doc.label);
      console.log(`${doc.label}: ${pages.length} pages`);
      pages.forEach((pdfPage, index) => {
        const where = `${doc.label}, page ${index + 1}`;
        for (const expected of ['Private and Confidential', doc.title, doc.who, doc.date]) {
          if (expected && !squeezed(pdfPage.header).includes(squeezed(expected))) problems.push(`${where}: no “${expected}” in the running header “${pdfPage.header}”`);
        }
        if (!pdfPage.footer.includes(`Page ${index + 1} of ${pages.length}`)) problems.push(`${where}: no “Page ${index + 1} of ${pages.length}” at the foot: “${pdfPage.footer}”`);
        for (const item of pdfPage.items) if (item.str.trim() && item.right > pdfPage.width + 0.5) problems.push(`${where}: “${item.str}” runs off the page (${Math.round(item.right)} of ${Math.round(pdfPage.width)} pt)`);
        if (ISO_DATE_IN_TEXT.test(pdfPage.text)) problems.push(`${where}: an ISO date`);
      });
      const all = pages.map((x) => x.text).join(' ');
      for (const heading of doc.headings) if (!squeezed(all).includes(squeezed(heading))) problems.push(`${doc.label}: no heading “${heading}”`);
      const a4 = [595, 842];
      for (const [index, { width, height }] of pages.entries()) {
        const [w, h] = doc.landscape ? [...a4].reverse() : a4;
        if (Math.abs(width - (w ?? 0)) > 1 || Math.abs(height - (h ?? 0)) > 1) problems.push(`${doc.label}, page ${index + 1}: ${Math.round(width)} × ${Math.round(height)} pt, not A4${doc.landscape ? ' landscape' : ''}`);
      }
      if (doc.sealAtEnd) {
        const hashes = pages.map((x) => squeezed(x.text).match(/[0-9a-f]{64}/g)?.length ?? 0);
        if (hashes.at(-1) !== 1 || hashes.slice(0, -1).some((n) => n > 0)) problems.push(`${doc.label}: the seal's hash is printed on pages ${JSON.stringify(hashes)}, not once on the last`);
      }
      for (const other of doc.absent ?? []) if (all.includes(other)) problems.push(`${doc.label}: “${other}” printed with it`);
      await doc.after?.(p);
    }
    expect(problems).toEqual([]);
    await tracked?.close();
  }, 300_000);
});
