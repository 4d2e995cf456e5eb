import { z } from 'zod';
import { FLOW_CHANNELS, sendDataSchema, type FlowNodeData } from '../domain/flow';
import { method } from './method';

export interface MessageTemplate {
  id: number;
  name: string;
  channel: string;
  content: FlowNodeData<'send'>;
  /** Send steps (in a flow's draft or published versions) and campaigns started from it. */
  usedBy: { kind: 'flow' | 'campaign'; id: number; name: string }[];
  updatedAt: string;
}

export const templateMethods = {
  'templates/list': method<{ templates: MessageTemplate[] }>()({
    input: z.strictObject({ channel: z.enum(FLOW_CHANNELS).optional() }),
    long: false,
    summary: 'The message template library, with where each template is used.',
  }),
  'templates/save': method<MessageTemplate>()({
    input: z.strictObject({ id: z.number().int().positive().optional(), name: z.string().trim().min(1).max(120), channel: z.enum(FLOW_CHANNELS), content: sendDataSchema }),
    long: false,
    summary: 'Save a message as a template (a new one, or the one with this id).',
  }),
  'templates/delete': method<{ deleted: number }>()({
    input: z.strictObject({ id: z.number().int().positive() }),
    long: false,
    summary: 'Delete a template; messages started from it keep their own copy.',
  }),
} as const;
