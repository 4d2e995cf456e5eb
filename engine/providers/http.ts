import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { HttpPools } from './http-pools';
import { RETRYABLE_HTTP_STATUSES, retryAfterMs } from './http-status';
import { HttpWorkerTransport, NoAnswerError, type HttpAnswer, type HttpRequestInit } from './http-transport';
import type { ProviderConfig, SendOutcome } from './provider';

/**
 * What the HTTP providers share: keep-alive pools (http-pools.ts), the base URL a setting may
 * override (tests point it at 127.0.0.1), and the reading of statuses every API agrees on. When the
 * engine is given the HTTP worker (dist/http-worker.cjs) the requests go through it, off the
 * engine's thread.
 */
const pools = new HttpPools();
let transport: HttpWorkerTransport | null = null;
/** Set while requests must leave from this thread, when they are let out (a provider's rate limit). */
const onThisThread = new AsyncLocalStorage<true>();

/**
 * Runs `work` with its requests made on this thread, not the HTTP worker: a request paced to a
 * provider's rate limit must leave when it is let out, and the hop to the worker (whose thread may
 * wait its turn for the CPU) can bunch paced requests up past the limit.
 */
export function requestsFromThisThread<T>(work: () => T): T {
  return onThisThread.run(true, work);
}

/** Makes requests through the worker at `script` from now on (one per process, shared by its engines). */
export function useHttpWorker(script: string): void {
  if (transport === null) transport = new HttpWorkerTransport(script, requestHere);
}

/** Closes the pools and the HTTP worker once their requests out have their answers. */
export async function closeHttpPools(): Promise<void> {
  const worker = transport;
  transport = null;
  await Promise.all([worker?.close(), pools.close()]);
}

export type { HttpAnswer } from './http-transport';

/** One request; throws only when no answer came (refused, reset, timed out). */
export function httpRequest(url: string, init: HttpRequestInit): Promise<HttpAnswer> {
  const target = new URL(url);
  const headers = { 'user-agent': 'CampaignStudio/1', ...init.headers };
  return transport && onThisThread.getStore() === undefined ? transport.request(target, { ...init, headers }) : requestHere(target, { ...init, headers });
}

function requestHere(target: URL, init: HttpRequestInit): Promise<HttpAnswer> {
  return pools.request(target.origin, `${target.pathname}${target.search}`, init);
}

/** The setting, else the provider's own address; no trailing slash. */
export function baseUrlOf(provider: ProviderConfig, fallback: string): string {
  const configured = typeof provider.config['baseUrl'] === 'string' ? provider.config['baseUrl'].trim() : '';
  return (configured || fallback).replace(/\/+$/, '');
}

export function text(provider: ProviderConfig, key: string): string {
  const value = provider.config[key];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

export function jsonOf(answer: HttpAnswer): Record<string, unknown> {
  try {
    const value = JSON.parse(answer.text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * Retryable statuses (429, 5xx...) with Retry-After honoured, or the provider's own rate-limit hint
 * (`limitResetMs`, when its API says when the limit resets instead), anything else refused for good.
 */
export function outcomeOfStatus(answer: HttpAnswer, error: string, limitResetMs?: number): SendOutcome {
  if (RETRYABLE_HTTP_STATUSES.has(answer.status)) {
    const wait = retryAfterMs(answer.headers['retry-after']) ?? (answer.status === 429 ? limitResetMs : undefined);
    return wait === undefined ? { status: 'retry', error } : { status: 'retry', error, retryAfterMs: wait };
  }
  return { status: 'failed', error };
}

/** A header holding a number, or undefined. */
export function numericHeader(answer: HttpAnswer, name: string): number | undefined {
  const value = answer.headers[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first !== undefined && /^\d+(\.\d+)?$/.test(first.trim()) ? Number(first) : undefined;
}

/**
 * No answer came. Sending again is safe only when the request provably never left (see
 * NoAnswerError); otherwise the provider may have taken it, and the message's fate is unknown: the
 * outbox resends it only where the provider drops repeats, asks the provider where it can tell, or
 * lists it for the user. Never a blind retry, which could send the customer the message twice.
 */
export function noAnswer(name: string, error: unknown): SendOutcome {
  const reason = (error as Error).message;
  if (error instanceof NoAnswerError && !error.mayHaveLeft) return { status: 'retry', error: `${name} could not be reached, nothing was sent: ${reason}` };
  return { status: 'unknown', error: `No answer from ${name} after the request was sent (${reason}): whether it was delivered is not known` };
}

export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export function form(values: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined && value !== '') params.append(key, value);
  return params.toString();
}

/**
 * Some APIs want their idempotency key as a UUID: the same message always maps to the same one
 * (name-based, RFC 4122 version 5 layout), so a resend after a crash carries the first attempt's key.
 */
export function uuidFromKey(key: string): string {
  const hash = createHash('sha1').update(`campaign-studio:${key}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** "Shop <news@example.com>" or "news@example.com" -> name and address. */
export function parseSender(value: string): { email: string; name?: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(value);
  if (match) return match[1] ? { email: match[2]!.trim(), name: match[1].trim() } : { email: match[2]!.trim() };
  return { email: value.trim() };
}

/** E.164 without the plus, as WhatsApp Cloud and Vonage want numbers. */
export function digitsOnly(phone: string): string {
  return phone.replace(/[^\d]/g, '');
}
