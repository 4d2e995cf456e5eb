import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { textSource, useEngine } from '../../tests/helpers/engine';

const everyone = { filter: { type: 'group' as const, op: 'and' as const, conditions: [] } };
const customers = (n: number) => textSource(`external_id,phone,consent_sms\n${Array.from({ length: n }, (_, i) => `V-${i + 1},+21355100${String(i + 1).padStart(4, '0')},yes`).join('\n')}\n`);

describe('voucher pools', () => {
  const { engine } = useEngine();

  test('each message takes one code, never the same twice; an empty pool fails the message with that reason; the report says who got which', async () => {
    const imported = await engine().call('vouchers/import', { pool: 'RAMADAN', text: 'code\nRMD-001\nRMD-002\nRMD-002\nnot a code!\nRMD-003\n' });
    expect(imported).toEqual({ pool: 'RAMADAN', imported: 3, duplicates: 1, rejected: [{ row: 5, value: 'not a code!', message: 'a code is 1 to 64 letters, digits, - or _' }] });
    await engine().call('customers/import', { source: customers(5) });
    await engine().call('engine/set-clock', { mode: 'virtual', start: '2026-03-02T10:00:00Z' });
    const content = { ...defaultNodeData('send'), channel: 'sms' as const, body: 'Votre code : {% voucher "RAMADAN" %}', marketing: false };

    // The preview shows the next free code and takes none.
    const preview = await engine().call('content/preview', { target: { kind: 'content', channel: 'sms', content } });
    expect(preview.variants[0]!.rendered!.body).toBe('Votre code : RMD-001');
    expect((await engine().call('vouchers/list', {})).pools).toEqual([{ pool: 'RAMADAN', total: 3, used: 0, free: 3, low: true }]);

    const campaign = await engine().call('campaigns/save', { name: 'Codes', channel: 'sms', audience: everyone, content, schedule: defaultCampaignSchedule('Africa/Algiers') });
    await engine().call('campaigns/launch', { id: campaign.id });
    await engine().call('engine/run-due', {});
    const db = new BetterSqlite3(engine().dataFile, { readonly: true });
    try {
      const messages = db.prepare('SELECT status, payload, last_error FROM messages ORDER BY id').all() as { status: string; payload: string; last_error: string | null }[];
      const sent = messages.filter((m) => m.status === 'sent').map((m) => (JSON.parse(m.payload) as { rendered: { body: string } }).rendered.body);
      expect(sent.sort()).toEqual(['Votre code : RMD-001', 'Votre code : RMD-002', 'Votre code : RMD-003']);
      const failed = messages.filter((m) => m.status === 'failed');
      expect(failed).toHaveLength(2);
      expect(failed[0]!.last_error).toContain('the voucher pool "RAMADAN" has no code left');
    } finally {
      db.close();
    }
    const report = await engine().call('vouchers/report', { pool: 'RAMADAN' });
    expect(report).toMatchObject({ total: 3, used: 3, free: 0, low: true });
    expect(new Set(report.codes.map((c) => c.customer)).size).toBe(3);
    expect(report.codes.every((c) => c.usedAt !== null && c.messageId !== null)).toBe(true);
    const empty = await engine().call('content/preview', { target: { kind: 'content', channel: 'sms', content } });
    expect(empty.variants[0]!.error).toContain('has no code left');
  });

  test('a pool name or a tag without quotes is refused where it is written', async () => {
    await expect(engine().call('vouchers/import', { pool: 'bad pool', text: 'A1' })).rejects.toThrow(/pool/);
    await expect(
      engine().call('campaigns/save', {
        name: 'Broken',
        channel: 'sms',
        audience: everyone,
        content: { ...defaultNodeData('send'), channel: 'sms', body: 'Code {% voucher RAMADAN %}' },
        schedule: defaultCampaignSchedule('Africa/Algiers'),
      }),
    ).rejects.toThrow(/names its pool in quotes/);
  });
});
