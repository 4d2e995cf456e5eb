import { describe, expect, test } from 'vitest';
import { textSource, useEngine } from '../../tests/helpers/engine';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const { engine } = useEngine({ now: () => NOW });

const customers = 'external_id,email,phone,city\nC-1,c1@example.com,0550 11 22 33,Alger\nC-2,c2@example.com,,Oran\nC-3,,,Sétif\n';

async function seedCustomers() {
  await engine().call('customers/import', { source: textSource(customers, 'customers.csv') });
}

describe('event import', () => {
  test('CSV events land with their properties, per-customer rollups follow, and a second import adds nothing', async () => {
    await seedCustomers();
    const csv = [
      'event,customer_id,time,cart_id,amount,category',
      'add_to_cart,C-1,2026-11-25T10:00:00+01:00,K-1,4500,phones',
      'purchase,C-1,2026-11-25T12:30:00+01:00,K-1,4500,phones',
      'app_open,C-2,1764000000,,,',
      'app_open,C-2,2026-11-20 08:00,,,',
    ].join('\n');
    const first = await engine().call('events/import', { source: textSource(csv, 'events.csv') });
    expect(first).toMatchObject({ rows: 4, imported: 4, rejected: 0 });
    const timeline = await engine().call('customers/events', { externalId: 'C-1' });
    expect(timeline.events).toEqual([
      { name: 'purchase', time: '2026-11-25T11:30:00.000Z', properties: { cart_id: 'K-1', amount: 4500, category: 'phones' } },
      { name: 'add_to_cart', time: '2026-11-25T09:00:00.000Z', properties: { cart_id: 'K-1', amount: 4500, category: 'phones' } },
    ]);
    // A time without a zone is read in the workspace's zone (Africa/Algiers, UTC+1).
    const c2 = await engine().call('customers/events', { externalId: 'C-2' });
    expect(c2.events.map((e) => e.time)).toEqual(['2026-11-20T07:00:00.000Z', '2025-11-24T16:00:00.000Z']);

    const again = await engine().call('events/import', { source: textSource(csv, 'events.csv') });
    expect(again).toMatchObject({ imported: 0, unchanged: 4 });
    expect((await engine().call('customers/events', { externalId: 'C-1' })).total).toBe(2);
    const opened = await engine().call('segments/count', {
      filter: { type: 'group', op: 'and', conditions: [{ type: 'behaviour', event: 'app_open', occurrence: 'exactly', count: 2, window: { kind: 'ever' }, where: [] }] },
    });
    expect(opened.count).toBe(1);
  });

  test('NDJSON events, unknown customers rejected or created as chosen, bad rows reported by line', async () => {
    await seedCustomers();
    const ndjson = [
      '{"event":"purchase","customer_id":"C-3","time":"2026-11-01T09:00:00Z","properties":{"amount":12000,"order_id":"O-1"}}',
      '{"event":"purchase","customer_id":"NEW-1","time":"2026-11-02T09:00:00Z","amount":800}',
      'not json',
      '{"event":"","customer_id":"C-3","time":"2026-11-03T09:00:00Z"}',
      '{"event":"app_open","customer_id":"C-3","time":"yesterday"}',
    ].join('\n');
    const rejecting = await engine().call('events/import', { source: textSource(ndjson, 'events.ndjson') });
    expect(rejecting).toMatchObject({ rows: 5, imported: 1, rejected: 4 });
    expect(rejecting.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'unknown_customer'],
      [3, 'malformed_row'],
      [4, 'missing_required'],
      [5, 'invalid_date'],
    ]);
    const creating = await engine().call('events/import', { source: textSource(ndjson, 'events.ndjson'), unknownCustomers: 'create' });
    expect(creating).toMatchObject({ imported: 1, unchanged: 1, rejected: 3 });
    expect((await engine().call('customers/events', { externalId: 'NEW-1' })).events[0]).toMatchObject({
      name: 'purchase',
      properties: { amount: 800 },
    });
  });

  test('an events file without a time column is refused before anything is written', async () => {
    await seedCustomers();
    await expect(engine().call('events/import', { source: textSource('event,customer_id\napp_open,C-1\n') })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { missing: ['time'] },
    });
  });

  test('the sample events import for the sample customers', async () => {
    await engine().call('customers/import', { source: { kind: 'sample' } });
    const summary = await engine().call('events/import', { source: { kind: 'sample' } });
    expect(summary.rejected).toBe(0);
    expect(summary.imported).toBeGreaterThan(300);
  });
});

