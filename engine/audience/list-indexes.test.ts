import BetterSqlite3 from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateCustomersCsv } from '../../tests/helpers/customers-csv';
import { CUSTOMER_ROWS_WORKER, useEngine } from '../../tests/helpers/engine';
import { DATA_FILE_NAME } from '../db/connection';

/** A bulk load into a small base builds the list's sorting indexes at the end: they are there after, exactly as before, whatever the outcome. */
const { engine, dir } = useEngine({ customerRowsWorker: CUSTOMER_ROWS_WORKER });

const indexes = () => {
  const db = new BetterSqlite3(join(dir(), DATA_FILE_NAME), { readonly: true });
  try {
    return db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customers' ORDER BY name`).all();
  } finally {
    db.close();
  }
};

describe('sorting indexes around a bulk load', () => {
  test('a large import into an empty base ends with every index as defined, and the sorted list reads from them', async () => {
    const before = indexes();
    const path = join(dir(), 'big.csv');
    writeFileSync(path, generateCustomersCsv(70_000, 3));
    const summary = await engine().call('customers/import', { source: { kind: 'file', path } }, { trusted: true });
    expect(summary.imported).toBe(70_000);
    expect(indexes()).toEqual(before);
    const page = await engine().call('customers/list', { sort: { field: 'lastName', direction: 'asc' }, offset: 0, limit: 3 });
    expect(page.total).toBe(70_000);
    const names = page.rows.map((r) => r.lastName ?? '');
    expect([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }))).toEqual(names);
  });

  test('a refused import (all or nothing) leaves the indexes as they were', async () => {
    const before = indexes();
    const path = join(dir(), 'refused.csv');
    writeFileSync(path, `${generateCustomersCsv(70_000, 4).trimEnd()}\n,no-id@example.com,,,,,,,,,,,\n`);
    await expect(engine().call('customers/import', { source: { kind: 'file', path }, allOrNothing: true }, { trusted: true })).rejects.toThrow(/all or nothing/);
    expect(indexes()).toEqual(before);
    expect((await engine().call('customers/count', {})).count).toBe(0);
  });
});
