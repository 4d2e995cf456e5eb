import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../shared/domain/campaign';
import { defaultFlowSettings, defaultNodeData, type FlowDefinition, type FlowNode, type FlowNodeType } from '../shared/domain/flow';
import { createEngine } from '../engine/app';
import { DATA_FILE_NAME } from '../engine/db/connection';
import { legacySuppressionHash } from '../engine/audience/suppressions';
import { World } from './helpers/journey-world';
import { ASSETS_DIR, makeTempDir } from './helpers/temp-dir';

/** Distinctive values, so a search of the raw bytes finds them only where they really are. */
const ZOULIKHA = {
  externalId: 'ERASE-ME-7731',
  email: 'zoulikha.qx7731@example.dz',
  phone: '+213551239876',
  firstName: 'Zoulikhaqx',
  lastName: 'Benyaminaqx',
};

const node = <T extends FlowNodeType>(id: string, type: T, data: Partial<FlowNode['data']> = {}): FlowNode =>
  ({ id, type, label: id, position: { x: 0, y: 0 }, data: { ...defaultNodeData(type), ...data } }) as FlowNode;

function openedFlow(): FlowDefinition {
  return {
    nodes: [node('t', 'trigger_event', { event: 'app_open' }), node('s', 'send', { title: 'Salut {{ customer.first_name }}', body: 'Écrivez à {{ customer.email }}' }), node('x', 'exit')],
    edges: [
      { id: 'e1', source: 't', exit: 'next', target: 's' },
      { id: 'e2', source: 's', exit: 'next', target: 'x' },
    ],
    settings: defaultFlowSettings(),
  };
}

/** Every value of ZOULIKHA found in the file's bytes. */
function valuesIn(path: string): string[] {
  if (!existsSync(path)) return [];
  const bytes = readFileSync(path);
  return Object.values(ZOULIKHA).filter((value) => bytes.includes(Buffer.from(value, 'utf8')));
}

describe('erasure leaves nothing behind', () => {
  test('after erasing a customer with events, journeys, messages, an import error and an upload, no value of theirs is in the file, its WAL or the uploads', async () => {
    const temp = makeTempDir();
    try {
      const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
      const world = await World.start(engine, '2026-03-02T10:00:00Z');
      const z = ZOULIKHA;
      await world.customers(
        `external_id,email,phone,first_name,last_name,push_token,consent_push\n${z.externalId},${z.email},${z.phone},${z.firstName},${z.lastName},tok-1,true\nOTHER-1,other@example.dz,+213551230000,Nadia,Kaci,tok-2,true\n`,
      );
      // An import warning filed under another row, whose dropped value is her name; and a strict import's error holding her last name.
      const withWarning = await engine.call('customers/import', { source: { kind: 'text', fileName: 'more.csv', text: `external_id,signup_date\nOTHER-2,${z.firstName}\n` } });
      expect(withWarning.warnings[0]).toMatchObject({ externalId: 'OTHER-2', value: z.firstName });
      const withError = await engine.call('customers/import', { source: { kind: 'text', fileName: 'strict.csv', text: `external_id,signup_date\nOTHER-3,${z.lastName}\n` }, strict: true });
      expect(withError.errors[0]).toMatchObject({ externalId: 'OTHER-3', value: z.lastName });
      // A flow that sends her a push naming her, entered by an event of hers.
      const flow = await engine.call('flows/create', { name: 'Hello' });
      await engine.call('flows/save', { id: flow.id, definition: openedFlow() });
      await engine.call('flows/publish', { id: flow.id });
      await engine.call('events/track', { events: [{ customerId: z.externalId, event: 'app_open', properties: { contact: z.email } }] });
      // A campaign to everyone.
      const campaign = await engine.call('campaigns/save', {
        name: 'Promo',
        channel: 'push',
        audience: { filter: { type: 'group', op: 'and', conditions: [] } },
        content: { ...defaultNodeData('send'), title: 'Promo {{ customer.last_name }}', body: 'Pour {{ customer.phone }}' },
        schedule: defaultCampaignSchedule('Africa/Algiers'),
      });
      await engine.call('campaigns/launch', { id: campaign.id });
      await world.advanceTo('2026-03-02T11:00:00Z');
      const sent = await world.messages(z.externalId);
      expect(sent.length).toBe(2);
      expect(sent.map((m) => m.preview).join(' ')).toContain(z.firstName);
      // A file waiting in uploads/ (previewed, not yet imported) that holds her row.
      const upload = await engine.call('uploads/begin', { fileName: 'next.csv' });
      await engine.call('uploads/append', { uploadId: upload.uploadId, offset: 0, chunk: Buffer.from(`external_id,email\n${z.externalId},${z.email}\n`) });
      await engine.call('uploads/finish', { uploadId: upload.uploadId });
      // Something of hers is in every place before.
      expect(valuesIn(join(temp.dir, DATA_FILE_NAME)).length + valuesIn(join(temp.dir, `${DATA_FILE_NAME}-wal`)).length).toBeGreaterThan(0);

      await engine.call('customers/erase', { externalId: z.externalId, confirm: true });

      expect(valuesIn(join(temp.dir, DATA_FILE_NAME))).toEqual([]);
      expect(valuesIn(join(temp.dir, `${DATA_FILE_NAME}-wal`))).toEqual([]);
      for (const name of readdirSync(join(temp.dir, 'uploads'))) expect(valuesIn(join(temp.dir, 'uploads', name))).toEqual([]);
      // The other customer and their messages are untouched.
      expect((await world.messages('OTHER-1')).length).toBe(1);

      await engine.close();
      // After a clean shutdown too: the file's free pages hold none of it.
      expect(valuesIn(join(temp.dir, DATA_FILE_NAME))).toEqual([]);
      expect(valuesIn(join(temp.dir, `${DATA_FILE_NAME}-wal`))).toEqual([]);
      // The kept hashes are keyed: hashing the phone number as anyone could does not find it.
      const db = new BetterSqlite3(join(temp.dir, DATA_FILE_NAME), { readonly: true });
      const hashes = db.prepare('SELECT hash FROM suppressions').pluck().all() as string[];
      db.close();
      expect(hashes).toHaveLength(3);
      expect(hashes).not.toContain(legacySuppressionHash('phone', z.phone));
      expect(hashes).not.toContain(createHash('sha256').update(z.phone).digest('hex'));
    } finally {
      temp.cleanup();
    }
  });
});

