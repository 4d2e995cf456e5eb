import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, watchPageErrors } from '../helpers/browser';
import { generateCustomersCsv } from '../helpers/customers-csv';
import { makeTempDir, SAMPLE_CSV } from '../helpers/temp-dir';
import { startWebHostProcess, type RunningWebHost } from '../helpers/web-host-process';
import { AudiencePage } from './pages/audience-page';

describe('web mode: importing the sample customers through the UI', () => {
  const temp = makeTempDir();
  let host: RunningWebHost;
  let browser: Browser;
  let page: Page;
  let problems: string[];

  beforeAll(async () => {
    host = await startWebHostProcess(temp.dir);
    browser = await launchBrowser();
    page = await browser.newPage();
    problems = watchPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    temp.cleanup();
  });

  test('a new workspace opens on Audience with an empty state that says what to do', async () => {
    await page.goto(host.openUrl);
    const audience = new AudiencePage(page);
    await audience.heading().waitFor();
    await expect(audience.emptyState().textContent()).resolves.toContain('Import a CSV');
    // The token was traded for a cookie and dropped from the address bar.
    expect(page.url()).not.toContain('token=');
  });

  test('importing the sample CSV shows its rows, and they are still there after a reload', async () => {
    const audience = new AudiencePage(page);
    expect(await audience.importFile(SAMPLE_CSV)).toContain('48 new');
    await expect.poll(() => audience.customerCount().textContent()).toBe('48 customers');
    // Newest first; the table is virtualised, so the oldest row exists only once scrolled to.
    await audience.table().getByText('CUST-00048', { exact: true }).waitFor();
    expect(await audience.rows().count()).toBeLessThan(48);
    await expect(audience.table().getByText('CUST-00001', { exact: true }).count()).resolves.toBe(0);
    await audience.grid().focus();
    await page.keyboard.press('End');
    await audience.table().getByText('CUST-00001', { exact: true }).waitFor();

    await page.reload();
    await expect.poll(() => audience.customerCount().textContent()).toBe('48 customers');
    await audience.search('Boukhalfa');
    await expect.poll(() => audience.customerCount().textContent()).not.toBe('48 customers');
    const matching = await audience.rows().allTextContents();
    expect(matching.length).toBeGreaterThan(0);
    for (const row of matching) expect(row).toContain('Boukhalfa');
  });

  test('an Arabic name survives the whole path, and opening a row shows the customer', async () => {
    const audience = new AudiencePage(page);
    await audience.search('CUST-00006');
    await expect.poll(() => audience.customerCount().textContent()).toBe('1 customer');
    await audience.table().getByText('زينب').click();
    const drawer = page.getByRole('dialog', { name: 'Customer CUST-00006' });
    await drawer.waitFor();
    // The drawer opens at once and fills in when the customer's record arrives.
    await drawer.getByText('client.dz6@example.com').waitFor();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
  });

  test('a name carrying a bidi override shows without it, isolated from the text around it', async () => {
    await host.call('customers/import', { source: { kind: 'text', fileName: 'spoof.csv', text: 'external_id,first_name\nSPOOF-1,\u202Egpj.exe\n' } });
    const audience = new AudiencePage(page);
    await audience.search('SPOOF-1');
    await expect.poll(() => audience.customerCount().textContent()).toBe('1 customer');
    const cell = audience.table().locator('bdi', { hasText: 'gpj.exe' });
    expect(await cell.textContent()).toBe('gpj.exe');
    await cell.click();
    const drawer = page.getByRole('dialog', { name: 'Customer SPOOF-1' });
    await expect.poll(() => drawer.getByRole('heading', { level: 2 }).first().textContent()).toBe('gpj.exe');
    await page.keyboard.press('Escape');
  });

  test('the page ran without console errors or Content-Security-Policy violations', () => {
    expect(problems).toEqual([]);
  });
});

describe('web mode: a long import shows progress and can be cancelled from the UI', () => {
  const temp = makeTempDir();
  let host: RunningWebHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startWebHostProcess(temp.dir);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    temp.cleanup();
  });

  test('cancelling leaves the customers as they were and says so', async () => {
    const page = await browser.newPage();
    await page.goto(host.openUrl);
    const audience = new AudiencePage(page);
    await audience.importFile(SAMPLE_CSV);
    await expect.poll(() => audience.customerCount().textContent()).toBe('48 customers');

    const big = join(temp.dir, 'big-export.csv');
    writeFileSync(big, generateCustomersCsv(300_000, 11));
    await audience.chooseImportFile(big);
    await audience.startImport();
    // Wait until rows are moving, so the cancel lands in the middle of the import.
    const progress = page.getByRole('status').filter({ hasText: /Importing big-export\.csv: \d+% · [1-9][\d,]* rows/ });
    await progress.waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Import cancelled: nothing was written.');
    await audience.openTab('Customers');
    await expect.poll(() => audience.customerCount().textContent()).toBe('48 customers');
    await audience.openTab('Import');
    await page.getByText('Import history').click();
    await expect(page.getByRole('cell', { name: 'cancelled' }).count()).resolves.toBe(1);
  });
});
