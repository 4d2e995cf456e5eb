import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import BetterSqlite3 from 'better-sqlite3';
import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { KEY_FILE_NAME, keyFileSecretBox } from '../secrets/secret-box';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { useEngine } from '../../tests/helpers/engine';
import type { OutgoingMessage } from './provider';
import { signBody, webhookProvider } from './webhook';
import { closeHttpPools } from './http';
import { DEFAULT_SANDBOX_RATES, sandboxProvider, simulateEngagement } from './sandbox';

/** A local receiver answering with the status named in the path, recording what it got. */
let url = '';
const seen: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
const server = createServer((req, res) => {
  let body = '';
  req.on('data', (chunk: Buffer) => (body += chunk.toString()));
  req.on('end', () => {
    seen.push({ path: req.url ?? '', headers: req.headers, body });
    const status = Number((req.url ?? '').split('/')[2] ?? 200);
    res.writeHead(status, status === 429 ? { 'retry-after': '30' } : {}).end(status >= 400 ? 'nope' : '{}');
  });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await closeHttpPools();
  server.close();
});

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  id: 7,
  idempotencyKey: 'c1:1:7',
  channel: 'webhook',
  to: { externalId: 'C-7', email: null, phone: null, pushToken: null },
  content: { title: 'T', subject: '', body: 'Hello', html: '', link: 'https://shop.example', templateName: '', templateParams: [] },
  conversionEvent: 'purchase',
  marketing: false,
  unsubscribeUrl: '',
  ...overrides,
});
const provider = (path: string) => ({ id: 1, name: 'Receiver', kind: 'webhook', channel: 'webhook', config: { url: `${url}${path}`, headers: { 'x-team': 'crm' } } });

describe('webhook provider', () => {
  test('posts the message as JSON with its idempotency key and the configured headers', async () => {
    const outcome = await webhookProvider.send(message(), provider('/status/200'));
    expect(outcome).toEqual({ status: 'sent', providerMessageId: null });
    const request = seen.at(-1)!;
    expect(request.headers).toMatchObject({ 'content-type': 'application/json', 'idempotency-key': 'c1:1:7', 'x-team': 'crm' });
    expect(JSON.parse(request.body)).toEqual({ message_id: 7, channel: 'webhook', customer: 'C-7', title: 'T', subject: '', body: 'Hello', link: 'https://shop.example' });
  });

  test('with a signing secret, each body is signed: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">', async () => {
    const signed = { ...provider('/status/200'), config: { url: `${url}/status/200`, signingSecret: 'whsec-1' } };
    expect((await webhookProvider.send(message(), signed)).status).toBe('sent');
    const request = seen.at(-1)!;
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(request.headers['x-campaign-studio-signature']));
    expect(match).not.toBeNull();
    expect(Math.abs(Number(match![1]) - Date.now() / 1000)).toBeLessThan(60);
    expect(match![2]).toBe(createHmac('sha256', 'whsec-1').update(`${match![1]}.${request.body}`).digest('hex'));
    expect(signBody('whsec-1', request.body, Number(match![1]))).toBe(request.headers['x-campaign-studio-signature']);
    await webhookProvider.send(message(), provider('/status/200'));
    expect(seen.at(-1)!.headers['x-campaign-studio-signature']).toBeUndefined();
  });

  test.each([408, 425, 429, 500, 502, 503, 504])('HTTP %i is worth a retry', async (status) => {
    const outcome = await webhookProvider.send(message(), provider(`/status/${status}`));
    expect(outcome.status).toBe('retry');
    if (status === 429) expect(outcome).toMatchObject({ retryAfterMs: 30_000 });
  });

  test.each([400, 401, 403, 404, 410, 422])('HTTP %i fails for good, with the answer in the reason', async (status) => {
    const outcome = await webhookProvider.send(message(), provider(`/status/${status}`));
    expect(outcome).toEqual({ status: 'failed', error: `HTTP ${status} from ${url}: nope` });
  });

  test('no answer at all is a retry (the key makes it safe); a bad address fails at once', async () => {
    const closed = { ...provider(''), config: { url: 'http://127.0.0.1:1/nothing' } };
    expect((await webhookProvider.send(message(), closed)).status).toBe('retry');
    expect(await webhookProvider.send(message(), { ...provider(''), config: { url: 'ftp://example.com' } })).toEqual({
      status: 'failed',
      error: 'The webhook address "ftp://example.com" is not an http(s) URL.',
    });
  });
});

