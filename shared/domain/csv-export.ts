import Papa from 'papaparse';

/**
 * Every CSV the app writes goes through here. A spreadsheet runs a cell that starts with = + - @
 * tab or CR as a formula (`=HYPERLINK(...)` from an imported name could phone home when the report
 * is opened), so papaparse writes such text cells with a leading apostrophe; numbers stay numbers.
 */
export function toCsv(fields: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return Papa.unparse({ fields: [...fields], data: rows.map((row) => row.map((value) => (value === null ? '' : value))) }, { escapeFormulae: true });
}
