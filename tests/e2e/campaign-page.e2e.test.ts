import { describe, expect, test } from 'vitest';
import type { CampaignInput } from '../../shared/domain/campaign';
import { smsToEveryone } from '../helpers/campaigns';
import { useWebApp } from '../helpers/web-app';

const daily = (name: string, ends: CampaignInput['schedule']['ends']) => smsToEveryone(name, 'Bonjour {{ customer.first_name }}', { kind: 'recurring', repeat: 'daily', time: '10:00', ends });

/** A campaign's own page (issue 23): its report, settings and messages; a recurring schedule that ends. */
describe('web mode: a campaign opened, and a recurring campaign that ends', () => {
  let twiceId = 0;
  const app = useWebApp({
    page: { viewport: { width: 1024, height: 700 } },
    prepare: async (host) => {
      await host.call('customers/import', { source: { kind: 'sample' } });
      await host.call('engine/set-clock', { mode: 'virtual', start: '2026-03-02T08:00:00Z' });
      const twice = await host.call('campaigns/save', daily('Twice', { kind: 'after', runs: 2 }));
      twiceId = twice.id;
      await host.call('campaigns/launch', { id: twice.id });
      await host.call('engine/advance', { by: { amount: 3, unit: 'days' } });
      await host.call('campaigns/save', daily('Every morning', { kind: 'never' }));
    },
  });

  test('a campaign opens on its report (the flow report’s numbers for the same period), its settings and its messages', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Campaigns/ }).click();
    await page.getByRole('button', { name: 'Open Twice' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Twice');
    await expect.poll(() => page.getByTestId('campaign-headline').textContent()).toBe('Status: completed · SMS · daily at 10:00 Africa/Algiers, 2 runs · next run: -');

    const engineReport = await app.host.call('analytics/funnel', { campaignId: twiceId, period: { from: '2026-02-04', to: '2026-03-05' }, attribution: { model: 'view_through', counting: 'all' } });
    expect(engineReport.total.sent).toBeGreaterThan(0);
    const table = page.getByRole('table', { name: 'Campaign: funnel' });
    const total = table.getByRole('row').last();
    await expect
      .poll(async () => (await total.getByRole('cell').allTextContents()).slice(1, 3))
      .toEqual([engineReport.total.sent.toLocaleString('en-US'), engineReport.total.impressions.toLocaleString('en-US')]);
    expect(await page.getByText('Campaign “Twice”, 2026-02-04 to 2026-03-05 (Africa/Algiers)', { exact: false }).count()).toBe(1);
    // Two runs, two series: four bars.
    const runs = page.getByRole('figure', { name: 'Customers matched and messages queued per run' });
    await expect.poll(() => runs.locator('.recharts-bar-rectangle path').count()).toBe(4);

    // The period can be changed here (it is the Analytics screen's too): a fortnight before the runs counts nothing.
    await page.getByRole('button', { name: /^Calendar: pick the period/ }).click();
    const calendar = page.getByRole('dialog', { name: 'Pick the first and the last day' });
    await calendar.getByRole('button', { name: /^\w+, (February 10,|10 February) 2026/ }).click();
    await calendar.getByRole('button', { name: /^\w+, (February 20,|20 February) 2026/ }).click();
    await expect.poll(async () => (await total.getByRole('cell').allTextContents()).slice(1, 2)).toEqual(['0']);
    expect(await page.getByText('From 2026-02-10 to 2026-02-20; the period is the Analytics screen’s too.').count()).toBe(1);
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    await expect.poll(async () => (await total.getByRole('cell').allTextContents()).slice(1, 2)).toEqual([engineReport.total.sent.toLocaleString('en-US')]);

    await page.getByRole('tab', { name: 'Settings' }).click();
    const facts = page.getByRole('tabpanel');
    expect(await facts.locator('dt:has-text("Audience") + dd').textContent()).toBe('Every customer');
    expect(await facts.locator('dt:has-text("Runs") + dd').textContent()).toBe('2');
    await facts.getByRole('region', { name: /preview/i }).waitFor();

    await page.getByRole('tab', { name: 'Messages' }).click();
    const messages = page.getByRole('table', { name: /Messages, newest first/ });
    await messages
      .getByText(/^Bonjour /)
      .first()
      .waitFor();
    expect(await page.getByRole('combobox', { name: 'Campaign' }).count()).toBe(0);
    const sent = (await app.host.call('messages/list', { campaignId: twiceId, limit: 1000 })).rows.length;
    expect(await messages.getByRole('row').count()).toBe(sent + 1);

    await page.getByRole('button', { name: '← All campaigns' }).click();
    await page.getByRole('button', { name: 'Open Every morning' }).waitFor();
    expect(app.problems).toEqual([]);
  });

  test('a recurring schedule ends on a date: one before the first run is refused in the wizard’s words, a later one is kept', async () => {
    const page = app.page;
    await page.getByRole('button', { name: 'Edit Every morning' }).click();
    await page.getByRole('button', { name: '6. Schedule' }).click();
    await page.getByRole('radio', { name: 'On a date (its runs that day included)' }).check();
    const endDate = page.getByRole('textbox', { name: 'End date (Africa/Algiers)' }).or(page.getByLabel('End date (Africa/Algiers)'));
    // It starts a month after the engine's today (the virtual clock's 5 March), not the computer's.
    expect(await endDate.inputValue()).toBe('2026-04-04');
    await endDate.fill('2026-03-04');
    await page.getByRole('button', { name: 'Save and launch' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('The campaign ends on 2026-03-04, before its first run: choose a later end date.');
    await endDate.fill('2026-03-10');
    await page.getByRole('button', { name: 'Save and launch' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: 'Open Every morning' }) });
    await expect.poll(() => row.textContent()).toContain('daily at 10:00 Africa/Algiers, until 2026-03-10');
    expect(await app.host.call('campaigns/get', { name: 'Every morning' })).toMatchObject({ status: 'scheduled', schedule: { ends: { kind: 'on', date: '2026-03-10' } } });
    // The one refused launch answered 400, which the browser logs: nothing else went wrong.
    expect(app.problems).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
  });
});
