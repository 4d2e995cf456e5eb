import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { ErrorCode } from '../../shared/rpc/envelope';
import type { Engine } from '../app';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/content-security-policy';
import { BodyTooLarge, credentialOf, declaredLength, parseTarget, readBody, sendError, sendJson, sendTooLarge } from './http-messages';

/**
 * Web mode: the same renderer in a browser, against the engine over HTTP. Every request for data
 * must carry the per-launch token as a bearer header; the page itself (the built renderer, public
 * files) is served without it and reads the token from the printed URL's fragment, which a browser
 * never sends to any server. No cookie holds the token: browsers share cookies across the ports of
 * one host, so a cookie would reach every other local server. The event stream, which EventSource
 * cannot give a header, takes a one-time ticket bought with the token. The Host header must name
 * this server, so DNS-rebinding tricks cannot reach it.
 */
export interface WebHostOptions {
  engine: Engine;
  token: string;
  host?: string;
  port?: number;
  /** The built renderer (dist/renderer); null serves only the API. */
  rendererDir: string | null;
  /** The largest RPC or webhook body taken (default 8 MiB); larger ones get 413. */
  maxBodyBytes?: number;
  /** The largest upload taken (default 4 GiB), streamed to disk; larger ones get 413. */
  maxUploadBytes?: number;
  /** Open connections beyond this get 503 (default 256). */
  maxConnections?: number;
  /** Event streams open at once beyond this get 429 (default 32). */
  maxEventStreams?: number;
  /** The address providers reach this host at (a tunnel's), for their webhooks; Twilio signs it. */
  publicUrl?: string;
}

export interface WebHost {
  url: string;
  /** The URL to open in a browser: the token rides in its fragment, never sent over the network. */
  openUrl: string;
  port: number;
  close(): Promise<void>;
}

export const JOB_ID_HEADER = 'x-job-id';
export const FILE_NAME_HEADER = 'x-file-name';
/** Longest request target taken; longer ones get 414. */
export const MAX_URL_LENGTH = 8 * 1024;
/** Largest header block taken (Node answers 431 beyond it). */
export const MAX_HEADER_BYTES = 16 * 1024;
/** How long an event-stream ticket stays good, unused. */
const TICKET_TTL_MS = 60_000;
/** An event stream whose client reads slower than this much queued output is closed; it reconnects and reads again. */
const MAX_QUEUED_EVENT_BYTES = 1024 * 1024;

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
  disk_full: 507,
  read_only: 503,
  busy: 503,
  internal: 500,
};

