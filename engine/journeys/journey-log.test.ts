import { afterEach, expect, test } from 'vitest';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { openWorkspace, type Workspace } from '../db/connection';
import { JourneyLog } from './journey-log';

/** The log collects a batch's rows and writes them several per statement: same rows, same order, same transaction. */
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function workspaceWithJourneys(count: number): Promise<Workspace> {
  const temp = makeTempDir();
  const ws = await openWorkspace({ dataDir: temp.dir });
  cleanups.push(() => {
    ws.sqlite.close();
    temp.cleanup();
  });
  const db = ws.sqlite;
  db.prepare(`INSERT INTO flows (id, name, status, draft_graph, created_at, updated_at) VALUES (1, 'F', 'live', '{}', 0, 0)`).run();
  db.prepare(`INSERT INTO flow_versions (id, flow_id, version, graph, settings, published_at) VALUES (1, 1, 1, '{"nodes":[],"edges":[]}', '{}', 0)`).run();
  for (let i = 1; i <= count; i++) {
    db.prepare(`INSERT INTO customers (id, external_id, created_at, updated_at) VALUES (?, ?, 0, 0)`).run(i, `c${i}`);
    db.prepare(`INSERT INTO journeys (id, flow_id, flow_version_id, customer_id, node_id, state, entered_at, updated_at) VALUES (?, 1, 1, ?, 'a', 'active', 0, 0)`).run(i, i);
  }
  return ws;
}

const rowsOf = (ws: Workspace) => ws.sqlite.prepare('SELECT journey_id, node_id, ts, kind, detail FROM journey_log ORDER BY id').all();

test('a batch of 150 rows (two full statements and single rows for the rest) is written in the order it was added, before collect returns', async () => {
  const ws = await workspaceWithJourneys(3);
  const log = new JourneyLog(ws.sqlite);
  const expected: unknown[] = [];
  const seenInside = ws.sqlite
    .transaction(() => {
      log.collect(() => {
        for (let i = 0; i < 150; i++) {
          const row = { journey_id: (i % 3) + 1, node_id: `n${i}`, ts: 1000 + i, kind: i % 2 ? 'waiting' : 'condition', detail: `step ${i}` };
          log.add(row.journey_id, row.node_id, row.ts, row.kind, row.detail);
          expected.push(row);
        }
      });
      return rowsOf(ws).length;
    })
    .immediate();
  expect(seenInside).toBe(150);
  expect(rowsOf(ws)).toEqual(expected);
  // Outside a batch a row is written at once.
  log.add(1, 'after', 2000, 'completed', 'reached the exit');
  expect(rowsOf(ws)).toHaveLength(151);
});

test('rows of a batch that throws go with its transaction, and the log writes at once again afterwards', async () => {
  const ws = await workspaceWithJourneys(1);
  const log = new JourneyLog(ws.sqlite);
  expect(() =>
    ws.sqlite
      .transaction(() =>
        log.collect(() => {
          for (let i = 0; i < 100; i++) log.add(1, 'n', i, 'waiting', 'waiting');
          throw new Error('the step failed');
        }),
      )
      .immediate(),
  ).toThrow('the step failed');
  expect(rowsOf(ws)).toEqual([]);
  log.add(1, 'n', 5, 'completed', 'done');
  expect(rowsOf(ws)).toEqual([{ journey_id: 1, node_id: 'n', ts: 5, kind: 'completed', detail: 'done' }]);
});

test('a batch inside a batch belongs to the outer one', async () => {
  const ws = await workspaceWithJourneys(1);
  const log = new JourneyLog(ws.sqlite);
  ws.sqlite
    .transaction(() =>
      log.collect(() => {
        log.add(1, 'a', 1, 'k', 'outer');
        log.collect(() => log.add(1, 'b', 2, 'k', 'inner'));
        // Nothing is written until the outer batch ends.
        expect(rowsOf(ws)).toEqual([]);
      }),
    )
    .immediate();
  expect(rowsOf(ws).map((r) => (r as { detail: string }).detail)).toEqual(['outer', 'inner']);
});
