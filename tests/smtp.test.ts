import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../shared/domain/campaign';
import { defaultNodeData } from '../shared/domain/flow';
import { smtpProvider } from '../engine/providers/smtp';
import { useEngine } from './helpers/engine';
import { providerConfig, sampleMessage } from './helpers/provider-stand-in';

/** Email through a real SMTP server process (smtp-server) on 127.0.0.1, read back with mailparser. */
let server: ChildProcess;
let port = 0;
const received: Record<string, unknown>[] = [];
const waiters: (() => void)[] = [];

beforeAll(async () => {
  server = spawn(process.execPath, [join(import.meta.dirname, 'helpers', 'smtp-receiver.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: server.stdout! });
  port = await new Promise<number>((resolve) => {
    lines.on('line', (line) => {
      if (line.startsWith('PORT ')) return resolve(Number(line.slice(5)));
      received.push(JSON.parse(line) as Record<string, unknown>);
      for (const wake of waiters.splice(0)) wake();
    });
  });
});
afterAll(async () => {
  await smtpProvider.close?.();
  server.kill();
});

async function nextMail(count: number): Promise<Record<string, unknown>> {
  while (received.length < count) await new Promise<void>((resolve) => waiters.push(resolve));
  return received[count - 1]!;
}

const smtp = (extra: Record<string, unknown> = {}) =>
  providerConfig('smtp', 'email', { host: '127.0.0.1', port, security: 'none', user: 'crm', password: 's3cret', from: 'Shop <news@shop.example>', ...extra });

describe('SMTP provider', () => {
  test('delivers a marketing email with text and HTML parts, one-click unsubscribe headers and a Message-ID from our key', async () => {
    const before = received.length;
    const outcome = await smtpProvider.send(sampleMessage(), smtp());
    expect(outcome).toMatchObject({ status: 'sent' });
    const mail = await nextMail(before + 1);
    expect(mail).toMatchObject({
      user: 'crm',
      envelopeTo: ['amina@example.dz'],
      from: '"Shop" <news@shop.example>',
      to: 'amina@example.dz',
      subject: 'Your cart',
      text: 'Your cart is waiting',
      html: '<p>Your cart is waiting</p>',
      listUnsubscribe: '<https://shop.example/unsubscribe?m=c3%3A41>',
      listUnsubscribePost: 'List-Unsubscribe=One-Click',
      campaignStudioMessage: '41',
    });
    // Under the sender's own domain, as RFC 5322 asks.
    expect(mail['messageId']).toMatch(/^<[0-9a-f]{40}@shop\.example>$/);
    expect(outcome.status === 'sent' && outcome.providerMessageId).toBe(mail['messageId']);
  });

  test('550 for an unknown mailbox fails and blocks the address; 451 is retried; a wrong password fails', async () => {
    const unknown = await smtpProvider.send(sampleMessage({ to: { externalId: 'x', email: 'nobody@example.dz', phone: null, pushToken: null } }), smtp());
    expect(unknown).toMatchObject({ status: 'failed', contact: 'bad_address', error: expect.stringContaining('SMTP 550') });
    const busy = await smtpProvider.send(sampleMessage({ to: { externalId: 'y', email: 'busy@example.dz', phone: null, pushToken: null } }), smtp());
    expect(busy).toMatchObject({ status: 'retry', error: expect.stringContaining('SMTP 451') });
    const denied = await smtpProvider.send(sampleMessage(), smtp({ password: 'wrong' }));
    expect(denied).toMatchObject({ status: 'failed', error: expect.stringContaining('535') });
    expect(denied.status === 'failed' && denied.contact).toBeUndefined();
  });

  test('a server that is not there is retried: nothing was sent', async () => {
    expect(await smtpProvider.send(sampleMessage(), smtp({ port: 1 }))).toMatchObject({ status: 'retry', error: expect.stringContaining('nothing was sent') });
  });

  const to = (email: string) => sampleMessage({ to: { externalId: email, email, phone: null, pushToken: null } });

  test('replies are read by their enhanced status code, not their words', async () => {
    // "your IP address is listed": our sending problem, the recipient's address is fine.
    const listed = await smtpProvider.send(to('listed@example.dz'), smtp());
    expect(listed).toMatchObject({ status: 'failed', error: expect.stringContaining('5.7.1') });
    expect(listed.status === 'failed' && listed.contact).toBeUndefined();
    expect(await smtpProvider.send(to('full@example.dz'), smtp())).toMatchObject({ status: 'retry', error: expect.stringContaining('5.2.2') });
    const plain = await smtpProvider.send(to('plain@example.dz'), smtp());
    expect(plain).toMatchObject({ status: 'failed', error: expect.stringContaining('SMTP 550') });
    expect(plain.status === 'failed' && plain.contact).toBeUndefined();
  });

  test('a connection lost after the message data was sent leaves the message unknown, sent once', async () => {
    const before = received.length;
    const outcome = await smtpProvider.send(to('drop@example.dz'), smtp());
    expect(outcome).toMatchObject({ status: 'unknown' });
    await nextMail(before + 1);
    expect(received.filter((mail) => (mail['envelopeTo'] as string[]).includes('drop@example.dz'))).toHaveLength(1);
  });
});

describe('SMTP through the engine', () => {
  const { engine } = useEngine();
  test('a campaign goes out through a configured SMTP provider whose password is sealed', async () => {
    const provider = await engine().call('providers/create', {
      name: 'Office SMTP',
      kind: 'smtp',
      channel: 'email',
      config: { host: '127.0.0.1', port, security: 'none', user: 'crm', password: 's3cret', from: 'Shop <news@shop.example>' },
    });
    expect(provider.config).toEqual({ host: '127.0.0.1', port, security: 'none', user: 'crm', password: '(hidden)', from: 'Shop <news@shop.example>' });
    await engine().call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id,email,consent_email\nc1,karim@example.dz,yes\n' } });
    const campaign = await engine().call('campaigns/save', {
      name: 'Welcome',
      channel: 'email',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { ...defaultNodeData('send'), channel: 'email', providerId: provider.id, subject: 'Welcome {{ customer.external_id }}', body: 'Hello', marketing: false },
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    await engine().call('campaigns/launch', { id: campaign.id });
    const before = received.length;
    const summary = await engine().call('engine/run-due', {});
    expect(summary.sent).toBe(1);
    expect(await nextMail(before + 1)).toMatchObject({ user: 'crm', to: 'karim@example.dz', subject: 'Welcome c1', text: expect.stringMatching(/^Hello\s*$/), listUnsubscribe: null });
  });
});
