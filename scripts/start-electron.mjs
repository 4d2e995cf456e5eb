// `npm start`: build, make sure Electron's runtime and an Electron build of better-sqlite3 are
// there (both fetched on first start where the network allows), then launch the desktop app.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildNode, buildRenderer } from './build.mjs';
import { ensureElectronNativeBinding } from './rebuild-native-for-electron.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

await buildNode();
await buildRenderer();
console.log('start: app built');

let electronBinary;
try {
  // The electron package downloads its runtime the first time it is asked for its path.
  electronBinary = require('electron');
} catch (error) {
  console.error(
    `start: Electron's runtime is not installed and could not be downloaded (${error.message.split('\n')[0]}).\n` +
      "start: on a machine without access to Electron's release host, run the same app in a browser with `npm run web`.",
  );
  process.exit(1);
}

let nativeBinding;
try {
  nativeBinding = ensureElectronNativeBinding();
} catch (error) {
  console.error(`start: ${error.message}\nstart: \`npm run web\` runs the same app in a browser meanwhile.`);
  process.exit(1);
}

console.log(`start: launching ${electronBinary}`);
const child = spawn(electronBinary, [root, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, CAMPAIGN_STUDIO_SQLITE_BINDING: nativeBinding },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
