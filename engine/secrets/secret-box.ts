import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { chmodSync, existsSync, openSync, readFileSync, statSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../errors';

/**
 * Provider credentials are stored encrypted (AES-256-GCM). Outside the desktop app the key is a
 * file beside the workspace, readable by its owner only (0600): created on first use, refused when
 * anyone else may read it, and never inside the database, so a copied workspace file alone reveals
 * no credential. Sealed form: version byte, 12-byte nonce, 16-byte tag, ciphertext.
 */
export interface SecretBox {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export const KEY_FILE_NAME = 'secret.key';
const VERSION = 1;

function loadOrCreateKey(path: string): Buffer {
  if (!existsSync(path)) {
    const fd = openSync(path, 'wx', 0o600);
    try {
      writeSync(fd, randomBytes(32).toString('base64'));
    } finally {
      closeSync(fd);
    }
    chmodSync(path, 0o600);
  }
  if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) {
    throw new EngineError('io_error', `The key file ${path} can be read by other users (mode ${(statSync(path).mode & 0o777).toString(8)}). Run: chmod 600 "${path}", then try again.`, { file: path });
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new EngineError('io_error', `The key file ${path} does not hold a 32-byte key (base64).`, { file: path });
  return key;
}

/** AES-256-GCM with a key from `keyOf` (read lazily, so a workspace without secrets never needs one). */
function aesBox(keyOf: () => Buffer, where: string): SecretBox {
  return {
    seal(plain) {
      const nonce = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keyOf(), nonce);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      if (sealed[0] !== VERSION) throw new EngineError('io_error', 'A stored credential is in an unknown format.');
      const decipher = createDecipheriv('aes-256-gcm', keyOf(), sealed.subarray(1, 13));
      decipher.setAuthTag(sealed.subarray(13, 29));
      try {
        return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
      } catch {
        throw new EngineError('io_error', `A stored credential cannot be decrypted with ${where}: the key was changed or replaced. Enter the credential again.`);
      }
    },
  };
}

export function keyFileSecretBox(dataDir: string): SecretBox {
  const path = join(dataDir, KEY_FILE_NAME);
  let key: Buffer | null = null;
  return aesBox(() => (key ??= loadOrCreateKey(path)), path);
}

/** A key handed over in memory: by the desktop app (kept by the OS keyring through safeStorage). */
export function keySecretBox(key: Buffer, where: string): SecretBox {
  if (key.length !== 32) throw new EngineError('io_error', `The secret key from ${where} is not 32 bytes.`);
  return aesBox(() => key, where);
}

/** Stores nothing: every seal or open says why (the desktop app found no safe place for its key). */
export function refusingSecretBox(reason: string): SecretBox {
  const refuse = (): never => {
    throw new EngineError('io_error', reason);
  };
  return { seal: refuse, open: refuse };
}

export const SECRET_KEY_ENV = 'CAMPAIGN_STUDIO_SECRET_KEY';

/**
 * Web mode and the CLI: a key the user supplies in CAMPAIGN_STUDIO_SECRET_KEY (32 bytes in base64,
 * or a passphrase stretched with scrypt), else the 0600 key file beside the workspace.
 */
export function secretBoxFromEnvironment(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretBox {
  const supplied = env[SECRET_KEY_ENV];
  if (supplied === undefined || supplied === '') return keyFileSecretBox(dataDir);
  const decoded = Buffer.from(supplied, 'base64');
  const key = decoded.length === 32 && /^[A-Za-z0-9+/]{43}=$/.test(supplied) ? decoded : scryptSync(supplied, 'campaign-studio-secrets:v1', 32);
  return keySecretBox(key, SECRET_KEY_ENV);
}
