import { spawnSync } from 'node:child_process';

/** The CLI and browser tests run the built app, so every run builds it first (about two seconds). */
export default function setup(): void {
  const result = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed; see the output above.');
}
