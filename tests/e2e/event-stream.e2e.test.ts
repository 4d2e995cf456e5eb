import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { useWebApp } from '../helpers/web-app';

/**
 * Web mode's events come over server-sent events, which are not replayed: a change the engine
 * announced before the page's stream was open reached nobody. The page must read again once its
 * stream opens, or a screen keeps showing what it read first.
 */
describe('web mode: the event stream', () => {
  const app = useWebApp({ open: false });

  test('a change made before the stream opened shows once it opens', async () => {
    const { page, host } = app;
    // The page's event stream is held in the browser until the campaign below is saved.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/events', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(host.openUrl);
    await page.getByRole('button', { name: /^Campaigns/ }).click();
    await page.getByText('No campaigns yet').waitFor();

    // Announced by the engine while no stream is open: nobody hears it.
    await host.call('campaigns/save', {
      name: 'Saved elsewhere',
      channel: 'push',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { ...defaultNodeData('send'), title: 'Promo', body: 'Cette semaine' },
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    release();
    await page.getByText('Saved elsewhere').first().waitFor({ timeout: 15_000 });
    expect(await page.getByText('No campaigns yet').count()).toBe(0);
    expect(app.problems).toEqual([]);
  });
});
