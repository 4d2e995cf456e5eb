import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { normaliseHeader } from '../../shared/domain/customer-columns';
import { CUSTOMER_COLUMN_ALIASES } from '../../shared/domain/customer-columns';

/**
 * External ids from a CSV a user made by hand or exported: the column named like an external id,
 * or the first column; a first row that is not an id column name is read as an id too.
 */
export function readIdList(path: string): string[] {
  const text = new TextDecoder('utf-8').decode(readFileSync(path));
  const rows = Papa.parse<string[]>(text, { skipEmptyLines: 'greedy' }).data;
  const header = (rows[0] ?? []).map(normaliseHeader);
  const named = header.findIndex((h) => CUSTOMER_COLUMN_ALIASES.externalId.includes(h));
  const column = named >= 0 ? named : 0;
  const body = named >= 0 ? rows.slice(1) : rows;
  return body.map((r) => (r[column] ?? '').trim()).filter((id) => id !== '');
}
