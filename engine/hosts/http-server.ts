import { timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ErrorCode, RpcResult } from '../../shared/rpc/envelope';
import type { Engine } from '../app';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';

/**
 * Web mode: the same renderer in a browser, against the engine over HTTP. Every request must carry
 * the per-launch token (bearer header, or the cookie set when the printed URL is opened), and the
 * Host header must name this server, so other pages and DNS-rebinding tricks cannot reach it.
 */
export interface WebHostOptions {
  engine: Engine;
  token: string;
  host?: string;
  port?: number;
  /** The built renderer (dist/renderer); null serves only the API. */
  rendererDir: string | null;
  maxBodyBytes?: number;
  /** The address providers reach this host at (a tunnel's), for their webhooks; Twilio signs it. */
  publicUrl?: string;
}

export interface WebHost {
  url: string;
  /** The URL to open in a browser: it carries the token once, then a cookie takes over. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

export const TOKEN_COOKIE = 'cs_token';
export const JOB_ID_HEADER = 'x-job-id';
export const FILE_NAME_HEADER = 'x-file-name';


const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
};

const STATUS_BY_CODE: Partial<Record<ErrorCode, number>> = {
  invalid_input: 400,
  unauthorized: 401,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  db_locked: 503,
  internal: 500,
};

function sameToken(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { ok: false, error: { code, message } } satisfies RpcResult<never>);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body is larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 300 * 1024 * 1024;
  const { engine, token } = options;
  const rendererDir = options.rendererDir === null ? null : resolve(options.rendererDir);
  const eventStreams = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const unsubscribe = engine.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of eventStreams) stream.write(frame);
  });

  async function handleRpc(req: IncomingMessage, res: ServerResponse, method: string, shape: (body: unknown) => unknown = (body) => body): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'invalid_input', 'RPC methods are called with POST.');
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) {
      return sendError(res, 415, 'invalid_input', 'RPC requests must have Content-Type: application/json.');
    }
    let input: unknown;
    try {
      const body = await readBody(req, maxBodyBytes);
      input = body.trim() === '' ? {} : JSON.parse(body);
    } catch (error) {
      return sendError(res, 400, 'invalid_input', `The request body is not valid JSON: ${(error as Error).message}`);
    }
    const jobHeader = req.headers[JOB_ID_HEADER];
    const jobId = typeof jobHeader === 'string' && jobHeader.length > 0 ? jobHeader : undefined;
    const result = await engine.dispatch(method, shape(input), jobId === undefined ? {} : { jobId });
    sendJson(res, result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 422), result);
  }

  /**
   * POST /uploads streams a file's bytes (application/octet-stream, name in X-File-Name) into the
   * engine through the same uploads/* methods the desktop window calls, chunk by chunk.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'invalid_input', 'Uploads are sent with POST.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
      return sendError(res, 415, 'invalid_input', 'Uploads must have Content-Type: application/octet-stream.');
    }
    let fileName: string;
    try {
      fileName = decodeURIComponent(String(req.headers[FILE_NAME_HEADER] ?? ''));
    } catch {
      return sendError(res, 400, 'invalid_input', `The ${FILE_NAME_HEADER} header is not URI-encoded.`);
    }
    const begun = await engine.dispatch('uploads/begin', { fileName });
    if (!begun.ok) return sendJson(res, STATUS_BY_CODE[begun.error.code] ?? 422, begun);
    const { uploadId } = begun.value as { uploadId: string };
    let offset = 0;
    try {
      for await (const chunk of req) {
        const appended = await engine.dispatch('uploads/append', { uploadId, offset, chunk: chunk as Buffer });
        if (!appended.ok) {
          await engine.dispatch('uploads/discard', { uploadId });
          return sendJson(res, STATUS_BY_CODE[appended.error.code] ?? 422, appended);
        }
        offset = (appended.value as { bytes: number }).bytes;
      }
    } catch (error) {
      await engine.dispatch('uploads/discard', { uploadId });
      throw error;
    }
    const finished = await engine.dispatch('uploads/finish', { uploadId });
    sendJson(res, finished.ok ? 200 : 422, finished);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
    });
    res.write(': connected\n\n');
    eventStreams.add(res);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), 15_000);
    req.on('close', () => {
      clearInterval(heartbeat);
      eventStreams.delete(res);
    });
  }

  function handleStatic(res: ServerResponse, pathname: string): void {
    if (rendererDir === null) return sendError(res, 404, 'not_found', 'This host serves the API only.');
    const relative = normalize(decodeURIComponent(pathname)).replace(/^([/\\])+/, '');
    let file = join(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep) && file !== rendererDir) return sendError(res, 404, 'not_found', 'Not found.');
    if (!existsSync(file) || !statSync(file).isFile()) file = join(rendererDir, 'index.html');
    const isIndex = file.endsWith('index.html');
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': isIndex ? 'no-store' : 'private, max-age=3600',
    });
    createReadStream(file).pipe(res);
  }

  /**
   * POST (or GET, for Meta's handshake) /hooks/{provider id}: a provider's delivery webhook. It cannot
   * carry our token, nor our host name when it comes through a tunnel; instead the provider's own
   * signature is checked by its adapter, and nothing but delivery events can be written this way.
   */
  async function handleProviderHook(req: IncomingMessage, res: ServerResponse, pathname: string, search: string): Promise<void> {
    const id = Number(pathname.slice('/hooks/'.length));
    if (!Number.isInteger(id) || id <= 0) return sendError(res, 404, 'not_found', 'No such webhook.');
    if (req.method !== 'POST' && req.method !== 'GET') return sendError(res, 405, 'invalid_input', 'Webhooks are POST (GET for verification).');
    const body = await readBody(req, 5 * 1024 * 1024);
    const headers = Object.fromEntries(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])));
    const base = options.publicUrl?.replace(/\/+$/, '') ?? `http://${req.headers.host ?? '127.0.0.1'}`;
    const result = await engine.dispatch('providers/receive', { id, method: req.method, url: `${base}${pathname}${search}`, headers, body }, { trusted: true });
    if (!result.ok) return sendError(res, STATUS_BY_CODE[result.error.code] ?? 422, result.error.code, result.error.message);
    const reply = result.value as { status: number; body: string; contentType: string };
    res.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store' }).end(reply.body);
  }

  const server = createServer((req, res) => {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');

    const hookPath = new URL(req.url ?? '/', 'http://placeholder');
    if (hookPath.pathname.startsWith('/hooks/')) {
      handleProviderHook(req, res, hookPath.pathname, hookPath.search).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 400, 'invalid_input', `The webhook could not be read: ${String(error)}`);
      });
      return;
    }
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      return sendError(res, 403, 'unauthorized', 'This host name is not allowed; open the URL that campaign-studio web printed.');
    }
    const url = new URL(req.url ?? '/', 'http://placeholder');
    const queryToken = url.searchParams.get('token') ?? undefined;
    if (req.method === 'GET' && queryToken !== undefined && sameToken(queryToken, token)) {
      // Trade the token in the address bar for a cookie, and drop it from the URL and history.
      url.searchParams.delete('token');
      res.writeHead(302, {
        'set-cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`,
        location: url.pathname + (url.search || ''),
      });
      return res.end();
    }
    const authHeader = req.headers.authorization;
    const bearer = authHeader?.startsWith('Bearer ') ? authHeader.slice('Bearer '.length) : undefined;
    if (!sameToken(bearer, token) && !sameToken(cookieValue(req, TOKEN_COOKIE), token)) {
      return sendError(
        res,
        401,
        'unauthorized',
        'Missing or wrong token. Open the URL with ?token=... that campaign-studio web printed, or send Authorization: Bearer <token>.',
      );
    }

    if (url.pathname.startsWith('/rpc/')) {
      handleRpc(req, res, url.pathname.slice('/rpc/'.length)).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, 'internal', `The request failed: ${String(error)}`);
      });
      return;
    }
    if (url.pathname === '/track') {
      // One event, an array of events, or { events, unknownCustomers }: the shapes tracking SDKs send.
      const shape = (body: unknown) => (Array.isArray(body) ? { events: body } : body !== null && typeof body === 'object' && 'events' in body ? body : { events: [body] });
      handleRpc(req, res, 'events/track', shape).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, 'internal', `The request failed: ${String(error)}`);
      });
      return;
    }
    if (url.pathname === '/events') return handleEvents(req, res);
    if (url.pathname === '/uploads') {
      handleUpload(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendError(res, 500, 'io_error', `The upload failed: ${String(error)}`);
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'invalid_input', 'Only GET is allowed here.');
    return handleStatic(res, url.pathname);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host}:${port}`.toLowerCase()]);
  const displayHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${displayHost}:${port}`;

  return {
    url,
    openUrl: `${url}/?token=${encodeURIComponent(token)}`,
    port,
    async close() {
      unsubscribe();
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