function sameToken(candidate: string | undefined, token: string): boolean {
  if (!candidate) return false;
  const a = Buffer.from(candidate);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? 8 * 1024 * 1024;
  const maxUploadBytes = options.maxUploadBytes ?? 4 * 1024 * 1024 * 1024;
  const maxConnections = options.maxConnections ?? 256;
  const maxEventStreams = options.maxEventStreams ?? 32;
  const { engine, token } = options;
  const rendererDir = options.rendererDir === null ? null : resolve(options.rendererDir);
  const eventStreams = new Set<ServerResponse>();
  /** One-time tickets for the event stream, each good until its time. */
  const eventTickets = new Map<string, number>();
  let allowedHosts = new Set<string>();

  const unsubscribe = engine.onEvent((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const stream of eventStreams) {
      // A client that stops reading would make us hold every event for it: past a bound it is
      // dropped, and its EventSource comes back and reads everything again.
      if (stream.writableLength > MAX_QUEUED_EVENT_BYTES) {
        eventStreams.delete(stream);
        stream.destroy();
        continue;
      }
      stream.write(frame);
    }
  });

  async function handleRpc(req: IncomingMessage, res: ServerResponse, method: string, input: (body: unknown) => unknown = (body) => body): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'invalid_input', 'RPC methods are called with POST.');
    const type = req.headers['content-type'] ?? '';
    if (!type.startsWith('application/json')) {
      return sendError(res, 415, 'invalid_input', 'RPC requests must have Content-Type: application/json.');
    }
    let body: unknown;
    try {
      const text = await readBody(req, maxBodyBytes);
      body = text.trim() === '' ? {} : JSON.parse(text);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendTooLarge(res, error.limit);
      return sendError(res, 400, 'invalid_input', `The request body is not valid JSON: ${(error as Error).message}`);
    }
    const jobHeader = req.headers[JOB_ID_HEADER];
    const jobId = typeof jobHeader === 'string' && jobHeader.length > 0 ? jobHeader : undefined;
    const result = await engine.dispatch(method, input(body), jobId === undefined ? {} : { jobId });
    sendJson(res, result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 422), result);
  }

  /**
   * POST /uploads streams a file's bytes (application/octet-stream, name in X-File-Name) into the
   * engine through the same uploads/* methods the desktop window calls, chunk by chunk, to disk.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') return sendError(res, 405, 'invalid_input', 'Uploads are sent with POST.');
    if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) {
      return sendError(res, 415, 'invalid_input', 'Uploads must have Content-Type: application/octet-stream.');
    }
    if ((declaredLength(req) ?? 0) > maxUploadBytes) return sendTooLarge(res, maxUploadBytes);
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
        if (offset + (chunk as Buffer).length > maxUploadBytes) {
          await engine.dispatch('uploads/discard', { uploadId });
          return sendTooLarge(res, maxUploadBytes);
        }
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

  function issueEventTicket(res: ServerResponse): void {
    const now = Date.now();
    for (const [ticket, until] of eventTickets) if (until < now) eventTickets.delete(ticket);
    if (eventTickets.size > 1000) return sendError(res, 429, 'busy', 'Too many event-stream tickets are waiting; try again shortly.');
    const ticket = randomBytes(24).toString('base64url');
    eventTickets.set(ticket, now + TICKET_TTL_MS);
    sendJson(res, 200, { ok: true, value: { ticket } });
  }

  function takeEventTicket(candidate: string | null): boolean {
    if (candidate === null) return false;
    const until = eventTickets.get(candidate);
    eventTickets.delete(candidate);
    return until !== undefined && until >= Date.now();
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    // A stream is only read with GET: a HEAD (or any other method) would get headers that never
    // flush, and its client would wait for an answer that never comes.
    if (req.method !== 'GET') return sendError(res, 405, 'invalid_input', 'The event stream is read with GET.');
    if (eventStreams.size >= maxEventStreams) {
      return sendError(res, 429, 'busy', `${maxEventStreams} event streams are open already; close a tab and try again.`);
    }
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
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      return sendError(res, 400, 'invalid_input', 'The path is not URI-encoded.');
    }
    if (decoded.includes('\0')) return sendError(res, 400, 'invalid_input', 'The path holds a NUL character.');
    const relative = normalize(decoded).replace(/^([/\\])+/, '');
    let file = join(rendererDir, relative);
    if (!file.startsWith(rendererDir + sep) && file !== rendererDir) return sendError(res, 404, 'not_found', 'Not found.');
    if (!existsSync(file) || !statSync(file).isFile()) file = join(rendererDir, 'index.html');
    const isIndex = file.endsWith('index.html');
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': isIndex ? 'no-store' : 'private, max-age=3600',
    });
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  /**
   * POST (or GET, for Meta's handshake) /hooks/{provider id}: a provider's delivery webhook. It cannot
   * carry our token, nor our host name when it comes through a tunnel; instead the provider's own
   * signature is checked by its adapter, and nothing but delivery events can be written this way.
   * Every refusal reads the same, so the route does not tell which provider ids exist.
   */
  async function handleProviderHook(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const refuse = () => sendError(res, 401, 'unauthorized', 'This webhook was not accepted.');
    const idText = url.pathname.slice('/hooks/'.length);
    if (!/^[1-9]\d{0,9}$/.test(idText)) return refuse();
    if (req.method !== 'POST' && req.method !== 'GET') return sendError(res, 405, 'invalid_input', 'Webhooks are POST (GET for verification).');
    let body: string;
    try {
      body = await readBody(req, maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return sendTooLarge(res, error.limit);
      throw error;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value]] : [])));
    const base = options.publicUrl?.replace(/\/+$/, '') ?? `http://${req.headers.host ?? '127.0.0.1'}`;
    const result = await engine.dispatch('providers/receive', { id: Number(idText), method: req.method, url: `${base}${url.pathname}${url.search}`, headers, body }, { trusted: true });
    if (!result.ok) {
      // The reason stays in this host's log for the user; the caller learns only that it was refused.
      console.error(`[web] webhook ${url.pathname} refused: ${result.error.message}`);
      return refuse();
    }
    const reply = result.value as { status: number; body: string; contentType: string };
    res.writeHead(reply.status, { 'content-type': reply.contentType, 'cache-control': 'no-store' }).end(reply.body);
  }

  /** POST /track: events from a tracking integration, with a write-only tracking key (never the admin token). */
  async function handleTrack(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const credential = credentialOf(req);
    if (!credential?.value) return sendError(res, 401, 'unauthorized', 'POST /track needs a tracking key (Settings → Tracking keys) as Authorization: Bearer <key>.');
    // One event, an array of events, or { events, unknownCustomers }: the shapes tracking SDKs send.
    await handleRpc(req, res, 'tracking/track', (body) => {
      const shaped = Array.isArray(body) ? { events: body } : body !== null && typeof body === 'object' && 'events' in body ? body : { events: [body] };
      return { ...(shaped as object), key: credential.value };
    });
  }

  /**
   * The Segment tracking API (/v1/track, /v1/identify, /v1/page, /v1/screen, /v1/batch), so
   * analytics-node and other SDKs post here unchanged: the write key (Basic auth user name) is a
   * tracking key. A single call's type comes from its path; a batch lists its messages.
   */
  async function handleSegment(req: IncomingMessage, res: ServerResponse, call: string): Promise<void> {
    const credential = credentialOf(req);
    if (!credential?.value) return sendError(res, 401, 'unauthorized', `/v1/${call} needs a tracking key as the write key (Basic auth user name, or Authorization: Bearer <key>).`);
    await handleRpc(req, res, 'tracking/segment', (body) => {
      const messages = call === 'batch' ? (body as { batch?: unknown } | null)?.batch : [{ ...(body as object), type: call }];
      return { key: credential.value, messages };
    });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (overLimit.has(req.socket)) {
      res.setHeader('connection', 'close');
      res.setHeader('retry-after', '1');
      return sendError(res, 503, 'busy', `This host has ${maxConnections} connections open; try again shortly.`);
    }
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('cross-origin-opener-policy', 'same-origin');

    if ((req.url ?? '').length > MAX_URL_LENGTH) return sendError(res, 414, 'invalid_input', `The URL is longer than ${MAX_URL_LENGTH} characters.`);
    const url = parseTarget(req.url);
    if (url === null) return sendError(res, 400, 'invalid_input', 'The request target is not a path.');
    if (url.pathname.startsWith('/hooks/')) return handleProviderHook(req, res, url);
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) {
      return sendError(res, 403, 'unauthorized', 'This host name is not allowed; open the URL that campaign-studio web printed.');
    }
    // A tracking key is its own credential: the admin token is not asked for, nor taken.
    if (url.pathname === '/track') return handleTrack(req, res);
    const segmentCall = /^\/v1\/(track|identify|page|screen|batch)$/.exec(url.pathname)?.[1];
    if (segmentCall) return handleSegment(req, res, segmentCall);
    if (url.pathname === '/events' && req.method === 'GET' && takeEventTicket(url.searchParams.get('ticket'))) return handleEvents(req, res);

    const credential = credentialOf(req);
    const authorised = credential?.scheme === 'bearer' && sameToken(credential.value, token);
    const isApi = url.pathname.startsWith('/rpc/') || url.pathname === '/events' || url.pathname === '/events/ticket' || url.pathname === '/uploads';
    if (isApi && !authorised) {
      return sendError(res, 401, 'unauthorized', 'Missing or wrong token. Open the URL that campaign-studio web printed, or send Authorization: Bearer <token>.');
    }
    if (url.pathname.startsWith('/rpc/')) return handleRpc(req, res, url.pathname.slice('/rpc/'.length));
    if (url.pathname === '/events/ticket') {
      if (req.method !== 'POST') return sendError(res, 405, 'invalid_input', 'Tickets are asked for with POST.');
      return issueEventTicket(res);
    }
    if (url.pathname === '/events') return handleEvents(req, res);
    if (url.pathname === '/uploads') return handleUpload(req, res);
    // The page and its files hold no data and no secret: served without the token.
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'invalid_input', 'Only GET is allowed here.');
    return handleStatic(res, url.pathname);
  }

  const overLimit = new WeakSet<object>();
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requestTimeout: 0, headersTimeout: 30_000 }, (req, res) => {
    route(req, res).catch((error: unknown) => {
      console.error(`[web] ${req.method} ${req.url?.slice(0, 200)} failed`, error);
      if (!res.headersSent) sendError(res, 500, 'internal', 'The request failed; the host log says why.');
      else res.destroy();
    });
  });
  // A request the HTTP parser refuses (bad method, header too large, bad bytes) gets its answer
  // instead of a dropped connection; the server goes on.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'HPE_URI_TOO_LONG' ? '414 URI Too Long' : '400 Bad Request';
    const body = JSON.stringify({ ok: false, error: { code: 'invalid_input', message: `The request could not be read (${error.code ?? 'malformed'}).` } });
    socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  });
  // Past the bound, a new connection's request is told so and the connection closed; twice the
  // bound, Node drops new connections unanswered (an idle flood sends no request to answer).
  let openConnections = 0;
  server.maxConnections = maxConnections * 2;
  server.on('connection', (socket) => {
    openConnections += 1;
    socket.once('close', () => (openConnections -= 1));
    if (openConnections > maxConnections) overLimit.add(socket);
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
    openUrl: `${url}/#token=${encodeURIComponent(token)}`,
    port,
    async close() {
      unsubscribe();
      for (const stream of eventStreams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
