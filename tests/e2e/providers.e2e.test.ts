import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStandIn, type StandIn } from '../helpers/provider-stand-in';
import { useWebApp } from '../helpers/web-app';

/**
 * Web mode: a CRM manager adds Twilio for SMS (pointed at a local server that speaks Twilio's
 * Messages API), sends a test message and reads the answer on screen, sees a refusal explained,
 * and the auth token never comes back to the window.
 */
describe('web mode: configuring a provider and sending it a test message', () => {
  let twilio: StandIn;
  beforeAll(async () => {
    twilio = await startStandIn();
  });
  afterAll(async () => {
    await twilio.close();
  });
  const app = useWebApp({ page: { viewport: { width: 1400, height: 950 } } });
  const SID = 'AC0123456789abcdef0123456789abcdef';

  test('add Twilio with its settings; the token shows as saved, never as text', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Providers/ }).click();
    await page.getByRole('button', { name: 'Add provider' }).click();
    const form = page.getByRole('form', { name: 'Add a provider' });
    await form.getByRole('combobox', { name: 'Service' }).selectOption('twilio');
    await form.getByRole('combobox', { name: 'Channel' }).selectOption('sms');
    await form.getByRole('textbox', { name: 'Name' }).fill('Twilio SMS');
    await form.getByRole('textbox', { name: 'Account SID (required)' }).fill(SID);
    await form.getByLabel('Auth token (required)').fill('tw-ui-secret');
    await form.getByRole('textbox', { name: 'From (required)' }).fill('+15005550006');
    await form.getByRole('textbox', { name: 'API base URL' }).fill(twilio.url);
    await form.getByRole('button', { name: 'Save provider' }).click();
    await page.getByRole('status').filter({ hasText: '"Twilio SMS" saved' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Twilio SMS' });
    await expect.poll(() => row.textContent()).toContain('Twilio Messages (SMS, WhatsApp)');

    await row.getByRole('button', { name: 'Edit Twilio SMS' }).click();
    const edit = page.getByRole('form', { name: 'Edit "Twilio SMS"' });
    expect(await edit.getByLabel('Auth token (required)').inputValue()).toBe('');
    expect(await edit.getByLabel('Auth token (required)').getAttribute('placeholder')).toContain('Saved');
    expect(await page.content()).not.toContain('tw-ui-secret');
    await edit.getByRole('button', { name: 'Cancel' }).click();
  });

  test('a test message goes to the provider with the stored token, and its answer is shown; a refusal says why', async () => {
    const page = app.page;
    twilio.answer({ status: 201, body: { sid: 'SM-ui-1', status: 'queued' } });
    await page.getByRole('button', { name: 'Send test through Twilio SMS' }).click();
    const panel = page.getByRole('form', { name: 'Send a test message through "Twilio SMS"' });
    await panel.getByRole('textbox', { name: /Phone number/ }).fill('+213551234567');
    await panel.getByRole('button', { name: 'Send test message' }).click();
    const result = panel.getByRole('status');
    await result.filter({ hasText: 'Sent' }).waitFor();
    // The time is in the workspace's zone (Africa/Algiers), named.
    expect(await result.textContent()).toMatch(/^Sent: the provider accepted it \(id SM-ui-1\) at \d{1,2} \w{3} \d{4}, \d{2}:\d{2} (GMT\+1|CET)\.$/);
    const request = twilio.last();
    expect(request.path).toBe(`/2010-04-01/Accounts/${SID}/Messages.json`);
    expect(request.headers['authorization']).toBe(`Basic ${Buffer.from(`${SID}:tw-ui-secret`).toString('base64')}`);
    expect(Object.fromEntries(new URLSearchParams(request.body))).toMatchObject({ To: '+213551234567', From: '+15005550006' });

    twilio.answer({ status: 400, body: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 } });
    await panel.getByRole('button', { name: 'Send test message' }).click();
    await result.filter({ hasText: 'Refused' }).waitFor();
    expect(await result.textContent()).toContain('21610');
    expect(await result.textContent()).toContain('replied STOP');
    expect(app.problems).toEqual([]);
  });
});
