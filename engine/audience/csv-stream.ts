import type { Readable } from 'node:stream';
import Papa from 'papaparse';

/** The file could not be read (as opposed to a record handler failing). */
export class CsvReadError extends Error {
  override readonly name = 'CsvReadError';
}

/**
 * Streams CSV records (arrays of cells, numbered from 1 with the header) out of decoded text.
 * A record handler may return a promise: reading pauses until it settles. A handler that throws
 * stops the parse, and the returned promise rejects with that error.
 */
export function streamCsv(
  text: Readable,
  delimiter: string | undefined,
  onRecord: (cells: string[], parseErrors: readonly Papa.ParseError[], rowNumber: number) => void | Promise<void>,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let failure: unknown = null;
    let rowNumber = 0;
    Papa.parse<string[]>(text as unknown as File, {
      header: false,
      skipEmptyLines: false,
      delimiter: delimiter ?? '',
      step(results, parser) {
        if (failure) return;
        try {
          rowNumber += 1;
          const waiting = onRecord(results.data, results.errors, rowNumber);
          if (waiting) {
            parser.pause();
            waiting.then(
              () => parser.resume(),
              (error: unknown) => {
                failure = error;
                parser.abort();
              },
            );
          }
        } catch (error) {
          failure = error;
          parser.abort();
        }
      },
      complete: () => (failure ? reject(failure) : resolve()),
      error: (error: Error) => reject(new CsvReadError(error.message)),
    });
    text.on('error', (error) => reject(new CsvReadError(error.message)));
  });
}
