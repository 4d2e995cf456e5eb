import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeFixture, type FixtureMessage, type FixturePurchase } from '../helpers/analytics-fixture';
import { useWebApp } from '../helpers/web-app';

/**
 * Web mode: the onboarding flow's abandoned-cart pushes, written to match the reference table 09,
 * read on the Analytics screen: the flow report's numbers and rates, its chart drawn, a second
 * attribution model beside the first, the table as CSV and the chart as PNG and SVG.
 */
const H = 3_600_000;
const MAY_1 = Date.parse('2025-05-01T00:00:00+01:00');

describe('web mode: the flow report', () => {
  const app = useWebApp({
    page: { viewport: { width: 1400, height: 1000 }, acceptDownloads: true },
    prepare: async (host, dir) => {
      const flow = await host.call('flows/create', { name: 'Onboarding', templateId: 'onboarding' });
      await host.call('flows/publish', { id: flow.id });
      const detail = await host.call('flows/get', { id: flow.id });
      const sendId = (label: string) => detail.draft.nodes.find((n) => n.label === label)!.id;
      await host.call('engine/set-clock', { mode: 'virtual', start: '2025-05-20T20:00:00Z' });
      const messages: FixtureMessage[] = [];
      const purchases: FixturePurchase[] = [];
      let customer = 0;
      const step = (label: string, delivered: number, clicks: number, conversions: number, day: number) => {
        for (let i = 0; i < delivered; i++) {
          const at = MAY_1 + day * 24 * H + (i % 600) * 60_000;
          messages.push({ customer: ++customer, flowId: flow.id, nodeId: sendId(label), sentAt: at, deliveredAt: at + 30_000, ...(i < clicks ? { clickedAt: at + 90_000 } : {}) });
          // The first converters clicked: click-through finds them too.
          if (i < conversions) purchases.push({ customer, ts: at + 2 * H, amount: 2000 });
        }
      };
      step('PN1', 2400, 181, 98, 1);
      step('PN2', 1900, 182, 54, 3);
      step('PN3', 684, 22, 6, 6);
      writeFixture(join(dir, 'campaign-studio.db'), { customers: customer, messages, purchases });
    },
  });

  test('the flow report shows table 09 with its rates, and draws the chart', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Analytics/ }).click();
    await page.getByRole('tab', { name: 'Flow report' }).click();
    const table = page.getByRole('table', { name: 'Steps: funnel' });
    const row = (label: string) => table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: label, exact: true }) });
    await row('PN1').waitFor();
    const cells = async (label: string) => (await row(label).getByRole('cell').allTextContents()).map((c) => c.trim());
    expect(await cells('PN1')).toEqual(['push', '2,400', '2,400', '181', '7.54 %', '98', '4.08 %', '196,000']);
    expect(await cells('PN2')).toEqual(['push', '1,900', '1,900', '182', '9.58 %', '54', '2.84 %', '108,000']);
    expect(await cells('PN3')).toEqual(['push', '684', '684', '22', '3.22 %', '6', '0.88 %', '12,000']);
    expect(await page.getByText('Flow “Onboarding”, 2025-04-21 to 2025-05-20 (Africa/Algiers)').count()).toBe(1);
    expect(await page.getByText('CTR = clicks / impressions').count()).toBeGreaterThan(0);
    const chart = page.getByRole('figure', { name: 'Impressions, clicks and conversions per step' });
    // Three series over six send steps, drawn as bars (empty steps draw none).
    await expect.poll(() => chart.locator('.recharts-bar-rectangle path').count()).toBe(9);

    await page.getByRole('combobox', { name: 'Compare with' }).selectOption('in_session');
    await expect.poll(() => table.getByRole('columnheader').allTextContents()).toContain('Conversions (In-session)');
    // Purchases two hours after the push: none within 30 minutes of a click.
    await expect.poll(async () => (await cells('PN1')).slice(8)).toEqual(['0', '0.00 %']);
    expect(app.problems).toEqual([]);
  });

  test('the table exports to CSV and the chart to PNG and SVG', async () => {
    const page = app.page;
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Steps: funnel' }).getByRole('button', { name: 'Export CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('funnel-Onboarding-2025-04-21-2025-05-20.csv');
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text).toContain('PN1,push,2400,2400,181,0.07541666666666667,98,0.04083333333333333,196000');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save "Impressions, clicks and conversions per step" as SVG' }).click()]);
    const svgText = readFileSync((await svg.path())!, 'utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toContain('PN1');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save "Impressions, clicks and conversions per step" as PNG' }).click()]);
    const bytes = readFileSync((await png.path())!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBeGreaterThan(800); // width: the chart at twice its size
    expect(app.problems).toEqual([]);
  });

  test('the canvas counts each send step over the Analytics period and attribution: the flow report’s numbers', async () => {
    const page = app.page;
    const funnel = (label: string) =>
      page
        .locator('.react-flow__node')
        .filter({ has: page.locator('.step-label', { hasText: new RegExp(`^${label}$`) }) })
        .locator('[data-testid^="funnel-"]');
    const openFlow = async () => {
      await page.getByRole('button', { name: /^Flows/ }).click();
      await page.getByRole('button', { name: 'Onboarding', exact: true }).click();
      await page.getByTestId('flow-canvas').waitFor();
    };
    await openFlow();
    await expect.poll(() => funnel('PN1').textContent()).toBe('2,400 sent · 2,400 impressions · 181 clicks · 98 conversions (last 30 days)');
    expect(await funnel('PN2').textContent()).toBe('1,900 sent · 1,900 impressions · 182 clicks · 54 conversions (last 30 days)');

    // Another period on the Analytics screen: PN1 (2 May) falls out of it, PN2 (4 May) stays, on both screens.
    await page.getByRole('button', { name: /^Analytics/ }).click();
    await page.getByRole('tab', { name: 'Flow report' }).click();
    await page.getByLabel('From', { exact: true }).fill('2025-05-03');
    const row = page
      .getByRole('table', { name: 'Steps: funnel' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'PN2', exact: true }) });
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).slice(1, 2)).toEqual(['1,900']);
    // Back to Flows: the editor is where it was left.
    await page.getByRole('button', { name: /^Flows/ }).click();
    await expect.poll(() => funnel('PN1').textContent()).toBe('0 sent · 0 impressions · 0 clicks · 0 conversions (2025-05-03 to 2025-05-20)');
    expect(await funnel('PN2').textContent()).toBe('1,900 sent · 1,900 impressions · 182 clicks · 54 conversions (2025-05-03 to 2025-05-20)');
    expect(app.problems).toEqual([]);
  });

  test('the period follows the engine’s virtual clock as it advances, without a reload, and says so', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Analytics/ }).click();
    await page.getByRole('button', { name: 'Last 30 days' }).click();
    const follows = page.getByTestId('period-follows-clock');
    await expect.poll(() => follows.textContent()).toContain('Last 30 days, following the engine’s virtual clock (now 20 May 2025');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('2025-05-20');
    await app.host.call('engine/advance', { by: { amount: 3, unit: 'days' } });
    await expect.poll(() => page.getByLabel('To', { exact: true }).inputValue(), { timeout: 15_000 }).toBe('2025-05-23');
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toBe('2025-04-24');
    expect(await follows.textContent()).toContain('(now 23 May 2025');
    expect(app.problems).toEqual([]);
  });

  test('a period picked on the calendar, with the keyboard too, sets both dates and stops following the clock', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Calendar: pick the period/ }).click();
    const calendar = page.getByRole('dialog', { name: 'Pick the first and the last day' });
    // Days are named in the UI's English ("Saturday, 3 May 2025" or "Saturday, May 3, 2025").
    const day = (d: number) => calendar.getByRole('button', { name: new RegExp(`^\\w+, (May ${d},|${d} May) 2025`) });
    await day(3).click();
    await day(10).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByLabel('From', { exact: true }).inputValue()).toBe('2025-05-03');
    expect(await page.getByLabel('To', { exact: true }).inputValue()).toBe('2025-05-10');
    await expect.poll(() => calendar.count()).toBe(0);
    expect(await page.getByTestId('period-follows-clock').count()).toBe(0);
    // Days after the engine's today cannot be picked.
    await page.getByRole('button', { name: /^Calendar: pick the period/ }).click();
    expect(await day(30).isDisabled()).toBe(true);
    await page.keyboard.press('Escape');
    expect(app.problems).toEqual([]);
  });
});

