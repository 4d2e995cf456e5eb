import { join } from 'node:path';
import packageJson from '../../package.json';
import { runCli } from './cli';

// Bundled to dist/cli.cjs: the app's root is one folder up.
const root = join(__dirname, '..');

runCli(process.argv.slice(2), {
  assetsDir: join(root, 'assets'),
  rendererDir: join(root, 'dist', 'renderer'),
  appVersion: packageJson.version,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
