import { describe, expect, test } from 'vitest';
import { defaultCampaignSchedule } from '../../shared/domain/campaign';
import { defaultNodeData } from '../../shared/domain/flow';
import { useWebApp } from '../helpers/web-app';

/**
 * Web mode at 1024x700 with the UI in French: what shared code and the engine write (a step in
 * words, a flow's readiness, a customer's journey log) reads in French too, while the engine and
 * its API keep their English.
 */
describe('web mode: the app in French', () => {
  const app = useWebApp({
    page: { viewport: { width: 1024, height: 700 } },
    prepare: async (host) => {
      await host.call('customers/import', {
        source: { kind: 'text', fileName: 'c.csv', text: 'external_id,first_name,email,consent_email\nC-FR,Inès,ines@example.dz,yes\n' },
      });
      const flow = await host.call('flows/create', { name: 'Panier', templateId: 'abandoned-cart-email' });
      await host.call('flows/publish', { id: flow.id });
      await host.call('events/track', { events: [{ customerId: 'C-FR', event: 'add_to_cart', properties: { cart_id: 'K1' } }] });
      // A push to someone with no push token: the outbox says why it was not sent.
      const campaign = await host.call('campaigns/save', {
        name: 'Promo',
        channel: 'push',
        audience: { filter: { type: 'group', op: 'and', conditions: [] } },
        content: { ...defaultNodeData('send'), title: 'Promo', body: 'Bonjour', marketing: false },
        schedule: defaultCampaignSchedule('Africa/Algiers'),
      });
      await host.call('campaigns/launch', { id: campaign.id });
    },
  });

  test('a step in words, the publishing state and the journey log follow the language; the API stays English', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Settings/ }).click();
    await page.getByRole('combobox', { name: /Language of the app/ }).selectOption('fr');
    await expect.poll(() => page.getByRole('navigation').textContent()).toContain('Parcours');

    await page.getByRole('button', { name: /^Audience/ }).click();
    await page.getByRole('grid', { name: 'Clients' }).getByRole('gridcell', { name: 'Inès', exact: true }).click();
    const journeys = page.getByRole('dialog', { name: 'Client C-FR' }).getByRole('region', { name: 'Parcours' });
    await expect.poll(() => journeys.textContent()).toContain('attend purchase avec cart_id = K1 jusqu’au');

    await page.getByRole('button', { name: /^Parcours/ }).click();
    await page.getByRole('button', { name: 'Panier', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'La version 1 est publiée : rien de nouveau à publier' }).count()).toBe(1);
    await expect.poll(() => page.locator('.step-summary').allTextContents()).toContain('Quand add_to_cart a lieu (clé : cart_id)');
    expect(await page.locator('.step-exit-label').allTextContents()).toEqual(expect.arrayContaining(['A eu lieu', 'Délai dépassé']));
    // A send step's settings, in French's longer words, stay inside the panel at 1024 px.
    await page.locator('.react-flow__node .step-label', { hasText: 'Email 1' }).click();
    const inspector = page.getByRole('complementary', { name: 'Réglages de l’étape' });
    await inspector.waitFor();
    type Rect = { right: number };
    const overflowing = await inspector.evaluate((panel) => {
      const edge = (panel as unknown as { getBoundingClientRect(): Rect }).getBoundingClientRect().right;
      const inside = (panel as unknown as { querySelectorAll(s: string): ArrayLike<{ tagName: string; getBoundingClientRect(): Rect }> }).querySelectorAll('*');
      return Array.from(inside)
        .filter((el) => el.getBoundingClientRect().right > edge + 1)
        .map((el) => el.tagName);
    });
    expect(overflowing).toEqual([]);

    await page.getByRole('button', { name: /^Campagnes/ }).click();
    await page.getByRole('tab', { name: 'Boîte d’envoi' }).click();
    await expect.poll(() => page.getByRole('table', { name: /Messages, les plus récents d’abord/ }).textContent(), { timeout: 20_000 }).toContain('écarté : pas de jeton push');

    // The engine's own answer keeps its English, for the CLI and API users.
    const answer = await app.host.call('journeys/of-customer', { externalId: 'C-FR' });
    expect(answer.journeys[0]!.log.map((entry) => entry.detail)).toContainEqual(expect.stringMatching(/^waiting for purchase with cart_id = K1 until /));
    const outbox = await app.host.call('messages/list', { limit: 10 });
    expect(outbox.rows.map((m) => m.lastError)).toContain('suppressed: no push token');
    expect(app.problems).toEqual([]);
  });

  test('a value the engine refuses on save is said in French, field by field; the engine’s answer keeps its English', async () => {
    const page = app.page;
    await page.getByRole('button', { name: /^Parcours/ }).click();
    await page.locator('.react-flow__node .step-label', { hasText: 'Order within 24 h?' }).click();
    await page.getByRole('spinbutton', { name: 'Délai dépassé après : durée' }).fill('200000');
    await page.keyboard.press('Control+s');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Délai d’attente : au plus 100000.');
    const detail = await app.host.call('flows/get', { name: 'Panier' });
    const refused = await app.host
      .call('flows/save', {
        id: detail.id,
        definition: { ...detail.draft, nodes: detail.draft.nodes.map((n) => (n.type === 'wait_event' ? { ...n, data: { ...n.data, timeout: { amount: 200000, unit: 'hours' } } } : n)) },
      })
      .catch((e: Error) => e.message);
    expect(refused).toMatch(/Invalid input for flows\/save: definition\.nodes\.\d+\.data\.timeout\.amount: Too big/);

    // A refusal the engine names by key reads in French too: a flow name already taken.
    await page.getByRole('button', { name: /^← / }).first().click();
    await page.getByRole('textbox', { name: 'Nom du nouveau parcours' }).fill('Panier');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Un parcours s’appelle déjà « Panier ».');
    // The refusals answered 400 and 409, which the browser logs: nothing else went wrong.
    expect(app.problems.filter((p) => !/status of (400|409)/.test(p))).toEqual([]);
  });

  test('at 1024x700 in French, no screen scrolls sideways (its tables and grids scroll inside themselves)', async () => {
    const page = app.page;
    const nav = (name: RegExp) => page.locator('nav.sidebar').getByRole('button', { name }).click();
    const widths: Record<string, number> = {};
    const measure = async (screen: string) => {
      await page.waitForTimeout(300);
      // How far the screen's content reaches past the width it is shown in (0: it fits).
      widths[screen] = await page.locator('main').evaluate((main) => {
        const box = main as unknown as { scrollWidth: number; clientWidth: number };
        return box.scrollWidth - box.clientWidth;
      });
    };
    await nav(/^Parcours/);
    await measure('Parcours');
    await nav(/^Campagnes/);
    await measure('Campagnes');
    await page.getByRole('button', { name: 'Ouvrir Promo' }).click();
    await measure('Campagne');
    await nav(/^Audience/);
    await measure('Audience');
    await nav(/^Analyses/);
    for (const tab of ['Rapport de parcours', 'Rapport de campagne', 'Parcours comparés', 'Canaux', 'Clients', 'Commerce', 'Expériences']) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await measure(`Analyses : ${tab}`);
    }
    await nav(/^Fournisseurs/);
    await measure('Fournisseurs');
    await nav(/^Réglages/);
    await measure('Réglages');
    expect(Object.entries(widths).filter(([, beyond]) => beyond > 0)).toEqual([]);
    expect(Object.keys(widths)).toHaveLength(13);
  });
});
