import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { textSource, useEngine } from '../../tests/helpers/engine';

const CATALOGUE = `id,name,category,price,url,image,in_stock
P-PHONE,Smartphone A14,phones,42000,https://shop.example/p/phone,,yes
P-CASE,Coque de protection,phone_accessories,1200,,,yes
P-CHARGER,Chargeur rapide,phone_accessories,2800,,,no
P-EARBUDS,Écouteurs sans fil,audio,5900,https://shop.example/p/earbuds,,1
P-SCREEN,Verre trempé,phone_accessories,900,,,oui
P-KAFTAN,Caftan brodé,fashion,18000,,,yes
P-BAD,Bad price,phones,cheap,,,yes
,No id,phones,100,,,yes
P-STOCK,Odd stock,phones,100,,,maybe
P-URL,Odd url,phones,100,javascript:alert(1),,yes
`;

describe('product recommendations', () => {
  const { engine } = useEngine();

  test('products of the categories that go with the last purchase, not bought before, in stock first; in the preview and in what the outbox sends', async () => {
    const imported = await engine().call('products/import', { text: CATALOGUE });
    expect(imported).toMatchObject({ imported: 6, updated: 0 });
    expect(imported.rejected.map((r) => [r.row, r.column])).toEqual([
      [8, 'price'],
      [9, 'id'],
      [10, 'in_stock'],
      [11, 'url'],
    ]);
    expect((await engine().call('products/import', { text: 'id,name,category,price\nP-CASE,Coque antichoc,phone_accessories,1500\n' })).updated).toBe(1);
    expect((await engine().call('products/import', { text: 'id,name\nP1,x\n' })).rejected[0]!.message).toContain('missing: category, price');
    const catalogue = await engine().call('products/set-complements', { category: 'phones', complements: ['phone_accessories', 'audio'] });
    expect(catalogue.categories.find((c) => c.category === 'phones')).toMatchObject({ products: 1, complements: ['audio', 'phone_accessories'] });

    await engine().call('customers/import', { source: textSource('external_id,phone,consent_sms\nBUYER,+213551000001,yes\nNEW,+213551000002,yes\n') });
    await engine().call('engine/set-clock', { mode: 'virtual', start: '2026-03-02T10:00:00Z' });
    await engine().call('events/track', {
      events: [
        { customerId: 'BUYER', event: 'purchase', time: '2026-02-01T10:00:00Z', properties: { product_id: 'P-SCREEN', amount: 900 } },
        { customerId: 'BUYER', event: 'purchase', time: '2026-03-01T10:00:00Z', properties: { product_id: 'P-PHONE', amount: 42000 } },
      ],
    });
    const content = {
      ...defaultNodeData('send'),
      channel: 'sms' as const,
      marketing: false,
      body: '{% assign picks = customer | recommended: 3 %}{% if picks.size > 0 %}Avec votre achat : {% for p in picks %}{{ p.name }} ({{ p.price }} DA){% unless forloop.last %}, {% endunless %}{% endfor %}{% else %}Nos nouveautés{% endif %}',
    };
    // Accessories and audio for the phone; the screen protector they bought already is left out; the charger (out of stock) last.
    const expected = 'Avec votre achat : Coque antichoc (1500 DA), Écouteurs sans fil (5900 DA), Chargeur rapide (2800 DA)';
    const preview = await engine().call('content/preview', { target: { kind: 'content', channel: 'sms', content }, customer: 'BUYER' });
    expect(preview.variants[0]!.rendered!.body).toBe(expected);
    const nobody = await engine().call('content/preview', { target: { kind: 'content', channel: 'sms', content }, customer: 'NEW' });
    expect(nobody.variants[0]!.rendered!.body).toBe('Nos nouveautés');

    const campaign = await engine().call('campaigns/save', {
      name: 'Reco',
      channel: 'sms',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content,
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    await engine().call('campaigns/launch', { id: campaign.id });
    await engine().call('engine/run-due', {});
    const db = new BetterSqlite3(engine().dataFile, { readonly: true });
    try {
      const bodies = db.prepare(`SELECT c.external_id, json_extract(m.payload, '$.rendered.body') AS body FROM messages m JOIN customers c ON c.id = m.customer_id ORDER BY c.external_id`).all();
      expect(bodies).toEqual([
        { external_id: 'BUYER', body: expected },
        { external_id: 'NEW', body: 'Nos nouveautés' },
      ]);
    } finally {
      db.close();
    }
  });
});
