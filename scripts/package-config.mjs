// The electron-builder configuration `npm run package` uses, loaded and checked by electron-builder's
// own code (its config loader and JSON-schema validator), then written where electron-builder writes
// it when it builds (release/builder-effective-config.yaml). Runs before the native rebuild and the
// packaging, so a mistake in electron-builder.yml shows in a second, and on machines that cannot
// download Electron's runtime (these ones) the configuration is still proven.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
const { DebugLogger } = require('builder-util');
const yaml = require('js-yaml');

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = resolve(process.argv[2] ?? join(root, 'electron-builder.yml'));

export async function effectiveBuilderConfig(file = configFile) {
  const config = await getConfig(root, file, null);
  await validateConfiguration(config, new DebugLogger(false));
  // The files the package is made of must exist once the app is built (npm run build).
  const missing = [
    'dist/electron/main.cjs',
    'dist/electron/preload.cjs',
    'dist/renderer/index.html',
    'package.json',
    ...config.extraResources.filter((r) => r.from !== '.electron-native').map((r) => r.from),
  ].filter((path) => !existsSync(join(root, path)));
  return { config, missing };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const { config, missing } = await effectiveBuilderConfig();
    if (missing.length > 0) throw new Error(`the package would miss ${missing.join(', ')}: run npm run build first`);
    const out = join(root, config.directories?.output ?? 'dist', 'builder-effective-config.yaml');
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, yaml.dump(config));
    console.log(`package: ${configFile} is valid for electron-builder; effective configuration written to ${out}`);
  } catch (error) {
    console.error(`package: the electron-builder configuration is not valid: ${error.message}`);
    process.exit(1);
  }
}
