import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { JobProgressEvent } from '../shared/rpc/events';
import { generateCustomersCsv } from '../tests/helpers/customers-csv';
import { ASSETS_DIR, makeTempDir } from '../tests/helpers/temp-dir';
import { createEngine, type Engine } from './app';

let temp: ReturnType<typeof makeTempDir>;
let engine: Engine;

beforeEach(async () => {
  temp = makeTempDir();
  engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
});
afterEach(async () => {
  await engine.close();
  temp.cleanup();
});

const text = (csv: string, fileName = 'customers.csv') => ({ kind: 'text' as const, fileName, text: csv });
const count = async () => (await engine.call('customers/count', {})).count;

describe('dispatch', () => {
  test('an unknown method is refused with a message naming it', async () => {
    const result = await engine.dispatch('customers/delete-everything', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(!result.ok && result.error.message).toContain('customers/delete-everything');
  });

  test('bad input is refused with an error naming the field', async () => {
    const result = await engine.dispatch('customers/list', { limit: 5000, sort: { field: 'password', direction: 'asc' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid_input');
    const fields = (result.error.details as { issues: { field: string }[] }).issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['limit', 'sort.field']));
    expect(result.error.message).toContain('limit');
  });

  test('each refused field says what kind of wrong it is, for a window to word it in its language', async () => {
    const result = await engine.dispatch('segments/save', { name: ' ', kind: 'frozen', colour: 'red' });
    const issues = !result.ok ? (result.error.details as { issues: object[] }).issues : [];
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'name', kind: 'required' }),
        expect.objectContaining({ field: 'kind', kind: 'not_allowed', allowed: ['dynamic', 'static'] }),
        expect.objectContaining({ field: '(input)', kind: 'unknown_field' }),
      ]),
    );
    const tooMany = await engine.dispatch('customers/list', { limit: 5000 });
    expect(!tooMany.ok && (tooMany.error.details as { issues: object[] }).issues).toEqual([expect.objectContaining({ field: 'limit', kind: 'too_big', limit: 1000 })]);
    const missing = await engine.dispatch('customers/get', {});
    expect(!missing.ok && (missing.error.details as { issues: { kind: string }[] }).issues.every((i) => i.kind === 'required')).toBe(true);
  });

  test('fields a method does not know are refused rather than ignored', async () => {
    const result = await engine.dispatch('customers/get', { externalId: 'C-1', includeSecrets: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(!result.ok && result.error.message).toContain('includeSecrets');
  });

  test('a missing customer is not_found, and a malformed request body is invalid_input, never a thrown error', async () => {
    await expect(engine.dispatch('customers/get', { externalId: 'nobody' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    await expect(engine.dispatch('customers/get', 'not an object')).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
  });

  test('settings validate time zones by name', async () => {
    await expect(engine.dispatch('settings/update', { timeZone: 'Mars/Olympus' })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input', details: { issues: [{ field: 'timeZone' }] } },
    });
    await expect(engine.call('settings/update', { timeZone: 'Europe/Paris' })).resolves.toMatchObject({
      timeZone: 'Europe/Paris',
      defaultPhoneCountry: 'DZ',
    });
    await expect(engine.call('app/info', {})).resolves.toMatchObject({ timeZone: 'Europe/Paris' });
  });

  test('a demo workspace stays one, and takes sandbox providers only', async () => {
    await expect(engine.call('providers/create', { name: 'Webhook before', kind: 'webhook', channel: 'webhook', config: { url: 'http://127.0.0.1:9/hook' } })).resolves.toMatchObject({
      kind: 'webhook',
    });
    expect((await engine.call('settings/update', { demo: true })).demo).toBe(true);
    // Settings read and sent back whole carry demo: false; it does not turn the demo off.
    const settings = await engine.call('settings/get', {});
    expect((await engine.call('settings/update', { ...settings, demo: false })).demo).toBe(true);
    await expect(engine.dispatch('providers/create', { name: 'Webhook', kind: 'webhook', channel: 'webhook', config: { url: 'http://127.0.0.1:9/hook' } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('demo workspace') },
    });
    await expect(engine.call('providers/create', { name: 'Another sandbox', kind: 'sandbox', channel: 'sms' })).resolves.toMatchObject({ kind: 'sandbox' });
  });
});

describe('customer import', () => {
  test('the sample CSV imports every row with accents and Arabic intact, and importing it again changes nothing', async () => {
    const first = await engine.call('customers/import', { source: { kind: 'sample' } });
    expect(first).toMatchObject({ rows: 48, imported: 48, rejected: 0, errors: [] });
    const arabic = await engine.call('customers/get', { externalId: 'CUST-00006' });
    expect(arabic.firstName).toBe('زينب');
    expect(arabic.consent).toEqual({ email: true, sms: false, push: true, whatsapp: null });
    expect(arabic.attributes).toEqual({ loyalty_tier: 'silver', orders_count: 2 });
    const french = await engine.call('customers/get', { externalId: 'CUST-00001' });
    expect(french.firstName).toBe('Hélène');
    // A date without a zone is read in the workspace's zone (Africa/Algiers, UTC+1).
    expect(french.signupAt).toBe('2025-06-03T23:00:00.000Z');

    const again = await engine.call('customers/import', { source: { kind: 'sample' } });
    expect(again).toMatchObject({ rows: 48, imported: 0, updated: 0, unchanged: 48 });
    const afterAgain = await engine.call('customers/get', { externalId: 'CUST-00001' });
    expect(afterAgain.updatedAt).toBe(french.updatedAt);
    expect(await count()).toBe(48);
  });

  test('strict: each rejected value is reported with its row, column, code and value; the valid rows are kept', async () => {
    const csv = [
      'external_id;email;signup_date;consent_sms;time_zone',
      'A-1;a@example.com;2025-05-20;yes;Africa/Algiers',
      'A-2;not-an-email;20/05/2025;no;',
      ';b@example.com;;;',
      'A-3;c@example.com;someday;maybe;Mars/Base',
      'A-1;dup@example.com;;;',
      '"A-4";"d@example.com";"2025-05-20T10:00:00+02:00";"1";""',
    ].join('\r\n');
    const summary = await engine.call('customers/import', { source: text(csv, 'crm-export.csv'), strict: true, onDuplicate: 'reject' });
    expect(summary).toMatchObject({ rows: 6, imported: 2, rejected: 4 });
    expect(summary.errors).toEqual([
      { row: 3, column: 'email', code: 'invalid_email', value: 'not-an-email', message: expect.stringContaining('not-an-email'), externalId: 'A-2' },
      { row: 4, column: 'external_id', code: 'missing_required', value: '', message: expect.any(String) },
      { row: 5, column: 'signup_date', code: 'invalid_date', value: 'someday', message: expect.any(String), externalId: 'A-3' },
      { row: 5, column: 'consent_sms', code: 'invalid_boolean', value: 'maybe', message: expect.any(String), externalId: 'A-3' },
      { row: 5, column: 'time_zone', code: 'invalid_time_zone', value: 'Mars/Base', message: expect.any(String), externalId: 'A-3' },
      { row: 6, column: 'external_id', code: 'duplicate_in_file', value: 'A-1', message: expect.any(String), externalId: 'A-1' },
    ]);
    expect((await engine.call('customers/get', { externalId: 'A-4' })).signupAt).toBe('2025-05-20T08:00:00.000Z');
    expect(await count()).toBe(2);
  });

  test('all-or-nothing refuses the whole file when one row is bad', async () => {
    const csv = 'external_id,email\nB-1,b1@example.com\n,b2@example.com\n';
    const result = await engine.dispatch('customers/import', { source: text(csv), allOrNothing: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await count()).toBe(0);
    const { entries } = await engine.call('imports/list', {});
    expect(entries[0]).toMatchObject({ status: 'failed', rows: 2, rejected: 1, imported: 0 });
  });

  test('a dry run reports what would happen and writes no customer', async () => {
    const summary = await engine.call('customers/import', { source: { kind: 'sample' }, dryRun: true });
    expect(summary).toMatchObject({ dryRun: true, imported: 48 });
    expect(await count()).toBe(0);
  });

  test('existing ids are updated (empty cells keep the old value), skipped or rejected as chosen', async () => {
    await engine.call('customers/import', { source: text('external_id,email,city,tier\nC-1,old@example.com,Oran,gold\n') });
    const update = await engine.call('customers/import', { source: text('external_id,email,city\nC-1,new@example.com,\n') });
    expect(update).toMatchObject({ updated: 1, imported: 0 });
    expect(await engine.call('customers/get', { externalId: 'C-1' })).toMatchObject({
      email: 'new@example.com',
      city: 'Oran',
      attributes: { tier: 'gold' },
    });
    const skip = await engine.call('customers/import', {
      source: text('external_id,email\nC-1,other@example.com\n'),
      onDuplicate: 'skip',
    });
    expect(skip).toMatchObject({ skipped: 1, updated: 0 });
    const reject = await engine.call('customers/import', {
      source: text('external_id,email\nC-1,other@example.com\n'),
      onDuplicate: 'reject',
    });
    expect(reject.errors).toMatchObject([{ row: 2, code: 'duplicate_in_base', value: 'C-1' }]);
    expect((await engine.call('customers/get', { externalId: 'C-1' })).email).toBe('new@example.com');
  });

  test('a file with no id, email or phone column is refused before anything is written, naming the file and row', async () => {
    const result = await engine.dispatch('customers/import', { source: text('name,city\nA,Oran\n', 'contacts.csv') });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { file: 'contacts.csv', row: 1 } } });
    expect(!result.ok && result.error.message).toContain('no column to know customers by');
    expect(await count()).toBe(0);
  });

  test('reading a file by path is refused unless the caller is trusted (the CLI)', async () => {
    const path = join(temp.dir, 'people.csv');
    writeFileSync(path, 'external_id\nP-1\n');
    await expect(engine.dispatch('customers/import', { source: { kind: 'file', path } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'invalid_input' },
    });
    await expect(engine.dispatch('customers/import', { source: { kind: 'file', path } }, { trusted: true })).resolves.toMatchObject({ ok: true, value: { imported: 1 } });
    await expect(engine.dispatch('customers/import', { source: { kind: 'file', path: join(temp.dir, 'missing.csv') } }, { trusted: true })).resolves.toMatchObject({
      ok: false,
      error: { code: 'io_error' },
    });
  });

  test('a long import reports progress and, when cancelled, leaves the base as it was', async () => {
    await engine.call('customers/import', { source: { kind: 'sample' } });
    const path = join(temp.dir, 'big.csv');
    writeFileSync(path, generateCustomersCsv(200_000, 7));
    const jobId = 'import-to-cancel';
    const progress: JobProgressEvent[] = [];
    engine.onEvent((event) => {
      if (event.type !== 'job/progress' || event.jobId !== jobId) return;
      progress.push(event);
      if (progress.length === 2) void engine.dispatch('jobs/cancel', { jobId });
    });
    const result = await engine.dispatch('customers/import', { source: { kind: 'file', path } }, { jobId, trusted: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[0]).toMatchObject({ method: 'customers/import', unit: 'bytes' });
    expect(progress[1]!.done).toBeGreaterThan(0);
    expect(progress[1]!.done).toBeLessThan(progress[1]!.total!);
    expect(await count()).toBe(48);
    const { entries } = await engine.call('imports/list', {});
    expect(entries[0]).toMatchObject({ status: 'cancelled', imported: 0 });
  });

  test('a file handed over in chunks imports by upload id, and is deleted once imported', async () => {
    const bytes = Buffer.from(generateCustomersCsv(2000, 3));
    const { uploadId } = await engine.call('uploads/begin', { fileName: 'shop-export.csv' });
    const half = Math.floor(bytes.length / 2);
    await engine.call('uploads/append', { uploadId, offset: 0, chunk: bytes.subarray(0, half) });
    const outOfOrder = await engine.dispatch('uploads/append', { uploadId, offset: 0, chunk: bytes.subarray(half) });
    expect(outOfOrder).toMatchObject({ ok: false, error: { code: 'conflict', details: { field: 'offset', expected: half } } });
    await engine.call('uploads/append', { uploadId, offset: half, chunk: bytes.subarray(half) });
    await expect(engine.call('uploads/finish', { uploadId })).resolves.toEqual({ uploadId, fileName: 'shop-export.csv', bytes: bytes.length });

    const dry = await engine.call('customers/import', { source: { kind: 'upload', uploadId }, dryRun: true });
    expect(dry).toMatchObject({ fileName: 'shop-export.csv', imported: 2000 });
    const real = await engine.call('customers/import', { source: { kind: 'upload', uploadId } });
    expect(real).toMatchObject({ imported: 2000, rejected: 0 });
    await expect(engine.dispatch('customers/import', { source: { kind: 'upload', uploadId } })).resolves.toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    const badId = await engine.dispatch('customers/import', { source: { kind: 'upload', uploadId: '../../etc/passwd' } });
    expect(badId).toMatchObject({ ok: false, error: { code: 'invalid_input', details: { issues: [{ field: 'source.uploadId' }] } } });
  });

  test('lists sort and search, and reads see committed data only', async () => {
    await engine.call('customers/import', { source: { kind: 'sample' } });
    const byName = await engine.call('customers/list', { sort: { field: 'lastName', direction: 'asc' }, limit: 48 });
    const names = byName.rows.map((r) => r.lastName ?? '');
    const latin = names.filter((n) => /^[A-Za-z]/.test(n));
    expect(latin).toEqual([...latin].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
    const search = await engine.call('customers/list', { search: 'sétif' });
    expect(search.total).toBeGreaterThan(0);
    expect(search.rows.every((r) => r.city === 'Sétif')).toBe(true);
    const wildcard = await engine.call('customers/list', { search: '%' });
    expect(wildcard.total).toBe(0);
  });
});
