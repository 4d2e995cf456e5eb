import { unlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { textSource, useEngine } from '../../tests/helpers/engine';

/**
 * A request leaves only once its message is `attempting` on disk (db/wal-sync.ts). Here the sync
 * cannot be made: the WAL file is removed from the folder (SQLite keeps writing through the file
 * it has open, so the data is safe; the engine can no longer open it to sync it).
 */
const { engine } = useEngine();
let close: (() => void) | undefined;
afterEach(() => close?.());

test('when the attempting marks cannot be synced to disk, no request leaves and the messages wait for a retry with the reason', async () => {
  let requests = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      requests++;
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () => server.close();
  const e = engine();
  await e.call('customers/import', { source: textSource('external_id\nc1\nc2\nc3\n') });
  const provider = await e.call('providers/create', {
    name: 'Receiver',
    kind: 'webhook',
    channel: 'webhook',
    config: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook` },
  });
  const campaign = await e.call('campaigns/save', {
    name: 'Disk trouble',
    channel: 'webhook',
    audience: { filter: { type: 'group', op: 'and', conditions: [] } },
    content: { ...defaultNodeData('send'), channel: 'webhook', providerId: provider.id, body: 'x', marketing: false },
    schedule: defaultCampaignSchedule('Africa/Algiers'),
  });
  await e.call('campaigns/launch', { id: campaign.id });
  unlinkSync(`${e.dataFile}-wal`);

  const summary = await e.call('engine/run-due', {});
  expect(requests).toBe(0);
  expect(summary).toMatchObject({ sent: 0, retried: 3 });
  const rows = (await e.call('messages/list', {})).rows;
  expect(rows).toHaveLength(3);
  for (const row of rows) {
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.lastError).toContain('not sent: its state could not be written to disk first');
    expect(row.lastError).toContain('ENOENT');
  }
});
