import { describe, expect, test } from 'vitest';
import { useWebApp } from '../helpers/web-app';

/**
 * Web mode, a trainer's first minutes on a fresh install, at 1024x700: the first screen offers the
 * demo shop; it opens in a workspace of its own on a virtual clock; the clock goes forward 30 days
 * from the sidebar and the flow report (its period, its table and its chart) follows without a
 * reload; a customer is made to do something now and their journey answers.
 */
describe('web mode: the demo shop on first start', () => {
  const app = useWebApp({ page: { viewport: { width: 1024, height: 700 } } });

  test('first start, open the demo, advance 30 days, the flow report changes without a reload', async () => {
    const page = app.page;
    const welcome = page.getByRole('region', { name: 'Welcome' });
    await welcome.getByRole('combobox', { name: 'Size' }).selectOption('1000');
    await welcome.getByRole('button', { name: 'Open the demo shop' }).click();
    // The page reloads into the demo's workspace, named on screen, on its virtual clock.
    await expect.poll(() => page.getByRole('combobox', { name: 'Workspace', exact: true }).inputValue(), { timeout: 60_000 }).toBe('demo-shop');
    const clockBar = page.getByRole('group', { name: 'Virtual clock' });
    const clockText = () => clockBar.getByTestId('clock-bar-now').textContent();
    await expect.poll(clockText).toMatch(/^Virtual clock: \d+ \w+ 20\d\d, \d\d:\d\d \S+/);
    await expect.poll(() => welcome.count()).toBe(0);

    await page.getByRole('button', { name: /^Analytics/ }).click();
    await page.getByRole('tab', { name: 'Flow report' }).click();
    await page.getByRole('combobox', { name: 'Flow', exact: true }).selectOption({ label: 'Reactivation' });
    const follows = page.getByTestId('period-follows-clock');
    const before = await follows.textContent();
    expect(before).toContain('following the engine’s virtual clock');
    const chartBars = () => page.getByRole('figure', { name: 'Impressions, clicks and conversions per step' }).locator('.recharts-bar-rectangle path').count();
    const barsBefore = await chartBars();
    // A marker on the page: a reload would lose it.
    await page.evaluate(() => Object.assign(globalThis, { stillThisPage: true }));

    const clockBefore = await clockText();
    await clockBar.getByRole('button', { name: '+30 days' }).click();
    await expect.poll(clockText, { timeout: 120_000 }).not.toBe(clockBefore);
    await expect.poll(() => follows.textContent(), { timeout: 30_000 }).not.toBe(before);
    await expect.poll(chartBars, { timeout: 30_000 }).toBeGreaterThan(barsBefore);
    const sent = page.getByRole('table', { name: 'Steps: funnel' }).getByRole('row').nth(1).getByRole('cell').nth(1);
    await expect.poll(async () => Number((await sent.textContent())?.replace(/\D/g, '') ?? 0), { timeout: 30_000 }).toBeGreaterThan(0);
    expect(await page.evaluate(() => (globalThis as unknown as { stillThisPage?: boolean }).stillThisPage)).toBe(true);
    expect(app.problems).toEqual([]);
  }, 240_000);

  test('a customer does something now on the virtual clock, and their journeys show the flow it started', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Audience/ }).click();
    // The list is read again as the simulated month's last changes arrive, its rows shown as "…"
    // until their page comes back: a click on such a row opens the customer once it is there.
    await page.getByRole('grid', { name: 'Customers' }).getByRole('row').nth(1).click();
    const drawer = page.getByRole('dialog', { name: /^Customer / });
    await drawer.waitFor();
    const doIt = drawer.getByRole('region', { name: 'Do an event' });
    await doIt.getByRole('combobox', { name: 'Event' }).fill('add_to_cart');
    await doIt.getByRole('textbox', { name: /Properties/ }).fill('cart_id=TRAINER-1\namount=4200');
    await doIt.getByRole('button', { name: 'Do it now' }).click();
    await expect.poll(() => doIt.getByRole('status').textContent()).toContain('add_to_cart recorded now');
    // The abandoned-cart flow took them in, keyed to this cart, and says what it waits for.
    const journeys = drawer.getByRole('region', { name: 'Journeys' });
    await expect.poll(() => journeys.textContent(), { timeout: 20_000 }).toContain('Abandoned cart email');
    await expect.poll(() => drawer.getByRole('region', { name: 'Event timeline' }).textContent()).toContain('cart_id: TRAINER-1');
    await drawer.getByRole('button', { name: 'Close customer' }).click();
    expect(app.problems).toEqual([]);
  });

  test('a draft flow simulated on a copy shows its forecast beside the current plan, and the workspace is unchanged', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Flows/ }).click();
    await page.getByRole('button', { name: 'Use this template: Onboarding' }).click();
    await page.getByRole('button', { name: 'Simulate on a copy…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Simulate / });
    await dialog.getByRole('spinbutton', { name: 'Days' }).fill('7');
    await dialog.getByRole('button', { name: 'Run the forecast' }).click();
    const table = dialog.getByRole('table', { name: 'Forecast beside the current plan' });
    await table.waitFor({ timeout: 120_000 });
    const row = (label: string) =>
      table
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: label }) })
        .getByRole('cell');
    const entrants = await row('Customers entering this flow').allTextContents();
    expect(Number(entrants[0]!.replace(/\D/g, ''))).toBeGreaterThan(0);
    expect(entrants[1]).toBe('0');
    await expect.poll(() => dialog.getByRole('figure').count()).toBe(2);
    expect(await dialog.getByRole('status').textContent()).toContain('the demo’s simulated customers');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('flow-status').textContent()).toContain('draft');
    expect(app.problems).toEqual([]);
  }, 180_000);

  test('Reset the demo puts its clock back to where it started', async () => {
    const page = app.page;
    const clockText = () => page.getByTestId('clock-bar-now').textContent();
    const advanced = await clockText();
    await page.evaluate(() => Object.assign(globalThis, { beforeReset: true }));
    await page.getByRole('button', { name: /^Settings/ }).click();
    await page.getByRole('button', { name: 'Reset the demo' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Yes, go ahead' }).click();
    // The window reads everything again (a reload): nothing on screen is of the state it left.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { beforeReset?: boolean }).beforeReset ?? false), { timeout: 60_000 }).toBe(false);
    await expect.poll(clockText, { timeout: 60_000 }).not.toBe(advanced);
    expect(await page.getByRole('combobox', { name: 'Workspace', exact: true }).inputValue()).toBe('demo-shop');
    // Back to the first state: the flows are the seven published ones, the draft made above is gone.
    await page.getByRole('button', { name: /^Flows/ }).click();
    await expect.poll(() => page.getByRole('table', { name: 'Flows' }).getByRole('row').count()).toBe(8);
    expect(app.problems).toEqual([]);
  }, 120_000);
});
