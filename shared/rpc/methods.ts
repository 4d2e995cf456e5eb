import { z } from 'zod';
import { CUSTOMER_SORT_FIELDS, type Customer, type CustomerListRow } from '../domain/customer';
import type { ImportHistoryEntry, ImportSummary } from '../domain/import-report';
import { isValidTimeZone } from '../domain/time-zone';

/**
 * The engine's contract: every method named once, with the zod schema of its input and the type of
 * its output. The engine's dispatch validates against these schemas; the renderer's client and the
 * CLI are typed by them. Adding a method here without a handler in engine/app.ts fails the typecheck.
 */
interface MethodDefinition<Input extends z.ZodType, Output> {
  input: Input;
  /** Long-running methods report `job/progress` events and can be cancelled with `jobs/cancel`. */
  long: boolean;
  summary: string;
  /** Phantom field carrying the output type; never read at run time. */
  output?: Output;
}

function method<Output>() {
  return <Input extends z.ZodType>(definition: Omit<MethodDefinition<Input, Output>, 'output'>) =>
    definition as MethodDefinition<Input, Output>;
}

const noInput = z.strictObject({});

export interface AppInfo {
  appVersion: string;
  dataFile: string;
  schemaVersion: string;
  migrationsApplied: number;
  timeZone: string;
}

export interface WorkspaceSettings {
  timeZone: string;
  defaultPhoneCountry: string;
}

const timeZoneSchema = z
  .string()
  .refine(isValidTimeZone, { message: 'is not an IANA time zone name (for example Africa/Algiers)' });

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

export const methods = {
  'app/info': method<AppInfo>()({
    input: noInput,
    long: false,
    summary: 'Version, data file and schema of the open workspace.',
  }),
  'settings/get': method<WorkspaceSettings>()({
    input: noInput,
    long: false,
    summary: 'Workspace settings.',
  }),
  'settings/update': method<WorkspaceSettings>()({
    input: z.strictObject({
      timeZone: timeZoneSchema.optional(),
      defaultPhoneCountry: z
        .string()
        .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO country code such as DZ')
        .optional(),
    }),
    long: false,
    summary: 'Change workspace settings; returns them all.',
  }),
  'customers/count': method<{ count: number }>()({
    input: noInput,
    long: false,
    summary: 'How many customers the workspace holds.',
  }),
  'customers/list': method<{ total: number; rows: CustomerListRow[] }>()({
    input: z.strictObject({
      search: z.string().max(200).optional(),
      sort: z
        .strictObject({ field: z.enum(CUSTOMER_SORT_FIELDS), direction: z.enum(['asc', 'desc']) })
        .default({ field: 'createdAt', direction: 'desc' }),
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
    }),
    long: true,
    summary: 'Import customers from a CSV file: validate every row, then write the valid ones in one transaction.',
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
  'jobs/cancel': method<{ cancelled: boolean }>()({
    input: z.strictObject({ jobId: z.string().min(1).max(100) }),
    long: false,
    summary: 'Cancel a running long method; it undoes what it had written.',
  }),
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = NonNullable<Methods[M]['output']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}
