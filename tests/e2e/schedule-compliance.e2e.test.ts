/**
 * Issue 5 end to end in Chromium, against the built app and the real server: an agreement is
 * made and signed; a supervisee's rules are set; three sessions are recorded at chosen dates,
 * each setting the next meeting, which becomes an appointment (and is marked held when that
 * session takes place); an appointment is cancelled and rebooked; the dashboard shows the
 * right statuses; the calendar file parses; the compliance report and its CSV hold no case
 * text. Dates are chosen relative to today, so the statuses hold whenever the test runs.
 */
import { readFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from '../../machines/compliance/dates.ts';
import { formatDate } from '../../machines/dates/format.ts';
import { DERBY_HEADINGS } from '../fixtures/policy-headings.ts';
import { eventOf, parseIcs, prop } from '../fixtures/ics.ts';
import { expectNoSeriousAxeViolations, newPage, openApp, useBrowser } from './browser.ts';
import { addSupervisee, makeAgreement, answerStage, conversation, dismissQualityFlags, next, signBoth, startDerbySession, stepHeading } from './steps.ts';

const { browser, baseUrl } = useBrowser();

const VAL = 'Val Visitor';
const BO = 'Bo Baker';
/** In every word written about the case: the report and its CSV must never hold it. */
const MARKER = 'QX-CASE-7719';
const CASE_LABEL = 'Baby Quorra';

const now = new Date();
const today = new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
const dates = { first: addDays(today, -182), second: addDays(today, -91), third: today, bo: addDays(today, -200) };

async function openSchedule(page: Page, name: string) {
  await page.goto(`${baseUrl}/#/dashboard`);
  await page.getByRole('heading', { level: 1, name: 'Supervision dashboard' }).waitFor();
  await page.getByRole('link', { name: new RegExp(`: schedule for ${name}$`) }).click();
  await page.getByRole('heading', { level: 1, name: `Schedule: ${name}` }).waitFor();
}

async function setRules(page: Page, name: string, preset: string, rebooking: string) {
  await openSchedule(page, name);
  await page.getByRole('radio', { name: preset, exact: true }).check();
  await page.getByRole('radio', { name: rebooking, exact: true }).check();
  await page.getByRole('button', { name: 'Save these rules' }).click();
  await page.getByRole('status').filter({ hasText: 'Rules saved' }).waitFor();
}

/** A Derby session from its first step to sealed: a case with the marker when `withCase`, the next meeting as given. */
async function runSession(page: Page, nextMeeting: { date: string; time: string; venue: string }, withCase: boolean) {
  // Any open actions from earlier sessions are reviewed as done.
  for (const done of await conversation(page).getByRole('radio', { name: 'Done', exact: true }).all()) await done.check();
  await next(page);
  for (const heading of DERBY_HEADINGS.slice(1, 3)) {
    await stepHeading(page, heading);
    await next(page);
  }
  await stepHeading(page, DERBY_HEADINGS[3]);
  if (withCase) {
    await page.getByLabel('Child or family').fill(CASE_LABEL);
    await page.getByRole('button', { name: 'Discuss a case' }).last().click();
    await answerStage(page, 'Experience', 'What happened?', `${MARKER}: Quorra seen at home with a bruise the parents could not explain.`);
    await answerStage(page, 'Reflection', 'What was it like?', `${MARKER}: I felt uneasy because the explanation changed twice.`);
    await answerStage(page, 'Analysis', 'What does this mean?', `${MARKER}: Non-accidental injury cannot be ruled out because the account changed; a referral is needed.`);
    await conversation(page).getByRole('heading', { name: 'Action planning — What next?' }).waitFor();
    await page.getByLabel('Action planning: What next?').fill(`${MARKER}: Refer to children’s social care today.`);
    await page.getByRole('button', { name: 'Add an action' }).click();
    const action = page.locator('fieldset.app-action').last();
    await action.getByLabel('What is to be done').fill(`Refer Quorra to children’s social care (${MARKER})`);
    await action.getByLabel('Supervisee', { exact: true }).check();
    await action.getByLabel('By when').fill(addDays(dates.second, 1));
    await page.getByRole('button', { name: 'Finish this case' }).click();
    await conversation(page).getByRole('heading', { name: 'Cases discussed' }).waitFor();
  } else {
    await page.locator('summary', { hasText: 'If no case is discussed, record why' }).click();
    await page.getByLabel('If no case is discussed, record why').fill('Actions and development reviewed only.');
    await page.getByRole('button', { name: 'Record that no case was discussed' }).click();
  }
  await next(page);
  for (const heading of DERBY_HEADINGS.slice(4, 7)) {
    await stepHeading(page, heading);
    await next(page);
  }
  await stepHeading(page, DERBY_HEADINGS[7]);
  await conversation(page).getByLabel('Date', { exact: true }).fill(nextMeeting.date);
  if (nextMeeting.time) await conversation(page).getByLabel('Time', { exact: true }).fill(nextMeeting.time);
  await conversation(page).getByLabel('Venue or how you will meet').fill(nextMeeting.venue);
  await next(page);
  await stepHeading(page, 'Signatures');
  await page.getByRole('button', { name: 'We have read the record through' }).click();
  await dismissQualityFlags(page, 'Checked together: accurate as written');
  await signBoth(page);
}

/** An appointment by its date (YYYY-MM-DD) and time, as the schedule names it: "1 December 2026 at 10:00". */
function appointment(page: Page, date: string, time: string): Locator {
  return page.getByRole('listitem', { name: `${formatDate(date)} at ${time}` });
}

describe('agreements, schedules and the compliance dashboard', () => {
  it('makes an agreement, records three sessions at chosen dates, cancels and rebooks, and reports without case text', async () => {
    const { page, close } = await newPage(browser());
    await openApp(page);
    await addSupervisee(page, baseUrl, VAL, 'Health Visitor');
    await addSupervisee(page, baseUrl, BO, 'School Nurse');
    await makeAgreement(page, baseUrl, `${VAL}, Health Visitor`);

    await setRules(page, VAL, 'Named Professional (supervised by the Designated Professional)', 'Within two weeks');
    await expectNoSeriousAxeViolations(page, 'schedule with rules');
    await setRules(page, BO, 'All relevant staff', 'Immediately');

    // Three sessions for Val, each setting the next; Bo's one session was long ago.
    await startDerbySession(page, baseUrl, VAL, dates.first);
    // The agreement was signed today: this earlier session had none in force, and says so.
    await page.getByText('None in force when the session began', { exact: false }).first().waitFor();
    await runSession(page, { date: dates.second, time: '10:00', venue: 'Health centre' }, false);
    await startDerbySession(page, baseUrl, VAL, dates.second);
    await runSession(page, { date: dates.third, time: '10:00', venue: 'Health centre' }, true);
    await startDerbySession(page, baseUrl, VAL, dates.third);
    await page.getByText(/^In force \(review due/).first().waitFor();
    const nextDate = addMonths(dates.third, 3);
    await runSession(page, { date: nextDate, time: '14:30', venue: 'Health centre, room 2' }, false);
    await startDerbySession(page, baseUrl, BO, dates.bo);
    await runSession(page, { date: '', time: '', venue: '' }, false);

    // Each next meeting became an appointment; the two that took place are held.
    await openSchedule(page, VAL);
    await expect(appointment(page, dates.second, '10:00').getByText('Held', { exact: true }).count()).resolves.toBe(1);
    await expect(appointment(page, dates.third, '10:00').getByText('Held', { exact: true }).count()).resolves.toBe(1);
    const upcoming = appointment(page, nextDate, '14:30');
    await upcoming.getByText('Set as the next meeting in a signed session.').waitFor();
    await expect(upcoming.getByText('Booked', { exact: true }).count()).resolves.toBe(1);
    await expect(page.getByTestId('compliance-status').getByText('Up to date').count()).resolves.toBe(1);
    await expectNoSeriousAxeViolations(page, 'schedule with appointments');

    // The calendar file parses, in UK local time, and is titled with the supervisee and the kind of
    // session (twelve supervisees are twelve different entries); no case or reason is in it.
    const [download] = await Promise.all([page.waitForEvent('download'), upcoming.getByRole('button', { name: 'Download calendar file (.ics)' }).click()]);
    const icsPath = await download.path();
    const ics = await readFile(icsPath, 'utf8');
    const event = eventOf(parseIcs(ics));
    expect(prop(event, 'DTSTART')).toEqual({ name: 'DTSTART', params: { TZID: 'Europe/London' }, value: `${nextDate.replaceAll('-', '')}T143000` });
    expect(prop(event, 'STATUS').value).toBe('CONFIRMED');
    expect(prop(event, 'SUMMARY').value).toBe(`Safeguarding supervision: ${VAL} (one-to-one)`);
    for (const word of [CASE_LABEL, MARKER]) expect(ics).not.toContain(word);

    // Cancelled by the supervisee: awaiting rebooking within two weeks.
    await upcoming.getByRole('button', { name: 'Cancel appointment' }).click();
    await upcoming.getByLabel('Supervisee', { exact: true }).check();
    await upcoming.getByLabel('Why it was cancelled').fill(`Annual leave ${MARKER}`);
    await upcoming.getByRole('button', { name: 'Confirm cancellation' }).click();
    await upcoming.getByText('Awaiting rebooking').waitFor();
    await upcoming.getByText(`Rebook by ${formatDate(addDays(today, 14))}`, { exact: false }).waitFor();

    await page.goto(`${baseUrl}/#/dashboard`);
    const valRow = page.getByRole('row').filter({ hasText: VAL });
    const boRow = page.getByRole('row').filter({ hasText: BO });
    await valRow.getByRole('link', { name: `Up to date: schedule for ${VAL}` }).waitFor();
    const cells = async (row: Locator) => (await row.getByRole('cell').allTextContents()).map((t) => t.trim());
    expect((await cells(valRow))[6]).toBe('1');

    // Rebooked: nothing left to rebook.
    await openSchedule(page, VAL);
    await upcoming.getByRole('button', { name: 'Rebook' }).click();
    const rebookedDate = addDays(nextDate, 7);
    await upcoming.getByLabel('Date').fill(rebookedDate);
    await upcoming.getByLabel('Time').fill('09:30');
    await upcoming.getByRole('button', { name: 'Book the new appointment' }).click();
    await upcoming.getByText('Rebooked', { exact: true }).waitFor();
    await appointment(page, rebookedDate, '09:30').getByText('Booked', { exact: true }).waitFor();

    await page.goto(`${baseUrl}/#/dashboard`);
    await valRow.getByRole('link', { name: `Up to date: schedule for ${VAL}` }).waitFor();
    const val = await cells(valRow);
    expect(val[1]).toContain('Every 3 months');
    expect(val[2]).toBe(formatDate(addMonths(dates.third, 3)));
    expect(val[3]).toBe('0'); // the case's action was reviewed as done at the third session
    expect(val[5]).toBe('In force');
    expect(val[6]).toBe('0');
    await boRow.getByRole('link', { name: `Overdue: schedule for ${BO}` }).waitFor();
    const bo = await cells(boRow);
    expect(bo[1]).toContain('6 times a year');
    expect(bo[2]).toBe(formatDate(addDays(dates.bo, 60)));
    expect(bo[5]).toBe('None');
    // The balance of the four functions for each supervisee with signed sessions.
    await page.getByRole('heading', { name: /Balance of the four functions/ }).first().waitFor();
    await expectNoSeriousAxeViolations(page, 'dashboard');

    // The report: attendance, dates and status only.
    await page.getByRole('link', { name: /Compliance report/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Compliance report' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill(addDays(today, -365));
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.getByRole('button', { name: 'Show the report' }).click();
    const table = page.getByRole('table', { name: /^Supervision compliance/ });
    await table.waitFor();
    const valReport = await cells(table.getByRole('row').filter({ hasText: VAL }));
    expect(valReport).toContain('3');
    expect(valReport.join(' ')).toContain(formatDate(dates.second));
    await expectNoSeriousAxeViolations(page, 'report');
    const reportText = (await page.locator('main').textContent()) ?? '';
    for (const word of [CASE_LABEL, MARKER, 'Quorra', 'Annual leave']) expect(reportText).not.toContain(word);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csv = await readFile(await csvDownload.path(), 'utf8');
    expect(csv).toContain(VAL);
    expect(csv).toContain(BO);
    for (const word of [CASE_LABEL, MARKER, 'Quorra', 'Annual leave']) expect(csv).not.toContain(word);
    await close();
  });
});
