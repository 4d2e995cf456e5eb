import { describe, expect, test } from 'vitest';
import { createEngineClient } from '../renderer/engine-client/client';
import { createIpcTransport } from '../renderer/engine-client/ipc-transport';
import type { DesktopBridge } from '../shared/rpc/bridge';
import { MAX_UPLOAD_CHUNK_BYTES } from '../shared/rpc/audience-methods';
import { generateCustomersCsv } from './helpers/customers-csv';
import { useEngine } from './helpers/engine';

const { engine } = useEngine();

/**
 * The desktop window's client over the preload bridge, with the bridge wired straight to a real
 * engine's dispatch (what the main process relays). Electron itself cannot run here.
 */
function bridge(): DesktopBridge {
  return {
    invoke: (method, input, jobId) => engine().dispatch(method, input, jobId === undefined ? {} : { jobId }),
    on: (listener) => engine().onEvent(listener),
  };
}

describe('the IPC transport', () => {
  test('uploads a file larger than one chunk in order, then imports it with progress events for its job', async () => {
    const csv = generateCustomersCsv(150_000, 5);
    expect(csv.length).toBeGreaterThan(MAX_UPLOAD_CHUNK_BYTES);
    const client = createEngineClient(createIpcTransport(bridge()));
    const uploaded = await client.upload(new Blob([csv]), 'big.csv');
    expect(uploaded).toMatchObject({ fileName: 'big.csv', bytes: Buffer.byteLength(csv) });

    const progress: number[] = [];
    const job = client.start('customers/import', { source: { kind: 'upload', uploadId: uploaded.uploadId } }, (event) => progress.push(event.rowsDone));
    await expect(job.result).resolves.toMatchObject({ rows: 150_000, imported: 150_000, rejected: 0 });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(150_000);
  });

  test('an engine error comes back as an EngineCallError with its code', async () => {
    const client = createEngineClient(createIpcTransport(bridge()));
    await expect(client.call('customers/get', { externalId: 'nobody' })).rejects.toMatchObject({ name: 'EngineCallError', code: 'not_found' });
  });
});
