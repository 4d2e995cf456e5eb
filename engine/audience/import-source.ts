import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import type { ImportSource } from '../../shared/rpc/audience-methods';
import { EngineError } from '../errors';
import type { UploadStore } from '../uploads';
import { detectEncoding, type SupportedEncoding } from './text-encoding';

export const SAMPLE_FILES = { customers: 'sample-customers.csv', events: 'sample-events.csv' } as const;
const TEXT_CHUNK_CHARS = 1 << 20;
const DETECTION_SAMPLE_BYTES = 64 * 1024;

/** A source opened for reading: decoded text chunks, and raw bytes counted for progress. */
export interface OpenedSource {
  fileName: string;
  totalBytes: number;
  encoding: SupportedEncoding;
  text: Readable;
  bytesRead(): number;
  close(): void;
}

/** The first bytes of a file: enough to tell its encoding, or that it is not text. */
export function fileSample(path: string): Uint8Array {
  const buffer = Buffer.alloc(DETECTION_SAMPLE_BYTES);
  const fd = openSync(path, 'r');
  try {
    return buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
}

function decoder(encoding: SupportedEncoding): Transform {
  const textDecoder = new TextDecoder(encoding);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding, done) {
      done(null, textDecoder.decode(chunk, { stream: true }));
    },
    flush(done) {
      const rest = textDecoder.decode();
      done(null, rest.length > 0 ? rest : undefined);
    },
  });
}

export function openPath(path: string, fileName: string, encoding: SupportedEncoding | 'auto'): OpenedSource & { path: string } {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    throw new EngineError('io_error', `Cannot read ${path}: there is no such file.`, { field: 'source.path', path });
  }
  const chosen = encoding === 'auto' ? detectEncoding(fileSample(path)) : encoding;
  const raw = createReadStream(path, { highWaterMark: 256 * 1024 });
  let bytes = 0;
  raw.on('data', (chunk: Buffer | string) => (bytes += chunk.length));
  const text = raw.pipe(decoder(chosen));
  raw.on('error', (error) => text.destroy(error));
  return {
    path,
    fileName,
    totalBytes: size,
    encoding: chosen,
    text,
    bytesRead: () => bytes,
    close: () => {
      raw.destroy();
      text.destroy();
    },
  };
}

export function openImportSource(
  source: ImportSource,
  options: { kind: keyof typeof SAMPLE_FILES; assetsDir: string; trusted: boolean; uploads: UploadStore; encoding: SupportedEncoding | 'auto' },
): OpenedSource {
  switch (source.kind) {
    case 'text': {
      const { text } = source;
      let served = 0;
      // Yield to the event loop between slices, as a file read would, so a cancel request gets through.
      async function* slices() {
        for (let start = 0; start < text.length; start += TEXT_CHUNK_CHARS) {
          if (start > 0) await new Promise((resolve) => setImmediate(resolve));
          const slice = text.slice(start, start + TEXT_CHUNK_CHARS);
          served += Buffer.byteLength(slice);
          yield slice;
        }
      }
      const stream = Readable.from(slices());
      return {
        fileName: source.fileName,
        totalBytes: Buffer.byteLength(text),
        encoding: 'utf-8',
        text: stream,
        bytesRead: () => served,
        close: () => stream.destroy(),
      };
    }
    case 'upload': {
      const upload = options.uploads.resolve(source.uploadId);
      return openPath(upload.path, upload.fileName, options.encoding);
    }
    case 'file':
      if (!options.trusted) {
        throw new EngineError('invalid_input', 'source.kind "file" (a path on this machine) is only accepted from the command line; upload the file content instead.', {
          issues: [{ field: 'source.kind', message: 'not allowed from this caller' }],
        });
      }
      return openPath(source.path, basename(source.path), options.encoding);
    case 'sample':
      return openPath(join(options.assetsDir, SAMPLE_FILES[options.kind]), SAMPLE_FILES[options.kind], options.encoding);
  }
}
