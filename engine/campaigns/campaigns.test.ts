import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule, type CampaignInput } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import type { EngineError } from '../errors';
import { useEngine } from '../../tests/helpers/engine';
import { World } from '../../tests/helpers/journey-world';

const { engine } = useEngine();
const everyone = { filter: { type: 'group' as const, op: 'and' as const, conditions: [] } };

function campaign(name: string, schedule: Partial<CampaignInput['schedule']> = {}, audience: CampaignInput['audience'] = everyone): CampaignInput {
  return {
    name,
    channel: 'push',
    audience,
    content: { ...defaultNodeData('send'), title: 'Promo {{ customer.first_name }}', body: 'Cette semaine' },
    schedule: { ...defaultCampaignSchedule('Africa/Algiers'), ...schedule },
  };
}

const dueTimes = async (world: World, ids: string[]) => Object.fromEntries(await Promise.all(ids.map(async (id) => [id, (await world.messages(id))[0]?.dueAt ?? null] as const)));

describe('campaigns', () => {
  test('send now takes the audience when it runs, renders per customer and records the run', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id,first_name,city,push_token\nc1,Amina,Oran,t1\nc2,Karim,Alger,t2\n');
    const saved = await engine().call(
      'campaigns/save',
      campaign('Oran promo', {}, { filter: { type: 'group', op: 'and', conditions: [{ type: 'property', field: 'city', operator: 'equals', value: 'Oran' }] } }),
    );
    expect(saved).toMatchObject({ status: 'draft', nextRunAt: null });
    // Karim moves to Oran after the campaign was written: the audience is taken at send time.
    await world.customers('external_id,city\nc2,Oran\n');
    await engine().call('campaigns/launch', { id: saved.id });
    await engine().call('engine/run-due', {});
    const done = await engine().call('campaigns/get', { id: saved.id });
    expect(done).toMatchObject({ status: 'completed', runs: [{ at: '2026-03-02T10:00:00.000Z', audience: 2, queued: 2 }], messages: { sent: 2 } });
    expect((await world.messages('c2'))[0]).toMatchObject({ campaign: 'Oran promo', preview: 'Promo Karim — Cette semaine' });
  });

  test("each customer's own zone: 10:00 local; whose 10:00 has passed get it the next day, or at once", async () => {
    const world = await World.start(engine(), '2026-03-02T08:00:00Z');
    await world.customers('external_id,time_zone,push_token\nalger,Africa/Algiers,t1\ntokyo,Asia/Tokyo,t2\nla,America/Los_Angeles,t3\n');
    const nextDay = await engine().call('campaigns/save', campaign('Local ten', { kind: 'at', at: '2026-03-02T09:30', delivery: 'customer_zone', lateCustomers: 'next_day' }));
    const atOnce = await engine().call('campaigns/save', campaign('Local ten now', { kind: 'at', at: '2026-03-02T09:30', delivery: 'customer_zone', lateCustomers: 'now' }));
    await engine().call('campaigns/launch', { id: nextDay.id });
    await engine().call('campaigns/launch', { id: atOnce.id });
    await world.advanceTo('2026-03-02T08:30:00Z'); // the run: 09:30 in Algiers
    const byCampaign = async (id: string) => Object.fromEntries((await world.messages(id)).map((m) => [m.campaign, m.dueAt]));
    // 09:30 local on 2 March: Algiers 08:30Z; Tokyo's (00:30Z) has passed; Los Angeles 17:30Z.
    expect(await byCampaign('alger')).toEqual({ 'Local ten': '2026-03-02T08:30:00.000Z', 'Local ten now': '2026-03-02T08:30:00.000Z' });
    expect(await byCampaign('tokyo')).toEqual({ 'Local ten': '2026-03-03T00:30:00.000Z', 'Local ten now': '2026-03-02T08:30:00.000Z' });
    expect(await byCampaign('la')).toEqual({ 'Local ten': '2026-03-02T17:30:00.000Z', 'Local ten now': '2026-03-02T17:30:00.000Z' });
  });

  test("best hour: each customer's most frequent hour of opens and clicks, else the campaign's time", async () => {
    const world = await World.start(engine(), '2026-03-01T06:00:00Z');
    await world.customers('external_id,push_token\nevening,t1\nnever,t2\n');
    await world.sandboxRates('push', { delivered: 1, opened: 1, clicked: 1, converted: 0 });
    // Three earlier pushes to "evening" sent at 18:00 local, opened within two hours.
    const warmup = await engine().call(
      'campaigns/save',
      campaign(
        'Warm-up',
        { kind: 'recurring', repeat: 'daily', time: '18:00' },
        { filter: { type: 'group', op: 'and', conditions: [{ type: 'property', field: 'externalId', operator: 'equals', value: 'evening' }] } },
      ),
    );
    await engine().call('campaigns/launch', { id: warmup.id });
    await world.advanceTo('2026-03-03T20:30:00Z');
    await engine().call('campaigns/pause', { id: warmup.id });
    const best = await engine().call('campaigns/save', campaign('Best hour', { kind: 'at', at: '2026-03-04T07:00', delivery: 'best_hour', time: '11:00' }));
    await engine().call('campaigns/launch', { id: best.id });
    await world.advanceTo('2026-03-04T07:00:00Z');
    const dueOf = async (id: string) => (await world.messages(id)).find((m) => m.campaign === 'Best hour')!.dueAt;
    expect(new Date(await dueOf('evening')).getUTCHours() + 1).toBeGreaterThanOrEqual(18);
    expect(new Date(await dueOf('evening')).getUTCHours() + 1).toBeLessThanOrEqual(20);
    // No opens or clicks: the campaign's own time, 07:00 in Algiers.
    expect(await dueOf('never')).toBe('2026-03-04T06:00:00.000Z');
  });

  test('a throttle spreads the run over minutes; a recurring campaign runs again on its days', async () => {
    const world = await World.start(engine(), '2026-03-02T09:00:00Z');
    await world.customers(`external_id,push_token\n${Array.from({ length: 25 }, (_, i) => `c${i},t${i}`).join('\n')}\n`);
    const throttled = await engine().call('campaigns/save', campaign('Throttled', { throttlePerMinute: 10 }));
    await engine().call('campaigns/launch', { id: throttled.id });
    await engine().call('engine/run-due', {});
    const due = Object.values(
      await dueTimes(
        world,
        Array.from({ length: 25 }, (_, i) => `c${i}`),
      ),
    );
    const perMinute = new Map<string | null, number>();
    for (const at of due) perMinute.set(at, (perMinute.get(at) ?? 0) + 1);
    expect([...perMinute.entries()].sort()).toEqual([
      ['2026-03-02T09:00:00.000Z', 10],
      ['2026-03-02T09:01:00.000Z', 10],
      ['2026-03-02T09:02:00.000Z', 5],
    ]);
    // Paused after the first minute's ten went out: the fifteen still waiting are dropped, not sent later.
    expect((await engine().call('campaigns/pause', { id: throttled.id })).messages).toEqual({ sent: 10, suppressed: 15 });

    const weekly = await engine().call(
      'campaigns/save',
      campaign(
        'Mondays and Thursdays',
        { kind: 'recurring', repeat: 'weekly', weekdays: [1, 4], time: '10:00' },
        { filter: { type: 'group', op: 'and', conditions: [{ type: 'property', field: 'externalId', operator: 'equals', value: 'c0' }] } },
      ),
    );
    expect((await engine().call('campaigns/launch', { id: weekly.id })).nextRunAt).toBe('2026-03-02T09:00:00.000Z');
    await world.advanceTo('2026-03-10T12:00:00Z');
    const runs = (await engine().call('campaigns/get', { id: weekly.id })).runs.map((r) => r.at).reverse();
    expect(runs).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-05T09:00:00.000Z', '2026-03-09T09:00:00.000Z']);
    expect((await engine().call('campaigns/get', { id: weekly.id })).status).toBe('running');
  });

  test('a recurring campaign ends after a number of runs, or after its last run on an end date (that day included)', async () => {
    const world = await World.start(engine(), '2026-03-02T08:00:00Z');
    await world.customers('external_id,push_token\nc1,t1\n');
    const twice = await engine().call('campaigns/save', campaign('Twice', { kind: 'recurring', repeat: 'daily', time: '10:00', ends: { kind: 'after', runs: 2 } }));
    const untilTuesday = await engine().call('campaigns/save', campaign('Until 3 March', { kind: 'recurring', repeat: 'daily', time: '11:00', ends: { kind: 'on', date: '2026-03-03' } }));
    const forever = await engine().call('campaigns/save', campaign('Every day', { kind: 'recurring', repeat: 'daily', time: '12:00' }));
    for (const c of [twice, untilTuesday, forever]) await engine().call('campaigns/launch', { id: c.id });
    await world.advanceTo('2026-03-06T20:00:00Z');
    const runs = async (id: number) => (await engine().call('campaigns/get', { id })).runs.map((r) => r.at).reverse();
    expect(await runs(twice.id)).toEqual(['2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z']);
    expect(await runs(untilTuesday.id)).toEqual(['2026-03-02T10:00:00.000Z', '2026-03-03T10:00:00.000Z']);
    expect(await runs(forever.id)).toHaveLength(5);
    expect(await engine().call('campaigns/get', { id: twice.id })).toMatchObject({ status: 'completed', nextRunAt: null, schedule: { ends: { kind: 'after', runs: 2 } } });
    expect(await engine().call('campaigns/get', { id: untilTuesday.id })).toMatchObject({ status: 'completed', nextRunAt: null });
    expect(await engine().call('campaigns/get', { id: forever.id })).toMatchObject({ status: 'running', nextRunAt: '2026-03-07T11:00:00.000Z', schedule: { ends: { kind: 'never' } } });
    expect((await world.messages('c1')).filter((m) => m.campaign === 'Twice')).toHaveLength(2);
  });

  test('an end date before the first run is refused at launch; a paused campaign past its last run cannot be launched again', async () => {
    await World.start(engine(), '2026-03-02T12:00:00Z');
    const late = await engine().call('campaigns/save', campaign('Too late', { kind: 'recurring', repeat: 'daily', time: '10:00', ends: { kind: 'on', date: '2026-03-02' } }));
    const refusal = await engine()
      .call('campaigns/launch', { id: late.id })
      .catch((e: EngineError) => e);
    expect(refusal).toMatchObject({ code: 'invalid_input', details: { field: 'schedule.ends.date' } });
    expect((refusal as Error).message).toBe('The campaign ends on 2026-03-02, before its first run (2026-03-03 10:00 Africa/Algiers).');
    expect(await engine().call('campaigns/get', { id: late.id })).toMatchObject({ status: 'draft' });

    // Two runs planned, paused after the first, then told to end after one: it has nothing left to run.
    const input = campaign('Shortened', { kind: 'recurring', repeat: 'daily', time: '13:00', ends: { kind: 'after', runs: 2 } });
    const shortened = await engine().call('campaigns/save', input);
    await engine().call('campaigns/launch', { id: shortened.id });
    await engine().call('engine/advance', { to: '2026-03-02T12:30:00Z' });
    await engine().call('campaigns/pause', { id: shortened.id });
    await engine().call('campaigns/save', { id: shortened.id, ...input, schedule: { ...input.schedule, ends: { kind: 'after', runs: 1 } } });
    await expect(engine().call('campaigns/launch', { id: shortened.id })).rejects.toMatchObject({
      code: 'conflict',
      message: '"Shortened" has come to the end of its schedule: change when it ends to run it again.',
      // Named by key too, so a window can say it in its language.
      details: { words: { key: 'campaignEnded', values: { name: 'Shortened' } } },
    });
  });

  test('bad campaigns are refused with the field named', async () => {
    await World.start(engine(), '2026-03-02T09:00:00Z');
    const refused = async (input: CampaignInput) =>
      (await engine()
        .call('campaigns/save', input)
        .then(
          () => null,
          (e: unknown) => e,
        )) as EngineError;
    expect((await refused({ ...campaign('No body'), content: { ...campaign('x').content, body: '' } })).details).toMatchObject({ field: 'content.body' });
    expect((await refused({ ...campaign('Email'), channel: 'email', content: { ...campaign('x').content, channel: 'email', subject: 'S', body: 'B' } })).message).toContain('unsubscribe');
    expect((await refused(campaign('Bad date', { kind: 'at', at: '2026-02-30T10:00' }))).details).toMatchObject({ field: 'schedule.at' });
    expect((await refused(campaign('Ghost', {}, { segmentId: 999 }))).details).toMatchObject({ field: 'audience.segmentId' });
  });

  test('a template that reads a file, or a javascript: link, is refused at save with its field named', async () => {
    const refused = async (input: CampaignInput) =>
      (await engine()
        .call('campaigns/save', input)
        .then(
          () => null,
          (e: unknown) => e,
        )) as EngineError;
    const base = campaign('x').content;
    const reading = await refused({ ...campaign('Reads a key'), content: { ...base, body: "Hi {% include 'secret.key' %}" } });
    expect(reading.details).toMatchObject({ field: 'content.body' });
    expect(reading.message).toContain('not allowed');
    expect((await refused({ ...campaign('Renders'), content: { ...base, title: "{% render '/etc/passwd' %}" } })).details).toMatchObject({ field: 'content.title' });
    expect((await refused({ ...campaign('Script link'), content: { ...base, link: 'javascript:alert(document.cookie)' } })).details).toMatchObject({ field: 'content.link' });
  });

  test('a template that would loop for hours fails its own message at the render limit; the rest of the batch is sent', async () => {
    const world = await World.start(engine(), '2026-03-02T10:00:00Z');
    await world.customers('external_id,first_name,push_token\nloop,Loop,t1\nok1,Amina,t2\nok2,Karim,t3\n');
    const hanging = '{% if customer.first_name == "Loop" %}{% for i in (1..100000) %}{% for j in (1..100000) %}x{% endfor %}{% endfor %}{% endif %}Bonjour {{ customer.first_name }}';
    const saved = await engine().call('campaigns/save', { ...campaign('Loop'), content: { ...campaign('x').content, body: hanging } });
    await engine().call('campaigns/launch', { id: saved.id });
    await engine().call('engine/run-due', {});
    const [looped] = await world.messages('loop');
    expect(looped).toMatchObject({ status: 'failed' });
    expect(looped!.lastError).toMatch(/could not render the message: body: .*limit/);
    expect((await world.messages('ok1'))[0]).toMatchObject({ status: 'sent', preview: 'Promo Amina — Bonjour Amina' });
    expect((await world.messages('ok2'))[0]).toMatchObject({ status: 'sent' });
  });
});
