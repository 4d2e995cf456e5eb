import type BetterSqlite3 from 'better-sqlite3';
import type { CustomerJourney } from '../../shared/domain/delivery';
import { decodeLogSentence } from '../../shared/domain/journey-words';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Log rows written by one statement when a batch collects them (a million journeys log millions of rows). */
const ROWS_PER_INSERT = 64;
const COLUMNS = 5;

/** What happened to a customer at each step of a flow, and why, in words a CRM manager reads. */
export class JourneyLog {
  private readonly insert: BetterSqlite3.Statement;
  private readonly insertMany: BetterSqlite3.Statement;
  /** Rows of the batch being collected (flat, five values a row), or null when rows are written at once. */
  private pending: unknown[] | null = null;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.insert = sqlite.prepare('INSERT INTO journey_log (journey_id, node_id, ts, kind, detail) VALUES (?, ?, ?, ?, ?)');
    this.insertMany = sqlite.prepare(`INSERT INTO journey_log (journey_id, node_id, ts, kind, detail) VALUES ${Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?, ?)').join(', ')}`);
  }

  add(journeyId: number, nodeId: string, ts: number, kind: string, detail: string): void {
    if (this.pending === null) {
      this.insert.run(journeyId, nodeId, ts, kind, detail);
      return;
    }
    this.pending.push(journeyId, nodeId, ts, kind, detail);
    if (this.pending.length === ROWS_PER_INSERT * COLUMNS) {
      this.insertMany.run(this.pending);
      this.pending.length = 0;
    }
  }

  /**
   * Runs `work` (inside a write transaction) with its log rows written several per statement, all
   * before it returns: the rows stay in the same transaction as the steps they explain. If `work`
   * throws, its rows are dropped with the transaction it rolls back.
   */
  collect<T>(work: () => T): T {
    if (this.pending !== null) return work();
    this.pending = [];
    try {
      const result = work();
      const rest = this.pending;
      for (let i = 0; i < rest.length; i += COLUMNS) this.insert.run(rest.slice(i, i + COLUMNS));
      return result;
    } finally {
      this.pending = null;
    }
  }

  /** Every journey of one customer, newest first, each with its log in order. */
  ofCustomer(customerId: number, limit = 50): CustomerJourney[] {
    const journeys = this.sqlite
      .prepare(
        `SELECT j.id, j.flow_id, f.name AS flow, v.version, v.graph, j.state, j.node_id, j.wake_at, j.entered_at, j.ended_at
         FROM journeys j JOIN flows f ON f.id = j.flow_id JOIN flow_versions v ON v.id = j.flow_version_id
         WHERE j.customer_id = ? ORDER BY j.entered_at DESC, j.id DESC LIMIT ?`,
      )
      .all(customerId, limit) as {
      id: number;
      flow_id: number;
      flow: string;
      version: number;
      graph: string;
      state: CustomerJourney['state'];
      node_id: string;
      wake_at: number | null;
      entered_at: number;
      ended_at: number | null;
    }[];
    const entries = this.sqlite.prepare('SELECT ts, node_id, kind, detail FROM journey_log WHERE journey_id = ? ORDER BY id');
    const labels = new Map<string, Map<string, string>>();
    const labelsOf = (graph: string) => {
      let found = labels.get(graph);
      if (!found) {
        found = new Map((JSON.parse(graph) as { nodes: { id: string; label: string; type: string }[] }).nodes.map((n) => [n.id, n.label || n.type]));
        labels.set(graph, found);
      }
      return found;
    };
    return journeys.map((j) => ({
      journeyId: j.id,
      flowId: j.flow_id,
      flow: j.flow,
      version: j.version,
      state: j.state,
      nodeId: j.node_id,
      wakeAt: j.state === 'waiting' || j.state === 'active' ? iso(j.wake_at) : null,
      enteredAt: iso(j.entered_at)!,
      endedAt: iso(j.ended_at),
      log: (entries.all(j.id) as { ts: number; node_id: string; kind: string; detail: string }[]).map((e) => ({
        ts: iso(e.ts)!,
        nodeId: e.node_id,
        step: labelsOf(j.graph).get(e.node_id) ?? e.node_id,
        kind: e.kind,
        ...decodeLogSentence(e.detail),
      })),
    }));
  }
}
