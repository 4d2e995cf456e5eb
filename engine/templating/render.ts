import { Liquid, type Template } from 'liquidjs';
import type { RenderedContent } from '../providers/provider';

/**
 * Liquid (liquidjs) renders each message from the customer's data at send time. A missing value
 * renders empty (use `| default: "there"`), as in the tools CRM managers know; an unknown filter or
 * broken syntax is an error that fails that one message with the reason, never the batch.
 *
 * Templates come from campaigns and imported flow files, so they are treated as untrusted:
 * - they read no file: `include`, `render` and `layout` are refused when parsed, and the engines
 *   look partials up in an empty in-memory map, never on disk;
 * - they cannot hang the engine: parse length, render time and memory are bounded, and so is the
 *   output, so a runaway loop fails its message and the batch goes on;
 * - what a placeholder outputs is escaped for where it lands: HTML in an email's HTML body, JSON
 *   string content in a webhook's body (`| raw` for markup the author trusts); text stays as is.
 */
export const TEMPLATE_LIMITS = {
  /** Characters of template text. */
  parseChars: 100_000,
  /** Milliseconds one field may take to render. */
  renderMs: 200,
  /** liquidjs's memory units (characters and array slots it builds). */
  memory: 10_000_000,
  /** Characters of rendered output per field. */
  outputChars: 1_000_000,
} as const;

export const FILE_TAGS = ['include', 'render', 'layout'] as const;

export type OutputContext = 'text' | 'html' | 'json';

/**
 * Where `{% voucher "POOL" %}` takes its code: the outbox gives each message one that takes a code
 * of the pool for it; the preview one that only shows the next free code. Kept under a symbol, so
 * no template can reach it by name.
 */
export const VOUCHERS = Symbol('vouchers');
export interface VoucherSource {
  /** The code this message gets from the pool; throws a RenderError when the pool has none left. */
  take(pool: string): string;
}

/** Where `customer | recommended: n` finds products (engine/content/products.ts), under a symbol like the vouchers. */
export const RECOMMENDATIONS = Symbol('recommendations');
export interface RecommendedProduct {
  id: string;
  name: string;
  category: string;
  price: number;
  url: string;
  image: string;
  in_stock: boolean;
}
export interface RecommendationSource {
  for(customerExternalId: string, limit: number): RecommendedProduct[];
}

const jsonStringContent = (value: unknown) => JSON.stringify(String(value ?? '')).slice(1, -1);

function makeEngine(outputEscape: ((value: unknown) => string) | 'escape' | undefined): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    templates: {},
    relativeReference: false,
    parseLimit: TEMPLATE_LIMITS.parseChars,
    renderLimit: TEMPLATE_LIMITS.renderMs,
    memoryLimit: TEMPLATE_LIMITS.memory,
    ...(outputEscape === undefined ? {} : { outputEscape }),
  });
  engine.registerFilter('recommended', function (this: { context: { environments: unknown } }, customer: unknown, count: unknown = 3) {
    const source = (this.context.environments as { [RECOMMENDATIONS]?: RecommendationSource })[RECOMMENDATIONS];
    const externalId = customer !== null && typeof customer === 'object' ? (customer as { external_id?: unknown }).external_id : undefined;
    if (!source || typeof externalId !== 'string') return [];
    return source.for(externalId, Math.max(1, Math.min(10, Math.floor(Number(count)) || 3)));
  });
  engine.registerTag('voucher', {
    parse(token) {
      const pool = /^\s*(["'])([^"']{1,100})\1\s*$/.exec(token.args)?.[2];
      if (!pool) throw new Error('{% voucher %} names its pool in quotes: {% voucher "RAMADAN" %}');
      this['pool'] = pool;
    },
    render(ctx, emitter) {
      const source = (ctx.environments as { [VOUCHERS]?: VoucherSource })[VOUCHERS];
      if (!source) throw new Error('voucher codes are given when a message is sent, not here');
      emitter.write(source.take(this['pool'] as string));
    },
  });
  for (const name of FILE_TAGS) {
    engine.registerTag(name, {
      parse() {
        throw new Error(`{% ${name} %} is not allowed: a message template cannot read files or other templates`);
      },
      render() {
        return '';
      },
    });
  }
  return engine;
}

const engines: Record<OutputContext, Liquid> = {
  text: makeEngine(undefined),
  html: makeEngine('escape'),
  json: makeEngine(jsonStringContent),
};

const MAX_CACHED = 1000;
const parsed = new Map<string, Template[]>();

function parse(context: OutputContext, text: string): Template[] {
  const key = `${context}\u0000${text}`;
  let templates = parsed.get(key);
  if (!templates) {
    templates = engines[context].parse(text);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, templates);
  }
  return templates;
}

export class RenderError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** The reason a template cannot be used (syntax, a refused tag, too long), or null: for checks at save and publish. */
export function templateProblem(text: string): string | null {
  if (!text.includes('{')) return null;
  try {
    parse('text', text);
    return null;
  } catch (error) {
    return (error as Error).message.split('\n')[0]!;
  }
}

export function renderText(field: string, text: string, scope: object, context: OutputContext = 'text'): string {
  if (!text.includes('{')) return text;
  let output: string;
  try {
    output = String(engines[context].renderSync(parse(context, text), scope));
  } catch (error) {
    throw new RenderError(field, `${field}: ${(error as Error).message.split('\n')[0]}`);
  }
  if (output.length > TEMPLATE_LIMITS.outputChars) {
    throw new RenderError(field, `${field}: the rendered text is longer than ${TEMPLATE_LIMITS.outputChars} characters`);
  }
  return output;
}

const isHttpLink = (value: string) => /^https?:\/\/[^\s/?#]+/i.test(value.trim());

/** The unrendered content (a send step's or a campaign's fields) has the rendered content's shape. */
export function renderContent(content: RenderedContent, scope: object): RenderedContent {
  const link = renderText('link', content.link, scope);
  if (link.trim() !== '' && !isHttpLink(link)) throw new RenderError('link', `link: "${link.slice(0, 80)}" is not an http(s) link`);
  return {
    title: renderText('title', content.title, scope),
    subject: renderText('subject', content.subject, scope),
    body: renderText('body', content.body, scope),
    html: renderText('html', content.html, scope, 'html'),
    link,
    templateName: content.templateName,
    templateParams: content.templateParams.map((param, i) => renderText(`templateParams[${i}]`, param, scope)),
  };
}

/** A webhook's URL (http(s) only) and its JSON body, whose placeholders land inside JSON strings. */
export function renderWebhook(webhook: { url: string; body: string }, scope: object): { url: string; body: string } {
  const url = renderText('url', webhook.url, scope);
  if (!isHttpLink(url)) throw new RenderError('url', `url: "${url.slice(0, 80)}" is not an http(s) URL`);
  return { url, body: renderText('body', webhook.body, scope, 'json') };
}
