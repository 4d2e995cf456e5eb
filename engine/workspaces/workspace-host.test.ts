import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../shared/rpc/events';
import { ASSETS_DIR, CUSTOMER_ROWS_WORKER, makeTempDir } from '../../tests/helpers/temp-dir';
import { DATA_FILE_NAME } from '../db/connection';
import { WorkspaceHost } from './workspace-host';

let temp: ReturnType<typeof makeTempDir>;
let host: WorkspaceHost;
let events: EngineEvent[];

beforeEach(async () => {
  temp = makeTempDir();
  host = await WorkspaceHost.open({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test', customerRowsWorker: CUSTOMER_ROWS_WORKER });
  events = [];
  host.onEvent((event) => events.push(event));
});
afterEach(async () => {
  await host.close();
  temp.cleanup();
});

const csv = (ids: string[]) => ({ kind: 'text' as const, fileName: 'c.csv', text: `external_id,email\n${ids.map((id) => `${id},${id.toLowerCase()}@example.com`).join('\n')}\n` });
const count = async () => (await host.call('customers/count', {})).count;
const fileDigest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('the workspaces of a data folder', () => {
  test('create, open, rename, duplicate and delete; each keeps its own customers; windows are told', async () => {
    expect(await host.call('workspaces/list', {})).toMatchObject({ current: 'default', workspaces: [{ id: 'default', name: 'My workspace', demo: false }] });
    await host.call('customers/import', { source: csv(['A-1', 'A-2']) });

    const oran = await host.call('workspaces/create', { name: 'Clients Oran' });
    expect(oran).toEqual({ id: 'clients-oran', name: 'Clients Oran', demo: false });
    expect((await host.call('workspaces/list', {})).current).toBe('clients-oran');
    expect(await count()).toBe(0);
    expect(host.dataFile).toBe(join(temp.dir, 'workspaces', 'clients-oran', DATA_FILE_NAME));
    expect(events).toContainEqual({ type: 'data/changed', topic: 'workspace' });
    await host.call('customers/import', { source: csv(['O-1']) });

    await host.call('workspaces/rename', { id: 'clients-oran', name: 'Oran' });
    // The open workspace, copied while it runs: the copy has its customer.
    const copy = await host.call('workspaces/duplicate', { id: 'clients-oran', name: 'Oran copy' });
    await host.call('workspaces/open', { id: 'default' });
    expect(await count()).toBe(2);
    await host.call('workspaces/open', { id: copy.id });
    expect(await count()).toBe(1);

    await expect(host.call('workspaces/delete', { id: copy.id })).rejects.toThrow(/is open/);
    await expect(host.call('workspaces/delete', { id: 'default' })).rejects.toThrow(/own workspace/);
    await host.call('workspaces/open', { id: 'Oran' });
    await host.call('workspaces/delete', { id: copy.id });
    expect(existsSync(join(temp.dir, 'workspaces', copy.id))).toBe(false);
    expect((await host.call('workspaces/list', {})).workspaces.map((w) => w.name)).toEqual(['My workspace', 'Oran']);
    await expect(host.call('workspaces/open', { id: 'nowhere' })).rejects.toThrow(/No workspace is called "nowhere"/);

    // The next start opens the workspace open last.
    await host.close();
    host = await WorkspaceHost.open({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test', customerRowsWorker: CUSTOMER_ROWS_WORKER });
    expect(await count()).toBe(1);
  }, 60_000);

  test('the demo shop in a workspace of its own, with progress; reset puts clock, customers and flows back as they were made', async () => {
    await host.call('customers/import', { source: csv(['MINE-1']) });
    const jobId = 'demo-job';
    const demo = await host.call('demo/create', { customers: 200, seed: 4, start: '2026-03-01T00:00:00.000Z' }, { jobId });
    expect(demo).toMatchObject({ id: 'demo-shop', name: 'Demo shop', demo: true, customers: 200 });
    expect(events.some((e) => e.type === 'job/progress' && e.jobId === jobId)).toBe(true);
    expect((await host.call('workspaces/list', {})).current).toBe('demo-shop');
    expect((await host.call('settings/get', {})).demo).toBe(true);

    await host.call('engine/advance', { by: { amount: 3, unit: 'days' } });
    expect(await count()).toBeGreaterThanOrEqual(200);
    expect((await host.call('engine/clock', {})).now).toBe('2026-03-04T00:00:00.000Z');

    await host.call('demo/reset', {});
    expect((await host.call('engine/clock', {})).now).toBe('2026-03-01T00:00:00.000Z');
    expect(await count()).toBe(200);
    expect((await host.call('engine/status', {})).journeys.active + (await host.call('engine/status', {})).journeys.completed).toBe(0);
    // The user's own workspace was never touched.
    await host.call('workspaces/open', { id: 'default' });
    expect(await count()).toBe(1);
    await expect(host.call('demo/reset', {})).rejects.toThrow(/not a demo/);
  }, 120_000);

  test('a forecast runs a draft on copies beside the current plan and leaves the workspace byte for byte as it was', async () => {
    await host.call('demo/create', { customers: 300, seed: 6, start: '2026-03-01T00:00:00.000Z' });
    const draft = await host.call('flows/create', { name: 'Second welcome', templateId: 'onboarding' });
    const files = [host.dataFile, `${host.dataFile}-wal`].filter((file) => existsSync(file));
    const before = files.map(fileDigest);

    const forecast = await host.call('forecast/run', { flowId: draft.id, days: 10 }, { jobId: 'forecast-job' });
    expect(files.map(fileDigest)).toEqual(before);
    expect(forecast).toMatchObject({
      subject: { kind: 'flow', id: draft.id, name: 'Second welcome' },
      days: 10,
      population: 'demo',
      keptAs: null,
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-11T00:00:00.000Z',
    });
    expect(forecast.withDraft.entrants).toBeGreaterThan(0);
    expect(forecast.currentPlan.entrants).toBe(0);
    expect(forecast.withDraft.messagesPerDay).toHaveLength(10);
    expect(forecast.withDraft.messages).toBeGreaterThan(forecast.currentPlan.messages);
    expect(forecast.currentPlan.messages).toBeGreaterThan(0);
    expect(events.some((e) => e.type === 'job/progress' && e.jobId === 'forecast-job')).toBe(true);
    // The workspace itself: the draft is still a draft, the clock has not moved.
    expect((await host.call('flows/get', { id: draft.id })).status).toBe('draft');
    expect((await host.call('engine/clock', {})).now).toBe('2026-03-01T00:00:00.000Z');

    // A campaign not yet launched: the demo's year-end push sale, launched on the copy only.
    const sale = (await host.call('campaigns/list', {})).campaigns.find((c) => c.status === 'draft')!;
    const campaignForecast = await host.call('forecast/run', { campaignId: sale.id, days: 3 });
    expect(campaignForecast.subject).toEqual({ kind: 'campaign', id: sale.id, name: sale.name });
    expect(campaignForecast.withDraft.entrants).toBeGreaterThan(0);
    expect(campaignForecast.withDraft.messagesPerDay.reduce((n, d) => n + d.push, 0)).toBeGreaterThan(campaignForecast.currentPlan.messagesPerDay.reduce((n, d) => n + d.push, 0));
    expect((await host.call('campaigns/get', { id: sale.id })).status).toBe('draft');
    await expect(host.call('forecast/run', { flowId: (await host.call('flows/list', {})).flows.find((f) => f.status === 'live')!.id, days: 1 })).rejects.toThrow(/no draft changes/);

    // Kept: the copy with the draft becomes a workspace of its own.
    const kept = await host.call('forecast/run', { flowId: draft.id, days: 2, keep: true });
    expect(kept.keptAs?.name).toMatch(/^Second welcome \(forecast/);
    await host.call('workspaces/open', { id: kept.keptAs!.id });
    expect((await host.call('flows/get', { id: draft.id })).status).toBe('live');
  }, 120_000);
});
