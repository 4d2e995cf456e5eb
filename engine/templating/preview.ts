import type BetterSqlite3 from 'better-sqlite3';
import type { FlowNodeData } from '../../shared/domain/flow';
import { CONTENT_LANGUAGES, contentForLanguage, contentLanguageOf, type ContentLanguage } from '../../shared/domain/message-variants';
import { cutForPhone, PUSH_LIMITS, smsEncoding } from '../../shared/domain/message-preview';
import type { MessagePreview, PreviewVariant } from '../../shared/rpc/content-methods';
import { EngineError } from '../errors';
import { plainTextOf } from '../providers/email-parts';
import { peekVouchers } from '../content/vouchers';
import { Products } from '../content/products';
import { RECOMMENDATIONS, renderContent, VOUCHERS } from './render';
import { messageUnsubscribeUrl, templateScope, type ScopeCustomer } from './scope';

type SendContent = FlowNodeData<'send'>;

/** Who a preview is shown for when the workspace has nobody yet. */
const SAMPLE_CUSTOMER: ScopeCustomer = {
  external_id: 'SAMPLE-1',
  first_name: 'Amina',
  last_name: 'Benali',
  email: 'amina.benali@example.com',
  phone: '+213551234567',
  city: 'Alger',
  language: 'fr',
  score: 0,
  attributes: '{"wilaya":"16 Alger"}',
};

const CUSTOMER_COLUMNS = 'external_id, first_name, last_name, email, phone, city, language, score, attributes';

/** The customer to render for: the one named, else the workspace's first, else a sample. */
function customerFor(sqlite: BetterSqlite3.Database, externalId: string | undefined): { row: ScopeCustomer; sample: boolean } {
  if (externalId !== undefined) {
    const row = sqlite.prepare(`SELECT ${CUSTOMER_COLUMNS} FROM customers WHERE external_id = ?`).get(externalId) as ScopeCustomer | undefined;
    if (!row) throw new EngineError('not_found', `No customer has the external id "${externalId}".`, { field: 'customer' });
    return { row, sample: false };
  }
  const first = sqlite.prepare(`SELECT ${CUSTOMER_COLUMNS} FROM customers ORDER BY id LIMIT 1`).get() as ScopeCustomer | undefined;
  return first ? { row: first, sample: false } : { row: SAMPLE_CUSTOMER, sample: true };
}

/** `{{ customer.first_name }}` and the like whose value is empty for this customer (and no `default`). */
function missingValues(texts: string[], scope: Record<string, unknown>): string[] {
  const missing = new Set<string>();
  for (const text of texts) {
    for (const [, expression] of text.matchAll(/\{\{-?\s*([^}]*?)\s*-?\}\}/g)) {
      const [path = '', ...filters] = (expression ?? '').split('|').map((part) => part.trim());
      if (!/^[A-Za-z_][\w.]*$/.test(path) || filters.some((f) => f.startsWith('default'))) continue;
      let value: unknown = scope;
      for (const key of path.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
      if (value === undefined || value === null || value === '') missing.add(path);
    }
  }
  return [...missing].map((path) => `{{ ${path} }} has no value for this customer: it prints nothing (add | default: "…").`);
}

function linksWithoutTracking(rendered: { link: string; html: string }): string[] {
  const links = [rendered.link, ...[...rendered.html.matchAll(/href\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1] ?? '')].filter((l) => /^https?:\/\//i.test(l));
  const untracked = links.filter((link) => !/[?&]utm_[a-z]+=/i.test(link) && !/unsubscribe/i.test(link));
  return untracked.length === 0
    ? []
    : [`${untracked.length === 1 ? 'A link has' : `${untracked.length} links have`} no utm_ parameters: visits from it cannot be told apart in web analytics (${untracked[0]!.slice(0, 80)}).`];
}

function previewOne(channel: string, content: SendContent, language: 'default' | ContentLanguage, scope: Record<string | symbol, unknown>, forCustomer: boolean): PreviewVariant {
  const chosen = language === 'default' ? { content, variant: null } : contentForLanguage(content, language);
  const base: PreviewVariant = { language, forCustomer, rendered: null, error: null, sms: null, push: null, email: null, warnings: [] };
  let rendered: ReturnType<typeof renderContent>;
  try {
    rendered = renderContent(chosen.content, scope);
  } catch (error) {
    return { ...base, error: (error as Error).message };
  }
  const c = chosen.content;
  const warnings = [...missingValues([c.title, c.subject, c.body, c.html, c.link, ...c.templateParams], scope), ...linksWithoutTracking(rendered)];
  if (channel === 'email' && c.marketing && !/\{\{\s*unsubscribe_url\s*\}\}/.test(c.html + c.body)) warnings.push('A marketing email without an unsubscribe link: put {{ unsubscribe_url }} in it.');
  const result: PreviewVariant = { ...base, rendered, warnings };
  if (channel === 'sms' || (channel === 'whatsapp' && rendered.templateName === '')) result.sms = smsEncoding(rendered.body);
  if (channel === 'push' || channel === 'in_app') {
    const phone = (limits: { title: number; body: number }) => {
      const title = cutForPhone(rendered.title, limits.title);
      const body = cutForPhone(rendered.body, limits.body);
      return { title: title.text, body: body.text, cut: title.cut || body.cut };
    };
    result.push = { android: phone(PUSH_LIMITS.android), ios: phone(PUSH_LIMITS.ios) };
  }
  if (channel === 'email') result.email = { subject: rendered.subject || rendered.title, html: rendered.html.trim() === '' ? null : rendered.html, text: plainTextOf(rendered) };
  return result;
}

/**
 * A message as the outbox would render it for this customer (the same scope, variant choice and
 * Liquid), for the default content and each language variant; the customer's own is marked.
 */
export function previewMessage(
  sqlite: BetterSqlite3.Database,
  channel: string,
  content: SendContent,
  customerId: string | undefined,
  settings: { unsubscribeUrl: string; currency: string },
): MessagePreview {
  const unsubscribeBase = settings.unsubscribeUrl;
  const { row, sample } = customerFor(sqlite, customerId);
  const scope = { ...templateScope(row, { event: {} }, messageUnsubscribeUrl(unsubscribeBase, 'preview')), [VOUCHERS]: peekVouchers(sqlite), [RECOMMENDATIONS]: new Products(sqlite).source() };
  const theirs = contentForLanguage(content, row.language).variant ?? 'default';
  const languages: ('default' | ContentLanguage)[] = ['default', ...CONTENT_LANGUAGES.filter((language) => content.variants?.[language] !== undefined)];
  const prices =
    channel === 'sms'
      ? (sqlite
          .prepare(
            `SELECT name, json_extract(config, '$.pricePerSegment') AS price FROM providers WHERE channel = 'sms' AND json_type(config, '$.pricePerSegment') IN ('integer', 'real') ORDER BY is_default DESC, name`,
          )
          .all() as {
          name: string;
          price: number;
        }[])
      : [];
  return {
    channel,
    smsPrices: prices.map((p) => ({ provider: p.name, perSegment: p.price, currency: settings.currency })),
    customer: { externalId: row.external_id, name: [row.first_name, row.last_name].filter(Boolean).join(' '), language: contentLanguageOf(row.language) ?? row.language, sample },
    variants: languages.map((language) => previewOne(channel, content, language, scope, language === theirs)),
  };
}
