import iconv from 'iconv-lite';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { CUSTOMER_ROWS_WORKER, useEngine } from '../../tests/helpers/engine';

/**
 * Files as CRM managers have them: a French Excel export, an Arabic one, and the customer exports
 * of Shopify, Mailchimp, HubSpot, Brevo and WooCommerce, written from their documented columns.
 * Read through the worker thread, as the app and the CLI read files.
 */
const { engine, dir } = useEngine({ customerRowsWorker: CUSTOMER_ROWS_WORKER });

const file = (name: string, text: string | Buffer) => {
  const path = join(dir(), name);
  writeFileSync(path, text);
  return path;
};
const importFile = (path: string, extra: Record<string, unknown> = {}) => engine().call('customers/import', { source: { kind: 'file', path }, ...extra }, { trusted: true });
const get = (externalId: string) => engine().call('customers/get', { externalId });

describe('headers as people write them', () => {
  test('a French Excel export (Windows-1252, semicolons): "ID client", "E-mail", "Téléphone", "Prénom", "Nom", "Ville", "Date d\'inscription" are known fields', async () => {
    const text = "ID client;E-mail;Téléphone;Prénom;Nom;Ville;Date d'inscription\r\nC-001;nadia@exemple.dz;0550 12 34 56;Nadia;Benali;Oran;15/03/2024\r\n";
    const summary = await importFile(file('clients.csv', iconv.encode(text, 'win1252')));
    expect(summary).toMatchObject({ imported: 1, rejected: 0, identity: 'externalId' });
    expect(await get('C-001')).toMatchObject({ email: 'nadia@exemple.dz', phone: '+213550123456', firstName: 'Nadia', lastName: 'Benali', city: 'Oran', attributes: {} });
    expect((await get('C-001')).signupAt).toMatch(/^2024-03-1[45]T/);
  });

  test('an Arabic export: رقم العميل, البريد الإلكتروني, الهاتف, الاسم, اللقب, المدينة', async () => {
    const text = 'رقم العميل,البريد الإلكتروني,الهاتف,الاسم,اللقب,المدينة\nع-7,amine@exemple.dz,+213 661 23 45 67,أمين,بن يوسف,قسنطينة\n';
    expect(await importFile(file('عملاء.csv', text))).toMatchObject({ imported: 1, rejected: 0 });
    expect(await get('ع-7')).toMatchObject({ email: 'amine@exemple.dz', phone: '+213661234567', firstName: 'أمين', lastName: 'بن يوسف', city: 'قسنطينة' });
  });

  test("Shopify: Customer ID, accepts-marketing columns become consent, 'Phone' wins over the address phone, a leading apostrophe is dropped", async () => {
    const text = [
      'Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address Company,Default Address City,Default Address Phone,Phone,Accepts SMS Marketing,Total Spent,Total Orders,Tags',
      "7001,Yasmine,Kaci,yasmine@shop.dz,yes,,Alger,'+213770000001,'+213550998877,no,12000.00,3,vip",
    ].join('\n');
    expect(await importFile(file('customers_export.csv', text))).toMatchObject({ imported: 1, rejected: 0 });
    const c = await get('7001');
    expect(c).toMatchObject({ email: 'yasmine@shop.dz', phone: '+213550998877', city: 'Alger', consent: { email: true, sms: false } });
    expect(c.attributes).toMatchObject({ total_spent: 12000, total_orders: 3, tags: 'vip', default_address_phone: "'+213770000001" });
  });

  test('Mailchimp audience export: no id column, so customers are known by email; OPTIN_TIME is the signup, TIMEZONE the zone', async () => {
    const text = [
      'Email Address,First Name,Last Name,Phone Number,MEMBER_RATING,OPTIN_TIME,CONFIRM_TIME,TIMEZONE,LEID,TAGS',
      'Lina@Mail.dz,Lina,Haddad,,2,2024-01-10 09:00:00,2024-01-10 09:05:00,Africa/Algiers,123,"ramadan"',
    ].join('\n');
    const summary = await importFile(file('subscribed_members_export.csv', text));
    expect(summary).toMatchObject({ imported: 1, rejected: 0, identity: 'email' });
    expect(await get('lina@mail.dz')).toMatchObject({ email: 'lina@mail.dz', firstName: 'Lina', timeZone: 'Africa/Algiers', signupAt: expect.stringMatching(/^2024-01-10T/) });
  });

  test('HubSpot contacts: Record ID, Create Date, Preferred language, and "Unsubscribed from all email" read as no consent', async () => {
    const text =
      'Record ID,First Name,Last Name,Email,Phone Number,City,Create Date,Preferred language,Unsubscribed from all email\n901,Karim,Saidi,karim@b2b.dz,0661 11 22 33,Blida,2023-11-02 14:30,fr,true\n';
    expect(await importFile(file('hubspot-crm-exports-all-contacts.csv', text))).toMatchObject({ imported: 1, rejected: 0 });
    expect(await get('901')).toMatchObject({ email: 'karim@b2b.dz', phone: '+213661112233', city: 'Blida', language: 'fr', consent: { email: false } });
  });

  test('Brevo contacts: EXT_ID, FIRSTNAME/LASTNAME, SMS is the phone, the blocklist columns are the opposite of consent', async () => {
    const text = 'EXT_ID;EMAIL;FIRSTNAME;LASTNAME;SMS;EMAIL_BLACKLISTED;SMS_BLACKLISTED\nB-5;sara@exemple.dz;Sara;Meziane;213550111222;No;Yes\n';
    expect(await importFile(file('brevo.csv', text))).toMatchObject({ imported: 1, rejected: 0 });
    expect(await get('B-5')).toMatchObject({ firstName: 'Sara', lastName: 'Meziane', phone: '+213550111222', consent: { email: true, sms: false } });
  });

  test('WooCommerce customers: customer_id, billing_phone, billing_city, date_registered', async () => {
    const text = 'customer_id,first_name,last_name,email,billing_phone,billing_city,date_registered,orders_count\n44,Rania,Amrani,rania@woo.dz,0770 12 34 56,Annaba,2022-06-30 18:00:00,5\n';
    expect(await importFile(file('woocommerce-customers.csv', text))).toMatchObject({ imported: 1, rejected: 0 });
    expect(await get('44')).toMatchObject({ phone: '+213770123456', city: 'Annaba', attributes: { orders_count: 5 } });
  });
});

