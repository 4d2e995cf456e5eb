import type BetterSqlite3 from 'better-sqlite3';
import type { CampaignInput } from '../../shared/domain/campaign';
import type { MessageRef, MessageSource } from '../outbox/message-sources';

/** The outbox's view of a campaign's messages: the campaign's content and name, read once per batch. */
export class CampaignMessageSource implements MessageSource {
  private readonly readCampaign: BetterSqlite3.Statement;
  private campaigns = new Map<number, { name: string; content: CampaignInput['content'] } | null>();

  constructor(sqlite: BetterSqlite3.Database) {
    this.readCampaign = sqlite.prepare('SELECT name, content FROM campaigns WHERE id = ?');
  }

  beginBatch(): void {
    this.campaigns = new Map();
  }

  originOf(message: MessageRef) {
    if (message.campaign_id === null || message.flow_version_id !== null) return undefined;
    let campaign = this.campaigns.get(message.campaign_id);
    if (campaign === undefined) {
      const found = this.readCampaign.get(message.campaign_id) as { name: string; content: string } | undefined;
      campaign = found ? { name: found.name, content: JSON.parse(found.content) as CampaignInput['content'] } : null;
      this.campaigns.set(message.campaign_id, campaign);
    }
    // Campaigns convert on purchases; quiet hours and caps always apply to them.
    return { content: campaign?.content, label: `campaign "${campaign?.name ?? message.campaign_id}"`, conversionEvent: 'purchase', quietHours: true, frequencyCaps: true };
  }

  contextOf(): Record<string, unknown> {
    return {};
  }
}
