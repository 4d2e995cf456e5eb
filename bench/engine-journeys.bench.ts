import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { DATA_FILE_NAME } from '../engine/db/connection';
import { defaultFlowSettings, type FlowDefinition } from '../shared/domain/flow';
import { step } from '../tests/helpers/journey-world';
import { makeTempDir } from '../tests/helpers/temp-dir';
import type { Benchmark, Measurement } from './harness';
import { openEngine, openSeeded, seedCustomers, START } from './engine-workspace';

/**
 * Journeys: N customers (1M by default) through wait -> condition -> send to the sandbox -> exit on
 * the virtual clock, node steps per second, beside a bare better-sqlite3 claim-advance-insert loop
 * walking the same journeys table the same way.
 */
const CUSTOMERS = Number(process.env.BENCH_JOURNEY_CUSTOMERS ?? 1_000_000);

function threeStepFlow(): FlowDefinition {
  return {
    nodes: [
      step('t', 'trigger_segment', { filter: { type: 'group', op: 'and', conditions: [{ type: 'property', field: 'phone', operator: 'is_set' }] } }),
      step('w', 'wait_delay', { delay: { amount: 1, unit: 'hours' } }),
      step('c', 'condition', { filter: { type: 'group', op: 'and', conditions: [{ type: 'property', field: 'city', operator: 'equals', value: 'Oran' }] } }),
      step('s', 'send', { title: 'Bonjour {{ customer.first_name }}', body: 'Une offre pour Oran' }),
      step('x', 'exit'),
      step('y', 'exit'),
    ],
    edges: [
      { id: 'e1', source: 't', exit: 'next', target: 'w' },
      { id: 'e2', source: 'w', exit: 'next', target: 'c' },
      { id: 'e3', source: 'c', exit: 'yes', target: 's' },
      { id: 'e4', source: 'c', exit: 'no', target: 'y' },
      { id: 'e5', source: 's', exit: 'next', target: 'x' },
    ],
    settings: { ...defaultFlowSettings(), entry: { mode: 'once', againAfterDays: 30 } },
  };
}

interface JourneyFigures {
  steps: number;
  seconds: number;
  bareSteps: number;
  bareSeconds: number;
  sent: number;
}

