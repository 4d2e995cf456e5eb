import type BetterSqlite3 from 'better-sqlite3';
import Papa from 'papaparse';
import { HIDDEN, providerKind, type ProviderField } from '../../shared/domain/providers';
import type { ProviderStatusResult, ProviderSummary, ProviderTestResult } from '../../shared/rpc/provider-methods';
import type { Workspace } from '../db/connection';
import { EngineError } from '../errors';
import type { SecretBox } from '../secrets/secret-box';
import { parseServiceAccount } from './fcm';
import type { ProviderEvents } from './provider-events';
import type { InboundRequest, InboundResult, OutgoingMessage, ProviderConfig, ProviderEvent } from './provider';
import { adapterFor } from './registry';

/**
 * Providers as the user configures them. Each setting is checked against its kind's list in
 * shared/domain/providers.ts; secret ones (API keys, tokens, passwords, header values) are sealed
 * with the workspace's secret box into secret_ciphertext and appear in `config` only as HIDDEN, which
 * is all a window or the CLI ever sees. They are opened in memory on the way to a request.
 */
type Settings = Record<string, unknown>;

interface ProviderRow {
  id: number;
  name: string;
  kind: string;
  channel: string;
  is_default: number;
  config: string;
  secret_ciphertext: Buffer | null;
}

const EVENT_NAMES: Record<string, ProviderEvent['type']> = {
  delivered: 'delivered',
  delivery: 'delivered',
  opened: 'opened',
  open: 'opened',
  read: 'opened',
  clicked: 'clicked',
  click: 'clicked',
  bounced: 'bounced',
  bounce: 'bounced',
  hard_bounce: 'bounced',
  unsubscribed: 'unsubscribed',
  unsubscribe: 'unsubscribed',
  spamreport: 'unsubscribed',
  complained: 'unsubscribed',
  failed: 'failed',
  undelivered: 'failed',
  dropped: 'failed',
};

function invalid(field: string, message: string): EngineError {
  return new EngineError('invalid_input', message, { field });
}

/** One setting's value as its field type wants it; null clears it. */
function checkValue(field: ProviderField, value: unknown, kindLabel: string): unknown {
  const where = `config.${field.key}`;
  if (value === null || value === '') return null;
  switch (field.type) {
    case 'number': {
      const number = typeof value === 'string' ? Number(value) : value;
      if (typeof number !== 'number' || !Number.isFinite(number) || number < 0) throw invalid(where, `${field.label} (${where}) must be a number of 0 or more.`);
      return number;
    }
    case 'url':
      if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/.test(value.trim())) throw invalid(where, `${field.label} (${where}) must be an http(s) address.`);
      return value.trim();
    case 'select':
      if (typeof value !== 'string' || !field.options?.includes(value)) throw invalid(where, `${field.label} (${where}) must be one of: ${field.options?.join(', ')}.`);
      return value;
    case 'headers': {
      if (typeof value !== 'object' || Array.isArray(value)) throw invalid(where, `${field.label} (${where}) must be header names and their values.`);
      for (const [name, headerValue] of Object.entries(value as Settings)) {
        if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(name)) throw invalid(`${where}.${name}`, `"${name}" is not a valid header name.`);
        if (typeof headerValue !== 'string') throw invalid(`${where}.${name}`, `The ${name} header's value must be text.`);
      }
      return value;
    }
    default:
      if (typeof value !== 'string') throw invalid(where, `${field.label} (${where}) must be text (${kindLabel}).`);
      if (value.length > 20_000) throw invalid(where, `${field.label} (${where}) is too long.`);
      return field.type === 'textarea' ? value : value.trim();
  }
}

const sameSetting = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Merges the given settings into the stored ones, field by field: HIDDEN keeps a stored secret,
 * an empty value clears a setting. Returns what goes in `config` (secrets as HIDDEN) and the
 * secrets to seal; refuses unknown settings and missing required ones, naming the field.
 */
