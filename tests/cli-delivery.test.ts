import BetterSqlite3 from 'better-sqlite3';
import { defaultCampaignSchedule } from '../shared/domain/campaign';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FLOW_TEMPLATES } from '../shared/domain/flow-templates';
import { WorkspaceHost } from '../engine/workspaces/workspace-host';
import { createEngine } from '../engine/app';
import { defaultNodeData } from '../shared/domain/flow';
import { startStandIn } from './helpers/provider-stand-in';
import { writeFixture } from './helpers/analytics-fixture';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ASSETS_DIR, makeTempDir, SAMPLE_CSV } from './helpers/temp-dir';
import { BIN, cli, cliAsync } from './helpers/cli';
import { spawn } from 'node:child_process';

let temp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  temp = makeTempDir();
});
afterEach(() => temp.cleanup());

/** The CLI driving the engine: sandbox clocks, campaigns, providers, reports, workspaces, vouchers, the demo. */
describe('campaign-studio CLI: delivery, reports, workspaces and the demo', () => {
  test('a sandbox workspace from the command line: virtual clock, a flow, a tracked event, advance, the journey and the outbox', () => {
    const dir = ['--data-dir', temp.dir];
    expect(cli('import', 'customers', SAMPLE_CSV, ...dir).code).toBe(0);
    expect(cli('clock', 'virtual', '--start', '2026-03-02T10:00:00Z', ...dir).stdout).toContain('Virtual clock at 2026-03-02T10:00:00.000Z');
    const template = FLOW_TEMPLATES.find((t) => t.id === 'abandoned-cart-email')!;
    const file = join(temp.dir, 'cart.json');
    writeFileSync(file, JSON.stringify({ format: 'campaign-studio.flow', schemaVersion: 1, name: 'Cart emails', definition: template.build() }));
    expect(cli('flow', 'import', file, ...dir).code).toBe(0);
    expect(cli('flow', 'publish', 'Cart emails', ...dir).code).toBe(0);
    expect(cli('track', 'CUST-00002', 'add_to_cart', '--prop', 'cart_id=K9', ...dir).stdout).toContain('Tracked add_to_cart for CUST-00002.');
    const bad = cli('track', 'NOBODY', 'add_to_cart', ...dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('No customer has the external id "NOBODY"');

    const advanced = cli('clock', 'advance', '2d', ...dir);
    expect(advanced.stdout).toContain('Clock now 2026-03-04T10:00:00.000Z.');
    expect(advanced.stdout).toContain('1 sent');
    const journey = cli('journey', 'CUST-00002', ...dir).stdout;
    expect(journey).toContain('Cart emails v1: waiting');
    expect(journey).toContain('Email 1: email message #1 sent via Sandbox email');
    const messages = JSON.parse(cli('messages', 'list', '--customer', 'CUST-00002', '--json', ...dir).stdout);
    expect(messages.rows).toEqual([expect.objectContaining({ status: 'sent', channel: 'email', flow: 'Cart emails', customerExternalId: 'CUST-00002' })]);
    expect(cli('engine', 'status', ...dir).stdout).toMatch(/Clock\s+virtual 2026-03-04T10:00:00.000Z/);
    // Reports default to the 30 days up to the workspace's today: the virtual clock's day, not the wall clock's.
    const flows = JSON.parse(cli('report', 'flows', '--json', ...dir).stdout);
    expect(flows.period).toEqual({ from: '2026-02-03', to: '2026-03-04' });
    expect(flows.rows).toEqual([expect.objectContaining({ name: 'Cart emails', sent: 1 })]);
    expect(cli('clock', 'advance', 'soon', ...dir).code).toBe(2);
  });

  test('campaign create from a JSON file, launched and run by engine run --until-idle', () => {
    const dir = ['--data-dir', temp.dir];
    // At 10:00 in Algiers: on the wall clock, a run at night would hold the messages for quiet hours.
    expect(cli('clock', 'virtual', '--start', '2026-03-02T09:00:00Z', ...dir).code).toBe(0);
    expect(cli('import', 'customers', SAMPLE_CSV, ...dir).code).toBe(0);
    const file = join(temp.dir, 'sms.json');
    const content = {
      channel: 'sms',
      providerId: null,
      title: '',
      body: 'Salam {{ customer.first_name }}',
      subject: '',
      html: '',
      templateName: '',
      templateParams: [],
      link: '',
      trackConversion: true,
      marketing: true,
    };
    const schedule = defaultCampaignSchedule('Africa/Algiers');
    writeFileSync(file, JSON.stringify({ name: 'Salam', channel: 'sms', audience: { filter: { type: 'group', op: 'and', conditions: [] } }, content, schedule }));
    expect(cli('campaign', 'create', file, '--launch', ...dir).stdout).toMatch(/Campaign 1 "Salam" is scheduled, next run/);
    const run = JSON.parse(cli('engine', 'run', '--until-idle', '--json', ...dir).stdout);
    expect(run.queued).toBe(48);
    expect(run.sent + run.suppressed).toBe(48);
    expect(cli('campaign', 'list', ...dir).stdout).toMatch(/completed\s+sms\s+Salam\s+\(\d+ sent/);
    writeFileSync(file, '{"name": "broken"');
    const broken = cli('campaign', 'create', file, ...dir);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('not a readable JSON file');

    // A file with only what matters: the rest of the content is empty, the schedule the wizard's defaults.
    const short = join(temp.dir, 'short.json');
    writeFileSync(
      short,
      JSON.stringify({
        name: 'Short',
        channel: 'push',
        audience: { filter: { type: 'group', op: 'and', conditions: [] } },
        content: { title: 'Promo', body: 'Cette semaine' },
        schedule: { kind: 'now' },
      }),
    );
    const created = JSON.parse(cli('campaign', 'create', short, '--json', ...dir).stdout);
    expect(created).toMatchObject({
      name: 'Short',
      status: 'draft',
      content: { channel: 'push', title: 'Promo', body: 'Cette semaine', marketing: true },
      schedule: { kind: 'now', timeZone: 'Africa/Algiers', delivery: 'campaign_zone' },
    });
    // What the file does say is checked as written, and the error names the file and the field.
    writeFileSync(
      short,
      JSON.stringify({ name: 'Late', channel: 'push', audience: { filter: { type: 'group', op: 'and', conditions: [] } }, content: { body: 'x' }, schedule: { kind: 'at', at: 'tomorrow' } }),
    );
    const wrong = cli('campaign', 'create', short, ...dir);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`${short}: Invalid input for campaigns/save: schedule.at: must be a local date and time, YYYY-MM-DDTHH:MM`);
  });

  test('provider add (secret from the environment), list without the secret, test send, import an export', async () => {
    const api = await startStandIn();
    try {
      const dir = ['--data-dir', temp.dir];
      const env = { MAILGUN_KEY: 'key-from-env' };
      const added = await cliAsync(
        env,
        'provider',
        'add',
        'mailgun',
        'email',
        'Mailgun',
        '--set',
        'domain=mg.shop.example',
        '--set',
        'from=news@mg.shop.example',
        '--set',
        `baseUrl=${api.url}`,
        '--secret-env',
        'apiKey=MAILGUN_KEY',
        '--default',
        ...dir,
      );
      expect(added.stdout).toMatch(/Provider \d+ "Mailgun" \(mailgun, email\) saved as the default\./);
      const listed = await cliAsync({}, 'provider', 'list', ...dir);
      expect(listed.stdout).toMatch(/email\s+mailgun\s+Mailgun\s+\(default\)/);
      expect(listed.stdout).toContain('"apiKey":"(hidden)"');
      expect(listed.stdout).not.toContain('key-from-env');

      api.answer({ status: 200, body: { id: '<t1@mg.shop.example>', message: 'Queued. Thank you.' } });
      const tested = await cliAsync({}, 'provider', 'test', 'Mailgun', '--email', 'amina@example.dz', ...dir);
      expect(tested.code).toBe(0);
      expect(tested.stdout).toMatch(/^Sent at .+, provider id t1@mg\.shop\.example\.$/m);
      expect(api.last().headers['authorization']).toBe(`Basic ${Buffer.from('api:key-from-env').toString('base64')}`);
      api.answer({ status: 401, body: 'Forbidden' });
      const refused = await cliAsync({}, 'provider', 'test', 'Mailgun', '--email', 'amina@example.dz', ...dir);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('Refused: Mailgun 401');

      const csv = join(temp.dir, 'export.csv');
      writeFileSync(csv, 'provider_message_id,event,time\nnope,delivered,2026-03-01T10:00:00Z\nnope,exploded,2026-03-01T10:00:00Z\n');
      const imported = await cliAsync({}, 'provider', 'import-events', 'Mailgun', csv, ...dir);
      expect(imported.code).toBe(3);
      expect(imported.stdout).toContain(`${csv}:3 event: "exploded" is not an event`);
      expect((await cliAsync({ MAILGUN_KEY: '' }, 'provider', 'set', 'Mailgun', '--secret-env', 'apiKey=NOT_SET_ANYWHERE', ...dir)).stderr).toContain('NOT_SET_ANYWHERE is not set');
    } finally {
      await api.close();
    }
  });

  test('report funnel, flows, channels, customers and commerce print what the views show, as text and JSON', () => {
    const dir = ['--data-dir', temp.dir];
    const definition = FLOW_TEMPLATES.find((t) => t.id === 'onboarding')!.build();
    const file = join(temp.dir, 'onboarding.flow.json');
    writeFileSync(file, JSON.stringify({ format: 'campaign-studio.flow', schemaVersion: 1, name: 'Onboarding', definition }));
    expect(cli('flow', 'import', file, ...dir).code).toBe(0);
    const flowId = JSON.parse(cli('flow', 'list', '--json', ...dir).stdout).flows[0].id as number;
    const pn1 = definition.nodes.find((n) => n.label === 'PN1')!.id;
    const t = Date.parse('2025-05-02T10:00:00+01:00');
    writeFixture(join(temp.dir, 'campaign-studio.db'), {
      customers: 4,
      messages: [1, 2, 3, 4].map((c) => ({ customer: c, flowId, nodeId: pn1, sentAt: t, deliveredAt: t + 1000, ...(c === 1 ? { clickedAt: t + 2000 } : {}) })),
      purchases: [
        { customer: 1, ts: t + 3_600_000, amount: 2500 },
        { customer: 2, ts: t + 7_200_000, amount: 1500 },
      ],
    });
    const period = ['--from', '2025-05-01', '--to', '2025-05-20'];
    const json = JSON.parse(cli('report', 'funnel', '--flow', 'Onboarding', ...period, '--json', ...dir).stdout);
    expect(json.rows.find((r: { label: string }) => r.label === 'PN1')).toMatchObject({ sent: 4, impressions: 4, clicked: 1, conversions: 2, revenue: 4000 });
    const text = cli('report', 'funnel', '--flow', 'Onboarding', ...period, '--model', 'click_through', ...dir).stdout;
    expect(text).toContain('flow "Onboarding", 2025-05-01 to 2025-05-20 (Africa/Algiers); click_through, all, 72 h window, conversion: purchase');
    expect(text).toMatch(/PN1\s+push\s+4\s+4\s+1\s+25\.00 %\s+1\s+25\.00 %\s+2500/);
    expect(cli('report', 'flows', ...period, ...dir).stdout).toMatch(/Onboarding\s+4\s+4\s+1\s+25\.00 %\s+2\s+50\.00 %\s+4000/);
    expect(cli('report', 'channels', ...period, ...dir).stdout).toMatch(/2025-05\s+100\.00 %\s+2/);
    expect(cli('report', 'customers', ...period, ...dir).stdout).toMatch(/2025-05\s+2\s+0/);
    expect(cli('report', 'commerce', '--from', '2025-05-02', '--to', '2025-05-02', ...dir).stdout).toMatch(/2025-05-02\s+4000\s+—\s+—\s+2/);
    expect(cli('report', 'funnel', ...period, ...dir).stderr).toContain('--flow NAME or --campaign NAME');
  });

  test('engine run keeps running until it is stopped, then exits cleanly', async () => {
    const child = spawn(process.execPath, [BIN, 'engine', 'run', '--data-dir', temp.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await expect.poll(() => stderr, { timeout: 10_000 }).toContain('Engine running on');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(child.exitCode).toBeNull();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(0);
  });

  test('--workspace picks a workspace of the data folder by name; `workspaces` lists them with the open one marked', async () => {
    const host = await WorkspaceHost.open({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
    await host.call('workspaces/create', { name: 'Clients Oran', open: false });
    await host.close();
    expect(cli('import', 'customers', SAMPLE_CSV, '--workspace', 'Clients Oran', '--data-dir', temp.dir).code).toBe(0);
    const counted = (...args: string[]) => JSON.parse(cli('customers', 'count', '--data-dir', temp.dir, '--json', ...args).stdout).count as number;
    expect(counted('--workspace', 'clients-oran')).toBe(48);
    expect(counted()).toBe(0);
    const listed = cli('workspaces', '--data-dir', temp.dir).stdout;
    expect(listed).toMatch(/^\* default\s+My workspace$/m);
    expect(listed).toMatch(/^ {2}clients-oran\s+Clients Oran$/m);
    const unknown = cli('customers', 'count', '--workspace', 'Alger', '--data-dir', temp.dir);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No workspace is called "Alger"');
  });

  test('preview prints a campaign as a customer gets it: each language variant, the SMS encoding and segments', async () => {
    const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
    await engine.call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id,first_name,language\nC-FR,Inès,fr\nC-AR,زينب,ar\n' } });
    await engine.call('campaigns/save', {
      name: 'Bienvenue',
      channel: 'sms',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { ...defaultNodeData('send'), channel: 'sms', body: 'Bonjour {{ customer.first_name }} !', variants: { ar: { body: `مرحبا {{ customer.first_name }} ${'ب'.repeat(70)}` } } },
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    await engine.close();
    const printed = cli('preview', '--campaign', 'bienvenue', '--customer', 'C-AR', '--data-dir', temp.dir);
    expect(printed.code, printed.stderr).toBe(0);
    expect(printed.stdout).toContain('sms for زينب (C-AR, language ar)');
    expect(printed.stdout).toMatch(/\[default\]\n {2}body: Bonjour زينب !\n {2}sms: UCS-2/);
    expect(printed.stdout).toMatch(/\[ar\] \(this customer gets this one\)\n {2}body: مرحبا زينب/);
    expect(printed.stdout).toContain('UCS-2, 81 characters, 2 segment(s) of 67');
    const json = JSON.parse(cli('preview', '--campaign', 'Bienvenue', '--customer', 'C-FR', '--json', '--data-dir', temp.dir).stdout);
    expect(json.variants[0]).toMatchObject({ language: 'default', forCustomer: true, rendered: { body: 'Bonjour Inès !' }, sms: { encoding: 'GSM-7', segments: 1 } });
    const wrong = cli('preview', '--campaign', 'Nope', '--data-dir', temp.dir);
    expect(wrong.code).not.toBe(0);
    expect(wrong.stderr).toContain('No campaign is called "Nope"');
  });

  test('vouchers import and list; two engine processes sending one campaign on one file never give a code twice', async () => {
    const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
    const rows = Array.from({ length: 300 }, (_, i) => `V-${i + 1},+2135510${String(i + 1).padStart(5, '0')},yes`).join('\n');
    await engine.call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: `external_id,phone,consent_sms\n${rows}\n` } });
    await engine.call('engine/set-clock', { mode: 'virtual', start: '2026-03-02T10:00:00Z' });
    const campaign = await engine.call('campaigns/save', {
      name: 'Eid codes',
      channel: 'sms',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: { ...defaultNodeData('send'), channel: 'sms', body: 'Aid Moubarak ! Code : {% voucher "EID" %}', marketing: false },
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    await engine.call('campaigns/launch', { id: campaign.id });
    // A rate limit keeps the sending going for seconds (300 at 50 a second), so the two engines overlap
    // even when one starts late on a busy machine.
    const sms = (await engine.call('providers/list', {})).providers.find((p) => p.channel === 'sms')!;
    await engine.call('providers/update', { id: sms.id, config: { ratePerSecond: 50 } });
    await engine.close();
    const codes = Array.from({ length: 400 }, (_, i) => `EID-${String(i + 1).padStart(4, '0')}`);
    writeFileSync(join(temp.dir, 'codes.csv'), `code\n${codes.join('\n')}\n`);
    const imported = cli('vouchers', 'import', 'EID', join(temp.dir, 'codes.csv'), '--data-dir', temp.dir);
    expect(imported.stdout).toContain('400 codes added to EID');

    // Both engines find the campaign due: one queues its messages, both send them.
    const [a, b] = await Promise.all([cliAsync({}, 'engine', 'run', '--until-idle', '--data-dir', temp.dir), cliAsync({}, 'engine', 'run', '--until-idle', '--data-dir', temp.dir)]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const sentBy = (run: { stdout: string }) => Number(/(\d+) sent/.exec(run.stdout)?.[1] ?? -1);
    expect(sentBy(a)).toBeGreaterThan(0);
    expect(sentBy(b)).toBeGreaterThan(0);
    expect(sentBy(a) + sentBy(b)).toBe(300);
    const check = new BetterSqlite3(join(temp.dir, 'campaign-studio.db'), { readonly: true });
    try {
      const sent = check.prepare(`SELECT payload FROM messages WHERE status = 'sent'`).pluck().all() as string[];
      expect(sent).toHaveLength(300);
      const given = sent.map((payload) => /Code : (EID-\d{4})/.exec((JSON.parse(payload) as { rendered: { body: string } }).rendered.body)![1]);
      expect(new Set(given).size).toBe(300);
      expect(check.prepare('SELECT count(*) FROM voucher_codes WHERE used_at IS NOT NULL').pluck().get()).toBe(300);
      // Each code is on the message that printed it.
      expect(check.prepare(`SELECT count(*) FROM voucher_codes v JOIN messages m ON m.id = v.message_id WHERE json_extract(m.payload, '$.rendered.body') LIKE '%' || v.code`).pluck().get()).toBe(300);
    } finally {
      check.close();
    }
    const listed = cli('vouchers', 'list', '--data-dir', temp.dir).stdout;
    expect(listed).toMatch(/^EID\s+300 used, 100 free of 400$/m);
    expect(cli('vouchers', 'list', 'EID', '--data-dir', temp.dir).stdout).toMatch(/EID-\d{4} {2}used .* by V-\d+ \(message #\d+\)/);
  }, 60_000);

  test('products import and complements: the catalogue recommendations draw from', () => {
    writeFileSync(join(temp.dir, 'products.csv'), 'id,name,category,price,in_stock\nP-PHONE,Smartphone A14,phones,42000,yes\nP-CASE,Coque,phone_accessories,1200,yes\nP-X,Broken,phones,free,yes\n');
    const imported = cli('import', 'customers', SAMPLE_CSV, '--data-dir', temp.dir);
    expect(imported.code).toBe(0);
    const products = cli('products', 'import', join(temp.dir, 'products.csv'), '--data-dir', temp.dir);
    expect(products.code).toBe(3);
    expect(products.stdout).toContain('2 products added, 0 updated, 1 rows refused:');
    expect(products.stdout).toContain('row 4, price: "free" is not a price');
    const complements = cli('products', 'complements', 'phones', 'phone_accessories', '--data-dir', temp.dir);
    expect(complements.code, complements.stderr).toBe(0);
    expect(complements.stdout).toMatch(/^phones\s+1 products \(1 in stock\) -> phone_accessories$/m);
  });

  test('demo create fills an empty workspace with the demo shop through the imports, and refuses one that holds customers', () => {
    const created = cli('demo', 'create', '--customers', '300', '--seed', '3', '--start', '2026-03-01T08:00:00Z', '--data-dir', temp.dir, '--json');
    expect(created.code, created.stderr).toBe(0);
    const summary = JSON.parse(created.stdout);
    expect(summary).toMatchObject({ customers: 300, rejected: 0, seed: 3 });
    expect(summary.events).toBeGreaterThan(1000);
    expect(summary.flows).toEqual(FLOW_TEMPLATES.map((t) => t.name));
    expect(summary.campaigns).toHaveLength(2);
    const flows = cli('flow', 'list', '--data-dir', temp.dir).stdout;
    for (const template of FLOW_TEMPLATES) expect(flows).toMatch(new RegExp(`live\\s+v1\\s+${template.name}`));
    // The demo lives on its virtual clock, from the chosen start: two simulated days give the
    // reference flows entrants and sends, and the customers events of their own.
    expect(cli('engine', 'status', '--data-dir', temp.dir).stdout).toContain('virtual 2026-03-01T08:00:00.000Z');
    const advanced = cli('clock', 'advance', '2d', '--data-dir', temp.dir);
    expect(advanced.code, advanced.stderr).toBe(0);
    expect(Number(/(\d+) customers entered flows/.exec(advanced.stdout)?.[1])).toBeGreaterThan(0);
    expect(Number(/(\d+) sent/.exec(advanced.stdout)?.[1])).toBeGreaterThan(0);
    const customer = JSON.parse(cli('customers', 'get', 'DEMO-0000001', '--data-dir', temp.dir, '--json').stdout);
    expect(customer.phone).toMatch(/^\+2135|^\+2136|^\+2137/);
    expect(customer.attributes.wilaya).toMatch(/^\d\d /);

    // Made-up customers with real-looking numbers: the demo never gets a real provider.
    const realProvider = cli('provider', 'add', 'twilio', 'sms', 'Twilio', '--set', 'accountSid=AC0123', '--set', 'from=+15005550006', '--set', 'authToken=t', '--data-dir', temp.dir);
    expect(realProvider.code).toBe(1);
    expect(realProvider.stderr).toContain('This is a demo workspace');
    expect(cli('provider', 'add', 'sandbox', 'sms', 'Second sandbox', '--data-dir', temp.dir).code).toBe(0);

    const again = cli('demo', 'create', '--customers', '10', '--data-dir', temp.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('this one has 300 customers');
    expect(JSON.parse(cli('customers', 'count', '--data-dir', temp.dir, '--json').stdout)).toEqual({ count: 300 });
  });
});