describe('erasures made before keyed hashes', () => {
  test('a customer erased under the old plain hash is still refused on re-import', async () => {
    const temp = makeTempDir();
    try {
      const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
      const db = new BetterSqlite3(engine.dataFile);
      db.prepare(`INSERT INTO suppressions (hash, kind, reason, created_at) VALUES (?, 'email', 'erased on request', 1)`).run(legacySuppressionHash('email', 'old@example.dz'));
      db.close();
      const summary = await engine.call('customers/import', { source: { kind: 'text', fileName: 'c.csv', text: 'external_id,email\nN-1,OLD@example.dz\nN-2,new@example.dz\n' } });
      expect(summary.errors.map((e) => [e.externalId, e.code])).toEqual([['N-1', 'suppressed']]);
      expect(summary.imported).toBe(1);
      await engine.close();
    } finally {
      temp.cleanup();
    }
  });
});

describe('uploaded files', () => {
  test('go once their import ends, whether it imported or was refused; a dry run keeps its file for the import', async () => {
    const temp = makeTempDir();
    try {
      const engine = await createEngine({ dataDir: temp.dir, assetsDir: ASSETS_DIR, appVersion: 'test' });
      const uploaded = async (text: string) => {
        const { uploadId } = await engine.call('uploads/begin', { fileName: 'c.csv' });
        await engine.call('uploads/append', { uploadId, offset: 0, chunk: Buffer.from(text) });
        await engine.call('uploads/finish', { uploadId });
        return uploadId;
      };
      const files = () => readdirSync(join(temp.dir, 'uploads')).filter((name) => name.endsWith('.upload'));
      const good = await uploaded('external_id,email\nU-1,u1@example.dz\n');
      await engine.call('customers/import', { source: { kind: 'upload', uploadId: good }, dryRun: true });
      expect(files()).toEqual([`${good}.upload`]);
      await engine.call('customers/import', { source: { kind: 'upload', uploadId: good } });
      expect(files()).toEqual([]);
      const bad = await uploaded('external_id,email\n,u2@example.dz\n');
      const refused = await engine.dispatch('customers/import', { source: { kind: 'upload', uploadId: bad }, allOrNothing: true });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(files()).toEqual([]);
      await engine.close();
    } finally {
      temp.cleanup();
    }
  });
});
