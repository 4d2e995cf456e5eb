// Builds better-sqlite3 for Electron's ABI into .electron-native/, leaving node_modules' own build
// (used by Node: the CLI, web mode and the tests) untouched, so the two never fight over one binary.
// The engine loads this copy through better-sqlite3's `nativeBinding` option. Needs Electron's
// headers, which node-gyp downloads once from Electron's release host.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const outDir = join(root, '.electron-native');
const binary = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'stamp.json');

const version = (pkg) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;

export function ensureElectronNativeBinding({ arch = process.arch } = {}) {
  const stamp = { electron: version('electron'), betterSqlite3: version('better-sqlite3'), arch };
  if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === JSON.stringify(stamp)) {
    return binary;
  }
  console.log(`native: building better-sqlite3 ${stamp.betterSqlite3} for Electron ${stamp.electron} (${arch})...`);
  const source = join(outDir, 'src', 'better-sqlite3');
  rmSync(source, { recursive: true, force: true });
  mkdirSync(dirname(source), { recursive: true });
  cpSync(dirname(require.resolve('better-sqlite3/package.json')), source, {
    recursive: true,
    filter: (path) => !path.includes(`${join('better-sqlite3', 'build')}`),
  });
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  const result = spawnSync(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${stamp.electron}`, `--arch=${arch}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'], {
    cwd: source,
    stdio: 'inherit',
    env: { ...process.env, npm_config_nodedir: '' },
  });
  if (result.status !== 0) {
    throw new Error("Building better-sqlite3 for Electron failed (above). It needs Electron's headers from its release host and a C++ toolchain.");
  }
  copyFileSync(join(source, 'build', 'Release', 'better_sqlite3.node'), binary);
  writeFileSync(stampFile, JSON.stringify(stamp));
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    console.log(`native: ${ensureElectronNativeBinding()}`);
  } catch (error) {
    console.error(`native: ${error.message}`);
    process.exit(1);
  }
}
