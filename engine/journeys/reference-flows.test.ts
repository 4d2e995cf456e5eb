import { describe, expect, test } from 'vitest';
import { useEngine } from '../../tests/helpers/engine';
import { World } from '../../tests/helpers/journey-world';

/**
 * The reference flows of DOMAIN.md, from the gallery templates, run on the virtual clock against
 * customers whose histories exercise each branch. Times are Algiers (UTC+1).
 */
const START = '2026-03-02T10:00:00Z';
const { engine } = useEngine();
const DAY = 86_400_000;
const at = (days: number, hours = 0) => new Date(Date.parse(START) + days * DAY + hours * 3_600_000).toISOString();
const sent = async (world: World, externalId: string) => (await world.messages(externalId)).filter((m) => m.status === 'sent').map((m) => `${m.preview.split(' — ')[0]} @ ${m.attemptedAt}`);

describe('reference flows', () => {
  test('onboarding: welcome, tutorial, offers; a cart then gets PN1 1 h, PN2 24 h and PN3 3 days later; a purchase ends it', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,first_name,push_token\nbrowser,Amina,t1\ncarter,Karim,t2\nbuyer,Yacine,t3\n');
    await world.publishTemplate('onboarding');
    for (const id of ['browser', 'carter', 'buyer']) await world.track(id, 'app_install');
    await world.advanceTo(at(8));
    await world.track('carter', 'add_to_cart', { cart_id: 'K1' });
    await world.track('buyer', 'add_to_cart', { cart_id: 'K2' });
    await world.advance(30, 'minutes');
    await world.track('buyer', 'purchase', { cart_id: 'K2', amount: 4000 });
    await world.advance(20, 'days');

    const opening = ['Bienvenue ! @ ' + at(0), 'Astuce @ ' + at(2), 'Offres de la semaine @ ' + at(7)];
    expect(await sent(world, 'browser')).toEqual(opening);
    expect((await world.journeys('browser'))[0]).toMatchObject({ state: 'completed' });
    expect(await sent(world, 'carter')).toEqual([...opening, `Votre panier vous attend @ ${at(8, 1)}`, `Encore disponible @ ${at(8, 25)}`, `Dernière chance @ ${at(11, 25)}`]);
    expect(await sent(world, 'buyer')).toEqual(opening);
    expect(await world.log('buyer')).toContain('Purchase within 1 h? event: purchase happened');
  });

  test("active users: only yesterday's visitors who did not install in the last 7 days, and only a purchase of that cart stops PN2", async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,push_token\nregular,t1\nnewcomer,t2\nsleeper,t3\n');
    await world.track('regular', 'app_install', {}, at(-40));
    await world.track('regular', 'app_open', {}, at(-0.5));
    await world.track('newcomer', 'app_install', {}, at(-3));
    await world.track('newcomer', 'app_open', {}, at(-0.5));
    await world.track('sleeper', 'app_open', {}, at(-10));
    await world.publishTemplate('active-users');
    for (const id of ['regular', 'newcomer', 'sleeper']) await world.track(id, 'add_to_cart', { cart_id: `cart-${id}` });
    await world.advance(90, 'minutes');
    await world.track('regular', 'purchase', { cart_id: 'another-cart', amount: 100 });
    await world.advance(2, 'hours');
    await world.track('regular', 'purchase', { cart_id: 'cart-regular', amount: 2500 });
    await world.advance(5, 'days');

    expect(await sent(world, 'regular')).toEqual([`Votre panier vous attend @ ${at(0, 1)}`]);
    expect(await world.log('regular')).toContain('Purchase within 24 h? event: purchase happened (cart_id = cart-regular)');
    expect(await world.journeys('newcomer')).toHaveLength(0);
    expect(await world.log('sleeper')).toContain('Visited yesterday? condition: condition "Visited yesterday?" was false');
    expect(await sent(world, 'sleeper')).toEqual([]);
  });

  test('reactivation: vouchers at 30, 60 and 90 days of inactivity; coming back stops it', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,email,push_token\ngone,gone@example.com,t1\ndrifting,drift@example.com,t2\nreturning,back@example.com,t3\n');
    await world.track('gone', 'app_open', {}, at(-40));
    await world.track('drifting', 'app_open', {}, at(-1));
    await world.track('returning', 'app_open', {}, at(-35));
    await world.publishTemplate('reactivation');
    await world.advance(10, 'days');
    await world.track('returning', 'app_open');
    await world.advance(80, 'days');

    expect(await sent(world, 'gone')).toEqual([`Vous nous manquez @ ${at(0)}`, `Un cadeau pour vous @ ${at(30)}`, `-20 % pour votre retour @ ${at(60)}`]);
    // Inactive from day 29 (last open a day before the start): entered at the next hourly check.
    const drifting = await sent(world, 'drifting');
    expect(drifting).toHaveLength(3);
    expect(drifting[0]).toMatch(/^Vous nous manquez @ 2026-03-31T1[01]:00:00.000Z$/);
    expect(await sent(world, 'returning')).toEqual([`Vous nous manquez @ ${at(0)}`]);
    expect(await world.log('returning')).toContain('Back within 30 days? event: app_open happened');
  });

  test('abandoned cart email: each cart waits for its own order, 24 h then 3 days', async () => {
    const world = await World.start(engine(), START);
    await world.customers('external_id,first_name,email\nshopper,Amina,amina@example.com\n');
    await world.publishTemplate('abandoned-cart-email');
    await world.track('shopper', 'add_to_cart', { cart_id: 'A' });
    await world.advance(1, 'hours');
    await world.track('shopper', 'add_to_cart', { cart_id: 'B' });
    await world.advance(2, 'hours');
    await world.track('shopper', 'purchase', { cart_id: 'B', amount: 5000 });
    await world.advance(5, 'days');

    const messages = (await world.messages('shopper')).filter((m) => m.status === 'sent');
    expect(messages.map((m) => `${m.preview.split(' — ')[0]} @ ${m.attemptedAt}`)).toEqual([`Vous avez oublié quelque chose @ ${at(1)}`, `Votre panier expire bientôt @ ${at(4)}`]);
    const journeys = await world.journeys('shopper');
    expect(journeys.map((j) => j.state)).toEqual(['completed', 'completed']);
    expect(journeys[0]!.log.map((l) => l.detail)).toContain('purchase happened (cart_id = B)');
  });
});
