import { describe, expect, test } from 'vitest';
import { seriousAxeProblems } from '../helpers/axe';
import { smsToEveryone } from '../helpers/campaigns';
import { useWebApp } from '../helpers/web-app';

/**
 * Every screen checked by axe-core at 1024x700, with data on it: no serious or critical problem
 * (missing names, labels not tied to their fields, contrast too low, ARIA misused...).
 */
describe('web mode: every screen passes axe-core', () => {
  const app = useWebApp({
    page: { viewport: { width: 1024, height: 700 } },
    prepare: async (host) => {
      await host.call('customers/import', { source: { kind: 'sample' } });
      const flow = await host.call('flows/create', { name: 'Panier', templateId: 'abandoned-cart-email' });
      await host.call('flows/publish', { id: flow.id });
      await host.call('campaigns/save', smsToEveryone('Ramadan', 'Ramadan Karim'));
    },
  });

  const nav = (section: string) => app.page.locator('nav.sidebar').getByRole('button', { name: new RegExp(`^${section}`) });
  const screens: [string, () => Promise<void>][] = [
    ['Flows', async () => void (await nav('Flows').click())],
    [
      'the flow editor',
      async () => {
        await app.page.getByRole('button', { name: 'Panier', exact: true }).click();
        await app.page.getByTestId('flow-canvas').waitFor();
        await app.page.locator('.react-flow__node').first().waitFor();
      },
    ],
    ['the flow editor with a step open (its settings and where its exits lead)', async () => void (await app.page.locator('.react-flow__node .step-label').nth(1).click())],
    ['Audience: customers', async () => void (await nav('Audience').click())],
    [
      'a customer’s drawer',
      async () => {
        await app.page.getByTestId('customers-grid').getByRole('row').nth(1).click();
        await app.page.getByRole('dialog').first().waitFor();
      },
    ],
    ['Audience: import (the drawer closed)', async () => void (await app.page.getByRole('tab', { name: 'Import' }).click())],
    ['Audience: segments', async () => void (await app.page.getByRole('tab', { name: 'Segments' }).click())],
    ['Campaigns', async () => void (await nav('Campaigns').click())],
    [
      'a row’s menu',
      async () => {
        await app.page.getByRole('button', { name: 'More actions for Ramadan' }).click();
        await app.page.getByRole('menu').waitFor();
      },
    ],
    [
      'the question before a delete (a modal dialog)',
      async () => {
        await app.page.getByRole('menuitem', { name: 'Delete' }).click();
        await app.page.getByRole('dialog').waitFor();
      },
    ],
    [
      'the campaign wizard',
      async () => {
        await app.page.keyboard.press('Escape');
        await app.page.getByRole('button', { name: 'New campaign' }).click();
      },
    ],
    [
      'a campaign’s page',
      async () => {
        await app.page.getByRole('button', { name: 'Cancel' }).click();
        await app.page.getByRole('button', { name: 'Open Ramadan' }).click();
      },
    ],
    [
      'the outbox',
      async () => {
        await app.page.getByRole('button', { name: '← All campaigns' }).click();
        await app.page.getByRole('tab', { name: 'Outbox' }).click();
      },
    ],
    ['Analytics', async () => void (await nav('Analytics').click())],
    ['Analytics: the calendar', async () => void (await app.page.getByRole('button', { name: /^Calendar: pick the period/ }).click())],
    ['Analytics: the calendar', async () => void (await app.page.getByRole('button', { name: /^Calendar: pick the period/ }).click())],
    ...['Flow report', 'Campaign report', 'Flows compared', 'Channels', 'Customers', 'Commerce', 'Experiments'].map((tab): [string, () => Promise<void>] => [
      `Analytics: ${tab}`,
      async () => {
        await app.page.keyboard.press('Escape');
        await app.page.getByRole('tab', { name: tab, exact: true }).click();
      },
    ]),
    ['Providers', async () => void (await nav('Providers').click())],
    ['Settings', async () => void (await nav('Settings').click())],
  ];

  test.each(screens)('%s', async (_name, open) => {
    await open();
    await app.page.waitForTimeout(300);
    expect(await seriousAxeProblems(app.page)).toEqual([]);
  });

  test('every step of the campaign wizard, a recurring schedule’s end included', async () => {
    const page = app.page;
    await nav('Campaigns').click();
    await page.getByRole('button', { name: 'New campaign' }).click();
    const steps = ['Channel', 'Name', 'Audience', 'Content', 'Link', 'Schedule'];
    const problems: Record<string, unknown[]> = {};
    for (const [i, step] of steps.entries()) {
      await page.getByRole('button', { name: `${i + 1}. ${step}`, exact: true }).click();
      await page.getByRole('heading', { level: 2, name: `${i + 1}. ${step}` }).waitFor();
      problems[step] = await seriousAxeProblems(page);
    }
    await page.getByRole('radio', { name: 'Again and again' }).check();
    await page.getByRole('radio', { name: 'On a date (its runs that day included)' }).check();
    problems['Schedule, ending on a date'] = await seriousAxeProblems(page);
    expect(problems).toEqual(Object.fromEntries([...steps, 'Schedule, ending on a date'].map((s) => [s, []])));
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  test('the check finds a problem when there is one (a button with no name, a field with no label)', async () => {
    await app.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { body: { insertAdjacentHTML(where: string, html: string): void } } }).document;
      doc.body.insertAdjacentHTML('beforeend', '<button type="button" id="nameless"></button><input id="unlabelled" type="text">');
    });
    const rules = (await seriousAxeProblems(app.page)).map((p) => p.rule).sort();
    expect(rules).toEqual(['button-name', 'label']);
  });
});