export function mergeSettings(kind: string, given: Settings, stored: { config: Settings; secrets: Settings }): { config: Settings; secrets: Settings } {
  const info = providerKind(kind);
  if (!info) throw invalid('kind', `"${kind}" is not a provider kind.`);
  const config = { ...stored.config };
  const secrets = { ...stored.secrets };
  for (const [key, value] of Object.entries(given)) {
    if (kind === 'sandbox' && key === 'rates') {
      if (typeof value !== 'object' || value === null || Object.values(value).some((rate) => typeof rate !== 'number' || rate < 0 || rate > 1)) {
        throw invalid('config.rates', 'Sandbox rates are shares between 0 and 1: { delivered, opened, clicked, converted, rejected }.');
      }
      config['rates'] = { ...((config['rates'] as Settings | undefined) ?? {}), ...value };
      continue;
    }
    const field = info.fields.find((f) => f.key === key);
    if (!field) throw invalid(`config.${key}`, `"${key}" is not a setting of a ${info.label} provider (its settings: ${info.fields.map((f) => f.key).join(', ')}).`);
    if (!field.secret) {
      const checked = checkValue(field, value, info.label);
      if (checked === null) delete config[key];
      else config[key] = checked;
      continue;
    }
    if (value === HIDDEN) continue;
    if (field.type === 'headers') {
      // Header values are secrets one by one: a value sent back HIDDEN keeps the stored one.
      const headers = checkValue(field, value, info.label) as Record<string, string> | null;
      const previous = (secrets[key] as Record<string, string> | undefined) ?? {};
      const merged = Object.fromEntries(Object.entries(headers ?? {}).map(([name, v]) => [name, v === HIDDEN ? (previous[name] ?? '') : v]));
      if (Object.keys(merged).length === 0) {
        delete secrets[key];
        delete config[key];
      } else {
        secrets[key] = merged;
        config[key] = Object.fromEntries(Object.keys(merged).map((name) => [name, HIDDEN]));
      }
      continue;
    }
    const checked = checkValue(field, value, info.label);
    if (checked === null) {
      delete secrets[key];
      delete config[key];
    } else {
      secrets[key] = checked;
      config[key] = HIDDEN;
    }
  }
  const movedFrom = info.fields.filter((field) => field.destination && !sameSetting(stored.config[field.key], config[field.key]));
  if (movedFrom.length > 0) {
    // Requests will go somewhere else: a secret goes along only when it is given again in this change.
    const givenAgain = (field: ProviderField) => {
      const value = given[field.key];
      if (value === undefined || value === HIDDEN) return false;
      return field.type !== 'headers' || !Object.values(value as Record<string, unknown>).includes(HIDDEN);
    };
    for (const field of info.fields) {
      if (!field.secret || givenAgain(field) || secrets[field.key] === undefined) continue;
      if (field.required) {
        throw invalid(
          `config.${field.key}`,
          `${movedFrom.map((f) => f.label).join(' and ')} changed: enter ${field.label} (config.${field.key}) again. Saved secrets are never sent to a new address.`,
        );
      }
      delete secrets[field.key];
      delete config[field.key];
    }
  }
  for (const field of info.fields) {
    if (field.required && (field.secret ? secrets[field.key] : config[field.key]) === undefined) {
      throw invalid(`config.${field.key}`, `A ${info.label} provider needs ${field.label} (config.${field.key}).`);
    }
  }
  if (kind === 'fcm') {
    try {
      parseServiceAccount(secrets['serviceAccount']);
    } catch (error) {
      throw invalid('config.serviceAccount', `The service account JSON (config.serviceAccount) is not usable: ${(error as Error).message}.`);
    }
  }
  return { config, secrets };
}

function summaryOf(row: ProviderRow): ProviderSummary {
  return { id: row.id, name: row.name, kind: row.kind, channel: row.channel, isDefault: row.is_default === 1, config: JSON.parse(row.config) as Settings };
}

export class ProviderSettings {
  private readonly sqlite: BetterSqlite3.Database;

  constructor(
    private readonly ws: Workspace,
    private readonly secrets: SecretBox,
    private readonly events: ProviderEvents,
    private readonly now: () => number,
    private readonly realNow: () => number,
  ) {
    this.sqlite = ws.sqlite;
  }

  list(): ProviderSummary[] {
    return (this.ws.readerSqlite.prepare('SELECT id, name, kind, channel, is_default, config FROM providers ORDER BY channel, name').all() as ProviderRow[]).map(summaryOf);
  }

  private row(id: number): ProviderRow {
    const row = this.sqlite.prepare('SELECT id, name, kind, channel, is_default, config, secret_ciphertext FROM providers WHERE id = ?').get(id) as ProviderRow | undefined;
    if (!row) throw new EngineError('not_found', `No provider has the id ${id}.`, { field: 'id' });
    return row;
  }

  private storedSecrets(row: ProviderRow): Settings {
    return row.secret_ciphertext ? (JSON.parse(this.secrets.open(row.secret_ciphertext)) as Settings) : {};
  }

  private sealed(secrets: Settings): Buffer | null {
    return Object.keys(secrets).length === 0 ? null : this.secrets.seal(JSON.stringify(secrets));
  }

  private checkName(name: string, except: number | null): void {
    const clash = this.sqlite.prepare('SELECT id FROM providers WHERE name = ? COLLATE NOCASE').pluck().get(name) as number | undefined;
    if (clash !== undefined && clash !== except) throw new EngineError('conflict', `A provider is already named "${name}".`, { field: 'name' });
  }

