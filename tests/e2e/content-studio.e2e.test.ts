import { describe, expect, test } from 'vitest';
import { useWebApp } from '../helpers/web-app';

/**
 * Web mode at 1024x700, the UI switched to French: an SMS campaign written in French with an
 * Arabic variant, seen in the preview before it goes: the Arabic text right to left with its Latin
 * product name and price in order, UCS-2 in two segments; the French one GSM-7 in one. (The
 * wizard's steps are in French too.)
 */
describe('web mode: a message in two languages, previewed', () => {
  const app = useWebApp({
    page: { viewport: { width: 1024, height: 700 } },
    prepare: async (host) => {
      await host.call('customers/import', {
        source: { kind: 'text', fileName: 'c.csv', text: 'external_id,first_name,language,phone,consent_sms\nC-AR,زينب,ar,+213551000002,yes\nC-FR,Inès,fr,+213551000001,yes\n' },
      });
    },
  });

  test('in French: an Arabic SMS variant previews right to left, UCS-2 in 2 segments, beside the French default in 1', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Settings/ }).click();
    await page.getByRole('combobox', { name: /Language of the app/ }).selectOption('fr');
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Parcours');
    expect(await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { lang: string } } }).document.documentElement.lang)).toBe('fr');
    await page.getByRole('button', { name: /^Campagnes/ }).click();
    await page.getByRole('button', { name: 'Nouvelle campagne' }).click();
    await page.getByRole('radio', { name: 'SMS' }).check();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('textbox', { name: 'Nom de la campagne' }).fill('Bienvenue');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('textbox', { name: /^Message/ }).fill('Bonjour {{ customer.first_name }}, -10 % sur le Smartphone A14 avec le code BIENVENUE.');
    await page.getByRole('tab', { name: 'العربية' }).click();
    await page.getByRole('textbox', { name: /^Message/ }).fill('مرحبا {{ customer.first_name }}، خصم 10 % على Smartphone A14 بسعر 42000 دج مع الرمز BIENVENUE. عرض لفترة محدودة.');

    const arabic = page.getByRole('region', { name: 'Aperçu : العربية' });
    await expect.poll(() => arabic.getByTestId('sms-encoding').textContent(), { timeout: 20_000 }).toMatch(/^UCS-2 · \d+ caractères · 2 segments \(67 chacun\)$/);
    const bubble = arabic.locator('.sms-bubble');
    expect(await bubble.evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { direction: string } }).getComputedStyle(el).direction)).toBe('rtl');
    expect(await bubble.textContent()).toContain('Smartphone A14 بسعر 42000');
    // The first customer (C-AR) gets the Arabic variant, by their language.
    expect(await arabic.textContent()).toContain('ce client la reçoit');
    const french = page.getByRole('region', { name: 'Aperçu : Par défaut' });
    expect(await french.getByTestId('sms-encoding').textContent()).toMatch(/^UCS-2 · /);
    // The default greets زينب by name, which makes it UCS-2 too; for Inès it is GSM-7 in one segment.
    await page.getByRole('combobox', { name: /Pour le client/ }).fill('C-FR');
    await expect.poll(() => french.getByTestId('sms-encoding').textContent(), { timeout: 20_000 }).toMatch(/^GSM-7 · \d+ caractères · 1 segment \(160 chacun\)$/);
    expect(await page.getByRole('textbox', { name: /^Message/ }).getAttribute('dir')).toBe('auto');
    expect(app.problems).toEqual([]);
  });
});
