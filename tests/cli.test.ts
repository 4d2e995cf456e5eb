import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { makeTempDir, REPO_ROOT, SAMPLE_CSV } from './helpers/temp-dir';

const BIN = join(REPO_ROOT, 'bin', 'campaign-studio.cjs');

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

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

  test('a file with bad rows imports the good ones, lists each error and exits 3', () => {
    const file = join(temp.dir, 'export.csv');
    writeFileSync(file, 'external_id,email\nE-1,e1@example.com\nE-2,nope\n');
    const { code, stdout } = cli('import', 'customers', file, '--data-dir', temp.dir, '--json');
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
