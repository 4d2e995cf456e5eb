import mjml2html from 'mjml';
import type { FlowNodeData } from '../../shared/domain/flow';
import { EngineError } from '../errors';

type SendContent = FlowNodeData<'send'>;

/**
 * Emails written in MJML become responsive HTML when saved (a campaign, a flow's draft, an imported
 * flow, a preview): the MJML is kept to edit, the HTML is what the outbox renders with Liquid, as for
 * an email written in HTML. Liquid placeholders and tags are text to MJML and come through as written.
 */
async function compile(source: string, field: string): Promise<string> {
  let result: Awaited<ReturnType<typeof mjml2html>>;
  try {
    result = await mjml2html(source, { validationLevel: 'strict', keepComments: false });
  } catch (error) {
    // Strict validation throws with the list of problems, each with its line.
    const first = (error as { errors?: { line: number; message: string }[] }).errors?.[0];
    const why = first ? `line ${first.line}: ${first.message}` : (error as Error).message.split('\n')[0];
    throw new EngineError('invalid_input', `${field}: the MJML is not valid: ${why}`, { field });
  }
  if (result.errors.length > 0) {
    const first = result.errors[0]!;
    throw new EngineError('invalid_input', `${field}: the MJML is not valid: line ${first.line}: ${first.message}`, { field });
  }
  return result.html;
}

/** The content with each MJML (default and variants) compiled into its HTML; content without MJML comes back as it was. */
export async function withCompiledMjml(content: SendContent, fieldPrefix: string): Promise<SendContent> {
  if (!content.mjml?.trim() && !Object.values(content.variants ?? {}).some((v) => v.mjml?.trim())) return content;
  const next: SendContent = { ...content };
  if (content.mjml?.trim()) next.html = await compile(content.mjml, `${fieldPrefix}mjml`);
  if (content.variants) {
    const variants: NonNullable<SendContent['variants']> = {};
    for (const [language, variant] of Object.entries(content.variants) as [keyof typeof variants, NonNullable<SendContent['variants']>[keyof typeof variants]][]) {
      variants[language] = variant?.mjml?.trim() ? { ...variant, html: await compile(variant.mjml, `${fieldPrefix}variants.${language}.mjml`) } : variant;
    }
    next.variants = variants;
  }
  return next;
}

/** Every send step of a flow definition with its MJML compiled. */
export async function flowWithCompiledMjml<T extends { nodes: { id: string; type: string; data: unknown }[] }>(definition: T): Promise<T> {
  const nodes = await Promise.all(definition.nodes.map(async (node) => (node.type === 'send' ? { ...node, data: await withCompiledMjml(node.data as SendContent, `nodes.${node.id}.`) } : node)));
  return { ...definition, nodes };
}