  create(input: { name: string; kind: string; channel: string; config: Settings }): ProviderSummary {
    const info = providerKind(input.kind);
    if (!info) throw invalid('kind', `"${input.kind}" is not a provider kind.`);
    if (!info.channels.includes(input.channel as never)) throw invalid('channel', `A ${info.label} provider sends ${info.channels.join(' or ')}, not ${input.channel}.`);
    this.checkName(input.name, null);
    const { config, secrets } = mergeSettings(input.kind, input.config, { config: {}, secrets: {} });
    const at = this.realNow();
    const id = this.sqlite
      .prepare('INSERT INTO providers (name, kind, channel, config, secret_ciphertext, is_default, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id')
      .pluck()
      .get(input.name, input.kind, input.channel, JSON.stringify(config), this.sealed(secrets), at, at) as number;
    return summaryOf(this.row(id));
  }

  update(input: { id: number; name?: string | undefined; config?: Settings | undefined; isDefault?: true | undefined }): ProviderSummary {
    const row = this.row(input.id);
    this.sqlite.transaction(() => {
      if (input.name !== undefined) {
        this.checkName(input.name, row.id);
        this.sqlite.prepare('UPDATE providers SET name = ?, updated_at = ? WHERE id = ?').run(input.name, this.realNow(), row.id);
      }
      if (input.config) {
        const merged = mergeSettings(row.kind, input.config, { config: JSON.parse(row.config) as Settings, secrets: this.storedSecrets(row) });
        this.sqlite
          .prepare('UPDATE providers SET config = ?, secret_ciphertext = ?, updated_at = ? WHERE id = ?')
          .run(JSON.stringify(merged.config), this.sealed(merged.secrets), this.realNow(), row.id);
      }
      if (input.isDefault) {
        this.sqlite.prepare('UPDATE providers SET is_default = 0 WHERE channel = ?').run(row.channel);
        this.sqlite.prepare('UPDATE providers SET is_default = 1 WHERE id = ?').run(row.id);
      }
    })();
    return summaryOf(this.row(input.id));
  }

  remove(id: number): { deleted: true } {
    const row = this.row(id);
    if (row.is_default === 1) {
      throw new EngineError('conflict', `"${row.name}" is the default ${row.channel} provider: make another one the default first.`, { field: 'id' });
    }
    this.sqlite.prepare('DELETE FROM providers WHERE id = ?').run(id);
    return { deleted: true };
  }

  /** Settings with secrets opened, for a request about to leave; never returned to a caller. */
  configFor(id: number): ProviderConfig {
    const row = this.row(id);
    return { id: row.id, name: row.name, kind: row.kind, channel: row.channel, config: { ...(JSON.parse(row.config) as Settings), ...this.storedSecrets(row) } };
  }

  async test(input: {
    id: number;
    to: { email?: string | undefined; phone?: string | undefined; pushToken?: string | undefined };
    templateName?: string | undefined;
    templateParams?: string[] | undefined;
  }): Promise<ProviderTestResult> {
    const provider = this.configFor(input.id);
    const adapter = adapterFor(provider.kind);
    if (!adapter) throw new EngineError('invalid_input', `The provider "${provider.name}" (${provider.kind}) cannot send here.`, { field: 'id' });
    const need = providerKind(provider.kind)?.testAddress ?? 'none';
    if (need !== 'none' && !input.to[need]) {
      throw invalid(`to.${need}`, `A test through ${provider.name} needs ${need === 'email' ? 'an email address' : need === 'phone' ? 'a phone number' : 'a push token'} (to.${need}) to send to.`);
    }
    const at = this.realNow();
    const message: OutgoingMessage = {
      id: 0,
      idempotencyKey: `test:${provider.id}:${at}`,
      channel: provider.channel,
      to: { externalId: 'test', email: input.to.email ?? null, phone: input.to.phone ?? null, pushToken: input.to.pushToken ?? null },
      content: {
        title: 'Campaign Studio test',
        subject: `Test message from Campaign Studio (${provider.name})`,
        body: `This is a test message sent through "${provider.name}" by Campaign Studio.`,
        html: `<p>This is a test message sent through <b>${provider.name.replace(/[<>&"]/g, '')}</b> by Campaign Studio.</p>`,
        link: '',
        templateName: input.templateName ?? '',
        templateParams: input.templateParams ?? [],
      },
      conversionEvent: '',
      marketing: false,
      unsubscribeUrl: '',
    };
    const outcome = adapter.sendNow ? adapter.sendNow(message, provider) : await adapter.send(message, provider);
    const answered = new Date(this.realNow()).toISOString();
    if (outcome.status === 'sent') return { status: 'sent', providerMessageId: outcome.providerMessageId, error: null, at: answered };
    return { status: outcome.status, providerMessageId: null, error: outcome.error, at: answered };
  }

