/** The PWA works offline after the first load: the service worker serves every screen. */
import { describe, expect, it } from 'vitest';
import { newPage, openApp, unlock, useBrowser } from './browser.ts';

const { browser, baseUrl } = useBrowser();

describe('offline', () => {
  it('opens and starts a session with the network off after one online visit', async () => {
    const { page, context, close } = await newPage(browser());
    await openApp(page);
    // Wait until the service worker controls the page and has precached the app.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((resolve) => navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }));
      }
    });
    await context.setOffline(true);
    await page.reload();
    await unlock(page);
    await page.getByRole('heading', { name: 'Safeguarding supervision', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Start a supervision session' }).click();
    await page.getByLabel('Full name', { exact: true }).fill('Olive Offline');
    await page.getByRole('button', { name: 'Add supervisee' }).click();
    await page.getByLabel('Supervisor’s full name').fill('Sam Supervisor');
    await page.getByRole('radio', { name: /South Gloucestershire/ }).check();
    await page.getByRole('button', { name: 'Begin the session' }).click();
    await page.getByRole('region', { name: 'Conversation' }).getByRole('heading', { name: 'ACTIONS COMPLETED / OUTSTANDING ISSUES CARRIED FORWARD' }).waitFor();
    expect(await page.evaluate(() => navigator.onLine)).toBe(false);
    await close();
  });
});
