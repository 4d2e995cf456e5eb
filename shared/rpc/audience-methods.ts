import { z } from 'zod';
import { CHANNELS } from '../domain/channels';
import { CUSTOMER_SORT_FIELDS, type CustomerListRow } from '../domain/customer';
import type { Customer } from '../domain/customer';
import { KNOWN_CUSTOMER_FIELDS } from '../domain/customer-columns';
import { KNOWN_EVENT_FIELDS } from '../domain/event-columns';
import type { ImportHistoryEntry, ImportPreview, ImportSummary } from '../domain/import-report';
import { scoringRuleInputSchema, type ScoringRule } from '../domain/scoring';
import type { SegmentCount, SegmentSummary } from '../domain/segment';
import { segmentFilterSchema } from '../domain/segment-filter';
import { method } from './method';

/** The audience: customers, their events, imports and uploads, segments and lead scoring. */
const noInput = z.strictObject({});

const uploadIdSchema = z.string().regex(/^[0-9a-f]{32}$/, 'must be an upload id returned by uploads/begin');

/** Largest chunk one uploads/append call carries; transports split files into chunks this size or smaller. */
export const MAX_UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;

const importSourceSchema = z.discriminatedUnion('kind', [
  /** A file the window uploaded with uploads/begin, uploads/append and uploads/finish. */
  z.strictObject({ kind: z.literal('upload'), uploadId: uploadIdSchema }),
  /** A small CSV given inline, for scripts; files from a window go through uploads. */
  z.strictObject({
    kind: z.literal('text'),
    fileName: z.string().min(1).max(255),
    text: z.string().max(16 * 1024 * 1024),
  }),
  /** A path on this machine; only trusted hosts (the CLI) may ask the engine to read a path. */
  z.strictObject({ kind: z.literal('file'), path: z.string().min(1) }),
  /** The sample customers shipped in assets/, for a first look at the app. */
  z.strictObject({ kind: z.literal('sample') }),
]);
export type ImportSource = z.infer<typeof importSourceSchema>;

const encodingSchema = z.enum(['auto', 'utf-8', 'windows-1256', 'windows-1252']).default('auto');
const delimiterSchema = z.enum([',', ';', '\t', '|']).optional();
const headerRowSchema = z.number().int().min(1).max(1000).default(1);
const sheetSchema = z.string().min(1).max(200).optional();
export const countrySchema = z.string().regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as DZ');
const columnChoiceSchema = z.enum(['attribute', 'ignore', ...KNOWN_CUSTOMER_FIELDS]);
const eventColumnChoiceSchema = z.enum(['property', 'ignore', ...KNOWN_EVENT_FIELDS]);

/** Which customers: a filter written inline, or a saved segment. */
export const segmentTargetSchema = z.union([z.strictObject({ filter: segmentFilterSchema }), z.strictObject({ segmentId: z.number().int().positive() })]);

export interface CustomerEvent {
  name: string;
  time: string;
  properties: Record<string, unknown>;
}

export type SegmentTarget = z.infer<typeof segmentTargetSchema>;

