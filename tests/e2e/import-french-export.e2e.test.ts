import iconv from 'iconv-lite';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { useWebApp } from '../helpers/web-app';
import { AudiencePage } from './pages/audience-page';

/**
 * Web mode at 1024x700: the files a French-speaking CRM manager has. A French Excel export with a
 * title line above its header, semicolons, Windows-1252; a newsletter export with no id column; a
 * file with its header and nothing else.
 */
describe('web mode: the import wizard with French exports', () => {
  const app = useWebApp({ page: { viewport: { width: 1024, height: 700 } } });

  test('a title line and a French header: the header line is chosen, the columns are known, a bad phone keeps its customer', async () => {
    const rows = ['Export clients — boutique Oran;;;;;', "ID client;E-mail;Téléphone;Prénom;Nom;Ville;Date d'inscription"];
    for (let i = 1; i <= 20; i++) rows.push(`C-${i};client${i}@exemple.dz;${i === 7 ? '12 34' : `0550 00 00 ${String(i).padStart(2, '0')}`};Prénom${i};Nom${i};Oran;0${(i % 9) + 1}/03/2024`);
    const path = join(app.dir, 'clients.csv');
    writeFileSync(path, iconv.encode(`${rows.join('\r\n')}\r\n`, 'win1252'));

    const audience = new AudiencePage(app.page);
    await audience.chooseImportFile(path);
    await app.page.getByRole('spinbutton', { name: 'Header on line' }).fill('2');
    await expect.poll(() => app.page.getByRole('combobox', { name: 'Column ID client means' }).inputValue()).toBe('externalId');
    expect(await app.page.getByRole('combobox', { name: 'Column Téléphone means' }).inputValue()).toBe('phone');
    expect(await app.page.getByRole('combobox', { name: "Column Date d'inscription means" }).inputValue()).toBe('signupAt');
    expect(await app.page.getByRole('combobox', { name: 'Delimiter' }).textContent()).toContain('found ;');

    await audience.startImport();
    await expect.poll(() => audience.importResult().textContent()).toContain('20 new');
    const result = audience.importResult();
    expect(await result.textContent()).toContain('0 rejected');
    // The result is in view, below the button pressed, not at the top of the page.
    expect(await result.isVisible()).toBe(true);
    const box = await result.boundingBox();
    expect(box!.y).toBeLessThan(700);
    expect(await app.page.getByRole('table', { name: 'Values left out (the customer was kept)' }).textContent()).toContain('12 34');
    expect(await app.host.call('customers/get', { externalId: 'C-7' })).toMatchObject({ email: 'client7@exemple.dz', phone: null });
    expect(await app.host.call('customers/get', { externalId: 'client3@exemple.dz' })).toMatchObject({ externalId: 'C-3', phone: '+213550000003' });
  });

  test('a newsletter export without ids is known by email; a header with no rows says so and cannot be imported', async () => {
    const newsletter = join(app.dir, 'newsletter.csv');
    writeFileSync(newsletter, 'E-mail,Prénom,Inscrit à la newsletter\nclient3@exemple.dz,Amel,oui\nnouveau@exemple.dz,Rym,non\n');
    const audience = new AudiencePage(app.page);
    await audience.chooseImportFile(newsletter);
    await expect.poll(() => app.page.getByText('No id column: customers are known by their email').count()).toBe(1);
    await audience.startImport();
    await expect.poll(() => audience.importResult().textContent()).toContain('1 new, 1 updated');
    expect(await app.host.call('customers/get', { externalId: 'C-3' })).toMatchObject({ firstName: 'Amel' });

    const headerOnly = join(app.dir, 'vide.csv');
    writeFileSync(headerOnly, 'ID client;E-mail\r\n');
    await audience.chooseImportFile(headerOnly);
    await expect.poll(() => app.page.getByRole('alert').filter({ hasText: 'has a header row and no rows below it' }).count()).toBe(1);
    expect(await app.page.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    expect(await app.page.getByRole('button', { name: 'Check the file (dry run)' }).isDisabled()).toBe(true);
    expect(app.problems).toEqual([]);
  });
});
