import BetterSqlite3 from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createEngine } from '../engine/app';
import { DATA_FILE_NAME } from '../engine/db/connection';
import { defaultCampaignSchedule } from '../shared/domain/campaign';
import { defaultNodeData } from '../shared/domain/flow';
import { textSource } from './helpers/engine';
import { ASSETS_DIR, makeTempDir, REPO_ROOT } from './helpers/temp-dir';

/**
 * The outbox against real process deaths: engine processes (the CLI's `engine run --until-idle`)
 * sending to a local receiver that, like a webhook endpoint honouring Idempotency-Key, counts every
 * request and accepts each key once. One is SIGKILLed at random moments and restarted; two run on
 * one file at the same time.
 */
const BIN = join(REPO_ROOT, 'bin', 'campaign-studio.cjs');

interface Receiver {
  url: string;
  requests: Map<string, number>;
  server: Server;
}

async function startReceiver(delayMs: () => number): Promise<Receiver> {
  const requests = new Map<string, number>();
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      requests.set(key, (requests.get(key) ?? 0) + 1);
      setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}'), delayMs());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/receive`, requests, server };
}

/** A workspace with `count` customers and a webhook campaign to all of them, launched to send now. */
async function prepareWorkspace(dir: string, count: number, receiverUrl: string, ratePerSecond: number | null): Promise<void> {
  const engine = await createEngine({ dataDir: dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
  try {
    const rows = Array.from({ length: count }, (_, i) => `c${i}`).join('\n');
    await engine.call('customers/import', { source: textSource(`external_id\n${rows}\n`) });
    const provider = await engine.call('providers/create', {
      name: 'Receiver',
      kind: 'webhook',
      channel: 'webhook',
      config: { url: receiverUrl, ...(ratePerSecond === null ? {} : { ratePerSecond }) },
    });
    const campaign = await engine.call('campaigns/save', {
      name: 'Everyone',
      channel: 'webhook',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      // Not marketing: quiet hours would hold the messages when the suite runs at night.
      content: { ...defaultNodeData('send'), channel: 'webhook', providerId: provider.id, body: 'hello', marketing: false },
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    await engine.call('campaigns/launch', { id: campaign.id });
  } finally {
    await engine.close();
  }
}

function runEngine(dir: string): ChildProcess {
  return spawn(process.execPath, [BIN, '--data-dir', dir, 'engine', 'run', '--until-idle', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

function inspect(dir: string) {
  const db = new BetterSqlite3(join(dir, DATA_FILE_NAME));
  try {
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      statuses: Object.fromEntries((db.prepare('SELECT status, count(*) AS n FROM messages GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n])),
      keys: db.prepare('SELECT idempotency_key FROM messages').pluck().all() as string[],
    };
  } finally {
    db.close();
  }
}

let temp: ReturnType<typeof makeTempDir>;
let receiver: Receiver | undefined;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => {
  receiver?.server.close();
  temp.cleanup();
});

describe('the outbox survives being killed', () => {
  test('SIGKILLed at random points while sending 1,000 messages: none sent twice, none lost, the file intact after every kill', async () => {
    receiver = await startReceiver(() => 2 + Math.floor(Math.random() * 10));
    await prepareWorkspace(temp.dir, 1000, receiver.url, 400);
    let inDoubt = 0;
    const kills: { afterMs: number; statuses: Record<string, number> }[] = [];
    for (let kill = 0; kill < 6; kill++) {
      const child = runEngine(temp.dir);
      const afterMs = 300 + Math.floor(Math.random() * 1500);
      await new Promise((resolve) => setTimeout(resolve, afterMs));
      child.kill('SIGKILL');
      await exited(child);
      const state = inspect(temp.dir);
      expect(state.integrity).toBe('ok');
      // Messages caught between "attempting" and the answer: their fate is unknown to the app.
      inDoubt += state.statuses['attempting'] ?? 0;
      kills.push({ afterMs, statuses: state.statuses });
    }
    const last = runEngine(temp.dir);
    expect(await exited(last)).toBe(0);

    const final = inspect(temp.dir);
    expect(final.integrity).toBe('ok');
    expect(final.statuses, JSON.stringify(kills)).toEqual({ sent: 1000 });
    // Every message reached the receiver, under its own key, and the receiver accepted each key once.
    expect(new Set(receiver.requests.keys())).toEqual(new Set(final.keys));
    const repeats = [...receiver.requests.values()].reduce((sum, n) => sum + (n - 1), 0);
    // A key came twice only for a message whose first attempt was in flight when its engine died,
    // resent under the same key, as the receiver's idempotency allows.
    expect(repeats).toBeLessThanOrEqual(inDoubt);
  }, 120_000);

  test('two engine processes on one file drain 10,000 messages, each sent exactly once', async () => {
    receiver = await startReceiver(() => 0);
    await prepareWorkspace(temp.dir, 10_000, receiver.url, null);
    const engines = [runEngine(temp.dir), runEngine(temp.dir)];
    const outputs = engines.map((child) => {
      let text = '';
      child.stdout!.on('data', (chunk: Buffer) => (text += chunk.toString()));
      return () => text;
    });
    expect(await Promise.all(engines.map(exited))).toEqual([0, 0]);

    const final = inspect(temp.dir);
    expect(final.statuses).toEqual({ sent: 10_000 });
    expect(receiver.requests.size).toBe(10_000);
    expect([...receiver.requests.values()].every((n) => n === 1)).toBe(true);
    // Both took part (claims interleave), and their own counts add up to every message.
    const sentBy = outputs.map((text) => (JSON.parse(text()) as { sent: number }).sent);
    expect(sentBy[0]! + sentBy[1]!).toBe(10_000);
  }, 120_000);
});
