import { z } from 'zod';
import { flowDefinitionSchema, type FlowDefinition } from '../domain/flow';
import type { FlowFile } from '../domain/flow-file';
import type { FlowDetail, FlowReferences, FlowSummary } from '../domain/flow-summary';
import { method } from './method';

/** Flows: drafts on the canvas, published versions, their lifecycle, history and files. */
const noInput = z.strictObject({});
const flowId = z.number().int().positive();
const flowName = z.string().trim().min(1).max(200);
const versionOrDraft = z.union([z.number().int().positive(), z.literal('draft')]);

export const flowMethods = {
  'flows/list': method<{ flows: FlowSummary[] }>()({
    input: noInput,
    long: false,
    summary: 'Every flow with its status, published version and whether its draft has unpublished changes.',
  }),
  'flows/references': method<FlowReferences>()({
    input: noInput,
    long: false,
    summary: 'The segments, lists and providers a flow can name.',
  }),
  'flows/get': method<FlowDetail>()({
    input: z.union([z.strictObject({ id: flowId }), z.strictObject({ name: flowName })]),
    long: false,
    summary: "A flow's draft, its validation issues and its versions, by id or name.",
  }),
  'flows/create': method<FlowDetail>()({
    input: z.strictObject({ name: flowName, description: z.string().max(2000).default(''), templateId: z.string().max(64).optional() }),
    long: false,
    summary: 'A new draft flow, empty or from a gallery template.',
  }),
  'flows/save': method<FlowDetail>()({
    input: z.strictObject({ id: flowId, name: flowName.optional(), description: z.string().max(2000).optional(), definition: flowDefinitionSchema.optional() }),
    long: false,
    summary: "Save a flow's draft; a live flow keeps running its published version.",
  }),
  'flows/publish': method<FlowDetail>()({
    input: z.strictObject({
      id: flowId,
      /** Customers inside the previous version: stay on it until they leave, or move to the new one at the same node. */
      entrants: z.enum(['stay', 'move']).default('stay'),
    }),
    long: false,
    summary: 'Publish the draft as a new immutable version; refused while it has validation errors.',
  }),
  'flows/pause': method<FlowDetail>()({ input: z.strictObject({ id: flowId }), long: false, summary: 'Pause a live flow: nobody enters or moves on until it resumes.' }),
  'flows/resume': method<FlowDetail>()({ input: z.strictObject({ id: flowId }), long: false, summary: 'Resume a paused flow.' }),
  'flows/archive': method<FlowDetail>()({ input: z.strictObject({ id: flowId }), long: false, summary: 'Archive a flow: it stops for good and leaves the list of active flows.' }),
  'flows/delete': method<{ deleted: true }>()({
    input: z.strictObject({ id: flowId, confirm: z.literal(true) }),
    long: false,
    summary: 'Delete a flow that is a draft or archived.',
  }),
  'flows/step-counts': method<{ steps: Record<string, Record<string, number>> }>()({
    input: z.strictObject({ id: flowId }),
    long: false,
    summary: 'Messages per step of a flow and per status (queued, sent, failed...), for the canvas.',
  }),
  'flows/version': method<FlowDefinition>()({
    input: z.strictObject({ id: flowId, version: z.number().int().positive() }),
    long: false,
    summary: 'The definition of one published version.',
  }),
  'flows/restore': method<FlowDetail>()({
    input: z.strictObject({ id: flowId, version: z.number().int().positive() }),
    long: false,
    summary: 'Make an earlier version the draft again (publish it to make it live).',
  }),
  'flows/diff': method<{ lines: string[] }>()({
    input: z.strictObject({ id: flowId, from: versionOrDraft, to: versionOrDraft }),
    long: false,
    summary: 'What changed between two versions (or a version and the draft), in words.',
  }),
  'flows/export': method<FlowFile>()({
    input: z.strictObject({ id: flowId, version: z.number().int().positive().nullable().default(null) }),
    long: false,
    summary: 'A flow as a versioned JSON document (the draft, or a published version).',
  }),
  'flows/import': method<FlowDetail>()({
    input: z.strictObject({ text: z.string().min(1).max(20_000_000), name: flowName.optional() }),
    long: false,
    summary: 'A flow file (its JSON text) as a new draft; every problem in the file names its place.',
  }),
} as const;
