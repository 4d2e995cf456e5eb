import { basename } from 'node:path';
import type { ImportSummary } from '../../shared/domain/import-report';
import type { audienceMethods, ImportSource } from '../../shared/rpc/audience-methods';
import type { EngineServices, HandlersOf } from '../handler-types';
import type { SecretBox } from '../secrets/secret-box';
import type { UploadStore } from '../uploads';
import type { AttributeIndexes } from './attribute-indexes';
import { customerEvents, customerIdOf } from './customer-events';
import { countCustomers, getCustomer, listCustomers } from './customers';
import { eraseCustomer } from './erase';
import { readIdList } from './id-list';
import { importCustomers, type ImportCustomersInput } from './import-customers';
import { importErrorsCsv } from './import-errors';
import { importEvents } from './import-events';
import { listImports } from './import-history';
import { previewImport } from './import-preview';
import { withReadableSource } from './spreadsheet';
import { deleteRule, listRules, saveRule, ScoringEngine } from './scoring';
import type { Segments, SegmentTarget } from './segments';
import { readSettings } from '../settings';

export interface AudienceParts {
  /** Folder holding the files the app ships (the sample customers CSV). */
  assetsDir: string;
  /** The bundled worker that reads and checks customer rows beside the inserts. */
  customerRowsWorker: string | undefined;
  uploads: UploadStore;
  secretBox: SecretBox;
  segments: Segments;
  attributeIndexes: AttributeIndexes;
  /** Data changed outside the engine's own work: flows check segment entries and run soon. */
  dataChanged: () => void;
}

