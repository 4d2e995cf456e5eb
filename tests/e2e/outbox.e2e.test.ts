import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { DATA_FILE_NAME } from '../../engine/db/connection';
import { useWebApp } from '../helpers/web-app';

/**
 * Web mode: the outbox of a workspace that has sent more than one page of messages, read a page at
 * a time, narrowed by campaign and by customer; messages of unknown fate chosen together and settled.
 */
describe('web mode: the outbox', () => {
  const app = useWebApp({
    page: { viewport: { width: 1400, height: 950 } },
    prepare: async (host) => {
      await host.call('customers/import', { source: { kind: 'sample' } });
      await host.call('engine/set-clock', { mode: 'virtual', start: '2026-03-02T09:00:00Z' });
      for (let n = 1; n <= 5; n++) {
        const campaign = await host.call('campaigns/save', {
          name: `Promo ${n}`,
          channel: 'email',
          audience: { filter: { type: 'group', op: 'and', conditions: [] } },
          content: { ...defaultNodeData('send'), channel: 'email', subject: `Promo ${n}`, body: 'Cette semaine {{ unsubscribe_url }}', marketing: false },
          schedule: defaultCampaignSchedule('Africa/Algiers'),
        });
        await host.call('campaigns/launch', { id: campaign.id });
      }
      await host.call('engine/advance', { by: { amount: 1, unit: 'hours' } });
    },
  });

  const caption = () =>
    app.page
      .getByRole('table', { name: /Messages, newest first/ })
      .locator('caption')
      .textContent();

  test('a page at a time, then only one campaign, then only one customer', async () => {
    // 48 sample customers, five campaigns: 240 messages, sent or suppressed.
    expect((await app.host.call('messages/list', { limit: 1000 })).rows).toHaveLength(240);
    await app.page.getByRole('button', { name: /^Campaigns/ }).click();
    await app.page.getByRole('tab', { name: 'Outbox' }).click();
    await expect.poll(caption).toContain('200 shown');
    await app.page.getByRole('button', { name: 'Show older messages' }).click();
    await expect.poll(caption).toContain('240 shown');
    expect(await app.page.getByRole('button', { name: 'Show older messages' }).count()).toBe(0);

    await app.page.getByRole('combobox', { name: 'Campaign' }).selectOption({ label: 'Promo 3' });
    await expect.poll(caption).toContain('(of campaign "Promo 3"): 48 shown');
    const from = await app.page
      .getByRole('table', { name: /Messages, newest first/ })
      .locator('tbody tr td:nth-child(5)')
      .allTextContents();
    expect(new Set(from)).toEqual(new Set(['Promo 3']));

    await app.page.getByRole('combobox', { name: 'Campaign' }).selectOption({ label: 'all' });
    await app.page.getByRole('textbox', { name: 'Customer external id' }).fill('CUST-00002');
    await app.page.getByRole('button', { name: 'Show', exact: true }).click();
    await expect.poll(caption).toContain('(to CUST-00002): 5 shown');
    expect(app.problems).toEqual([]);
  });

  test("an outbox row opens the message as sent: its content, the provider's answer, what happened since; Escape closes it", async () => {
    // The outbox still shows CUST-00002's messages (the test above narrowed it).
    const sent = (await app.host.call('messages/list', { status: 'sent', customerExternalId: 'CUST-00002', limit: 1 })).rows[0]!;
    await app.page.getByRole('button', { name: /^Campaigns/ }).click();
    await app.page.getByRole('tab', { name: 'Outbox' }).click();
    await app.page.getByRole('button', { name: `Open message ${sent.id}` }).click();
    const drawer = app.page.getByRole('dialog', { name: `Message #${sent.id}` });
    // The message is read once the drawer is open: wait for its content.
    await expect.poll(() => drawer.textContent()).toContain('Cette semaine');
    const text = await drawer.textContent();
    expect(text).toContain(`Promo`);
    expect(text).toContain('Cette semaine');
    expect(text).toContain(sent.providerMessageId!);
    expect(await drawer.getByRole('region', { name: 'What happened since' }).textContent()).toMatch(/delivered|Nothing reported yet/);
    // The body's link was rendered for this customer: no Liquid left in what was sent.
    expect(text).not.toContain('{{');
    await app.page.keyboard.press('Escape');
    await expect.poll(() => drawer.count()).toBe(0);
  });

  test('messages of unknown fate are chosen together and marked delivered', async () => {
    // As a crash mid-send leaves them: three of this customer's messages, straight in the file.
    const shown = (await app.host.call('messages/list', { customerExternalId: 'CUST-00002', limit: 10 })).rows.slice(0, 3).map((m) => m.id);
    const db = new BetterSqlite3(join(app.dir, DATA_FILE_NAME));
    db.pragma('busy_timeout = 5000');
    db.prepare(`UPDATE messages SET status = 'unknown', last_error = 'the app stopped while this message was being sent' WHERE id IN (?, ?, ?)`).run(...shown);
    db.close();

    await app.page.getByRole('button', { name: 'Refresh' }).click();
    await app.page.getByRole('button', { name: 'Choose the 3 of unknown fate shown' }).click();
    for (const id of shown) expect(await app.page.getByRole('checkbox', { name: `Choose message ${id}` }).isChecked()).toBe(true);
    await app.page.getByRole('button', { name: 'It was delivered' }).click();
    await app.page.getByRole('status').filter({ hasText: '3 message(s) updated.' }).waitFor();
    const after = (await app.host.call('messages/list', { customerExternalId: 'CUST-00002', limit: 10 })).rows.filter((m) => shown.includes(m.id));
    expect(after.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
    expect(app.problems).toEqual([]);
  });
});
