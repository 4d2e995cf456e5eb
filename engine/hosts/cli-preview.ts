import { InvalidArgumentError, type Command } from 'commander';
import type { MessagePreview, PreviewVariant } from '../../shared/rpc/content-methods';
import { EngineError } from '../errors';
import type { CliContext } from './cli-delivery';

function variantLines(variant: PreviewVariant, prices: MessagePreview['smsPrices']): string[] {
  const head = `[${variant.language}]${variant.forCustomer ? ' (this customer gets this one)' : ''}`;
  if (variant.error) return [head, `  cannot be rendered: ${variant.error}`];
  const r = variant.rendered!;
  const lines = [head];
  if (variant.email) lines.push(`  subject: ${variant.email.subject}`, `  text: ${variant.email.text}`);
  else {
    if (r.title) lines.push(`  title: ${r.title}`);
    if (r.body) lines.push(`  body: ${r.body}`);
    if (r.templateName) lines.push(`  template: ${r.templateName} (${r.templateParams.join(' | ')})`);
  }
  if (r.link) lines.push(`  link: ${r.link}`);
  if (variant.sms) lines.push(`  sms: ${variant.sms.encoding}, ${variant.sms.characters} characters, ${variant.sms.segments} segment(s) of ${variant.sms.perSegment}`);
  for (const price of variant.sms ? prices : [])
    lines.push(`  cost: about ${variant.sms!.segments * price.perSegment} ${price.currency} via ${price.provider} (${variant.sms!.segments} x ${price.perSegment})`);
  if (variant.push?.ios.cut || variant.push?.android.cut) lines.push(`  push: cut on ${[variant.push.android.cut && 'Android', variant.push.ios.cut && 'iOS'].filter(Boolean).join(' and ')}`);
  for (const warning of variant.warnings) lines.push(`  warning: ${warning}`);
  return lines;
}

/** `campaign-studio preview`: a campaign's or a flow step's message as a customer will get it, per language variant. */
export function registerPreviewCommand(program: Command, cli: CliContext): void {
  program
    .command('preview')
    .description('print a message as a customer will get it, each language variant rendered, with the SMS encoding and segments')
    .option('--campaign <name>', 'a campaign, by name')
    .option('--flow <name>', 'a flow, by name (with --step)')
    .option('--step <id>', "the send step's id in the flow's draft")
    .option('--customer <id>', "the customer's external id (default: the workspace's first customer)")
    .action(async (options: { campaign?: string; flow?: string; step?: string; customer?: string }, command: Command) => {
      if ((options.campaign === undefined) === (options.flow === undefined)) throw new InvalidArgumentError('give --campaign NAME, or --flow NAME with --step ID.');
      if (options.flow !== undefined && options.step === undefined) throw new InvalidArgumentError('--flow needs --step (the send step id, shown by `flow export`).');
      const preview = await cli.withEngine(command, async (engine) => {
        const customer = options.customer === undefined ? {} : { customer: options.customer };
        if (options.campaign !== undefined) {
          const campaign = (await engine.call('campaigns/list', {})).campaigns.find((c) => c.name.toLowerCase() === options.campaign!.toLowerCase());
          if (!campaign) throw new EngineError('not_found', `No campaign is called "${options.campaign}".`, { field: 'campaign' });
          return engine.call('content/preview', { target: { kind: 'campaign', campaignId: campaign.id }, ...customer });
        }
        const flow = await engine.call('flows/get', { name: options.flow! });
        return engine.call('content/preview', { target: { kind: 'flow', flowId: flow.id, nodeId: options.step! }, ...customer });
      });
      cli.print<'content/preview'>(command, preview, () => [
        `${preview.channel} for ${preview.customer.name || preview.customer.externalId} (${preview.customer.externalId}${preview.customer.sample ? ', a sample customer' : ''}, language ${preview.customer.language ?? 'unknown'})`,
        ...preview.variants.flatMap((variant) => variantLines(variant, preview.smsPrices)),
      ]);
    });
}
