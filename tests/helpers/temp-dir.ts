import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh folder under the system temp dir, removed by the returned cleanup. */
export function makeTempDir(prefix = 'campaign-studio-test-'): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const REPO_ROOT = join(import.meta.dirname, '..', '..');
export const ASSETS_DIR = join(REPO_ROOT, 'assets');
export const SAMPLE_CSV = join(ASSETS_DIR, 'sample-customers.csv');
/** The built worker that reads customer rows beside the inserts (the test setup and the bench build it). */
export const CUSTOMER_ROWS_WORKER = join(REPO_ROOT, 'dist', 'customer-rows-worker.cjs');
/** The built worker that makes providers' HTTP requests (the app, the CLI and the engine tests use it). */
export const HTTP_WORKER = join(REPO_ROOT, 'dist', 'http-worker.cjs');