/** The bare loop: claim due rows, move each one step (update + a log row), insert the message at the send step. */
function bareLoop(dataFile: string, count: number): { steps: number; seconds: number } {
  const db = new BetterSqlite3(dataFile);
  db.pragma('journal_mode = WAL');
  // The engine's writer settings, so the ratio measures the engine's work, not a pragma.
  db.pragma('synchronous = FULL');
  db.pragma('wal_autocheckpoint = 16384');
  db.pragma('cache_size = -65536');
  const graph = JSON.stringify({ nodes: threeStepFlow().nodes, edges: threeStepFlow().edges });
  const flowId = db.prepare(`INSERT INTO flows (name, status, draft_graph, created_at, updated_at) VALUES ('Bare', 'live', ?, ?, ?) RETURNING id`).pluck().get(graph, START, START) as number;
  const versionId = db.prepare(`INSERT INTO flow_versions (flow_id, version, graph, settings, published_at) VALUES (?, 1, ?, '{}', ?) RETURNING id`).pluck().get(flowId, graph, START) as number;
  const started = performance.now();
  // Entry, as bare as it gets: every customer into the journeys table, with its log row.
  db.transaction(() => {
    db.prepare(
      `INSERT INTO journeys (flow_id, flow_version_id, customer_id, node_id, state, wake_at, entered_at, updated_at)
       SELECT ?, ?, id, 't', 'active', ?, ?, ? FROM customers WHERE phone IS NOT NULL`,
    ).run(flowId, versionId, START, START, START);
    db.prepare(`INSERT INTO journey_log (journey_id, node_id, ts, kind, detail) SELECT id, 't', ?, 'entered', 'entered' FROM journeys`).run(START);
  }).immediate();
  const claim = db.prepare(`SELECT id, customer_id, node_id FROM journeys WHERE state IN ('active', 'waiting') AND wake_at <= ? ORDER BY wake_at, id LIMIT 2000`);
  const advance = db.prepare('UPDATE journeys SET node_id = ?, state = ?, wake_at = ?, steps = steps + 1, updated_at = ? WHERE id = ?');
  const log = db.prepare('INSERT INTO journey_log (journey_id, node_id, ts, kind, detail) VALUES (?, ?, ?, ?, ?)');
  const message = db.prepare(`INSERT INTO messages (customer_id, channel, status, idempotency_key, due_at, created_at, updated_at, journey_id) VALUES (?, 'push', 'sent', ?, ?, ?, ?, ?)`);
  const next: Record<string, [string, string, number]> = { t: ['w', 'waiting', 3_600_000], w: ['c', 'active', 0], c: ['s', 'active', 0], s: ['x', 'completed', 0] };
  let steps = 0;
  for (const now of [START, START + 3_600_000]) {
    for (;;) {
      const batch = db
        .transaction(() => {
          const rows = claim.all(now) as { id: number; customer_id: number; node_id: string }[];
          for (const row of rows) {
            // Walk the row until it waits or ends, like the engine's waves, one update and one log row per step.
            let node = row.node_id;
            for (;;) {
              const [to, state, delay] = node === 'c' && row.customer_id % 4 !== 1 ? (['y', 'completed', 0] as const) : next[node]!;
              if (node === 's') message.run(row.customer_id, `bare-${row.id}`, now, now, now, row.id);
              advance.run(to, state, state === 'completed' ? null : now + delay, now, row.id);
              log.run(row.id, node, now, 'step', `moved to ${to}`);
              steps++;
              node = to;
              if (state !== 'active') break;
            }
          }
          return rows.length;
        })
        .immediate();
      if (batch === 0) break;
    }
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  void count;
  return { steps, seconds };
}

/** One round of `customers`: the engine on a fresh workspace, then the bare loop on its own copy. */
async function journeyRound(customers = CUSTOMERS): Promise<JourneyFigures> {
  const temp = makeTempDir('campaign-studio-bench-');
  try {
    const engine = await openSeeded(temp.dir, customers);
    await engine.call('engine/set-clock', { mode: 'virtual', start: new Date(START).toISOString() });
    await engine.call('settings/update', { delivery: { quietHours: { enabled: false, start: '21:00', end: '09:00', mode: 'hold' }, frequencyCaps: [], deadlineHours: 24 } });
    const flow = await engine.call('flows/create', { name: 'Bench' });
    await engine.call('flows/save', { id: flow.id, definition: threeStepFlow() });
    await engine.call('flows/publish', { id: flow.id });
    const started = performance.now();
    const entered = await engine.call('engine/run-due', {});
    const advanced = await engine.call('engine/advance', { by: { amount: 2, unit: 'hours' } });
    const seconds = (performance.now() - started) / 1000;
    await engine.close();
    console.error(`# journeys: ${entered.entered} entered, ${entered.steps + advanced.steps} steps, ${advanced.sent} sent to the sandbox in ${seconds.toFixed(1)} s`);
    // The bare loop gets its own copy of the workspace (same schema, same customers): clearing
    // millions of journey rows would take longer than either run.
    const bareDir = makeTempDir('campaign-studio-bench-');
    let bare: { steps: number; seconds: number };
    try {
      await (await openEngine(bareDir.dir)).close();
      seedCustomers(join(bareDir.dir, DATA_FILE_NAME), customers);
      bare = bareLoop(join(bareDir.dir, DATA_FILE_NAME), customers);
    } finally {
      bareDir.cleanup();
    }
    console.error(`# journeys, bare loop: ${bare.steps} steps in ${bare.seconds.toFixed(1)} s`);
    return { steps: entered.steps + advanced.steps, seconds, bareSteps: bare.steps, bareSeconds: bare.seconds, sent: advanced.sent };
  } finally {
    temp.cleanup();
  }
}

let journeys: Promise<JourneyFigures[]> | null = null;
/**
 * Rounds of the engine and the bare loop, alternated (BENCH_ROUNDS, 3 by default): on this 2-core
 * machine a single run of either swings by a third with the disk's sync times.
 */
function measureJourneys(): Promise<JourneyFigures[]> {
  journeys ??= (async () => {
    // Both sides once on 20,000 customers first, not counted, so no round times the compiler warming up.
    await journeyRound(Math.min(CUSTOMERS, 20_000));
    const rounds: JourneyFigures[] = [];
    for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 3); round++) rounds.push(await journeyRound());
    return rounds;
  })();
  return journeys;
}

export const journeyBenchmark: Benchmark = {
  name: 'engine.journey-node-steps',
  async run(): Promise<Measurement> {
    const rounds = await measureJourneys();
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
    const ours = rounds.map((r) => r.steps / r.seconds);
    const bare = rounds.map((r) => r.bareSteps / r.bareSeconds);
    const first = rounds[0]!;
    return {
      value: median(ours),
      unit: 'steps/s',
      baseline: median(bare),
      baselineLabel: `a bare better-sqlite3 claim-advance-insert loop over the same ${CUSTOMERS} journeys (${first.bareSteps} steps), median of ${rounds.length} rounds alternated with the engine after an uncounted round of both on 20,000 (engine ${ours.map(Math.round).join(', ')}; bare ${bare.map(Math.round).join(', ')} steps/s); the engine's figure includes the ${first.sent} sandbox sends; target ratio >= 0.5`,
    };
  },
};