describe('web mode: reports while new rows are being counted', () => {
  const SENT = 100_000;
  let flowId = 0;
  let pn1 = '';
  const app = useWebApp({
    page: { viewport: { width: 1400, height: 1000 } },
    prepare: async (host) => {
      const flow = await host.call('flows/create', { name: 'Onboarding', templateId: 'onboarding' });
      await host.call('flows/publish', { id: flow.id });
      const detail = await host.call('flows/get', { id: flow.id });
      flowId = flow.id;
      pn1 = detail.draft.nodes.find((n) => n.label === 'PN1')!.id;
      await host.call('engine/set-clock', { mode: 'virtual', start: '2025-05-20T20:00:00Z' });
    },
  });

  test('the screen says how many rows are left to count, then shows every one of them', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Analytics/ }).click();
    await page.getByRole('tab', { name: 'Flow report' }).click();
    const row = page
      .getByRole('table', { name: 'Steps: funnel' })
      .getByRole('row')
      .filter({ has: page.getByRole('rowheader', { name: 'PN1', exact: true }) });
    await row.waitFor();
    // 100,000 pushes sent and delivered, written into the file while the screen is open (as a
    // big import would): the engine counts them over several seconds, and the screen says so.
    const messages: FixtureMessage[] = Array.from({ length: SENT }, (_, i) => {
      const at = MAY_1 + H + (i % 1000) * 60_000;
      return { customer: i + 1, flowId, nodeId: pn1, sentAt: at, deliveredAt: at + 30_000 };
    });
    writeFixture(join(app.dir, 'campaign-studio.db'), { customers: SENT, messages, purchases: [] });
    const banner = page.getByRole('status').filter({ hasText: 'recently added rows' });
    await banner.waitFor({ timeout: 15_000 });
    expect(await banner.getByRole('progressbar', { name: 'Counting progress' }).count()).toBe(1);
    await banner.waitFor({ state: 'detached', timeout: 120_000 });
    // Sent and impressions, read again once everything is counted.
    await expect.poll(async () => (await row.getByRole('cell').allTextContents()).slice(1, 3).map((c) => c.trim()), { timeout: 15_000 }).toEqual(['100,000', '100,000']);
  });
});