describe('identity, warnings and duplicates', () => {
  test('without an id column the normalised email, else the phone, is the key; a re-import merges on it, whatever id the customer had', async () => {
    await importFile(file('crm.csv', 'external_id,email,city\nCRM-1,anis@mail.dz,Oran\n'));
    const text = 'E-mail,Téléphone,Ville\nANIS@mail.dz,,Tlemcen\n,0551 00 00 01,Sétif\n';
    const first = await importFile(file('newsletter.csv', text));
    expect(first).toMatchObject({ rows: 2, imported: 1, updated: 1, rejected: 0, identity: 'email' });
    expect(await get('CRM-1')).toMatchObject({ city: 'Tlemcen' });
    expect(await get('+213551000001')).toMatchObject({ city: 'Sétif', phone: '+213551000001' });
    const again = await importFile(file('newsletter2.csv', 'Téléphone,Ville\n+213 551 00 00 01,Béjaïa\n'));
    expect(again).toMatchObject({ imported: 0, updated: 1 });
    expect((await engine().call('customers/count', {})).count).toBe(2);
  });

  test('a bad phone keeps the customer (and their email) with a warning; --strict rejects the row as before', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `W-${i},w${i}@mail.dz,${i < 24 ? '12' : '0550 00 00 ' + String(10 + i).slice(-2)}`);
    const text = `external_id,email,phone\n${rows.join('\n')}\n`;
    const lenient = await importFile(file('phones.csv', text), { dryRun: true });
    expect(lenient).toMatchObject({ rows: 50, imported: 50, rejected: 0 });
    expect(lenient.warnings).toHaveLength(24);
    expect(lenient.warnings[0]).toMatchObject({ row: 2, column: 'phone', code: 'invalid_phone', value: '12' });
    const strict = await importFile(file('phones.csv', text), { strict: true });
    expect(strict).toMatchObject({ imported: 26, rejected: 24 });
    const kept = await importFile(file('phones.csv', text));
    expect(kept).toMatchObject({ imported: 24, unchanged: 26 });
    expect(await get('W-0')).toMatchObject({ email: 'w0@mail.dz', phone: null });
    const history = (await engine().call('imports/list', {})).entries[0]!;
    expect(history).toMatchObject({ imported: 24 });
  });

  test('a bad value on update leaves the stored one as it was', async () => {
    await importFile(file('a.csv', 'external_id,email,signup_at\nU-1,u1@mail.dz,2024-02-01\n'));
    const summary = await importFile(file('b.csv', 'external_id,email,signup_at,city\nU-1,not-an-email,31/31/2024,Oran\n'));
    expect(summary).toMatchObject({ updated: 1, rejected: 0 });
    expect(summary.warnings.map((w) => w.code)).toEqual(['invalid_email', 'invalid_date']);
    expect(await get('U-1')).toMatchObject({ email: 'u1@mail.dz', city: 'Oran', signupAt: expect.stringMatching(/^2024-0[12]-/) });
  });

  test('a duplicate in the file, with "update", updates the earlier row as a re-import would: counted and reported, not rejected', async () => {
    const text = 'external_id,email,city,tier\nD-1,d1@mail.dz,Oran,\nD-2,d2@mail.dz,Alger,\nD-1,,Tlemcen,gold\n';
    const summary = await importFile(file('dups.csv', text));
    expect(summary).toMatchObject({ rows: 3, imported: 2, updated: 1, rejected: 0, duplicatesMerged: 1 });
    expect(summary.warnings).toEqual([expect.objectContaining({ row: 4, code: 'duplicate_in_file', value: 'D-1' })]);
    expect(await get('D-1')).toMatchObject({ email: 'd1@mail.dz', city: 'Tlemcen', attributes: { tier: 'gold' } });
    const rejecting = await importFile(file('dups2.csv', 'external_id,city\nD-9,Oran\nD-9,Alger\n'), { onDuplicate: 'reject' });
    expect(rejecting).toMatchObject({ imported: 1, rejected: 1 });
  });

  test('a file with no id, email or phone column is refused, naming what it found', async () => {
    await expect(importFile(file('x.csv', 'Prénom,Ville\nA,B\n'))).rejects.toThrow(/no column to know customers by.*Found: Prénom, Ville/);
  });
});