describe('lead scoring', () => {
  test('event rules add points as events arrive, once per event; attribute rules once per customer; thresholds are segments', async () => {
    await engine().call('scoring/save', { name: 'Big purchase', kind: 'event', event: 'purchase', where: [{ property: 'amount', operator: 'gte', value: 10000 }], points: 50 });
    await engine().call('scoring/save', { name: 'Any purchase', kind: 'event', event: 'purchase', points: 10 });
    await engine().call('scoring/save', { name: 'Unopened email', kind: 'event', event: 'email_ignored', points: -30 });
    await engine().call('scoring/save', {
      name: 'Lives in Alger',
      kind: 'attribute',
      condition: { type: 'group', op: 'and', conditions: [{ type: 'property', field: 'city', operator: 'equals', value: 'alger' }] },
      points: 25,
    });
    await seedCustomers();
    await seedCustomers(); // unchanged rows: no second attribute award
    const events = [
      'event,customer_id,time,amount',
      'purchase,C-1,2026-11-01T10:00:00Z,12000',
      'purchase,C-1,2026-11-02T10:00:00Z,900',
      'email_ignored,C-2,2026-11-03T10:00:00Z,',
      'email_ignored,C-2,2026-11-04T10:00:00Z,',
    ].join('\n');
    await engine().call('events/import', { source: textSource(events) });
    await engine().call('events/import', { source: textSource(events) });
    expect((await engine().call('customers/get', { externalId: 'C-1' })).score).toBe(25 + 60 + 10);
    expect((await engine().call('customers/get', { externalId: 'C-2' })).score).toBe(-60);

    const qualified = await engine().call('segments/save', {
      name: 'Qualified customers',
      kind: 'dynamic',
      filter: { type: 'group', op: 'and', conditions: [{ type: 'score', operator: 'gte', value: 80 }] },
    });
    const inactive = await engine().call('segments/save', {
      name: 'Inactive customers',
      kind: 'dynamic',
      filter: { type: 'group', op: 'and', conditions: [{ type: 'score', operator: 'lte', value: -50 }] },
    });
    expect((await engine().call('segments/count', { segmentId: qualified.id })).count).toBe(1);
    expect((await engine().call('segments/count', { name: 'inactive customers' })).count).toBe(1);
    expect((await engine().call('customers/segments', { externalId: 'C-2' })).segments.map((s) => s.id)).toEqual([inactive.id]);
    expect((await engine().call('scoring/list', {})).rules.map((r) => r.name)).toEqual(['Any purchase', 'Big purchase', 'Lives in Alger', 'Unopened email']);
  });
});

describe('erasure', () => {
  test('an erased customer is gone from every table, and re-importing them is refused', async () => {
    await seedCustomers();
    await engine().call('events/import', { source: textSource('event,customer_id,time\napp_open,C-1,2026-11-01T10:00:00Z\n') });
    const list = await engine().call('segments/save', { name: 'VIP', kind: 'static' });
    await engine().call('segments/add-members', { segmentId: list.id, externalIds: ['C-1', 'C-2'] });
    await engine().call('customers/import', { source: textSource('external_id,email\nC-1,not-an-email\n') });

    await expect(engine().dispatch('customers/erase', { externalId: 'C-1' })).resolves.toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    await expect(engine().call('customers/erase', { externalId: 'C-1', confirm: true })).resolves.toEqual({ erased: 'C-1', suppressed: 3 });
    await expect(engine().call('customers/get', { externalId: 'C-1' })).rejects.toMatchObject({ code: 'not_found' });
    expect((await engine().call('segments/count', { segmentId: list.id })).count).toBe(1);
    const everyone = {
      type: 'group' as const,
      op: 'and' as const,
      conditions: [{ type: 'behaviour' as const, event: 'app_open', occurrence: 'at_least' as const, count: 1, window: { kind: 'ever' as const }, where: [] }],
    };
    expect((await engine().call('segments/count', { filter: everyone })).count).toBe(0);
    const { entries } = await engine().call('imports/list', {});
    const report = await engine().call('imports/errors-csv', { importId: entries[0]!.id });
    expect(report.csv).not.toContain('not-an-email');

    const reimport = await engine().call('customers/import', {
      source: textSource('external_id,email,phone\nC-1,fresh@example.com,\nX-9,C1@example.com,\nX-10,,0550 11 22 33\nX-11,x11@example.com,\n'),
    });
    expect(reimport.errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'suppressed'],
      [3, 'suppressed'],
      [4, 'suppressed'],
    ]);
    expect(reimport.imported).toBe(1);
  });
});
