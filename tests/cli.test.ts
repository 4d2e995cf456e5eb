import BetterSqlite3 from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOW_TEMPLATES } from '../shared/domain/flow-templates';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeTempDir, SAMPLE_CSV } from './helpers/temp-dir';
import { cli } from './helpers/cli';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

describe('campaign-studio CLI', () => {
  test('--help lists the commands', () => {
    const { code, stdout } = cli('--help');
    expect(code).toBe(0);
    for (const command of ['web', 'import', 'customers', 'info']) expect(stdout).toContain(command);
  });

  test('imports the sample CSV, counts it and gets one customer, as JSON', () => {
    const imported = cli('import', 'customers', SAMPLE_CSV, '--data-dir', temp.dir, '--json');
    expect(imported.code).toBe(0);
    const summary = JSON.parse(imported.stdout);
    expect(summary).toMatchObject({ rows: 48, imported: 48, updated: 0, skipped: 0, rejected: 0, errors: [] });

    const counted = cli('customers', 'count', '--data-dir', temp.dir, '--json');
    expect(JSON.parse(counted.stdout)).toEqual({ count: 48 });
    expect(cli('customers', 'count', '--data-dir', temp.dir).stdout.trim()).toBe('48');

    const customer = JSON.parse(cli('customers', 'get', 'CUST-00006', '--data-dir', temp.dir, '--json').stdout);
    expect(customer).toMatchObject({ externalId: 'CUST-00006', firstName: 'زينب', city: 'Sétif' });
  });

  test('a bad value is left out with a warning (exit 0); --strict refuses the row, lists each error and exits 3', () => {
    const file = join(temp.dir, 'export.csv');
    writeFileSync(file, 'external_id,email\nE-1,e1@example.com\nE-2,nope\n');
    const lenient = cli('import', 'customers', file, '--data-dir', temp.dir, '--dry-run');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toContain('row 3, column email: invalid_email');
    const { code, stdout } = cli('import', 'customers', file, '--data-dir', temp.dir, '--json', '--strict');
    expect(code).toBe(3);
    expect(JSON.parse(stdout)).toMatchObject({
      imported: 1,
      rejected: 1,
      errors: [{ row: 3, column: 'email', code: 'invalid_email', value: 'nope' }],
    });
    const dry = cli('import', 'customers', SAMPLE_CSV, '--data-dir', temp.dir, '--dry-run');
    expect(dry.stdout).toContain('dry run');
    expect(cli('customers', 'count', '--data-dir', temp.dir).stdout.trim()).toBe('1');
  });

  test('errors are clear, machine-readable with --json, and exit non-zero', () => {
    const missingDir = join(temp.dir, 'nope');
    const human = cli('customers', 'count', '--data-dir', missingDir);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain('data_dir_missing');
    expect(human.stderr).toContain(missingDir);

    const asJson = cli('customers', 'get', 'GHOST', '--data-dir', temp.dir, '--json');
    expect(asJson.code).toBe(1);
    expect(JSON.parse(asJson.stdout)).toMatchObject({ ok: false, error: { code: 'not_found' } });

    const missingFile = cli('import', 'customers', join(temp.dir, 'missing.csv'), '--data-dir', temp.dir);
    expect(missingFile.code).toBe(1);
    expect(missingFile.stderr).toContain('missing.csv');

    expect(cli('frobnicate').code).toBe(2);
    expect(cli('import', 'customers', SAMPLE_CSV, '--on-duplicate', 'merge').code).toBe(2);
  });
});

