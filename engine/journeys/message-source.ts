import type BetterSqlite3 from 'better-sqlite3';
import type { MessageRef, MessageSource } from '../outbox/message-sources';
import type { FlowVersions } from './flow-graph';

/** The outbox's view of messages sent by a flow's send step: the step, its flow's settings, and the journey's trigger context. */
export class JourneyMessageSource implements MessageSource {
  private readonly readContexts: BetterSqlite3.Statement;
  private contexts = new Map<number, string>();

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly versions: FlowVersions,
  ) {
    this.readContexts = sqlite.prepare(`SELECT id, context FROM journeys WHERE id IN (SELECT value FROM json_each(?)) AND context <> '{}'`);
  }

  beginBatch(messages: readonly MessageRef[]): void {
    // What the trigger event said, for {{ event.* }}: one read for the batch (most journeys have none).
    const journeyIds = messages.flatMap((m) => (m.journey_id === null ? [] : [m.journey_id]));
    this.contexts = new Map(journeyIds.length === 0 ? [] : (this.readContexts.all(JSON.stringify(journeyIds)) as { id: number; context: string }[]).map((r) => [r.id, r.context]));
  }

  originOf(message: MessageRef) {
    if (message.flow_version_id === null) return undefined;
    const version = this.versions.get(message.flow_version_id);
    if (!version || message.node_id === null) return undefined;
    const node = version.nodes.get(message.node_id);
    return {
      content: node?.type === 'send' ? node.data : undefined,
      label: `"${node?.label || message.node_id}"`,
      conversionEvent: version.settings.conversion.event,
      quietHours: version.settings.quietHours,
      frequencyCaps: version.settings.frequencyCaps,
    };
  }

  contextOf(message: MessageRef): Record<string, unknown> {
    const text = message.journey_id !== null ? this.contexts.get(message.journey_id) : undefined;
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  }
}
