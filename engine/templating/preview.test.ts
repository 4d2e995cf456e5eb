import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { smsEncoding } from '../../shared/domain/message-preview';
import { contentForLanguage } from '../../shared/domain/message-variants';
import { textSource, useEngine } from '../../tests/helpers/engine';

describe('SMS encoding and segments', () => {
  test('GSM-7 holds 160 characters, 153 a part; extended characters count twice; Arabic is UCS-2, 70 then 67 a part', () => {
    expect(smsEncoding('a'.repeat(160))).toEqual({ encoding: 'GSM-7', segments: 1, characters: 160, perSegment: 160 });
    expect(smsEncoding('a'.repeat(161))).toMatchObject({ encoding: 'GSM-7', segments: 2, perSegment: 153 });
    expect(smsEncoding('a'.repeat(306))).toMatchObject({ segments: 2 });
    expect(smsEncoding('a'.repeat(307))).toMatchObject({ segments: 3 });
    // € [ ] { } ~ ^ | \ take two septets each.
    expect(smsEncoding('€'.repeat(80))).toMatchObject({ encoding: 'GSM-7', segments: 1, characters: 160 });
    expect(smsEncoding('€'.repeat(81))).toMatchObject({ encoding: 'GSM-7', segments: 2 });
    expect(smsEncoding('ب'.repeat(70))).toEqual({ encoding: 'UCS-2', segments: 1, characters: 70, perSegment: 70 });
    expect(smsEncoding('ب'.repeat(71))).toMatchObject({ encoding: 'UCS-2', segments: 2, perSegment: 67 });
    expect(smsEncoding('ب'.repeat(135))).toMatchObject({ segments: 3 });
    // One Arabic word in a French text makes the whole message UCS-2.
    expect(smsEncoding(`Bonjour ${'a'.repeat(70)} شكرا`)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
  });
});

describe('language variants', () => {
  const content = { ...defaultNodeData('send'), channel: 'sms' as const, body: 'Bonjour', variants: { ar: { body: 'مرحبا' }, en: { body: 'Hello', link: 'https://example.com/en' } } };
  test("each customer gets their language's variant over the default, else the default", () => {
    expect(contentForLanguage(content, 'ar')).toMatchObject({ variant: 'ar', content: { body: 'مرحبا', link: '' } });
    expect(contentForLanguage(content, 'en-GB')).toMatchObject({ variant: 'en', content: { body: 'Hello', link: 'https://example.com/en' } });
    expect(contentForLanguage(content, 'AR_dz')).toMatchObject({ variant: 'ar' });
    expect(contentForLanguage(content, 'fr')).toMatchObject({ variant: null, content: { body: 'Bonjour' } });
    expect(contentForLanguage(content, 'de')).toMatchObject({ variant: null });
    expect(contentForLanguage(content, null)).toMatchObject({ variant: null });
  });
});

describe('the preview', () => {
  const { engine } = useEngine();
  const customers = textSource(
    'external_id,first_name,language,phone,consent_sms\nC-FR,Inès,fr,+213551000001,yes\nC-AR,زينب,ar,+213551000002,yes\nC-DE,Jonas,de,+213551000003,yes\nC-NONAME,,ar,+213551000004,yes\n',
  );
  const sms = {
    ...defaultNodeData('send'),
    channel: 'sms' as const,
    body: 'Bonjour {{ customer.first_name }}, -10 % avec le code BIENVENUE.',
    variants: { ar: { body: 'مرحبا {{ customer.first_name }}، خصم 10 % مع الرمز BIENVENUE على Smartphone A14 بسعر 42000 دج.' } },
  };

  test('is what the outbox sends to the same customer, variant for variant, and says which one they get', async () => {
    await engine().call('customers/import', { source: customers });
    await engine().call('engine/set-clock', { mode: 'virtual', start: '2026-03-02T10:00:00Z' });
    const everyone = { filter: { type: 'group' as const, op: 'and' as const, conditions: [] } };
    const campaign = await engine().call('campaigns/save', { name: 'Bienvenue', channel: 'sms', audience: everyone, content: sms, schedule: defaultCampaignSchedule('Africa/Algiers') });
    const previews = Object.fromEntries(
      await Promise.all(['C-FR', 'C-AR', 'C-DE'].map(async (id) => [id, await engine().call('content/preview', { target: { kind: 'campaign', campaignId: campaign.id }, customer: id })] as const)),
    );
    expect(previews['C-AR']!.variants.map((v) => [v.language, v.forCustomer])).toEqual([
      ['default', false],
      ['ar', true],
    ]);
    expect(previews['C-DE']!.variants.find((v) => v.forCustomer)?.language).toBe('default');
    const arabic = previews['C-AR']!.variants[1]!;
    expect(arabic.sms).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(previews['C-FR']!.variants[0]!.sms).toMatchObject({ encoding: 'GSM-7', segments: 1 });

    // A price per segment on the SMS provider: the preview says what each variant costs.
    expect(previews['C-AR']!.smsPrices).toEqual([]);
    const provider = (await engine().call('providers/list', {})).providers.find((p) => p.channel === 'sms')!;
    await engine().call('providers/update', { id: provider.id, config: { pricePerSegment: 5 } });
    const priced = await engine().call('content/preview', { target: { kind: 'campaign', campaignId: campaign.id }, customer: 'C-AR' });
    expect(priced.smsPrices).toEqual([{ provider: provider.name, perSegment: 5, currency: 'DZD' }]);

    await engine().call('campaigns/launch', { id: campaign.id });
    await engine().call('engine/run-due', {});
    const db = new BetterSqlite3(engine().dataFile, { readonly: true });
    try {
      const sent = db.prepare(`SELECT c.external_id, m.payload FROM messages m JOIN customers c ON c.id = m.customer_id WHERE m.status = 'sent'`).all() as { external_id: string; payload: string }[];
      expect(sent).toHaveLength(4);
      for (const id of ['C-FR', 'C-AR', 'C-DE']) {
        const payload = JSON.parse(sent.find((m) => m.external_id === id)!.payload) as { rendered: { body: string }; variant?: string };
        const theirs = previews[id]!.variants.find((v) => v.forCustomer)!;
        expect(payload.rendered.body).toBe(theirs.rendered!.body);
        expect(payload.variant ?? 'default').toBe(theirs.language);
      }
    } finally {
      db.close();
    }
  });

  test('warns of a placeholder with no value, an untracked link and a marketing email without unsubscribe; renders a sample customer in an empty workspace', async () => {
    const email = { ...defaultNodeData('send'), channel: 'email' as const, subject: 'Hi {{ customer.first_name }}', html: '<p><a href="https://shop.example.com/new">New</a></p>', marketing: true };
    const empty = await engine().call('content/preview', { target: { kind: 'content', channel: 'email', content: email } });
    expect(empty.customer).toMatchObject({ externalId: 'SAMPLE-1', sample: true });
    expect(empty.variants[0]!.email).toMatchObject({ subject: 'Hi Amina', text: 'New' });
    expect(empty.variants[0]!.warnings.join('\n')).toMatch(/unsubscribe link/);
    expect(empty.variants[0]!.warnings.join('\n')).toMatch(/no utm_ parameters/);

    await engine().call('customers/import', { source: customers });
    const noName = await engine().call('content/preview', { target: { kind: 'content', channel: 'sms', content: sms }, customer: 'C-NONAME' });
    expect(noName.variants.find((v) => v.forCustomer)!.warnings[0]).toContain('{{ customer.first_name }} has no value');
    const push = await engine().call('content/preview', {
      target: { kind: 'content', channel: 'push', content: { ...defaultNodeData('send'), channel: 'push', title: 'T'.repeat(60), body: 'B'.repeat(200) } },
    });
    expect(push.variants[0]!.push).toMatchObject({ android: { cut: false }, ios: { cut: true } });
    expect([...push.variants[0]!.push!.ios.title]).toHaveLength(50);
    const broken = await engine().call('content/preview', { target: { kind: 'content', channel: 'sms', content: { ...sms, variants: { ar: { body: '{{ customer.first_name | nosuchfilter }}' } } } } });
    expect(broken.variants[1]!.error).toMatch(/nosuchfilter/);
    await expect(
      engine().call('campaigns/save', {
        name: 'No unsubscribe in Arabic',
        channel: 'email',
        audience: { filter: { type: 'group', op: 'and', conditions: [] } },
        content: { ...email, html: '<a href="{{ unsubscribe_url }}">x</a>', variants: { ar: { html: '<p>مرحبا</p>' } } },
        schedule: defaultCampaignSchedule('Africa/Algiers'),
      }),
    ).rejects.toThrow(/ar variant needs an unsubscribe link/);
  });

  test('an email written in MJML is compiled to responsive HTML when saved and previewed, placeholders intact; broken MJML is refused with its line', async () => {
    const mjml = `<mjml><mj-body><mj-section><mj-column><mj-text>Bonjour {{ customer.first_name }}</mj-text><mj-text><a href="{{ unsubscribe_url }}">Se désabonner</a></mj-text></mj-column></mj-section></mj-body></mjml>`;
    const email = { ...defaultNodeData('send'), channel: 'email' as const, subject: 'Nouveautés', mjml, variants: { ar: { mjml: mjml.replace('Bonjour', 'مرحبا') } } };
    const saved = await engine().call('campaigns/save', {
      name: 'MJML',
      channel: 'email',
      audience: { filter: { type: 'group', op: 'and', conditions: [] } },
      content: email,
      schedule: defaultCampaignSchedule('Africa/Algiers'),
    });
    expect(saved.content.mjml).toBe(mjml);
    expect(saved.content.html).toContain('Bonjour {{ customer.first_name }}');
    expect(saved.content.html).toMatch(/@media only screen/);
    expect(saved.content.variants?.ar?.html).toContain('مرحبا {{ customer.first_name }}');
    const preview = await engine().call('content/preview', { target: { kind: 'content', channel: 'email', content: email } });
    expect(preview.variants[0]!.email!.html).toContain('Bonjour Amina');
    expect(preview.variants[0]!.email!.text).toContain('Bonjour Amina');
    expect(preview.variants[0]!.email!.text).not.toContain('@media');
    await expect(
      engine().call('campaigns/save', {
        name: 'Broken MJML',
        channel: 'email',
        audience: { filter: { type: 'group', op: 'and', conditions: [] } },
        content: { ...email, variants: {}, mjml: '<mjml><mj-body><mj-section><mj-text>no column</mj-text></mj-section></mj-body></mjml>' },
        schedule: defaultCampaignSchedule('Africa/Algiers'),
      }),
    ).rejects.toThrow(/content\.mjml: the MJML is not valid: line 1/);
  });
});
