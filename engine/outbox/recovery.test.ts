import BetterSqlite3 from 'better-sqlite3';
import { unlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { afterEach, expect, test } from 'vitest';
import type { Engine } from '../app';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { textSource, useEngine } from '../../tests/helpers/engine';

/**
 * What an engine does when sending is not safe: after another one died mid-send (the kill test does
 * it with real processes; here the dead engine's rows are written directly, to reach the case no
 * shipped provider produces yet: a provider that can neither be asked nor dedupes, whose messages
 * wait for the user), and when its own marks cannot be made durable before the requests leave.
 */
const { engine } = useEngine();
let close: (() => void) | undefined;
afterEach(() => close?.());

/** A receiver on 127.0.0.1 keeping each request's idempotency key, and a launched webhook campaign to `customers` through it. */
async function webhookCampaign(e: Engine, customers: string[], name: string): Promise<{ keys: string[]; providerId: number; campaignId: number }> {
  const keys: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      keys.push(String(req.headers['idempotency-key']));
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => server.close();
  await e.call('customers/import', { source: textSource(`external_id\n${customers.join('\n')}\n`) });
  const provider = await e.call('providers/create', {
    name: 'Receiver',
    kind: 'webhook',
    channel: 'webhook',
    config: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` },
  });
  const campaign = await e.call('campaigns/save', {
    name,
    channel: 'webhook',
    audience: { filter: { type: 'group', op: 'and', conditions: [] } },
    content: { ...defaultNodeData('send'), channel: 'webhook', providerId: provider.id, body: 'x', marketing: false },
    schedule: defaultCampaignSchedule('Africa/Algiers'),
  });
  await e.call('campaigns/launch', { id: campaign.id });
  return { keys, providerId: provider.id, campaignId: campaign.id };
}

test('messages left attempting by a dead engine become unknown; a deduping provider gets them again, the rest wait for the user to resolve', async () => {
  const e = engine();
  const { keys, providerId, campaignId } = await webhookCampaign(e, ['c1', 'c2'], 'Crash');

  // The state a process killed between "attempting" and the answer leaves behind: its instance row
  // (a pid that no longer runs on this host), a message per customer attempting under its name with
  // a live lease. c2's went through a provider this build cannot send through (it can neither be
  // asked nor dedupe).
  const db = new BetterSqlite3(e.dataFile);
  try {
    const dead = `${hostname()}:999999:gone`;
    const now = Date.now();
    db.prepare('INSERT INTO engine_instances (id, host, pid, started_at, heartbeat_at) VALUES (?, ?, 999999, ?, ?)').run(dead, hostname(), now, now);
    db.prepare(`INSERT INTO providers (name, kind, channel, config, created_at, updated_at) VALUES ('Retired SMS gateway', 'retired', 'webhook', '{}', ?, ?)`).run(now, now);
    // The dead engine had already run the campaign: it is running, its two messages in flight.
    db.prepare(`UPDATE campaigns SET status = 'running', next_run_at = NULL`).run();
    db.prepare(
      `INSERT INTO messages (customer_id, channel, provider_id, campaign_id, status, idempotency_key, due_at, marketing, claimed_by, lease_until, attempts, attempted_at, created_at, updated_at)
       SELECT c.id, 'webhook', CASE c.external_id WHEN 'c2' THEN (SELECT id FROM providers WHERE kind = 'retired') ELSE ? END, ?, 'attempting',
         'crash-' || c.external_id, ?, 0, ?, ?, 1, ?, ?, ?
       FROM customers c`,
    ).run(providerId, campaignId, now, dead, now + 600_000, now, now, now);
  } finally {
    db.close();
  }

  await e.call('engine/run-due', {});
  const byCustomer = Object.fromEntries((await e.call('messages/list', {})).rows.map((m) => [m.customerExternalId, m]));
  // c1: resent under the same key, which the receiver takes once; c2: left for the user, with why.
  expect(byCustomer['c1']).toMatchObject({ status: 'sent', attempts: 2 });
  expect(keys).toEqual(['crash-c1']);
  expect(byCustomer['c2']).toMatchObject({ status: 'unknown', lastError: expect.stringContaining('whether the provider got it is not known') });
  expect((await e.call('messages/list', { status: 'unknown' })).rows.map((m) => m.customerExternalId)).toEqual(['c2']);

  await expect(e.call('messages/resolve', { ids: [byCustomer['c1']!.id], action: 'mark_sent' })).rejects.toThrow('not of unknown fate');
  expect(await e.call('messages/resolve', { ids: [byCustomer['c2']!.id], action: 'mark_sent' })).toEqual({ updated: 1 });
  expect((await e.call('messages/list', { customerExternalId: 'c2' })).rows[0]).toMatchObject({ status: 'sent', lastError: 'marked as sent by the user' });
  expect((await e.call('engine/status', {})).messages.unknown).toBe(0);
});

test('when the attempting marks cannot be synced to disk, no request leaves and the messages wait for a retry with the reason', async () => {
  const e = engine();
  const { keys } = await webhookCampaign(e, ['c1', 'c2', 'c3'], 'Disk trouble');
  // The WAL file gone from the folder: SQLite keeps writing through the file it has open (the data
  // is safe), but the engine can no longer open it to sync it (db/wal-sync.ts).
  unlinkSync(`${e.dataFile}-wal`);

  const summary = await e.call('engine/run-due', {});
  expect(keys).toEqual([]);
  expect(summary).toMatchObject({ sent: 0, retried: 3 });
  const rows = (await e.call('messages/list', {})).rows;
  expect(rows).toHaveLength(3);
  for (const row of rows) {
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.lastError).toContain('not sent: its state could not be written to disk first');
    expect(row.lastError).toContain('ENOENT');
  }
});
