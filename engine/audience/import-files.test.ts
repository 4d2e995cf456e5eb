import iconv from 'iconv-lite';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CUSTOMER_ROWS_WORKER, textSource, useEngine } from '../../tests/helpers/engine';

// Files here are read by the worker thread, as the CLI and the desktop app do (inline text stays in-thread).
const { engine, dir } = useEngine({ customerRowsWorker: CUSTOMER_ROWS_WORKER });

/** Writes bytes to a real file and imports it through the trusted file path, as the CLI does. */
function writeFile(name: string, bytes: Buffer | string): string {
  const path = join(dir(), name);
  writeFileSync(path, bytes);
  return path;
}

const importFile = (path: string, extra: Record<string, unknown> = {}) => engine().call('customers/import', { source: { kind: 'file', path }, ...extra }, { trusted: true });

const ROWS = [
  ['external_id', 'first_name', 'last_name', 'city', 'phone'],
  ['A-1', 'Hélène', 'Lefèvre', 'Béjaïa', '0550 12 34 56'],
  ['A-2', 'محمد', 'بن علي', 'سطيف', '+213 661 23 45 67'],
];
const csv = (rows: string[][], delimiter = ',', eol = '\n') => rows.map((r) => r.join(delimiter)).join(eol) + eol;

describe('real-world customer files', () => {
  test.each([
    ['UTF-8', Buffer.from(csv(ROWS), 'utf8')],
    ['UTF-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(ROWS, ';', '\r\n'), 'utf8')])],
    ['Windows-1256 (Arabic Excel)', iconv.encode(csv(ROWS, ';', '\r\n'), 'win1256')],
  ])('%s keeps French accents and Arabic names intact', async (_label, bytes) => {
    const summary = await importFile(writeFile('customers.csv', bytes));
    expect(summary).toMatchObject({ rows: 2, imported: 2, rejected: 0 });
    await expect(engine().call('customers/get', { externalId: 'A-1' })).resolves.toMatchObject({
      firstName: 'Hélène',
      lastName: 'Lefèvre',
      city: 'Béjaïa',
      phone: '+213550123456',
    });
    await expect(engine().call('customers/get', { externalId: 'A-2' })).resolves.toMatchObject({
      firstName: 'محمد',
      lastName: 'بن علي',
      city: 'سطيف',
      phone: '+213661234567',
    });
  });

  test('Windows-1252 (French Excel) is detected, tab-delimited with CRLF', async () => {
    const rows = [
      ['external_id', 'first_name', 'city'],
      ['F-1', 'Chloé', 'Saint-Étienne'],
      ['F-2', 'Françoise', 'Besançon'],
    ];
    const summary = await importFile(writeFile('fr.csv', iconv.encode(csv(rows, '\t', '\r\n'), 'win1252')));
    expect(summary).toMatchObject({ imported: 2, rejected: 0 });
    expect((await engine().call('customers/get', { externalId: 'F-1' })).city).toBe('Saint-Étienne');
    expect((await engine().call('customers/get', { externalId: 'F-2' })).firstName).toBe('Françoise');
    const { entries } = await engine().call('imports/list', {});
    expect(entries).toHaveLength(1);
  });

  test('the encoding can be chosen when detection cannot know', async () => {
    const path = writeFile('latin.csv', iconv.encode('external_id,city\nL-1,Sétif\n', 'latin1'));
    await importFile(path, { encoding: 'windows-1252' });
    expect((await engine().call('customers/get', { externalId: 'L-1' })).city).toBe('Sétif');
  });

  test('quoted fields hold delimiters, quotes and line breaks', async () => {
    const text = 'external_id,first_name,note\r\n"Q-1","Amine","Rue 5, Bab Ezzouar\r\nAlger"\r\n"Q-2","Nour","dit ""VIP"""\r\n';
    const summary = await engine().call('customers/import', { source: textSource(text) });
    expect(summary).toMatchObject({ rows: 2, imported: 2 });
    expect((await engine().call('customers/get', { externalId: 'Q-1' })).attributes).toEqual({ note: 'Rue 5, Bab Ezzouar\r\nAlger' });
    expect((await engine().call('customers/get', { externalId: 'Q-2' })).attributes).toEqual({ note: 'dit "VIP"' });
  });

  test('phones become E.164 in the default country; a bad number is reported, not stored, and the customer kept', async () => {
    const text = 'external_id,phone\nP-1,0550 12 34 56\nP-2,01 42 68 53 00\nP-3,12\nP-4,+33 6 12 34 56 78\n';
    const dz = await engine().call('customers/import', { source: textSource(text) });
    expect(dz).toMatchObject({ imported: 4, rejected: 0, errors: [] });
    expect(dz.warnings).toMatchObject([
      { row: 3, column: 'phone', code: 'invalid_phone', value: '01 42 68 53 00' },
      { row: 4, column: 'phone', code: 'invalid_phone', value: '12' },
    ]);
    expect((await engine().call('customers/get', { externalId: 'P-1' })).phone).toBe('+213550123456');
    expect((await engine().call('customers/get', { externalId: 'P-4' })).phone).toBe('+33612345678');
    expect((await engine().call('customers/get', { externalId: 'P-3' })).phone).toBeNull();

    const fr = await engine().call('customers/import', { source: textSource('external_id,phone\nP-2,01 42 68 53 00\n'), defaultCountry: 'FR' });
    expect(fr).toMatchObject({ updated: 1, rejected: 0 });
    expect((await engine().call('customers/get', { externalId: 'P-2' })).phone).toBe('+33142685300');
  });

  test('dates in the formats exports use are read in the workspace zone; impossible dates are reported', async () => {
    const text = [
      'external_id,signup_date',
      'D-1,2025-05-20',
      'D-2,20/05/2025',
      'D-3,20-05-2025 14:30',
      'D-4,2025/05/20 14:30:00',
      'D-5,20.05.2025',
      'D-6,2025-05-20T14:30:00+02:00',
      'D-7,1747747800',
      'D-8,31/02/2025',
    ].join('\n');
    const summary = await engine().call('customers/import', { source: textSource(text) });
    expect(summary.warnings).toMatchObject([{ row: 9, code: 'invalid_date', value: '31/02/2025' }]);
    const signup = async (id: string) => (await engine().call('customers/get', { externalId: id })).signupAt;
    for (const id of ['D-1', 'D-2', 'D-5']) expect(await signup(id)).toBe('2025-05-19T23:00:00.000Z');
    expect(await signup('D-3')).toBe('2025-05-20T13:30:00.000Z');
    expect(await signup('D-4')).toBe('2025-05-20T13:30:00.000Z');
    expect(await signup('D-6')).toBe('2025-05-20T12:30:00.000Z');
    expect(await signup('D-7')).toBe('2025-05-20T13:30:00.000Z');
  });

  test('the mapping can rename a column to a field, keep one as an attribute or ignore it', async () => {
    const text = 'client,mail,notes,secret\nM-1,m1@example.com,vip,xyz\n';
    const summary = await engine().call('customers/import', {
      source: textSource(text),
      mapping: { client: 'externalId', mail: 'email', secret: 'ignore' },
    });
    expect(summary).toMatchObject({ imported: 1 });
    await expect(engine().call('customers/get', { externalId: 'M-1' })).resolves.toMatchObject({
      email: 'm1@example.com',
      attributes: { notes: 'vip' },
    });
  });

  test('a preview shows the encoding, delimiter, columns and first rows without writing', async () => {
    const path = writeFile('preview.csv', iconv.encode(csv(ROWS, ';', '\r\n'), 'win1256'));
    const preview = await engine().call('imports/preview', { source: { kind: 'file', path }, kind: 'customers' }, { trusted: true });
    expect(preview).toMatchObject({
      encoding: 'windows-1256',
      delimiter: ';',
      headers: ROWS[0],
      columns: ['externalId', 'firstName', 'lastName', 'city', 'phone'],
      rows: [ROWS[1], ROWS[2]],
    });
    expect((await engine().call('customers/count', {})).count).toBe(0);
  });

  test('the row-level report downloads as CSV with row, column, level, code, value and message: refused rows and dropped values in file order', async () => {
    const summary = await engine().call('customers/import', {
      source: textSource('external_id,email,signup_date\nR-1,broken,2025-01-01\nR-2,ok@example.com,"31/02/2025"\n,x@example.com,\n', 'crm.csv'),
    });
    const report = await engine().call('imports/errors-csv', { importId: summary.importId! });
    expect(report.fileName).toBe('crm-errors.csv');
    const lines = report.csv.trim().split(/\r?\n/);
    expect(lines[0]).toBe('row,column,level,code,value,message');
    expect(lines[1]).toMatch(/^2,email,warning,invalid_email,broken,/);
    expect(lines[2]).toMatch(/^3,signup_date,warning,invalid_date,31\/02\/2025,/);
    expect(lines[3]).toMatch(/^4,external_id,error,missing_required,,/);
  });

  test('re-importing a file changes nothing, and a cancelled or failed import leaves the base as it was', async () => {
    const path = writeFile('twice.csv', csv(ROWS));
    await importFile(path);
    const before = await engine().call('customers/get', { externalId: 'A-2' });
    const again = await importFile(path);
    expect(again).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
    expect(await engine().call('customers/get', { externalId: 'A-2' })).toEqual(before);

    const bad = writeFile('bad.csv', 'external_id,email\nA-1,changed@example.com\n,nope@example.com\n');
    await expect(importFile(bad, { allOrNothing: true })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await engine().call('customers/get', { externalId: 'A-1' })).toMatchObject({ email: null });
    expect((await engine().call('customers/count', {})).count).toBe(2);
  });
});
