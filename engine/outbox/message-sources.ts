import type { FlowNodeData } from '../../shared/domain/flow';

/**
 * What the outbox needs to know about where a message came from, without reading the tables of
 * flows, journeys or campaigns itself: journeys and campaigns each implement this port for their
 * messages (engine/journeys/message-source.ts, engine/campaigns/message-source.ts).
 */
export interface MessageOrigin {
  /** What the send step or campaign says (unrendered); undefined when it is gone. */
  content: FlowNodeData<'send'> | undefined;
  /** How the journey log names it: `"Step label"` or `campaign "Name"`. */
  label: string;
  /** The conversion event the message is measured by. */
  conversionEvent: string;
  /** Whether quiet hours and frequency caps apply (a flow's settings may exempt its messages). */
  quietHours: boolean;
  frequencyCaps: boolean;
}

/** The row fields that say where a message came from. */
export interface MessageRef {
  flow_version_id: number | null;
  node_id: string | null;
  campaign_id: number | null;
  journey_id: number | null;
}

export interface MessageSource {
  /** Called once per batch, before its messages are asked about (a source may cache per batch). */
  beginBatch(messages: readonly MessageRef[]): void;
  /** The message's origin if this source made it, else undefined. */
  originOf(message: MessageRef): MessageOrigin | undefined;
  /** What a template may read of the message's context ({{ event.* }}): empty when none. */
  contextOf(message: MessageRef): Record<string, unknown>;
}

/** Several sources as one: the first that knows a message answers for it. */
export function messageSources(sources: readonly MessageSource[]): MessageSource {
  return {
    beginBatch: (messages) => {
      for (const source of sources) source.beginBatch(messages);
    },
    originOf: (message) => {
      for (const source of sources) {
        const origin = source.originOf(message);
        if (origin) return origin;
      }
      return undefined;
    },
    contextOf: (message) => {
      for (const source of sources) {
        const context = source.contextOf(message);
        if (Object.keys(context).length > 0) return context;
      }
      return {};
    },
  };
}
