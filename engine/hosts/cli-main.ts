import { join } from 'node:path';
import { runCli } from './cli';

/** Set from package.json by scripts/build.mjs. */
declare const __APP_VERSION__: string;

// Bundled to dist/cli.cjs: the app's root is one folder up.
const root = join(__dirname, '..');

runCli(process.argv.slice(2), {
  assetsDir: join(root, 'assets'),
  customerRowsWorker: join(__dirname, 'customer-rows-worker.cjs'),
  httpWorker: join(__dirname, 'http-worker.cjs'),
  rendererDir: join(root, 'dist', 'renderer'),
  appVersion: __APP_VERSION__,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