  /** Providers whose API can be asked about delivery (Twilio, Mailgun). */
  pollable(): number[] {
    return (this.sqlite.prepare('SELECT id, kind FROM providers ORDER BY id').all() as { id: number; kind: string }[]).filter((p) => adapterFor(p.kind)?.poll !== undefined).map((p) => p.id);
  }

  /** Asks the provider (outside the write lock: it is network time), then records under `lock`. */
  async poll(id: number, lock: <T>(work: () => T) => Promise<T>): Promise<ProviderStatusResult> {
    const provider = this.configFor(id);
    const adapter = adapterFor(provider.kind);
    if (!adapter?.poll) throw invalid('id', `${provider.name} (${provider.kind}) cannot be asked about delivery: its reports come by webhook or export.`);
    const now = this.now();
    const { pending, cursor } = await lock(() => ({
      pending: this.sqlite
        .prepare(
          `SELECT m.id AS messageId, m.provider_message_id AS providerMessageId FROM messages m
           WHERE m.provider_id = ? AND m.status = 'sent' AND m.provider_message_id IS NOT NULL AND m.finished_at >= ?
             AND NOT EXISTS (SELECT 1 FROM message_events e WHERE e.message_id = m.id AND e.type IN ('delivered', 'bounced', 'failed'))
           ORDER BY m.finished_at LIMIT 100`,
        )
        .all(id, now - 2 * 86_400_000) as { messageId: number; providerMessageId: string }[],
      cursor: (this.sqlite.prepare('SELECT value FROM engine_state WHERE key = ?').pluck().get(`poll:${id}`) as string | undefined) ?? null,
    }));
    const answer = await adapter.poll(provider, { pending, cursor, now });
    return lock(() => {
      if (answer.cursor !== null) {
        this.sqlite.prepare('INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(`poll:${id}`, answer.cursor);
      }
      return this.events.apply(id, answer.events, now);
    });
  }

  /** A provider's webhook call: authenticated by the adapter (signature), then recorded. */
  receive(id: number, request: InboundRequest): { events: ProviderEvent[]; reply: { status: number; body: string; contentType: string } } {
    const provider = this.configFor(id);
    const adapter = adapterFor(provider.kind);
    if (!adapter?.receive) throw new EngineError('not_found', `${provider.name} (${provider.kind}) takes no webhooks.`, { field: 'id' });
    let result: InboundResult;
    try {
      result = adapter.receive(request, provider);
    } catch (error) {
      throw new EngineError('unauthorized', (error as Error).message);
    }
    return { events: result.events, reply: { status: 200, body: '', contentType: 'text/plain', ...result.reply } };
  }

  /** An engagement export (CSV) as message events; each bad row is named and the rest recorded. */
  importEvents(id: number, csv: string): ProviderStatusResult & { rejected: { row: number; field: string; message: string }[] } {
    this.row(id);
    const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim().toLowerCase() });
    const headers = parsed.meta.fields ?? [];
    if (!headers.includes('event') || (!headers.includes('message_id') && !headers.includes('provider_message_id')) || !headers.includes('time')) {
      throw invalid('csv', `The export needs the columns event, time and message_id or provider_message_id (found: ${headers.join(', ') || 'none'}).`);
    }
    const rejected: { row: number; field: string; message: string }[] = [];
    const events: ProviderEvent[] = [];
    for (const [index, record] of parsed.data.entries()) {
      const row = index + 2; // the header is row 1
      const type = EVENT_NAMES[(record['event'] ?? '').trim().toLowerCase()];
      if (!type) {
        rejected.push({ row, field: 'event', message: `"${record['event']}" is not an event this app records (${Object.keys(EVENT_NAMES).join(', ')}).` });
        continue;
      }
      const rawTime = (record['time'] ?? '').trim();
      const ts = /^\d+(\.\d+)?$/.test(rawTime) ? (Number(rawTime) < 1e11 ? Number(rawTime) * 1000 : Number(rawTime)) : Date.parse(rawTime);
      if (!Number.isFinite(ts)) {
        rejected.push({ row, field: 'time', message: `"${rawTime}" is not a date and time (ISO 8601 or epoch seconds).` });
        continue;
      }
      const messageId = Number((record['message_id'] ?? '').trim());
      const providerMessageId = (record['provider_message_id'] ?? '').trim();
      if (!(Number.isInteger(messageId) && messageId > 0) && providerMessageId === '') {
        rejected.push({ row, field: 'message_id', message: 'Neither message_id nor provider_message_id is given.' });
        continue;
      }
      events.push({
        ...(Number.isInteger(messageId) && messageId > 0 ? { messageId } : { providerMessageId }),
        type,
        ts,
        eventId: (record['event_id'] ?? '').trim() || `export:${messageId || providerMessageId}:${type}:${ts}`,
      });
    }
    return { ...this.events.apply(id, events, this.now()), rejected };
  }
}