export const audienceMethods = {
  'customers/count': method<{ count: number }>()({
    input: noInput,
    long: false,
    summary: 'How many customers the workspace holds.',
  }),
  'customers/list': method<{ total: number; rows: CustomerListRow[] }>()({
    input: z.strictObject({
      search: z.string().max(200).optional(),
      sort: z.strictObject({ field: z.enum(CUSTOMER_SORT_FIELDS), direction: z.enum(['asc', 'desc']) }).default({ field: 'createdAt', direction: 'desc' }),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    long: false,
    summary: 'A page of customers, sorted and filtered by a search text.',
  }),
  'customers/get': method<Customer>()({
    input: z.strictObject({ externalId: z.string().min(1).max(255) }),
    long: false,
    summary: 'One customer by external id.',
  }),
  'customers/import': method<ImportSummary>()({
    input: z.strictObject({
      source: importSourceSchema,
      dryRun: z.boolean().default(false),
      onDuplicate: z.enum(['update', 'skip', 'reject']).default('update'),
      /** Refuse the whole file when any row is rejected, instead of importing the valid rows. */
      allOrNothing: z.boolean().default(false),
      encoding: encodingSchema,
      delimiter: delimiterSchema,
      /** Phone numbers without a country code are read in this country (default: the workspace setting). */
      defaultCountry: countrySchema.optional(),
      /** The user's column choices by header; unnamed columns keep the guessed meaning. */
      mapping: z.record(z.string(), columnChoiceSchema).default({}),
      /** Refuse a row for any bad value; by default only a bad or missing key refuses it, other bad values are dropped with a warning. */
      strict: z.boolean().default(false),
      /** The line the header is on (1: the first); lines above it (a title, notes) are not read. */
      headerRow: headerRowSchema,
      /** An Excel workbook's sheet to read (default: the first). */
      sheet: sheetSchema,
    }),
    long: true,
    summary: 'Import customers from a CSV or Excel (.xlsx) file: validate every row, then write the valid ones in one transaction.',
  }),
  'events/import': method<ImportSummary>()({
    input: z.strictObject({
      source: importSourceSchema,
      format: z.enum(['auto', 'csv', 'ndjson']).default('auto'),
      dryRun: z.boolean().default(false),
      allOrNothing: z.boolean().default(false),
      encoding: encodingSchema,
      delimiter: delimiterSchema,
      unknownCustomers: z.enum(['reject', 'create']).default('reject'),
      /** The user's column choices by header (CSV); unnamed columns keep the guessed meaning. */
      mapping: z.record(z.string(), eventColumnChoiceSchema).default({}),
    }),
    long: true,
    summary: 'Import events (CSV or NDJSON): name, customer external id, time and properties; duplicates are skipped.',
  }),
  'imports/preview': method<ImportPreview>()({
    input: z.strictObject({
      source: importSourceSchema,
      kind: z.enum(['customers', 'events']),
      encoding: encodingSchema,
      delimiter: delimiterSchema,
      headerRow: headerRowSchema,
      sheet: sheetSchema,
    }),
    long: false,
    summary: 'The first rows of a file as an import would read them, with the guessed column meanings.',
  }),
  'imports/errors-csv': method<{ fileName: string; csv: string }>()({
    input: z.strictObject({ importId: z.number().int().positive() }),
    long: false,
    summary: 'The row-level report of one import, as CSV.',
  }),
  'customers/erase': method<{ erased: string; suppressed: number }>()({
    input: z.strictObject({ externalId: z.string().min(1).max(255), confirm: z.literal(true) }),
    long: false,
    summary: 'Erase a customer everywhere on their request; keep only hashes that stop a re-import.',
  }),
  'customers/events': method<{ events: CustomerEvent[]; total: number }>()({
    input: z.strictObject({ externalId: z.string().min(1).max(255), limit: z.number().int().min(1).max(500).default(100) }),
    long: false,
    summary: "A customer's events, newest first.",
  }),
  'customers/segments': method<{ segments: { id: number; name: string; kind: 'dynamic' | 'static' }[] }>()({
    input: z.strictObject({ externalId: z.string().min(1).max(255) }),
    long: false,
    summary: 'The segments a customer is in now.',
  }),
  'segments/list': method<{ segments: SegmentSummary[] }>()({
    input: noInput,
    long: false,
    summary: 'Saved segments and lists.',
  }),
  'segments/count': method<SegmentCount>()({
    input: z.union([segmentTargetSchema, z.strictObject({ name: z.string().min(1).max(200) })]),
    long: false,
    summary: 'How many customers a filter, a segment id or a segment name matches.',
  }),
  'segments/reach': method<{ matching: number; withAddress: number; reachable: number }>()({
    input: z.strictObject({ target: segmentTargetSchema, channel: z.enum(CHANNELS), marketing: z.boolean().default(true) }),
    long: false,
    summary: 'Who a message to a filter or segment would reach on a channel: matching, then with an address, then (marketing) not opted out.',
  }),
  'segments/sample': method<{ rows: CustomerListRow[] }>()({
    input: z.strictObject({ target: segmentTargetSchema, limit: z.number().int().min(1).max(100).default(20) }),
    long: false,
    summary: 'Some of the customers a filter or segment matches.',
  }),
  'segments/save': method<SegmentSummary>()({
    input: z.strictObject({
      id: z.number().int().positive().optional(),
      name: z.string().trim().min(1).max(200),
      description: z.string().max(1000).optional(),
      kind: z.enum(['dynamic', 'static']),
      filter: segmentFilterSchema.optional(),
    }),
    long: false,
    summary: 'Create or change a dynamic segment (a filter) or a static list.',
  }),
  'segments/freeze': method<SegmentSummary & { members: number }>()({
    input: z.strictObject({ name: z.string().trim().min(1).max(200), target: segmentTargetSchema, description: z.string().max(1000).optional() }),
    long: false,
    summary: 'A new static list holding the customers a filter or segment matches now.',
  }),
  'segments/delete': method<{ deleted: true }>()({
    input: z.strictObject({ id: z.number().int().positive() }),
    long: false,
    summary: 'Delete a segment or list that no other segment uses.',
  }),
  'segments/add-members': method<{ added: number; alreadyMembers: number; unknown: string[]; unknownCount: number }>()({
    input: z.strictObject({
      segmentId: z.number().int().positive(),
      externalIds: z.array(z.string().max(255)).max(100_000).optional(),
      /** A CSV of ids (first column, or a column named like external_id), uploaded first. */
      uploadId: z
        .string()
        .regex(/^[0-9a-f]{32}$/)
        .optional(),
    }),
    long: false,
    summary: 'Add customers to a static list, by external id or from an uploaded CSV of ids.',
  }),
  'segments/remove-members': method<{ removed: number }>()({
    input: z.strictObject({ segmentId: z.number().int().positive(), externalIds: z.array(z.string().max(255)).min(1).max(100_000) }),
    long: false,
    summary: 'Remove customers from a static list.',
  }),
  'scoring/list': method<{ rules: ScoringRule[] }>()({
    input: noInput,
    long: false,
    summary: 'Lead-scoring rules.',
  }),
  'scoring/save': method<ScoringRule>()({
    input: scoringRuleInputSchema,
    long: false,
    summary: 'Create or change a lead-scoring rule; it applies to data that arrives from now on.',
  }),
  'scoring/delete': method<{ deleted: true }>()({
    input: z.strictObject({ id: z.number().int().positive() }),
    long: false,
    summary: 'Delete a lead-scoring rule (points already given stay).',
  }),
  'imports/list': method<{ entries: ImportHistoryEntry[] }>()({
    input: z.strictObject({ limit: z.number().int().min(1).max(500).default(50) }),
    long: false,
    summary: 'Import history, newest first.',
  }),
  'uploads/begin': method<{ uploadId: string }>()({
    input: z.strictObject({ fileName: z.string().min(1).max(255) }),
    long: false,
    summary: 'Start handing a file to the engine; returns the id later calls name it by.',
  }),
  'uploads/append': method<{ bytes: number }>()({
    input: z.strictObject({
      uploadId: uploadIdSchema,
      /** Where this chunk starts; a chunk out of order is refused rather than written in the wrong place. */
      offset: z.number().int().min(0),
      chunk: z.instanceof(Uint8Array).refine((c) => c.length <= MAX_UPLOAD_CHUNK_BYTES, {
        message: `must be at most ${MAX_UPLOAD_CHUNK_BYTES} bytes`,
      }),
    }),
    long: false,
    summary: 'Add the next chunk of an upload.',
  }),
  'uploads/finish': method<{ uploadId: string; fileName: string; bytes: number }>()({
    input: z.strictObject({ uploadId: uploadIdSchema }),
    long: false,
    summary: 'Close an upload; its id can now be an import source.',
  }),
  'uploads/discard': method<{ discarded: true }>()({
    input: z.strictObject({ uploadId: uploadIdSchema }),
    long: false,
    summary: 'Delete an upload that will not be used.',
  }),
} as const;