describe('campaign-studio CLI: audience at scale', () => {
  test('imports events, counts a saved segment by name and a filter file, writes the error report, erases', () => {
    expect(cli('import', 'customers', SAMPLE_CSV, '--data-dir', temp.dir, '--quiet').code).toBe(0);
    const events = join(temp.dir, 'events.ndjson');
    writeFileSync(
      events,
      ['{"event":"add_to_cart","customer_id":"CUST-00001","time":"2099-01-01T00:00:00Z","cart_id":"K1"}', '{"event":"add_to_cart","customer_id":"GHOST","time":"2026-01-01T00:00:00Z"}'].join('\n'),
    );
    const report = join(temp.dir, 'events-errors.csv');
    const imported = cli('import', 'events', events, '--data-dir', temp.dir, '--json', '--errors-csv', report);
    expect(imported.code).toBe(3);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 2, imported: 1, rejected: 1, errors: [{ row: 2, code: 'unknown_customer' }] });
    expect(readFileSync(report, 'utf8')).toContain('unknown_customer');

    const filter = join(temp.dir, 'carts.json');
    writeFileSync(filter, JSON.stringify({ type: 'group', op: 'and', conditions: [{ type: 'behaviour', event: 'add_to_cart', occurrence: 'at_least', count: 1, window: { kind: 'ever' } }] }));
    expect(JSON.parse(cli('segment', 'count', '--filter', filter, '--data-dir', temp.dir, '--json').stdout)).toMatchObject({ count: 1, total: 48 });
    const badFilter = join(temp.dir, 'bad.json');
    writeFileSync(badFilter, '{"type":"group","op":"xor","conditions":[]}');
    const refused = cli('segment', 'count', '--filter', badFilter, '--data-dir', temp.dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('op');
    expect(cli('segment', 'count', 'Nope', '--data-dir', temp.dir).stderr).toContain('No segment is named "Nope"');

    expect(cli('customers', 'erase', 'CUST-00001', '--data-dir', temp.dir).code).toBe(1);
    expect(cli('customers', 'erase', 'CUST-00001', '--yes', '--data-dir', temp.dir).code).toBe(0);
    expect(cli('customers', 'count', '--data-dir', temp.dir).stdout.trim()).toBe('47');
  });

  test('--default-country reads national phone numbers in that country', () => {
    const file = join(temp.dir, 'fr.csv');
    writeFileSync(file, 'external_id,phone\nFR-1,01 42 68 53 00\n');
    expect(cli('import', 'customers', file, '--data-dir', temp.dir, '--json', '--strict').code).toBe(3);
    const fr = cli('import', 'customers', file, '--data-dir', temp.dir, '--json', '--default-country', 'FR');
    expect(JSON.parse(fr.stdout)).toMatchObject({ imported: 1, rejected: 0, warnings: [] });
    expect(JSON.parse(cli('customers', 'get', 'FR-1', '--data-dir', temp.dir, '--json').stdout).phone).toBe('+33142685300');
  });

  test('--map names what columns mean when the headers do not say it', () => {
    const customers = join(temp.dir, 'shop.csv');
    writeFileSync(customers, 'client,numero,note\nC-1,0550 12 34 56,vip\n');
    const mapped = cli('import', 'customers', customers, '--data-dir', temp.dir, '--json', '--map', 'client=externalId', '--map', 'numero=phone', '--map', 'note=ignore');
    expect(JSON.parse(mapped.stdout)).toMatchObject({ imported: 1, rejected: 0 });
    const customer = JSON.parse(cli('customers', 'get', 'C-1', '--data-dir', temp.dir, '--json').stdout);
    expect(customer).toMatchObject({ phone: '+213550123456', attributes: {} });

    const events = join(temp.dir, 'orders.csv');
    writeFileSync(events, 'what,who,quand,total,internal\npurchase,C-1,2026-11-01T10:00:00+01:00,4500,x\n');
    const unmapped = cli('import', 'events', events, '--data-dir', temp.dir);
    expect(unmapped.code).toBe(1);
    expect(unmapped.stderr).toContain('missing');
    const imported = cli('import', 'events', events, '--data-dir', temp.dir, '--json', '--map', 'what=event', '--map', 'who=customerId', '--map', 'quand=time', '--map', 'internal=ignore');
    expect(JSON.parse(imported.stdout)).toMatchObject({ imported: 1, rejected: 0 });
    const db = new BetterSqlite3(join(temp.dir, 'campaign-studio.db'), { readonly: true });
    expect(db.prepare('SELECT name, ts, properties FROM events').all()).toEqual([{ name: 'purchase', ts: Date.parse('2026-11-01T09:00:00Z'), properties: '{"total":4500}' }]);
    db.close();
    const badMeaning = cli('import', 'events', events, '--data-dir', temp.dir, '--map', 'what=colour');
    expect(badMeaning.code).toBe(1);
    expect(badMeaning.stderr).toContain('mapping');
  });

  test('flow export, import and publish: a file round-trips, a broken one names the field', () => {
    const template = join(temp.dir, 'template.json');
    const definition = FLOW_TEMPLATES.find((t) => t.id === 'abandoned-cart-email')!.build();
    writeFileSync(template, JSON.stringify({ format: 'campaign-studio.flow', schemaVersion: 1, name: 'Cart emails', definition }));
    const imported = cli('flow', 'import', template, '--data-dir', temp.dir);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain('It validates');
    expect(cli('flow', 'publish', 'Cart emails', '--data-dir', temp.dir).stdout).toContain('version 1 (live)');
    expect(cli('flow', 'list', '--data-dir', temp.dir).stdout).toMatch(/live\s+v1\s+Cart emails/);

    const out = join(temp.dir, 'exported.json');
    expect(cli('flow', 'export', 'Cart emails', '--published', '1', '--out', out, '--data-dir', temp.dir).code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported).toMatchObject({ format: 'campaign-studio.flow', schemaVersion: 1, version: 1, name: 'Cart emails' });
    expect(exported.definition).toEqual(definition);

    exported.definition.nodes[1].data.timeout.unit = 'fortnights';
    writeFileSync(out, JSON.stringify(exported));
    const broken = cli('flow', 'import', out, '--data-dir', temp.dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('definition.nodes[1].data.timeout.unit');
  });
});