/** shared/rpc/audience-methods.ts: customers, their events, imports and uploads, segments, scoring. */
export function audienceHandlers(services: EngineServices, parts: AudienceParts): HandlersOf<typeof audienceMethods> {
  const { ws, writeLock, now, emit } = services;
  const { uploads, segments, attributeIndexes, secretBox } = parts;
  /**
   * After a count or save, index the custom attributes the filter reads, in the background: the
   * answer is not held up, and the next count (the user is still editing) reads the index.
   */
  const indexAttributesOf = async (target: SegmentTarget) => {
    const attributes = attributeIndexes.missing(await segments.attributesUsed(target));
    if (attributes.length === 0) return;
    writeLock.run(async () => attributeIndexes.create(attributes)).catch((error: unknown) => console.error('[engine] indexing attributes failed', attributes, error));
  };
  // Where a source's bytes are, to tell a workbook or a binary from a text file; a path only for a trusted caller (the CLI).
  const pathOf = (trusted: boolean) => (source: ImportSource) =>
    source.kind === 'upload' ? uploads.resolve(source.uploadId) : source.kind === 'file' && trusted ? { path: source.path, fileName: basename(source.path) } : null;

  /** An import holds the write lock, then drops its upload and tells windows. */
  const fileImport = (input: { source: ImportSource; dryRun: boolean }, work: () => Promise<ImportSummary>) =>
    writeLock.run(async () => {
      try {
        return await work();
      } finally {
        // The file is not kept once its import ends, whatever the outcome: it may hold people's
        // data that an erasure cannot reach. A dry run's upload stays, to be imported next.
        if (input.source.kind === 'upload' && !input.dryRun) uploads.discard(input.source.uploadId);
        emit({ type: 'data/changed', topic: 'imports' });
        if (!input.dryRun) {
          emit({ type: 'data/changed', topic: 'customers' });
          parts.dataChanged();
        }
      }
    });

  return {
    'customers/count': async () => ({ count: await countCustomers(ws.reader) }),
    'customers/list': (input) => listCustomers(ws.reader, input, readSettings(ws).defaultPhoneCountry),
    'customers/get': (input) => getCustomer(ws.reader, input.externalId, readSettings(ws).defaultPhoneCountry),
    'customers/import': (input, ctx) =>
      fileImport(input, () => {
        const settings = readSettings(ws);
        return withReadableSource(input.source, { uploads, pathOf: pathOf(ctx.trusted), sheet: input.sheet }, (source) =>
          importCustomers(ws, { ...(input as ImportCustomersInput), source, skipLines: input.headerRow - 1 }, ctx, {
            now,
            assetsDir: parts.assetsDir,
            timeZone: settings.timeZone,
            defaultCountry: settings.defaultPhoneCountry,
            uploads,
            secretBox,
            scoring: new ScoringEngine(ws, now),
            rowsWorkerScript: parts.customerRowsWorker,
          }),
        );
      }),
    'events/import': (input, ctx) =>
      fileImport(input, () =>
        // An events workbook is read from its first sheet; another binary is refused before reading.
        withReadableSource(input.source, { uploads, pathOf: pathOf(ctx.trusted) }, (source) =>
          importEvents(ws, { ...input, source }, ctx, {
            now,
            assetsDir: parts.assetsDir,
            timeZone: readSettings(ws).timeZone,
            uploads,
            scoring: new ScoringEngine(ws, now),
          }),
        ),
      ),
    'imports/preview': (input, ctx) =>
      withReadableSource(input.source, { uploads, pathOf: pathOf(ctx.trusted), sheet: input.sheet, rowLimit: input.headerRow + 20 }, (source, sheet) =>
        previewImport(source, {
          kind: input.kind,
          assetsDir: parts.assetsDir,
          trusted: ctx.trusted,
          uploads,
          encoding: input.encoding,
          delimiter: input.delimiter,
          headerRow: input.headerRow,
          sheet,
        }),
      ),
    'imports/errors-csv': (input) => importErrorsCsv(ws, input.importId),
    'customers/erase': (input) =>
      writeLock.run(async () => {
        const result = eraseCustomer(ws, input.externalId, now(), { secretBox, uploads });
        emit({ type: 'data/changed', topic: 'customers' });
        return result;
      }),
    'customers/events': (input) => customerEvents(ws, input.externalId, input.limit),
    'customers/segments': async (input) => ({ segments: await segments.ofCustomer(customerIdOf(ws, input.externalId)) }),
    'segments/list': async () => ({ segments: await segments.list() }),
    'segments/count': async (input) => {
      const target = 'name' in input ? { segmentId: (await segments.findByName(input.name)).id } : input;
      const counted = await segments.count(target);
      await indexAttributesOf(target);
      return counted;
    },
    'segments/reach': (input) => segments.reach(input.target, input.channel, input.marketing),
    'segments/sample': async (input) => ({ rows: await segments.sample(input.target, input.limit) }),
    'segments/save': async (input) => {
      const saved = await writeLock.run(() => segments.save(input));
      await indexAttributesOf({ segmentId: saved.id });
      return saved;
    },
    'segments/freeze': (input) => writeLock.run(() => segments.freeze(input.name, input.target, input.description)),
    'segments/delete': (input) =>
      writeLock.run(async () => {
        await segments.remove(input.id);
        return { deleted: true as const };
      }),
    'segments/add-members': (input) =>
      writeLock.run(async () => {
        const ids = [...(input.externalIds ?? [])];
        if (input.uploadId !== undefined) {
          ids.push(...readIdList(uploads.resolve(input.uploadId).path));
          uploads.discard(input.uploadId);
        }
        return segments.addMembers(input.segmentId, ids);
      }),
    'segments/remove-members': (input) => writeLock.run(() => segments.removeMembers(input.segmentId, input.externalIds)),
    'scoring/list': () => ({ rules: listRules(ws) }),
    'scoring/save': (input) => writeLock.run(async () => saveRule(ws, input, now())),
    'scoring/delete': (input) => writeLock.run(async () => deleteRule(ws, input.id)),
    'imports/list': (input) => ({ entries: listImports(ws, input.limit) }),
    'uploads/begin': (input) => uploads.begin(input.fileName),
    'uploads/append': (input) => uploads.append(input.uploadId, input.offset, input.chunk),
    'uploads/finish': (input) => uploads.finish(input.uploadId),
    'uploads/discard': (input) => {
      uploads.discard(input.uploadId);
      return { discarded: true as const };
    },
  };
}
