import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
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
    throw new EngineError(
      'io_error',
      `The key file ${path} can be read by other users (mode ${(statSync(path).mode & 0o777).toString(8)}). Run: chmod 600 "${path}", then try again.`,
      { file: path },
    );
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== 32) throw new EngineError('io_error', `The key file ${path} does not hold a 32-byte key (base64).`, { file: path });
  return key;
}

export function keyFileSecretBox(dataDir: string): SecretBox {
  const path = join(dataDir, KEY_FILE_NAME);
  let key: Buffer | null = null;
  const keyOf = () => (key ??= loadOrCreateKey(path));
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
        throw new EngineError('io_error', `A stored credential cannot be decrypted with ${path}: the key file was changed or replaced. Enter the credential again.`, { file: path });
      }
    },
  };
}
