/**
 * Issue 19's "done when", in Chromium against the built app: a supervision lead imports their
 * Word form (a .docx generated here with the Derby form's headings), checks each guess, finishes
 * the template (with Gibbs' reflective cycle as its default model),
 * saves it and exports it as a file; on another device (a second browser context, its own
 * storage) the file is imported, a session is started with the template, run through to both
 * signatures, and the signed record's headings are the form's, in its order. The editor passes
 * axe and fits at 390 px and 1280 px; nothing leaves the machine.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { describe, expect, it } from 'vitest';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { expectFits, expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { addSupervisee, discussGibbsCase, finishAndSign, GIBBS, GIBBS_HEADINGS, next, stepHeading } from './steps.ts';


const { browser, baseUrl } = useBrowser();
const TITLE = 'Riverside Safeguarding Supervision Record';

async function wordForm(): Promise<string> {
  const cell = (text: string) => new TableCell({ children: [new Paragraph(text)] });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: TITLE, heading: HeadingLevel.HEADING_1 }),
          new Table({ rows: ['Date:', 'Supervisor:', 'Supervisee:'].map((label) => new TableRow({ children: [cell(label), cell('')] })) }),
          ...DERBY_HEADINGS.flatMap((heading) => [new Paragraph({ text: heading, heading: HeadingLevel.HEADING_2 }), new Paragraph('')]),
        ],
      },
    ],
  });
  const path = join(await mkdtemp(join(tmpdir(), 'word-form-')), 'riverside-form.docx');
  await writeFile(path, await Packer.toBuffer(doc));
  return path;
}

describe('your organisation’s own template, from the Word form to a signed record on another device', () => {
  it('imports the form, finishes and exports the template; another device imports it and signs a session with it', async () => {
    const lead = await newPage(browser());
    const page = lead.page;
    await openApp(page);
    await page.getByRole('link', { name: 'Your organisation’s forms' }).click();
    await page.getByRole('heading', { level: 1, name: 'Your organisation’s forms' }).waitFor();
    await expectNoSeriousAxeViolations(page, 'forms');

    // A file that is not a Word document changes nothing and says why.
    const notWord = join(await mkdtemp(join(tmpdir(), 'not-word-')), 'form.docx');
    await writeFile(notWord, 'This is not a Word document.');
    await page.getByLabel('Choose your supervision form (.docx)').setInputFiles(notWord);
    await page.getByRole('button', { name: 'Read the form' }).click();
    await page.getByRole('link', { name: 'This file is not a Word document (.docx). Nothing has changed.' }).waitFor();

    await page.getByLabel('Choose your supervision form (.docx)').setInputFiles(await wordForm());
    await page.getByRole('button', { name: 'Read the form' }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    // Each heading of the form, in its order, with what we guessed it collects.
    const legends = (await page.locator('ol.app-authoring__sections > li > fieldset > legend').allTextContents()).map((l) => l.replace(/^Section \d+: /, '').trim());
    expect(legends).toEqual([...DERBY_HEADINGS]);
    expect(await page.getByText(/^We guessed this heading collects .*: check$/).count()).toBe(DERBY_HEADINGS.length);

    // Saving before the guesses are checked is refused, each guess named (H43).
    await page.getByRole('button', { name: 'Save the template' }).click();
    await page.getByRole('link', { name: /^We guessed “Review of previous supervision \/ 1:1 session” collects the review of previous actions: check/ }).waitFor();

    await page.getByLabel('Organisation').fill('Riverside Community Health');
    await page.getByLabel('Policy', { exact: true }).fill('Safeguarding Supervision Policy');
    await page.getByLabel('Appendix or form').fill('Appendix 3');
    await page.getByLabel('Where child-record summaries go').fill('the child’s SystmOne record');
    await page.getByLabel('Default reflective model').selectOption('gibbs');
    for (const box of await page.getByLabel('I have checked what this section collects').all()) await box.check();

    for (const width of [390, 1280]) {
      await page.setViewportSize({ width, height: 900 });
      await expectNoSeriousAxeViolations(page, `template editor at ${width} px`);
    }
    await expectFits(page, 'template editor');
    await page.getByRole('button', { name: 'Save the template' }).click();
    await page.getByRole('status').filter({ hasText: `Saved “${TITLE}”, version 1.0.0` }).waitFor();

    await page.getByRole('link', { name: 'Back to your forms' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Your organisation’s forms' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Export as a file: ${TITLE}` }).click()]);
    const fileText = await readFile((await download.path())!, 'utf8');
    const file = JSON.parse(fileText) as { kind: string; item: { title: string; reflectiveModel?: string; sections: { heading: string }[] } };
    expect(file.kind).toBe('record-template');
    expect(file.item.sections.map((s) => s.heading)).toEqual([...DERBY_HEADINGS]);
    expect(file.item.reflectiveModel).toBe('gibbs');
    const filePath = join(await mkdtemp(join(tmpdir(), 'template-file-')), download.suggestedFilename());
    await writeFile(filePath, fileText);

    // A colleague's device: its own storage.
    const colleague = await newPage(browser());
    const other = colleague.page;
    await openApp(other);
    await other.goto(`${baseUrl}/#/forms`);
    await other.getByRole('heading', { level: 1, name: 'Your organisation’s forms' }).waitFor();
    await other.getByLabel('Choose a template, agreement or model file').setInputFiles(filePath);
    await other.getByRole('button', { name: 'Import', exact: true }).click();
    await other.getByText(`Imported a record template “${TITLE}”`).waitFor();

    await addSupervisee(other, baseUrl, 'Val Visitor', 'Health Visitor');
    await other.getByRole('radio', { name: 'Val Visitor' }).check();
    await other.getByLabel('Supervisor’s full name').fill('Sam Supervisor');
    await other.getByLabel('Supervisor’s role').fill('Named Nurse');
    await other.getByRole('radio', { name: TITLE }).check();
    await other.getByLabel('Date of the supervision').fill('2026-12-04');
    await other.getByRole('button', { name: 'Begin the session' }).click();
    await stepHeading(other, DERBY_HEADINGS[0]);
    await next(other);
    for (const heading of DERBY_HEADINGS.slice(1, 3)) {
      await stepHeading(other, heading);
      await next(other);
    }
    // The template's default model, Gibbs' reflective cycle, is the one chosen for the case.
    await stepHeading(other, DERBY_HEADINGS[3]);
    const choice = other.getByRole('group', { name: 'Reflective model for this case' });
    expect(await choice.getByRole('radio', { name: `${GIBBS} (the template’s default)` }).isChecked()).toBe(true);
    await discussGibbsCase(other);
    await next(other);
    await finishAndSign(other, 'Checked together: accurate as written');
    await other.getByRole('button', { name: 'View the signed record and child-record summaries' }).click();
    await other.getByRole('heading', { name: 'Signed record', level: 1 }).waitFor();
    const record = other.locator('article.app-record');
    await record.getByRole('heading', { name: TITLE }).waitFor();
    const headings = (await record.locator('h3').allTextContents()).map((h) => h.trim());
    const order = DERBY_HEADINGS.slice(0, -1).map((h) => headings.indexOf(h));
    expect(order.every((i) => i >= 0), `headings found: ${headings.join(' | ')}`).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect((await record.textContent()) ?? '').toMatch(/[0-9a-f]{64}/);
    // The case under Gibbs' stages, in order, and the model named with its version.
    const stages = (await record.locator('.app-record__stage h5').allTextContents()).map((h) => h.trim());
    expect(stages).toEqual(GIBBS_HEADINGS);
    await record.getByText(`${GIBBS} (version 1.0.0)`).waitFor();
    await expectNoSeriousAxeViolations(other, 'signed record on an own template');
    expect(lead.consoleErrors().filter((e) => !/favicon/.test(e))).toEqual([]);
    await lead.close();
    await colleague.close();
  }, 300_000);
});
