import type { FlowDefinition, FlowNodeData } from '../../shared/domain/flow';
import type { contentMethods } from '../../shared/rpc/content-methods';
import { EngineError } from '../errors';
import type { EngineServices, HandlersOf } from '../handler-types';
import { readSettings } from '../settings';
import { withCompiledMjml } from './mjml';
import { previewMessage } from './preview';

/** shared/rpc/content-methods.ts: a message previewed as a customer will see it. */
export function contentHandlers({ ws }: EngineServices): HandlersOf<typeof contentMethods> {
  const sqlite = ws.readerSqlite;
  return {
    'content/preview': async (input) => {
      let channel: string;
      let content: FlowNodeData<'send'>;
      const target = input.target;
      if (target.kind === 'content') {
        channel = target.channel;
        content = await withCompiledMjml(target.content, 'content.');
      } else if (target.kind === 'campaign') {
        const row = sqlite.prepare('SELECT channel, content FROM campaigns WHERE id = ?').get(target.campaignId) as { channel: string; content: string } | undefined;
        if (!row) throw new EngineError('not_found', `Campaign #${target.campaignId} does not exist.`, { field: 'target.campaignId' });
        channel = row.channel;
        content = JSON.parse(row.content) as FlowNodeData<'send'>;
      } else {
        const row = sqlite.prepare('SELECT draft_graph FROM flows WHERE id = ?').pluck().get(target.flowId) as string | undefined;
        if (!row) throw new EngineError('not_found', `Flow #${target.flowId} does not exist.`, { field: 'target.flowId' });
        const node = (JSON.parse(row) as FlowDefinition).nodes.find((n) => n.id === target.nodeId);
        if (node?.type !== 'send') throw new EngineError('not_found', `The flow has no send step "${target.nodeId}".`, { field: 'target.nodeId' });
        channel = node.data.channel;
        content = node.data;
      }
      return previewMessage(sqlite, channel, content, input.customer, readSettings(ws));
    },
  };
}
