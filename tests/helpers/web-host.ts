import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createEngine, type Engine } from '../../engine/app';
import { startWebHost, type WebHost, type WebHostOptions } from '../../engine/hosts/http-server';
import { ASSETS_DIR, makeTempDir } from './temp-dir';

/**
 * The web host in this process, on a real engine in a fresh folder, serving a one-line page, for a
 * describe block: filled in before its tests, closed and removed after.
 */
export function useInProcessWebHost(token: string, limits: Partial<Omit<WebHostOptions, 'engine' | 'token' | 'rendererDir'>> = {}): { engine: Engine; host: WebHost; dir: string } {
  const temp = makeTempDir();
  const running = { dir: temp.dir } as { engine: Engine; host: WebHost; dir: string };
  beforeAll(async () => {
    const rendererDir = join(temp.dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Campaign Studio</title>');
    running.engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
    running.host = await startWebHost({ engine: running.engine, token, rendererDir, ...limits });
  });
  afterAll(async () => {
    await running.host?.close();
    await running.engine?.close();
    temp.cleanup();
  });
  return running;
}
