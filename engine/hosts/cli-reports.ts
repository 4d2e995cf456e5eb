import { InvalidArgumentError, Option, type Command } from 'commander';
import { ATTRIBUTION_COUNTING, ATTRIBUTION_MODELS, dayIn, shiftDay, type Attribution, type Period } from '../../shared/domain/analytics';
import { percent } from '../../shared/domain/metrics';
import type { Engine } from '../app';
import { EngineError } from '../errors';
import type { CliContext } from './cli-delivery';

/**
 * `campaign-studio report funnel|flows|channels|customers|commerce|experiments`: what each
 * analytics view shows, as aligned text or, with --json, the engine's own answer for scripts and
 * for teams that chart elsewhere.
 */
interface ReportOptions {
  from?: string;
  to?: string;
  model: Attribution['model'];
  counting: Attribution['counting'];
  window?: string;
}

/** The given days, else the 30 days up to the engine's today (a sandbox's virtual clock) in the workspace's zone. */
async function periodOf(engine: Engine, options: ReportOptions): Promise<Period> {
  let to = options.to;
  if (to === undefined) {
    const [status, settings] = await Promise.all([engine.call('engine/clock', {}), engine.call('settings/get', {})]);
    to = dayIn(Date.parse(status.now), settings.timeZone);
  }
  return { from: options.from ?? shiftDay(to, -29), to };
}

function attributionOf(options: ReportOptions): Attribution {
  if (options.window !== undefined && !/^\d+$/.test(options.window)) throw new InvalidArgumentError('--window takes whole hours, e.g. 72.');
  return { model: options.model, counting: options.counting, ...(options.window !== undefined ? { windowHours: Number(options.window) } : {}) };
}

const table = (header: string[], rows: (string | number)[][]) => {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
};

async function flowOrCampaign(engine: Engine, options: { flow?: string; campaign?: string }): Promise<{ flowId: number } | { campaignId: number }> {
  if (options.flow) {
    const flow = await engine.call('flows/get', /^\d+$/.test(options.flow) ? { id: Number(options.flow) } : { name: options.flow });
    return { flowId: flow.id };
  }
  if (options.campaign) {
    const campaign = await engine.call('campaigns/get', /^\d+$/.test(options.campaign) ? { id: Number(options.campaign) } : { name: options.campaign });
    return { campaignId: campaign.id };
  }
  throw new EngineError('invalid_input', 'report funnel needs --flow NAME or --campaign NAME.', { field: 'flow' });
}

