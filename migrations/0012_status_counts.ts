import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * Messages per campaign or flow step and status, kept by triggers as messages are added, change
 * status or go (a customer erased). The Campaigns screen, the flow editor's step counts and the
 * engine's status read a few rows instead of counting every message: counting took 0.6-0.9 s for
 * 2M messages, on the engine's thread, each time a screen read again. It costs a small update or
 * two of this table per status change (about 3 us of SQL per message sent). 0 and '' stand for
 * "none" (a campaign's messages have no flow, a flow's no campaign), so the totals are sums.
 * Journeys are not counted this way: their waits flip them between active and waiting, and keeping
 * counts through those flips cost 10 % of the journeys' throughput.
 */
export const statusCounts: Migration = {
  name: '0012_status_counts',
  async up(db) {
    await sql`CREATE TABLE message_counts (
      campaign_id INTEGER NOT NULL,
      flow_id INTEGER NOT NULL,
      node_id TEXT NOT NULL,
      status TEXT NOT NULL,
      n INTEGER NOT NULL,
      PRIMARY KEY (campaign_id, flow_id, node_id, status)
    ) STRICT, WITHOUT ROWID`.execute(db);
    await sql`INSERT INTO message_counts (campaign_id, flow_id, node_id, status, n)
      SELECT coalesce(campaign_id, 0), coalesce(flow_id, 0), coalesce(node_id, ''), status, count(*) FROM messages GROUP BY 1, 2, 3, 4`.execute(db);
    const add = sql.raw(`INSERT INTO message_counts (campaign_id, flow_id, node_id, status, n)
      VALUES (coalesce(NEW.campaign_id, 0), coalesce(NEW.flow_id, 0), coalesce(NEW.node_id, ''), NEW.status, 1) ON CONFLICT DO UPDATE SET n = n + 1;`);
    const remove = sql.raw(`UPDATE message_counts SET n = n - 1
      WHERE campaign_id = coalesce(OLD.campaign_id, 0) AND flow_id = coalesce(OLD.flow_id, 0) AND node_id = coalesce(OLD.node_id, '') AND status = OLD.status;`);
    await sql`CREATE TRIGGER message_counted AFTER INSERT ON messages BEGIN ${add} END`.execute(db);
    // A deleted campaign or flow sets its messages' id to NULL: they move to the "none" counts.
    await sql`CREATE TRIGGER message_recounted AFTER UPDATE OF status, campaign_id, flow_id, node_id ON messages
      WHEN NEW.status IS NOT OLD.status OR NEW.campaign_id IS NOT OLD.campaign_id OR NEW.flow_id IS NOT OLD.flow_id OR NEW.node_id IS NOT OLD.node_id
      BEGIN ${remove} ${add} END`.execute(db);
    await sql`CREATE TRIGGER message_uncounted AFTER DELETE ON messages BEGIN ${remove} END`.execute(db);
  },
};
