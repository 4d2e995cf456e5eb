import { afterEach, beforeEach } from 'vitest';
import { createEngine, type Engine } from '../../engine/app';
import { ASSETS_DIR, HTTP_WORKER, makeTempDir } from './temp-dir';
export { CUSTOMER_ROWS_WORKER } from './temp-dir';

/** A real engine on a real SQLite file in a fresh temp folder for each test, sending through the HTTP worker as the app does; `now` can be pinned. */
export function useEngine(options: { now?: () => number; customerRowsWorker?: string } = {}): { engine: () => Engine; dir: () => string } {
  let temp: ReturnType<typeof makeTempDir>;
  let engine: Engine;
  beforeEach(async () => {
    temp = makeTempDir();
    engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test', httpWorker: HTTP_WORKER, ...options });
  });
  afterEach(async () => {
    await engine.close();
    temp.cleanup();
  });
  return { engine: () => engine, dir: () => temp.dir };
}

export const textSource = (text: string, fileName = 'file.csv') => ({ kind: 'text' as const, fileName, text });
