import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { SegmentFilter } from '../../shared/domain/segment-filter';
import { SAMPLE_CSV } from '../helpers/temp-dir';
import { useWebApp } from '../helpers/web-app';
import { AudiencePage } from './pages/audience-page';

describe('web mode: the import wizard reports errors, and a behaviour segment counts', () => {
  const app = useWebApp({ page: { acceptDownloads: true } });

  /** The same count through the API, to compare with what the screen shows. */
  async function apiCount(filter: SegmentFilter): Promise<number> {
    return (await app.host.call('segments/count', { filter })).count;
  }

  test('a CSV with bad values: preview, dry run, the values left out on screen and as a CSV download, then the import keeps every customer', async () => {
    const withErrors = join(app.dir, 'crm-export.csv');
    writeFileSync(
      withErrors,
      readFileSync(SAMPLE_CSV, 'utf8') +
        'BAD-1,Lina,Kaci,not-an-email,0550 12 34 56,Oran,fr,Africa/Algiers,2025-01-01,yes,yes,no,no,gold,3\nBAD-2,Anis,Toumi,anis@example.com,12,Oran,fr,Africa/Algiers,someday,yes,yes,no,no,gold,3\n',
    );
    const audience = new AudiencePage(app.page);
    await audience.chooseImportFile(withErrors);
    await expect(app.page.getByTestId('import-preview').textContent()).resolves.toContain('Hélène');
    await expect(app.page.getByRole('combobox', { name: 'Column email means' }).inputValue()).resolves.toBe('email');

    await app.page.getByRole('button', { name: 'Check the file (dry run)' }).click();
    await expect.poll(() => audience.importResult().textContent()).toContain('Dry run of crm-export.csv');
    const report = app.page.getByRole('table', { name: 'Values left out (the customer was kept)' });
    const reportText = await report.textContent();
    expect(reportText).toContain('not-an-email');
    expect(reportText).toContain('someday');
    expect(reportText).toMatch(/51\s*phone/);

    const [download] = await Promise.all([app.page.waitForEvent('download'), app.page.getByRole('button', { name: 'Download the report (CSV)' }).click()]);
    const saved = join(app.dir, 'report.csv');
    await download.saveAs(saved);
    const csv = readFileSync(saved, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('row,column,level,code,value,message');
    expect(csv).toContain('50,email,warning,invalid_email,not-an-email');

    await audience.startImport();
    await expect.poll(() => audience.importResult().textContent()).toContain('50 new');
    await expect(audience.importResult().textContent()).resolves.toContain('0 rejected');
    expect((await app.host.call('customers/get', { externalId: 'BAD-1' })).email).toBeNull();
  });

  test('events import, then a segment with a behaviour condition shows its live count', async () => {
    const audience = new AudiencePage(app.page);
    await audience.openTab('Import');
    await app.page.getByRole('radio', { name: /Events/ }).check();
    await app.page.getByRole('button', { name: 'Use the sample events' }).click();
    await app.page.getByRole('button', { name: 'Check the file (dry run)' }).waitFor();
    await audience.startImport();
    await expect.poll(() => audience.importResult().textContent()).toMatch(/Imported sample-events\.csv: \d+ rows, \d+ new/);

    await audience.openTab('Segments');
    await app.page.getByRole('button', { name: '+ Behaviour' }).click();
    await app.page.getByRole('combobox', { name: 'When' }).selectOption('ever');
    await app.page.getByRole('combobox', { name: 'Event name' }).fill('purchase');
    const filter: SegmentFilter = {
      type: 'group',
      op: 'and',
      conditions: [{ type: 'behaviour', event: 'purchase', occurrence: 'at_least', count: 1, window: { kind: 'ever' }, where: [] }],
    };
    const expected = await apiCount(filter);
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(48);
    await expect.poll(() => app.page.getByTestId('segment-count').textContent()).toBe(`${expected} of 50 customers`);

    await app.page.getByRole('textbox', { name: 'Segment name' }).fill('Buyers');
    await app.page.getByRole('button', { name: 'Save as dynamic segment' }).click();
    const saved = app.page.getByRole('table', { name: 'Saved segments' });
    await expect.poll(() => saved.getByRole('row', { name: /Buyers/ }).textContent()).toContain(String(expected));
  });

  test('the page ran without console errors or Content-Security-Policy violations', () => {
    expect(app.problems).toEqual([]);
  });
});
