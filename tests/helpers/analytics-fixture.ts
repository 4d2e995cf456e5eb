import BetterSqlite3 from 'better-sqlite3';

/**
 * Writes sent messages, their provider events and purchases straight into a workspace file, as
 * months of sending would have left them, so a report can be checked against known numbers.
 * Customers get external ids F-1, F-2...; times are epoch ms.
 */
export interface FixtureMessage {
  customer: number;
  channel?: string;
  flowId?: number;
  nodeId?: string;
  campaignId?: number;
  sentAt: number;
  deliveredAt?: number;
  openedAt?: number;
  clickedAt?: number;
}

export interface FixturePurchase {
  customer: number;
  ts: number;
  amount?: number;
  name?: string;
}

export function writeFixture(dataFile: string, data: { customers: number; messages: FixtureMessage[]; purchases: FixturePurchase[]; events?: { customer: number; name: string; ts: number }[] }): void {
  const db = new BetterSqlite3(dataFile);
  try {
    db.transaction(() => {
      const customerIds: number[] = [];
      const addCustomer = db.prepare('INSERT INTO customers (external_id, created_at, updated_at) VALUES (?, 0, 0) ON CONFLICT (external_id) DO UPDATE SET updated_at = 0 RETURNING id').pluck();
      for (let i = 1; i <= data.customers; i++) customerIds[i] = addCustomer.get(`F-${i}`) as number;
      const provider = (channel: string) => db.prepare("SELECT id FROM providers WHERE channel = ? AND kind = 'sandbox'").pluck().get(channel) as number;
      const addMessage = db
        .prepare(
          `INSERT INTO messages (customer_id, channel, provider_id, flow_id, node_id, campaign_id, status, idempotency_key, due_at, finished_at, attempted_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'sent', ?, ?, ?, ?, ?, ?) RETURNING id`,
        )
        .pluck();
      const addEvent = db.prepare('INSERT INTO message_events (message_id, type, ts, provider_event_id) VALUES (?, ?, ?, ?)');
      let key = Number(db.prepare('SELECT count(*) FROM messages').pluck().get());
      for (const m of data.messages) {
        const channel = m.channel ?? 'push';
        const id = addMessage.get(
          customerIds[m.customer],
          channel,
          provider(channel),
          m.flowId ?? null,
          m.nodeId ?? null,
          m.campaignId ?? null,
          `fixture:${++key}`,
          m.sentAt,
          m.sentAt,
          m.sentAt,
          m.sentAt,
          m.sentAt,
        ) as number;
        if (m.deliveredAt !== undefined) addEvent.run(id, 'delivered', m.deliveredAt, `fx:${id}:d`);
        if (m.openedAt !== undefined) addEvent.run(id, 'opened', m.openedAt, `fx:${id}:o`);
        if (m.clickedAt !== undefined) addEvent.run(id, 'clicked', m.clickedAt, `fx:${id}:c`);
      }
      const addCustomerEvent = db.prepare("INSERT INTO events (customer_id, name, ts, properties, dedupe_key, source) VALUES (?, ?, ?, ?, ?, 'import')");
      let n = 0;
      for (const p of data.purchases) addCustomerEvent.run(customerIds[p.customer], p.name ?? 'purchase', p.ts, JSON.stringify(p.amount !== undefined ? { amount: p.amount } : {}), `fx${++n}`);
      for (const e of data.events ?? []) addCustomerEvent.run(customerIds[e.customer], e.name, e.ts, '{}', `fx${++n}`);
    })();
  } finally {
    db.close();
  }
}
