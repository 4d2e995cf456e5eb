import { importPKCS8, SignJWT } from 'jose';
import { baseUrlOf, form, httpRequest, jsonOf, noAnswer, outcomeOfStatus, type HttpAnswer } from './http';
import type { OutgoingMessage, ProviderAdapter, ProviderConfig, SendOutcome } from './provider';

/**
 * Firebase Cloud Messaging, HTTP v1: POST /v1/projects/{project}/messages:send with an OAuth2
 * access token obtained from the service account by the JWT bearer grant (RFC 7523) and kept
 * until shortly before it expires. FCM has no idempotency key, so a message in doubt after a crash
 * is left for the user to decide.
 */
export interface ServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

/** Reads the pasted key file, saying which part is missing. */
export function parseServiceAccount(value: unknown): ServiceAccount {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new Error('the service account is not JSON: paste the whole key file');
    }
  }
  const account = (parsed ?? {}) as Record<string, unknown>;
  for (const key of ['project_id', 'client_email', 'private_key'] as const) {
    if (typeof account[key] !== 'string' || account[key] === '') throw new Error(`the service account has no ${key}`);
  }
  return account as unknown as ServiceAccount;
}

interface CachedToken {
  token: string;
  expiresAt: number;
}
const tokens = new Map<string, Promise<CachedToken>>();

async function fetchToken(account: ServiceAccount): Promise<CachedToken> {
  const tokenUri = account.token_uri || GOOGLE_TOKEN_URI;
  const key = await importPKCS8(account.private_key, 'RS256');
  const assertion = await new SignJWT({ scope: SCOPE })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(account.private_key_id ? { kid: account.private_key_id } : {}) })
    .setIssuer(account.client_email)
    .setAudience(tokenUri)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
  const answer = await httpRequest(tokenUri, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion }),
  });
  const body = jsonOf(answer);
  if (answer.status !== 200 || typeof body['access_token'] !== 'string') {
    throw Object.assign(new Error(`Google refused the service account (HTTP ${answer.status}: ${String(body['error_description'] ?? body['error'] ?? answer.text.slice(0, 200))})`), { answer });
  }
  const lifetime = typeof body['expires_in'] === 'number' ? body['expires_in'] : 3600;
  return { token: body['access_token'], expiresAt: Date.now() + lifetime * 1000 };
}

/** One token per service account, shared by concurrent sends, renewed a minute before it expires. */
async function accessToken(account: ServiceAccount): Promise<string> {
  const cacheKey = `${account.client_email}:${account.token_uri ?? ''}`;
  const cached = tokens.get(cacheKey);
  if (cached) {
    const value = await cached.catch(() => null);
    if (value && value.expiresAt - 60_000 > Date.now()) return value.token;
    if (tokens.get(cacheKey) === cached) tokens.delete(cacheKey);
  }
  let pending = tokens.get(cacheKey);
  if (!pending) {
    pending = fetchToken(account);
    tokens.set(cacheKey, pending);
    pending.catch(() => tokens.delete(cacheKey));
  }
  return (await pending).token;
}

function fcmErrorCode(body: Record<string, unknown>): string {
  const error = (body['error'] ?? {}) as { status?: string; details?: { '@type'?: string; errorCode?: string }[] };
  const detail = error.details?.find((d) => d['@type']?.endsWith('google.firebase.fcm.v1.FcmError'));
  return detail?.errorCode ?? error.status ?? '';
}

/** The fields a google.rpc.BadRequest detail names ("message.token", "message.android.ttl"...). */
function violatedFields(body: Record<string, unknown>): string[] {
  const details = (body['error'] as { details?: { '@type'?: string; fieldViolations?: { field?: string }[] }[] } | undefined)?.details ?? [];
  return details.filter((d) => d['@type']?.endsWith('google.rpc.BadRequest')).flatMap((d) => (d.fieldViolations ?? []).map((v) => v.field ?? ''));
}

function outcomeOf(answer: HttpAnswer, account: ServiceAccount): SendOutcome {
  const body = jsonOf(answer);
  if (answer.status === 200) return { status: 'sent', providerMessageId: typeof body['name'] === 'string' ? body['name'] : null };
  const code = fcmErrorCode(body);
  const message = String((body['error'] as { message?: string } | undefined)?.message ?? answer.text.slice(0, 200));
  const error = `FCM ${answer.status} ${code}: ${message}`;
  if (code === 'UNREGISTERED' || (answer.status === 404 && code === 'NOT_FOUND')) return { status: 'failed', error, contact: 'dead_push_token' };
  // The token belongs to another Firebase project: it will never work with this one.
  if (code === 'SENDER_ID_MISMATCH') return { status: 'failed', error, contact: 'dead_push_token' };
  // INVALID_ARGUMENT whose field violation names the token: the token is malformed, not the message.
  if (code === 'INVALID_ARGUMENT' && violatedFields(body).includes('message.token')) return { status: 'failed', error, contact: 'dead_push_token' };
  if (answer.status === 401) {
    // Our access token was refused (revoked or expired early): fetch a new one on the next attempt.
    tokens.delete(`${account.client_email}:${account.token_uri ?? ''}`);
    return code === 'THIRD_PARTY_AUTH_ERROR' ? { status: 'failed', error } : { status: 'retry', error };
  }
  return outcomeOfStatus(answer, error);
}

export function fcmRequestBody(message: OutgoingMessage): Record<string, unknown> {
  const { content } = message;
  return {
    message: {
      token: message.to.pushToken,
      notification: { title: content.title, body: content.body },
      data: { message_id: String(message.id), ...(content.link ? { link: content.link } : {}) },
      // The canonical (lowerCamelCase) JSON name, as firebase-admin writes it.
      ...(content.link ? { webpush: { fcmOptions: { link: content.link } } } : {}),
    },
  };
}

export const fcmProvider: ProviderAdapter = {
  kind: 'fcm',
  idempotent: false,
  // FCM's default quota is 600,000 messages a minute per project.
  defaultRatePerSecond: null,
  async send(message, provider: ProviderConfig) {
    if (!message.to.pushToken) return { status: 'failed', error: 'The customer has no push token.' };
    let account: ServiceAccount;
    try {
      account = parseServiceAccount(provider.config['serviceAccount']);
    } catch (error) {
      return { status: 'failed', error: `${provider.name}: ${(error as Error).message}.` };
    }
    let token: string;
    try {
      token = await accessToken(account);
    } catch (error) {
      const answer = (error as { answer?: HttpAnswer }).answer;
      // A refused grant is the configuration's fault: every message would fail the same way.
      if (answer && answer.status >= 400 && answer.status < 500) return { status: 'failed', error: (error as Error).message };
      return noAnswer('Google OAuth', error);
    }
    try {
      const answer = await httpRequest(`${baseUrlOf(provider, 'https://fcm.googleapis.com')}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(fcmRequestBody(message)),
      });
      return outcomeOf(answer, account);
    } catch (error) {
      return noAnswer('FCM', error);
    }
  },
};

/** Forgets cached access tokens (tests, and a changed service account). */
export function forgetFcmTokens(): void {
  tokens.clear();
}
