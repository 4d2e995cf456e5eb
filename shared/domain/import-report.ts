/** What an import did, row by row where it refused something. Shared by the wizard, the CLI and the history. */
export const ROW_ERROR_CODES = [
  'missing_required',
  'invalid_email',
  'invalid_phone',
  'invalid_number',
  'invalid_json',
  'unknown_customer',
  'suppressed',
  'invalid_date',
  'invalid_boolean',
  'invalid_time_zone',
  'duplicate_in_file',
  'duplicate_in_base',
  'malformed_row',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export interface RowError {
  /** 1-based line of the data row in the file, the header being line 1. */
  row: number;
  column: string;
  code: RowErrorCode;
  value: string;
  message: string;
  /** The customer the row names, when it names one: erasing them also scrubs these entries. */
  externalId?: string;
}

/** What happened to the rows of a file: every data row lands in exactly one of the last five. */
export interface ImportCounts {
  rows: number;
  imported: number;
  updated: number;
  unchanged: number;
  skipped: number;
  rejected: number;
}

export interface ImportSummary extends ImportCounts {
  importId: number | null;
  fileName: string;
  dryRun: boolean;
  /** Row-level problems, the first `MAX_REPORTED_ROW_ERRORS` of them; `rejected` counts them all. */
  errors: RowError[];
  errorsTruncated: boolean;
  /** Values dropped from rows that were kept (a bad email in a row with a good id), and rows merged into an earlier row of the file. */
  warnings: RowError[];
  warningsTruncated: boolean;
  /** Rows that repeated a customer of an earlier row and were merged into it (with "update"). */
  duplicatesMerged: number;
  /** How the file's customers are known: its id column, or (no id column) their email, else phone. */
  identity?: 'externalId' | 'email';
  durationMs: number;
}

export const MAX_REPORTED_ROW_ERRORS = 10_000;

export type ImportStatus = 'running' | 'completed' | 'failed' | 'cancelled' | 'dry_run';

export interface ImportHistoryEntry extends ImportCounts {
  id: number;
  kind: 'customers' | 'events';
  fileName: string;
  status: ImportStatus;
  startedAt: string;
  finishedAt: string | null;
  message: string | null;
}

/** What the import wizard shows before anything is written. */
export interface ImportPreview {
  fileName: string;
  format: 'csv' | 'ndjson';
  encoding: string;
  delimiter: string | null;
  headers: string[];
  /** For each header, the field it maps to, or 'attribute' / 'property' for a custom one. */
  columns: string[];
  rows: string[][];
  /** The line the header was read on (1: the first). */
  headerRow: number;
  /** A workbook's sheet that was read; null for a text file. */
  sheet: string | null;
  /** How customers are known: the id column, their email (else phone) when there is none, or nothing to know them by. */
  identity: 'externalId' | 'email' | null;
}
