#!/usr/bin/env node
// The command-line entry; the engine is bundled to dist/cli.cjs by `npm run build` (run by npm install).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'cli.cjs');
if (!existsSync(bundle)) {
  console.error('campaign-studio: the app is not built yet. Run `npm run build` in ' + join(__dirname, '..'));
  process.exit(1);
}
require(bundle);
