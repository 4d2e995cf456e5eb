import { createInterface } from 'node:readline';
import type Papa from 'papaparse';
import { streamCsv } from './csv-stream';
import type { OpenedSource } from './import-source';

/**
 * Where an import's rows come from: a source reads the file and hands the one consumer (the import
 * pipeline) a header, then each row or each malformed line, numbered as the file numbers them.
 * CSV and NDJSON are read here; a customers import may read in a worker thread and feed the same way.
 */
export interface RowSink {
  header(cells: string[]): void;
  malformed(rowNumber: number, value: string, message: string): void;
  row(rowNumber: number, payload: unknown): void;
}

export type RowSource = (sink: RowSink) => Promise<void>;

/**
 * The CSV rules every reader of a data row applies (in this thread or the customers worker): a
 * blank line is skipped; a row the parser complained about, or with more cells than the header, is
 * malformed (the message says why); anything else is a row. Returns null for a row.
 */
export function csvRowProblem(cells: readonly string[], parseErrors: readonly Papa.ParseError[], headerLength: number): 'blank' | { message: string } | null {
  if (cells.length === 1 && cells[0] === '') return 'blank';
  if (parseErrors.length > 0 || cells.length > headerLength) {
    return { message: parseErrors[0]?.message ?? `The row has ${cells.length} fields but the header has ${headerLength}: a delimiter inside an unquoted value?` };
  }
  return null;
}

/** How a malformed CSV row is shown in the report: its cells as read, cut short. */
export const malformedCsvValue = (cells: readonly string[]) => cells.join(',').slice(0, 200);

export function csvRowSource(opened: OpenedSource, delimiter: string | undefined): RowSource {
  return (sink) => {
    let headerLength = -1;
    return streamCsv(opened.text, delimiter, (cells, parseErrors, rowNumber) => {
      if (headerLength < 0) {
        headerLength = cells.length;
        sink.header(cells.map((h) => h.trim()));
        return;
      }
      const problem = csvRowProblem(cells, parseErrors, headerLength);
      if (problem === 'blank') return;
      if (problem) sink.malformed(rowNumber, malformedCsvValue(cells), problem.message);
      else sink.row(rowNumber, cells);
    });
  };
}

/** One JSON object per line; blank lines are skipped, anything else is malformed. */
export function ndjsonRowSource(opened: OpenedSource): RowSource {
  return async (sink) => {
    let rowNumber = 0;
    const lines = createInterface({ input: opened.text, crlfDelay: Infinity });
    for await (const line of lines) {
      rowNumber += 1;
      if (line.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        sink.malformed(rowNumber, line.slice(0, 200), `Not valid JSON: ${(error as Error).message}`);
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) sink.malformed(rowNumber, line.slice(0, 200), 'Each line must be one JSON object.');
      else sink.row(rowNumber, value);
    }
  };
}
