import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import type { EngineSecretMessage } from '../shared/rpc/engine-process-protocol';

/**
 * The key that seals provider credentials, kept by the operating system: a random 32-byte key,
 * stored in the data folder encrypted with safeStorage (Keychain, DPAPI, libsecret/KWallet), and
 * handed to the engine process in memory. Where safeStorage would only pretend (Linux with no
 * keyring: the "basic_text" backend) nothing is stored and the engine says how to fix it.
 */
const SEALED_KEY_FILE = 'secret.key.safestorage';

const NO_KEYRING =
  'Campaign Studio keeps provider keys encrypted by your system keyring, and none is available (Electron would fall back to "basic_text", which protects nothing). ' +
  'Install and unlock GNOME Keyring or KWallet (for example: sudo apt install gnome-keyring), or start the app with --password-store=gnome-libsecret, then restart it. ' +
  'Until then providers that need a key cannot be saved; the sandbox works.';

export function desktopSecretKey(dataDir: string): EngineSecretMessage {
  if (!safeStorage.isEncryptionAvailable()) return { type: 'secret-key', refused: NO_KEYRING };
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return { type: 'secret-key', refused: NO_KEYRING };
  const file = join(dataDir, SEALED_KEY_FILE);
  try {
    if (existsSync(file)) return { type: 'secret-key', key: safeStorage.decryptString(readFileSync(file)) };
    const key = randomBytes(32).toString('base64');
    writeFileSync(file, safeStorage.encryptString(key), { mode: 0o600, flag: 'wx' });
    return { type: 'secret-key', key };
  } catch (error) {
    return { type: 'secret-key', refused: `The system keyring could not open the key in ${file}: ${(error as Error).message}. Saved provider keys must be entered again.` };
  }
}
