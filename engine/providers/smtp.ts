import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { emailParts } from './email-parts';
import { text } from './http';
import type { ProviderAdapter, ProviderConfig, SendOutcome } from './provider';

/**
 * Plain SMTP through nodemailer, with a small pool of connections per server. The server's reply
 * decides, by its enhanced status code (smtpOutcome). SMTP has no idempotency key; a Message-ID
 * made from ours lets the receiving side spot a repeat.
 */
const transports = new Map<string, Transporter>();

function transportFor(provider: ProviderConfig): Transporter {
  const settings = {
    host: text(provider, 'host'),
    port: Number(text(provider, 'port') || 587),
    security: text(provider, 'security') || 'starttls',
    user: text(provider, 'user'),
    password: text(provider, 'password'),
  };
  // Settings (password included) only as a hash in memory: a changed setting gets a new pool.
  const key = `${provider.id}:${createHash('sha256').update(JSON.stringify(settings)).digest('hex')}`;
  let transport = transports.get(key);
  if (!transport) {
    transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 4,
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      ignoreTLS: settings.security === 'none',
      requireTLS: settings.security === 'starttls',
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password } } : {}),
      connectionTimeout: 20_000,
      greetingTimeout: 20_000,
      socketTimeout: 60_000,
    });
    transports.set(key, transport);
  }
  return transport;
}

interface SmtpError extends Error {
  responseCode?: number;
  response?: string;
  code?: string;
  originalCode?: string;
}

/** nodemailer's codes for failures before the message was handed over: nothing was sent. */
const NOTHING_SENT = new Set(['EDNS', 'ETLS', 'EAUTH', 'EENVELOPE', 'EMESSAGE', 'ESTREAM', 'EREQUIRETLS']);
/** System errors that mean no connection was made. */
const NO_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);

/**
 * The server's reply read by its enhanced status code (RFC 3463, "5.1.1"), not its words:
 * - 4xx: temporary, tried again;
 * - 5.1.x: the recipient's address is bad (no such mailbox or domain, bad syntax): the address is
 *   blocked, except 5.1.7 and 5.1.8, which are about our sender;
 * - 5.2.2: the mailbox is full, temporary: tried again;
 * - 5.7.x: policy (our sending IP is listed, authentication, content): the message fails, nothing
 *   about the contact changes;
 * - any other 5xx, or one without an enhanced code: the message fails, the contact is untouched.
 * A failure with no reply at all is `unknown` unless nothing can have been sent (no connection,
 * DNS, TLS, login, an envelope refused before DATA): SMTP cannot say whether a message whose data
 * was on its way arrived.
 */
export function smtpOutcome(error: SmtpError): SendOutcome {
  const reply = error.response ?? error.message;
  const code = error.responseCode;
  if (code === undefined) {
    const detail = `SMTP ${error.code ?? 'connection'}${error.originalCode ? ` (${error.originalCode})` : ''}: ${reply}`;
    if ((error.code !== undefined && NOTHING_SENT.has(error.code)) || (error.originalCode !== undefined && NO_CONNECTION.has(error.originalCode))) {
      return { status: 'retry', error: `${detail}; nothing was sent` };
    }
    return { status: 'unknown', error: `${detail}; whether the server took the message is not known` };
  }
  const enhanced = /^\d{3}[ -]([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(reply.trim());
  const [klass, subject, detail] = enhanced ? [Number(enhanced[1]), Number(enhanced[2]), Number(enhanced[3])] : [Math.floor(code / 100), null, null];
  const error_ = `SMTP ${code}${enhanced ? ` ${klass}.${subject}.${detail}` : ''}: ${reply}`;
  if (code < 500 || klass === 4) return { status: 'retry', error: error_ };
  if (subject === 2 && detail === 2) return { status: 'retry', error: `${error_} (mailbox full: tried again later)` };
  if (subject === 1 && detail !== 7 && detail !== 8) return { status: 'failed', error: error_, contact: 'bad_address' };
  return { status: 'failed', error: error_ };
}

/** Our Message-ID, under the sender's own domain (as RFC 5322 asks), made from the message's key. */
export function smtpMessageId(idempotencyKey: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'campaign-studio.invalid';
  return `<${createHash('sha1').update(idempotencyKey).digest('hex')}@${domain}>`;
}

export const smtpProvider: ProviderAdapter = {
  kind: 'smtp',
  idempotent: false,
  defaultRatePerSecond: null,
  async send(message, provider) {
    const parts = emailParts(message);
    if ('error' in parts) return { status: 'failed', error: parts.error };
    try {
      const info = (await transportFor(provider).sendMail({
        from: text(provider, 'from'),
        to: parts.to,
        subject: parts.subject,
        text: parts.text,
        ...(parts.html ? { html: parts.html } : {}),
        headers: { ...parts.headers, 'X-Campaign-Studio-Message': String(message.id) },
        messageId: smtpMessageId(message.idempotencyKey, text(provider, 'from')),
      })) as { messageId?: string; rejected?: unknown[]; rejectedErrors?: SmtpError[] };
      if (Array.isArray(info.rejected) && info.rejected.length > 0) {
        const refusal = info.rejectedErrors?.[0];
        return refusal ? smtpOutcome(refusal) : { status: 'failed', error: `SMTP refused ${parts.to}` };
      }
      return { status: 'sent', providerMessageId: info.messageId ?? null };
    } catch (error) {
      return smtpOutcome(error as SmtpError);
    }
  },
  async close() {
    for (const transport of transports.values()) transport.close();
    transports.clear();
  },
};
