import { createHash } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { emailParts } from './email-parts';
import { text } from './http';
import type { ProviderAdapter, ProviderConfig, SendOutcome } from './provider';

/**
 * Plain SMTP through nodemailer, with a small pool of connections per server. The server's reply
 * decides: 5xx refuses the message for good (550-553: the mailbox does not exist, so email stops for
 * that customer), 4xx and lost connections are tried again. SMTP has no idempotency key; a
 * Message-ID made from ours lets the receiving side spot a repeat.
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
}

export function smtpOutcome(error: SmtpError): SendOutcome {
  const reply = error.response ?? error.message;
  const code = error.responseCode;
  if (code === undefined || code < 500) return { status: 'retry', error: `SMTP ${code ?? error.code ?? 'connection'}: ${reply}` };
  // 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed: this address is dead.
  if (code >= 550 && code <= 553 && /recipient|mailbox|user|address|5\.1\.\d/i.test(reply)) {
    return { status: 'failed', error: `SMTP ${code}: ${reply}`, contact: 'bad_address' };
  }
  return { status: 'failed', error: `SMTP ${code}: ${reply}` };
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
        messageId: `<${createHash('sha1').update(message.idempotencyKey).digest('hex')}@campaign-studio>`,
      })) as { messageId?: string; rejected?: unknown[] };
      if (Array.isArray(info.rejected) && info.rejected.length > 0) return { status: 'failed', error: `SMTP refused ${parts.to}`, contact: 'bad_address' };
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