describe('finding a customer', () => {
  test('customers get and the list search find a customer by id, email or phone as people write it', async () => {
    await importFile(file('f.csv', 'external_id,email,phone,first_name\nF-1,farid@mail.dz,+213550123456,Farid\nF-2,other@mail.dz,+213661000000,Other\n'));
    for (const written of ['F-1', 'Farid@Mail.dz', '0550 12 34 56', '+213 550 12 34 56']) expect((await get(written)).externalId, written).toBe('F-1');
    await expect(get('0550 99 99 99')).rejects.toThrow(/No customer has the external id, email or phone/);
    const search = (text: string) => engine().call('customers/list', { search: text, sort: { field: 'createdAt', direction: 'desc' }, offset: 0, limit: 10 });
    expect((await search('0550 12 34 56')).rows.map((r) => r.externalId)).toEqual(['F-1']);
    expect((await search('farid@')).rows.map((r) => r.externalId)).toEqual(['F-1']);
  });
});

describe('reach per channel', () => {
  test('matching, then with the channel’s address, then (marketing) not opted out: as the outbox will decide', async () => {
    const text =
      'external_id,email,phone,city,consent_email,consent_sms\nR-1,r1@mail.dz,0550000001,Oran,yes,no\nR-2,r2@mail.dz,,Oran,no,\nR-3,r3@mail.dz,0550000003,Oran,,yes\nR-4,,0550000004,Oran,,\nR-5,r5@mail.dz,,Alger,yes,\n';
    await importFile(file('reach.csv', text));
    const oran = { filter: { type: 'group' as const, op: 'and' as const, conditions: [{ type: 'property' as const, field: 'city' as const, operator: 'equals' as const, value: 'Oran' }] } };
    expect(await engine().call('segments/reach', { target: oran, channel: 'email', marketing: true })).toEqual({ matching: 4, withAddress: 3, reachable: 2 });
    expect(await engine().call('segments/reach', { target: oran, channel: 'email', marketing: false })).toEqual({ matching: 4, withAddress: 3, reachable: 3 });
    expect(await engine().call('segments/reach', { target: oran, channel: 'sms', marketing: true })).toEqual({ matching: 4, withAddress: 3, reachable: 2 });
    expect(await engine().call('segments/reach', { target: oran, channel: 'webhook', marketing: true })).toEqual({ matching: 4, withAddress: 4, reachable: 4 });
  });
});
