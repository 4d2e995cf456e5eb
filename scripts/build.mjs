// Builds everything the app runs: the Node-side bundles (CLI, engine utility process, Electron main
// and preload) with esbuild, and the renderer with Vite. Run by `npm install` (prepare) and `npm test`.
import { build as esbuild } from 'esbuild';
import { build as viteBuild } from 'vite';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';

// Tests run this under NODE_ENV=test; the app is always built for production.
process.env.NODE_ENV = 'production';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const only = process.argv.includes('--node-only') ? 'node' : 'all';

const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const common = {
  define: { __APP_VERSION__: JSON.stringify(version) },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  logLevel: 'warning',
  // Native and runtime-provided modules stay outside the bundle, and MJML (its minifiers read their
  // own files at run time): all three are production dependencies, installed beside the bundle.
  external: ['better-sqlite3', 'electron', 'mjml'],
  absWorkingDir: root,
};

export async function buildNode() {
  await Promise.all([
    esbuild({ ...common, entryPoints: ['engine/hosts/cli-main.ts'], outfile: 'dist/cli.cjs' }),
    esbuild({ ...common, entryPoints: ['engine/hosts/utility-process.ts'], outfile: 'dist/engine-utility.cjs' }),
    esbuild({ ...common, entryPoints: ['engine/audience/customer-rows-worker.ts'], outfile: 'dist/customer-rows-worker.cjs' }),
    esbuild({ ...common, entryPoints: ['engine/providers/http-worker.ts'], outfile: 'dist/http-worker.cjs' }),
    esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs' }),
    esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
  ]);
}

export async function buildRenderer() {
  await viteBuild({ root: join(root, 'renderer'), configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  await buildNode();
  if (only === 'all') await buildRenderer();
  console.log(`build: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
