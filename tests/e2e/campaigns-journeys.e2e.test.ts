import { describe, expect, test } from 'vitest';
import { useWebApp } from '../helpers/web-app';
import { AudiencePage } from './pages/audience-page';

/**
 * Web mode, end to end: a sandbox workspace on a virtual clock, an event tracked over POST /track
 * entering a published flow, the clock advanced from Settings, the journey read on the customer's
 * profile; then a campaign built in the six-step wizard, launched, and its messages in the outbox.
 */
describe('web mode: journeys on a virtual clock, and a campaign from the wizard', () => {
  const app = useWebApp({ page: { viewport: { width: 1400, height: 950 } }, prepare: async (host) => void (await host.call('customers/import', { source: { kind: 'sample' } })) });
  let trackingKey = '';

  test('Settings switches the workspace to a virtual clock', async () => {
    await app.page.getByRole('button', { name: /^Settings/ }).click();
    await app.page.getByRole('button', { name: 'Use a virtual clock (simulation workspace)' }).click();
    await expect.poll(() => app.page.getByTestId('engine-clock').textContent()).toContain('Virtual (simulation)');
    expect((await app.host.call('engine/status', {})).clock).toBe('virtual');
  });

  test('Settings saves delivery rules: quiet hours, a new cap, the deadline', async () => {
    const rules = app.page.getByRole('form', { name: 'Delivery rules' });
    await rules.getByRole('combobox', { name: 'A message due in quiet hours' }).selectOption('drop');
    await rules.getByRole('button', { name: 'Add a cap' }).click();
    await rules.getByRole('spinbutton', { name: 'Cap 3 messages' }).fill('1');
    await rules.getByRole('combobox', { name: 'Cap 3 channel' }).selectOption('sms');
    await rules.getByRole('spinbutton', { name: 'Cap 3 days' }).fill('2');
    await rules.getByRole('spinbutton', { name: /Drop a message not sent within/ }).fill('12');
    await rules.getByRole('button', { name: 'Save delivery rules' }).click();
    await rules.getByRole('status').filter({ hasText: 'Delivery rules saved' }).waitFor();
    const saved = (await app.host.call('settings/get', {})).delivery;
    expect(saved.quietHours).toMatchObject({ enabled: true, mode: 'drop', start: '21:00', end: '09:00' });
    expect(saved.frequencyCaps).toContainEqual({ channel: 'sms', max: 1, days: 2 });
    expect(saved.deadlineHours).toBe(12);
    // Put the defaults back: the journeys below are not about these rules.
    await app.host.call('settings/update', { delivery: { ...saved, quietHours: { ...saved.quietHours, enabled: false }, frequencyCaps: [] } });
  });

  test('Settings makes a tracking key, shown once; the key records events and nothing else', async () => {
    const panel = app.page.getByRole('region', { name: 'Tracking keys' });
    await panel.getByRole('textbox', { name: 'Key name' }).fill('Shop website');
    await panel.getByRole('button', { name: 'Create a key' }).click();
    trackingKey = await panel.getByRole('textbox', { name: 'New tracking key' }).inputValue();
    expect(trackingKey).toMatch(/^cstk_/);
    await expect.poll(() => panel.getByRole('cell', { name: 'Shop website', exact: true }).count()).toBe(1);
    expect((await app.host.call('tracking/keys', {})).keys.map((key) => key.name)).toEqual(['Shop website']);
    // A key is not the admin token: it opens no other door.
    const read = await fetch(`${app.host.url}/rpc/customers/list`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${trackingKey}` }, body: '{}' });
    expect(read.status).toBe(401);
  });

  test('an event tracked over POST /track enters a flow; advancing the clock sends its email; the profile explains each step', async () => {
    const flow = await app.host.call('flows/create', { name: 'Cart email', templateId: 'abandoned-cart-email' });
    await app.host.call('flows/publish', { id: flow.id });
    const tracked = await fetch(`${app.host.url}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${trackingKey}` },
      body: JSON.stringify({ customerId: 'CUST-00002', event: 'add_to_cart', properties: { cart_id: 'K-77' } }),
    });
    expect(tracked.status).toBe(200);
    expect(await tracked.json()).toMatchObject({ ok: true, value: { accepted: 1, duplicates: 0, rejected: [] } });
    const refused = await fetch(`${app.host.url}/track`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
    // The admin token is not a tracking key.
    const withAdminToken = await fetch(`${app.host.url}/track`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.host.token}` },
      body: JSON.stringify({ customerId: 'CUST-00002', event: 'app_open' }),
    });
    expect(withAdminToken.status).toBe(401);

    await app.page.getByRole('spinbutton', { name: 'Advance amount' }).fill('2');
    await app.page.getByRole('combobox', { name: 'Advance unit' }).selectOption('days');
    await app.page.getByRole('button', { name: 'Advance the clock' }).click();
    await expect.poll(() => app.page.getByRole('status').filter({ hasText: 'messages sent' }).textContent(), { timeout: 20_000 }).toMatch(/1 messages sent/);

    await app.page.getByRole('button', { name: /^Audience/ }).click();
    const audience = new AudiencePage(app.page);
    await audience.search('CUST-00002');
    await expect.poll(() => audience.customerCount().textContent()).toBe('1 customer');
    await audience.table().getByRole('gridcell', { name: 'Sarah', exact: true }).click();
    const journeys = app.page.getByRole('dialog', { name: 'Customer CUST-00002' }).getByRole('region', { name: 'Journeys' });
    await journeys.getByText('Cart email').waitFor();
    const log = await journeys.textContent();
    expect(log).toContain('entered on event add_to_cart');
    expect(log).toContain('waiting for purchase with cart_id = K-77');
    expect(log).toContain('email message #1 sent via Sandbox email');
    await app.page.keyboard.press('Escape');
  });

  test('the six-step wizard builds an SMS campaign; launched, its messages show in the list and the outbox', async () => {
    await app.page.getByRole('button', { name: /^Campaigns/ }).click();
    await app.page.getByRole('button', { name: 'New campaign' }).click();
    await app.page.getByRole('radio', { name: 'SMS' }).check();
    await app.page.getByRole('button', { name: 'Next' }).click();
    await app.page.getByRole('textbox', { name: 'Campaign name' }).fill('Ramadan SMS');
    await app.page.getByRole('button', { name: 'Next' }).click();
    await expect.poll(() => app.page.getByTestId('campaign-audience-count').textContent()).toBe('48 of 48 customers match now');
    // Who of them the channel reaches, as the engine counts it.
    const reach = await app.host.call('segments/reach', { target: { filter: { type: 'group', op: 'and', conditions: [] } }, channel: 'sms', marketing: true });
    await expect
      .poll(() => app.page.getByTestId('campaign-reach').textContent())
      .toBe(`SMS: of the 48 matching, ${reach.withAddress} have an address, and ${reach.reachable} of them have not opted out: they get it.`);
    await app.page.getByRole('button', { name: 'Next' }).click();
    await app.page.getByRole('textbox', { name: /^Message/ }).fill('Ramadan Karim {{ customer.first_name }} : -20 % ce soir');
    await app.page.getByRole('button', { name: 'Next' }).click();
    await app.page.getByRole('textbox', { name: 'Link opened from the message' }).fill('https://shop.example/ramadan');
    await app.page.getByRole('button', { name: 'Next' }).click();
    await app.page.getByRole('radio', { name: 'As soon as it is launched' }).check();
    await app.page.getByRole('button', { name: 'Save and launch' }).click();

    // The click saves, then launches: wait for the save to land before reading it.
    await expect.poll(async () => (await app.host.call('campaigns/list', {})).campaigns.some((c) => c.name === 'Ramadan SMS'), { timeout: 20_000 }).toBe(true);
    const campaign = await app.host.call('campaigns/get', { name: 'Ramadan SMS' });
    await expect.poll(async () => (await app.host.call('campaigns/get', { id: campaign.id })).status, { timeout: 20_000 }).toBe('completed');
    const counts = (await app.host.call('campaigns/get', { id: campaign.id })).messages;
    // Sent to those who said yes to SMS; the rest were suppressed for their opt-out, as each row says.
    expect((counts['sent'] ?? 0) + (counts['suppressed'] ?? 0)).toBe(48);
    expect(counts['sent']).toBeGreaterThan(0);
    await expect.poll(() => app.page.getByTestId(`campaign-messages-${campaign.id}`).textContent()).toContain(`${counts['sent']} sent`);

    await app.page.getByRole('tab', { name: 'Outbox' }).click();
    const outbox = app.page.getByRole('table', { name: /Messages, newest first/ });
    await outbox.getByText('Ramadan Karim Sarah : -20 % ce soir').first().waitFor();
    await app.page.getByRole('combobox', { name: 'Status' }).selectOption('suppressed');
    await outbox.getByText('suppressed: opted out of sms').first().waitFor();
  });

  test('the pages ran without console errors or Content-Security-Policy violations', () => {
    expect(app.problems).toEqual([]);
  });
});