export function registerReportCommands(program: Command, cli: CliContext): void {
  const report = program.command('report').description('analytics views as text or JSON (the last 30 days unless --from/--to)');
  const withPeriod = (command: Command) =>
    command
      .option('--from <YYYY-MM-DD>', 'first day (workspace time zone)')
      .option('--to <YYYY-MM-DD>', 'last day (workspace time zone)')
      .addOption(new Option('--model <model>', 'attribution model').choices(ATTRIBUTION_MODELS).default('view_through'))
      .addOption(new Option('--counting <counting>', 'conversions per message').choices(ATTRIBUTION_COUNTING).default('all'))
      .option('--window <hours>', "attribution window in hours (default: the flow's or the channel's)");

  withPeriod(report.command('funnel').description('a flow per send step, or a campaign').option('--flow <name>').option('--campaign <name>')).action(
    async (options: ReportOptions & { flow?: string; campaign?: string }, command: Command) => {
      const value = await cli.withEngine(command, async (engine) =>
        engine.call('analytics/funnel', { ...(await flowOrCampaign(engine, options)), period: await periodOf(engine, options), attribution: attributionOf(options) }),
      );
      cli.print<'analytics/funnel'>(command, value, () => [
        `${value.scope.kind} "${value.scope.name}", ${value.period.from} to ${value.period.to} (${value.timeZone}); ${value.attribution.model}, ${value.attribution.counting}, ${value.attribution.windowHours} h window, conversion: ${value.attribution.event || 'none'}`,
        ...table(
          ['step', 'channel', 'sent', 'impressions', 'clicks', 'CTR', 'conversions', 'CVR', 'revenue'],
          [...value.rows, value.total].map((r) => [r.label, r.channel, r.sent, r.impressions, r.clicked, percent(r.ctr), r.conversions, percent(r.cvr), r.revenue]),
        ),
        'CTR = clicks / impressions; CVR = conversions / impressions',
      ]);
    },
  );
  withPeriod(report.command('flows').description('flows compared')).action(async (options: ReportOptions, command: Command) => {
    const value = await cli.withEngine(command, async (engine) => engine.call('analytics/flows', { period: await periodOf(engine, options), attribution: attributionOf(options) }));
    cli.print<'analytics/flows'>(command, value, () => [
      `${value.period.from} to ${value.period.to} (${value.timeZone})`,
      ...table(
        ['flow', 'sent', 'impressions', 'open+click', 'open-click rate', 'conversions', 'conversion rate', 'revenue'],
        value.rows.map((r) => [r.name, r.sent, r.impressions, r.openedOrClicked, percent(r.openClickRate), r.conversions, percent(r.conversionRate), r.revenue]),
      ),
    ]);
  });
  withPeriod(report.command('channels').description('share of conversions by channel, per month')).action(async (options: ReportOptions, command: Command) => {
    const value = await cli.withEngine(command, async (engine) => engine.call('analytics/channels', { period: await periodOf(engine, options), attribution: attributionOf(options) }));
    cli.print<'analytics/channels'>(command, value, () =>
      table(
        ['month', ...value.channels, 'conversions'],
        value.months.map((m) => [m.month, ...value.channels.map((c) => percent(m.byChannel[c]?.share ?? null)), m.total]),
      ),
    );
  });
  report
    .command('customers')
    .description('new and reactivated customers per month')
    .option('--from <YYYY-MM-DD>')
    .option('--to <YYYY-MM-DD>')
    .option('--reactivation-days <n>', 'a purchase after this many days without one is a reactivation', '90')
    .action(async (options: ReportOptions & { reactivationDays: string }, command: Command) => {
      const value = await cli.withEngine(command, async (engine) =>
        engine.call('analytics/customers', { period: await periodOf(engine, options), reactivationDays: Number(options.reactivationDays) }),
      );
      cli.print<'analytics/customers'>(command, value, () =>
        table(
          ['month', 'new customers', `reactivated (${value.reactivationDays} d)`],
          value.months.map((m) => [m.month, m.newCustomers, m.reactivated]),
        ),
      );
    });
  report
    .command('commerce')
    .description('GMV, orders and gross conversion rate per day, year over year and month over month')
    .option('--from <YYYY-MM-DD>')
    .option('--to <YYYY-MM-DD>')
    .action(async (options: ReportOptions, command: Command) => {
      const value = await cli.withEngine(command, async (engine) => engine.call('analytics/commerce', { period: await periodOf(engine, options) }));
      cli.print<'analytics/commerce'>(command, value, () =>
        table(
          ['day', 'GMV', 'YoY', 'MoM', 'orders', 'YoY', 'MoM', 'conv. rate', 'YoY', 'MoM'],
          value.days.map((d) => [
            d.day,
            d.gmv,
            percent(d.gmvYoY, 1),
            percent(d.gmvMoM, 1),
            d.orders,
            percent(d.ordersYoY, 1),
            percent(d.ordersMoM, 1),
            percent(d.conversionRate),
            percent(d.conversionRateYoY, 1),
            percent(d.conversionRateMoM, 1),
          ]),
        ),
      );
    });
  report
    .command('experiments')
    .description('random splits: each variant against control')
    .option('--flow <name>')
    .action(async (options: { flow?: string }, command: Command) => {
      const value = await cli.withEngine(command, async (engine) => engine.call('analytics/experiments', options.flow ? await flowOrCampaign(engine, options) : {}));
      cli.print<'analytics/experiments'>(command, value, () =>
        value.experiments.flatMap((x) => [
          `${x.flowName} / ${x.label}${x.warning ? `  (${x.warning})` : ''}`,
          ...table(
            ['group', 'customers', 'conversions', 'rate', 'uplift', 'p-value', 'P(beat control)'],
            x.arms.map((a) => [a.label, a.customers, a.conversions, percent(a.rate), percent(a.uplift, 1), a.pValue === null ? '—' : a.pValue.toFixed(4), percent(a.probabilityToBeatControl, 1)]),
          ),
        ]),
      );
    });
}
