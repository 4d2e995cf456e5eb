import BetterSqlite3 from 'better-sqlite3';
import { expect, test } from 'vitest';
import { useEngine } from '../../tests/helpers/engine';
import { World } from '../../tests/helpers/journey-world';

const { engine } = useEngine();

/**
 * engine/status and flows/step-counts read messages per status from counts the database keeps
 * (migration 0012), not by counting rows: after a reference flow has run for a while, with journeys
 * waiting, completed and exited and messages sent and suppressed, they must equal a count of the rows.
 */
test("the engine's status and a flow's step counts equal the rows, through a flow's run", async () => {
  const world = await World.start(engine(), '2026-03-02T10:00:00Z');
  const rows = Array.from({ length: 30 }, (_, i) => `c${i},t${i},${i % 3 === 0 ? 'no' : 'yes'}`).join('\n');
  await world.customers(`external_id,push_token,consent_push\n${rows}\n`);
  await world.publishTemplate('onboarding');
  for (let i = 0; i < 30; i++) await world.track(`c${i}`, 'app_install');
  for (let i = 0; i < 10; i++) await world.track(`c${i}`, 'purchase', { amount: 500 });
  await world.advance(3, 'days');
  await engine().call('customers/erase', { externalId: 'c29', confirm: true });

  const status = await engine().call('engine/status', {});
  const db = new BetterSqlite3(engine().dataFile, { readonly: true });
  try {
    const journeys = Object.fromEntries((db.prepare('SELECT state, count(*) AS n FROM journeys GROUP BY state').all() as { state: string; n: number }[]).map((r) => [r.state, r.n]));
    const messages = Object.fromEntries((db.prepare('SELECT status, count(*) AS n FROM messages GROUP BY status').all() as { status: string; n: number }[]).map((r) => [r.status, r.n]));
    expect(status.journeys).toEqual({ active: journeys['active'] ?? 0, waiting: journeys['waiting'] ?? 0, completed: journeys['completed'] ?? 0, exited: journeys['exited'] ?? 0 });
    for (const [state, n] of Object.entries(status.messages)) expect(n, state).toBe(messages[state] ?? 0);
    // The run left something in each of these, so the comparison above is not of zeros.
    expect(status.journeys.waiting + status.journeys.active).toBeGreaterThan(0);
    expect(status.journeys.completed + status.journeys.exited).toBeGreaterThan(0);
    expect(status.messages.sent).toBeGreaterThan(0);
    expect(status.messages.suppressed).toBeGreaterThan(0);

    // The flow editor's messages per step and status, read from the same kept counts.
    const flowId = db.prepare('SELECT id FROM flows').pluck().get() as number;
    const perStep: Record<string, Record<string, number>> = {};
    for (const r of db.prepare('SELECT node_id, status, count(*) AS n FROM messages WHERE flow_id = ? GROUP BY node_id, status').all(flowId) as { node_id: string; status: string; n: number }[]) {
      (perStep[r.node_id] ??= {})[r.status] = r.n;
    }
    const { steps } = await engine().call('flows/step-counts', { id: flowId });
    const messagesOnly = Object.fromEntries(
      Object.entries(steps)
        .map(([node, counts]) => [node, Object.fromEntries(Object.entries(counts).filter(([key]) => key !== 'inside'))] as const)
        .filter(([, counts]) => Object.keys(counts).length > 0),
    );
    expect(messagesOnly).toEqual(perStep);
    expect(Object.keys(perStep).length).toBeGreaterThan(1);
  } finally {
    db.close();
  }
});
