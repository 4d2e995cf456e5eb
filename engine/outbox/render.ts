import { Liquid, type Template } from 'liquidjs';
import type { RenderedContent } from '../providers/provider';

/**
 * Liquid (liquidjs) renders each message from the customer's data at send time. A missing value
 * renders empty (use `| default: "there"`), as in the tools CRM managers know; an unknown filter or
 * broken syntax is an error that fails that one message with the reason, never the batch.
 */
const liquid = new Liquid({ strictFilters: true, strictVariables: false, ownPropertyOnly: true, outputEscape: undefined });

const MAX_CACHED = 1000;
const parsed = new Map<string, Template[]>();

function parse(text: string): Template[] {
  let templates = parsed.get(text);
  if (!templates) {
    templates = liquid.parse(text);
    if (parsed.size >= MAX_CACHED) parsed.delete(parsed.keys().next().value as string);
    parsed.set(text, templates);
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

export function renderText(field: string, text: string, scope: object): string {
  if (!text.includes('{')) return text;
  try {
    return String(liquid.renderSync(parse(text), scope));
  } catch (error) {
    throw new RenderError(field, `${field}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The unrendered content (a send step's or a campaign's fields) has the rendered content's shape. */
export function renderContent(content: RenderedContent, scope: object): RenderedContent {
  return {
    title: renderText('title', content.title, scope),
    subject: renderText('subject', content.subject, scope),
    body: renderText('body', content.body, scope),
    html: renderText('html', content.html, scope),
    link: renderText('link', content.link, scope),
    templateName: content.templateName,
    templateParams: content.templateParams.map((param, i) => renderText(`templateParams[${i}]`, param, scope)),
  };
}
