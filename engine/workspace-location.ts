import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Campaign Studio';

/**
 * The folder the desktop app keeps its workspace in (Electron's userData for productName
 * "Campaign Studio"), so the CLI's nightly imports land in the same file the app opens.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CAMPAIGN_STUDIO_DATA_DIR) return env.CAMPAIGN_STUDIO_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}

/** An explicit --data-dir must exist (a typo should not start an empty workspace); the default is created. */
export function resolveDataDir(explicit: string | undefined): string {
  if (explicit !== undefined) return explicit;
  const dir = defaultDataDir();
  mkdirSync(dir, { recursive: true });
  return dir;
}