describe('provider credentials', () => {
  const { engine, dir } = useEngine();
  test("a webhook's header values are sealed at rest with a 0600 key file, hidden from windows, and sent with each request", async () => {
    const created = await engine().call('providers/create', {
      name: 'CRM hook',
      kind: 'webhook',
      channel: 'webhook',
      config: { url: `${url}/status/200`, headers: { authorization: 'Bearer s3cret' } },
    });
    expect(created.config).toEqual({ url: `${url}/status/200`, headers: { authorization: '(hidden)' } });
    expect(JSON.stringify(await engine().call('providers/list', {}))).not.toContain('s3cret');
    expect(statSync(join(dir(), KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    const stored = () => {
      const db = new BetterSqlite3(engine().dataFile, { readonly: true });
      try {
        return db.prepare('SELECT config, secret_ciphertext FROM providers WHERE id = ?').get(created.id) as { config: string; secret_ciphertext: Buffer };
      } finally {
        db.close();
      }
    };
    expect(stored().config).not.toContain('s3cret');
    expect(stored().secret_ciphertext.includes('s3cret')).toBe(false);

    // Sending a hidden value back keeps the stored one; a new header is added.
    await engine().call('providers/update', { id: created.id, config: { headers: { authorization: '(hidden)', 'x-team': 'crm' }, ratePerSecond: 20 } });
    expect(JSON.parse(stored().config)).toEqual({ url: `${url}/status/200`, headers: { authorization: '(hidden)', 'x-team': '(hidden)' }, ratePerSecond: 20 });
    await engine().call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id\nc1\n' } });
    const campaign = await engine().call('campaigns/save', {
      name: 'Hook',
      channel: 'webhook',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { ...defaultNodeData('send'), channel: 'webhook', providerId: created.id, marketing: false },
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    await engine().call('campaigns/launch', { id: campaign.id });
    const before = seen.length;
    await engine().call('engine/run-due', {});
    expect(seen.slice(before).map((r) => r.headers)).toEqual([expect.objectContaining({ authorization: 'Bearer s3cret', 'x-team': 'crm' })]);
    await expect(engine().call('providers/create', { name: 'Bad', kind: 'webhook', channel: 'webhook', config: { url: 'not a url' } })).rejects.toThrow('config.url');
  });

  test('a key file others can read is refused, with the command that fixes it', () => {
    const folder = mkdtempSync(join(tmpdir(), 'cs-key-'));
    try {
      const box = keyFileSecretBox(folder);
      expect(box.open(box.seal('hello'))).toBe('hello');
      chmodSync(join(folder, KEY_FILE_NAME), 0o644);
      expect(() => keyFileSecretBox(folder).seal('x')).toThrow(`chmod 600 "${join(folder, KEY_FILE_NAME)}"`);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('sandbox provider', () => {
  test('simulates the configured rates over many messages, the same way on every run', async () => {
    const rates = DEFAULT_SANDBOX_RATES['push']!;
    const counts = { delivered: 0, opened: 0, clicked: 0, converted: 0 };
    for (let i = 0; i < 20_000; i++) {
      for (const e of simulateEngagement(message({ id: i, idempotencyKey: `k${i}`, channel: 'push' }), rates)) counts[e.type]++;
    }
    expect(counts.delivered / 20_000).toBeCloseTo(rates.delivered, 1);
    // Push CTR (clicks / impressions) near the reference data's 6 %.
    expect(counts.clicked / counts.delivered).toBeCloseTo(rates.clicked, 2);
    expect(counts.converted / counts.delivered).toBeCloseTo(rates.converted, 2);
    expect(simulateEngagement(message({ idempotencyKey: 'same' }), rates)).toEqual(simulateEngagement(message({ idempotencyKey: 'same' }), rates));
    const sent = await sandboxProvider.send(message({ channel: 'push' }), { id: 1, name: 'Sandbox push', kind: 'sandbox', channel: 'push', config: { rates: { delivered: 0 } } });
    expect(sent).toEqual({ status: 'sent', providerMessageId: 'sandbox-7', engagement: [] });
  });
});
