import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode, RpcResult } from '../../shared/rpc/envelope';

/** Reading a request and writing an answer for the web host: bounded bodies, safe targets, credentials, JSON answers. */

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

export function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } } satisfies RpcResult<never>);
}

/** A body over its limit: answered 413, the rest of it unread. */
export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes.`);
  }
}

export function declaredLength(req: IncomingMessage): number | null {
  const header = req.headers['content-length'];
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
}

export async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  if ((declaredLength(req) ?? 0) > limit) throw new BodyTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(limit);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendTooLarge(res: ServerResponse, limit: number): void {
  // The client may still be sending: close the connection after the answer instead of reading on.
  res.setHeader('connection', 'close');
  sendError(res, 413, 'invalid_input', `The request body is larger than the ${limit} bytes this host takes.`);
}

/** The request target as a URL, or null when it is not an absolute path a browser would send. */
export function parseTarget(target: string | undefined): URL | null {
  if (target === undefined || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://placeholder');
  } catch {
    return null;
  }
}

/** The credential of an Authorization header: a bearer token, or HTTP Basic's user name (tracking SDKs send their key so). */
export function credentialOf(req: IncomingMessage): { scheme: 'bearer' | 'basic'; value: string } | undefined {
  const header = req.headers.authorization;
  if (header?.startsWith('Bearer ')) return { scheme: 'bearer', value: header.slice('Bearer '.length).trim() };
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
    return { scheme: 'basic', value: decoded.split(':')[0] ?? '' };
  }
  return undefined;
}
