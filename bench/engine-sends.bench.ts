import BetterSqlite3 from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { closeSync, fdatasync, openSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'undici';
import { DATA_FILE_NAME } from '../engine/db/connection';
import { defaultCampaignSchedule } from '../shared/domain/campaign';
import { defaultNodeData } from '../shared/domain/flow';
import { makeTempDir } from '../tests/helpers/temp-dir';
import type { Benchmark, Measurement } from './harness';
import { openEngine, openSeeded, seedCustomers, START } from './engine-workspace';

/**
 * Sends: messages per second to a local HTTP receiver in its own process, with keep-alive, beside
 * bare undici requests to the same receiver; and the highest count the receiver saw in any one
 * second under a configured limit.
 */
const SENDS = Number(process.env.BENCH_SENDS ?? 20_000);
const RATE_LIMIT = Number(process.env.BENCH_RATE_LIMIT ?? 2_000);

const RECEIVER = `
const http = require('node:http');
let count = 0; const perSecond = new Map();
const server = http.createServer((req, res) => {
  if (req.method === 'GET') {
    const cpu = process.cpuUsage();
    res.end(JSON.stringify({ count, maxPerSecond: Math.max(0, ...perSecond.values()), cpuMicros: cpu.user + cpu.system }));
    return;
  }
  req.resume();
  req.on('end', () => {
    count++;
    const second = Math.floor(performance.now() / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
server.keepAliveTimeout = 30000;
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('message', () => {});
`;

interface ReceiverStats {
  count: number;
  maxPerSecond: number;
  /** CPU the receiver process has used so far (user + system). */
  cpuMicros: number;
}

async function startReceiver(): Promise<{ url: string; stats(): Promise<ReceiverStats>; stop(): void }> {
  const child = spawn(process.execPath, ['-e', RECEIVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async stats() {
      const pool = new Pool(url);
      const response = await pool.request({ method: 'GET', path: '/stats' });
      const value = (await response.body.json()) as ReceiverStats;
      await pool.close();
      return value;
    },
    stop: () => child.kill(),
  };
}

async function bareUndici(url: string, count: number): Promise<number> {
  const pool = new Pool(url, { connections: 64, keepAliveTimeout: 30_000 });
  const body = JSON.stringify({ message_id: 1, channel: 'webhook', customer: 'B-1', body: 'hello' });
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 64 }, async () => {
      while (next < count) {
        next++;
        const response = await pool.request({ method: 'POST', path: '/hook', headers: { 'content-type': 'application/json', 'idempotency-key': `k${next}` }, body });
        await response.body.text();
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return count / seconds;
}

/** One side of a sends benchmark: each send() is a timed run (messages per second). */
interface Sender {
  send(): Promise<number>;
  close(): Promise<void>;
}

/**
 * An engine (open for the whole benchmark, as the app's is) with `customers` customers and a
 * webhook provider pointing at the receiver; each `send()` launches a campaign to all of them and
 * times the engine until every message is sent.
 */
async function openSender(url: string, customers: number, ratePerSecond: number | null): Promise<Sender> {
  const temp = makeTempDir('campaign-studio-bench-');
  const engine = await openSeeded(temp.dir, customers);
  const provider = await engine.call('providers/create', { name: 'Receiver', kind: 'webhook', channel: 'webhook', config: { url: `${url}/hook`, ...(ratePerSecond ? { ratePerSecond } : {}) } });
  let campaigns = 0;
  return {
    async send() {
      const campaign = await engine.call('campaigns/save', {
        name: `Bench ${++campaigns}`,
        channel: 'webhook',
        audience: { filter: { type: 'group', op: 'and', conditions: [] } },
        content: { ...defaultNodeData('send'), channel: 'webhook', providerId: provider.id, body: 'hello', marketing: false },
        schedule: defaultCampaignSchedule('Africa/Algiers'),
      });
      await engine.call('campaigns/launch', { id: campaign.id });
      const started = performance.now();
      const summary = await engine.call('engine/run-due', {});
      const seconds = (performance.now() - started) / 1000;
      if (summary.sent !== customers) throw new Error(`sent ${summary.sent} of ${customers}`);
      return customers / seconds;
    },
    async close() {
      await engine.close();
      temp.cleanup();
    },
  };
}

/**
 * The least a durable outbox does per message, written bare, beside the engine: the campaign's rows
 * inserted queued, then 128 at a time marked attempting with their content and committed, the WAL
 * synced before their requests leave (off the thread, as the engine does), the requests made with
 * undici on this thread (at most 256 out), the answers marked sent in the next commit. No rules, no
 * rendering, no journey log, no worker thread; the workspace's own schema (indexes, triggers).
 */
async function openDurableLoop(url: string, customers: number): Promise<Sender> {
  const temp = makeTempDir('campaign-studio-bench-');
  await (await openEngine(temp.dir)).close();
  const dataFile = join(temp.dir, DATA_FILE_NAME);
  seedCustomers(dataFile, customers);
  const db = new BetterSqlite3(dataFile);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 16384');
  db.pragma('cache_size = -65536');
  const wal = openSync(`${dataFile}-wal`, 'r+');
  // As the engine does: one fdatasync at a time, calls made meanwhile share the next one.
  let syncing: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const syncWal = (): Promise<void> => {
    if (!syncing) {
      syncing = new Promise<void>((resolve, reject) => fdatasync(wal, (error) => (error ? reject(error) : resolve()))).finally(() => (syncing = null));
      return syncing;
    }
    next ??= syncing.then(() => {
      next = null;
      return syncWal();
    });
    return next;
  };
  const campaignId = db
    .prepare(`INSERT INTO campaigns (name, channel, status, audience, content, schedule, created_at, updated_at) VALUES ('Bare', 'webhook', 'running', '{}', '{}', '{}', ?, ?) RETURNING id`)
    .pluck()
    .get(START, START) as number;
  const queue = db.prepare(`INSERT INTO messages (customer_id, channel, campaign_id, status, idempotency_key, payload, due_at, deadline_at, marketing, created_at, updated_at)
    SELECT id, 'webhook', @campaignId, 'queued', @prefix || id, '{}', @now, @now + 86400000, 0, @now, @now FROM customers`);
  const due = db.prepare(`SELECT m.id, m.idempotency_key, c.external_id FROM messages m JOIN customers c ON c.id = m.customer_id
    WHERE m.status = 'queued' AND m.due_at <= ? ORDER BY m.due_at, m.id LIMIT 128`);
  const attempting = db.prepare(`UPDATE messages SET status = 'attempting', claimed_by = 'bare', lease_until = @lease, attempts = attempts + 1, attempted_at = @now,
    payload = mark.value ->> 1, updated_at = @now FROM json_each(@marks) AS mark WHERE messages.id = mark.value ->> 0`);
  const sent = db.prepare(`UPDATE messages SET status = 'sent', claimed_by = NULL, lease_until = NULL, finished_at = @now, updated_at = @now
    FROM json_each(@ids) AS answer WHERE messages.id = answer.value`);
  const pool = new Pool(url, { connections: 64, keepAliveTimeout: 30_000 });
  const rendered = { title: '', subject: '', body: 'hello', html: '', link: '', templateName: '', templateParams: [] };
  let runs = 0;
  return {
    async send() {
      const started = performance.now();
      const now = Date.now();
      db.transaction(() => queue.run({ campaignId, prefix: `bare${++runs}:`, now }))();
      let answered: number[] = [];
      let inFlight = 0;
      let wake: (() => void) | null = null;
      for (;;) {
        const at = Date.now();
        const rows = db
          .transaction(() => {
            if (answered.length > 0) sent.run({ ids: JSON.stringify(answered), now: at });
            answered = [];
            const taken = due.all(at) as { id: number; idempotency_key: string; external_id: string }[];
            const marks = taken.map((row) => [row.id, JSON.stringify({ rendered })]);
            if (marks.length > 0) attempting.run({ marks: JSON.stringify(marks), lease: at + 300_000, now: at });
            return taken;
          })
          .immediate();
        if (rows.length === 0 && inFlight === 0) break;
        inFlight += rows.length;
        // The loop goes on taking the next rows while these wait for the disk.
        if (rows.length > 0) void syncWal().then(() => launch(rows));
        while (inFlight >= 256 || (rows.length === 0 && inFlight > 0)) await new Promise<void>((resolve) => (wake = resolve));
      }
      if (answered.length > 0) db.transaction(() => sent.run({ ids: JSON.stringify(answered), now: Date.now() })).immediate();
      await syncWal();
      return customers / ((performance.now() - started) / 1000);

      function launch(rows: { id: number; idempotency_key: string; external_id: string }[]): void {
        for (const row of rows) {
          const body = JSON.stringify({ message_id: row.id, channel: 'webhook', customer: row.external_id, title: '', subject: '', body: 'hello', link: '' });
          void pool
            .request({ method: 'POST', path: '/hook', headers: { 'user-agent': 'bare', 'content-type': 'application/json', 'idempotency-key': row.idempotency_key }, body })
            .then((response) => response.body.text())
            .then(() => {
              answered.push(row.id);
              inFlight--;
              const resume = wake;
              wake = null;
              resume?.();
            });
        }
      }
    },
    async close() {
      await pool.close();
      closeSync(wal);
      db.close();
      temp.cleanup();
    },
  };
}

/** What one timed run cost: its rate, and the CPU per message of the sending process (all its threads) and of the receiver. */
interface SendRun {
  rate: number;
  senderMicros: number;
  receiverMicros: number;
}

/**
 * The engine's webhook sends beside a bare side, both to one receiver: each once first, not counted
 * (no round times the compiler warming up), then alternated three times, medians taken (on two
 * cores the receiver and the sender share the CPU and single runs swing by half). The CPU each side
 * and the receiver used per message is reported too: on a machine whose cores are all busy, the
 * rate follows the CPU per message of the two processes together.
 */
async function sendsBeside(openBare: (url: string) => Sender | Promise<Sender>, label: (bare: SendRun[], ours: SendRun[], describe: (runs: SendRun[]) => string) => string): Promise<Measurement> {
  const receiver = await startReceiver();
  const timedRun = async (side: Sender): Promise<SendRun> => {
    const receiverBefore = (await receiver.stats()).cpuMicros;
    const before = process.cpuUsage();
    const rate = await side.send();
    const cpu = process.cpuUsage(before);
    const receiverMicros = (await receiver.stats()).cpuMicros - receiverBefore;
    return { rate, senderMicros: (cpu.user + cpu.system) / SENDS, receiverMicros: receiverMicros / SENDS };
  };
  try {
    const sender = await openSender(receiver.url, SENDS, null);
    const bareSide = await openBare(receiver.url);
    const bare: SendRun[] = [];
    const ours: SendRun[] = [];
    try {
      await bareSide.send();
      await sender.send();
      for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 3); round++) {
        bare.push(await timedRun(bareSide));
        ours.push(await timedRun(sender));
      }
    } finally {
      await sender.close();
      await bareSide.close();
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const describe = (runs: SendRun[]) =>
      `${runs.map((r) => Math.round(r.rate)).join(', ')} msg/s; CPU per message ${median(runs.map((r) => r.senderMicros)).toFixed(0)} us sending + ${median(runs.map((r) => r.receiverMicros)).toFixed(0)} us receiving`;
    return { value: median(ours.map((r) => r.rate)), unit: 'messages/s', baseline: median(bare.map((r) => r.rate)), baselineLabel: label(bare, ours, describe) };
  } finally {
    receiver.stop();
  }
}

export const sendBenchmarks: Benchmark[] = [
  {
    name: 'engine.webhook-sends',
    async run(): Promise<Measurement> {
      return sendsBeside(
        (url) => ({ send: () => bareUndici(url, SENDS), close: async () => undefined }),
        (bare, ours, describe) =>
          `bare undici Pool requests (64 connections, keep-alive) to the same receiver in its own process, ${SENDS} requests, median of ${bare.length} alternated runs after one uncounted run of each; the engine stays open and sends a new campaign to the same ${SENDS} customers each run (engine ${describe(ours)}; bare ${describe(bare)}); target ratio >= 0.7`,
      );
    },
  },
  {
    name: 'engine.webhook-sends-vs-durable-loop',
    async run(): Promise<Measurement> {
      return sendsBeside(
        (url) => openDurableLoop(url, SENDS),
        (bare, ours, describe) =>
          `a bare durable outbox loop on the same schema and receiver (rows queued, 128 at a time marked attempting and committed, the WAL synced off the thread with syncs shared while the loop takes the next rows, requests by undici on its thread, answers marked sent; no rules, rendering, log or worker), ${SENDS} messages, median of ${bare.length} alternated runs after one uncounted run of each (engine ${describe(ours)}; bare loop ${describe(bare)}); no target: it shows what the durable bookkeeping alone costs against bare requests`,
      );
    },
  },
  {
    name: 'engine.rate-limit-max-per-second',
    async run(): Promise<Measurement> {
      const receiver = await startReceiver();
      try {
        const sender = await openSender(receiver.url, Math.min(SENDS, RATE_LIMIT * 4), RATE_LIMIT);
        try {
          await sender.send();
        } finally {
          await sender.close();
        }
        const stats = await receiver.stats();
        return {
          value: stats.maxPerSecond,
          unit: 'requests in the busiest second',
          baseline: RATE_LIMIT,
          baselineLabel: `the provider's configured limit of ${RATE_LIMIT}/s (ratio <= 1: never exceeded)`,
        };
      } finally {
        receiver.stop();
      }
    },
  },
];
