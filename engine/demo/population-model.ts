import { seasonFactor, seededRandom, type DemoProduct } from './demo-shop';

/**
 * How a simulated customer behaves while the virtual clock runs: a pure model, so a day's plan
 * depends only on the seed, the customer and the day (a test replays it; the order customers are
 * planned in changes nothing).
 */
export interface SimulatedCustomer {
  id: number;
  /** Sessions per day when active, before the season. */
  activity: number;
  /** The UTC hour their sessions gather around. */
  peakHour: number;
  /** Chance that a cart becomes a purchase. */
  propensity: number;
  appUser: boolean;
  /** How readily they answer each channel: 1 is the reference rate. */
  sensitivity: Record<SimulatedChannel, number>;
  /** No sessions of their own before this time (a lapse); a clicked message ends it. */
  lapsedUntil: number | null;
}

export type SimulatedChannel = 'push' | 'email' | 'sms' | 'whatsapp';
export const SIMULATED_CHANNELS: readonly SimulatedChannel[] = ['push', 'email', 'sms', 'whatsapp'];

export interface PlannedEvent {
  customerId: number;
  at: number;
  name: string;
  properties: Record<string, string | number>;
}

export const DAY_MS = 86_400_000;
const MINUTE = 60_000;
/** Daily chance that an active customer starts a lapse, and its length in days. */
const LAPSE_CHANCE = 0.002;
const LAPSE_DAYS = { min: 30, spread: 90 } as const;

/** One uniform stream per (seed, customer, day), mixed so neighbouring ids do not correlate. */
export function streamFor(seed: number, customerId: number, day: number): () => number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(customerId, 0xc2b2ae35) ^ Math.imul(day, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return seededRandom((h ^ (h >>> 16)) >>> 0);
}

/**
 * A customer's own activity on the day starting at `dayStart` (UTC midnight): sessions around their
 * peak hour as often as their activity and the season say, views, carts and purchases. A lapse can
 * start (returned, for the caller to keep).
 */
export function planCustomerDay(
  customer: SimulatedCustomer,
  dayStart: number,
  seed: number,
  catalogue: readonly DemoProduct[],
  out: PlannedEvent[],
  season = seasonFactor(dayStart),
): { lapseUntil: number } | null {
  if (customer.lapsedUntil !== null && customer.lapsedUntil > dayStart) return null;
  const day = Math.floor(dayStart / DAY_MS);
  const random = streamFor(seed, customer.id, day);
  if (random() < LAPSE_CHANCE) return { lapseUntil: dayStart + (LAPSE_DAYS.min + Math.floor(random() * LAPSE_DAYS.spread)) * DAY_MS };
  const expected = customer.activity * season;
  let sessions = 0;
  // Mostly 0 or 1 a day; an active customer sometimes comes twice or three times.
  while (sessions < 3 && random() < expected / (sessions + 1)) sessions++;
  const session = customer.appUser ? 'app_open' : 'site_visit';
  for (let n = 0; n < sessions; n++) {
    // Around the peak hour, a few hours either way.
    const spread = (random() + random() + random() - 1.5) * 4;
    const hour = (((customer.peakHour + Math.round(spread)) % 24) + 24) % 24;
    let at = dayStart + hour * 3_600_000 + Math.floor(random() * 3_600_000);
    out.push({ customerId: customer.id, at, name: session, properties: {} });
    if (random() >= 0.6 || catalogue.length === 0) continue;
    const product = catalogue[Math.floor(random() * catalogue.length)] as DemoProduct;
    at += MINUTE + Math.floor(random() * 2 * MINUTE);
    out.push({ customerId: customer.id, at, name: 'product_view', properties: { product_id: product.id, category: product.category } });
    if (random() >= 0.35) continue;
    const cartId = `SC-${customer.id}-${day}-${n}`;
    at += 2 * MINUTE + Math.floor(random() * 3 * MINUTE);
    out.push({ customerId: customer.id, at, name: 'add_to_cart', properties: { product_id: product.id, category: product.category, amount: product.priceDzd, cart_id: cartId } });
    if (random() >= customer.propensity) continue;
    at += 5 * MINUTE + Math.floor(random() * 35 * MINUTE);
    out.push({
      customerId: customer.id,
      at,
      name: 'purchase',
      properties: { product_id: product.id, category: product.category, amount: product.priceDzd, cart_id: cartId, order_ref: `SO-${customer.id}-${day}-${n}` },
    });
  }
  return null;
}

/**
 * How likely this customer is to open, click and buy from a message, against the reference rates:
 * their sensitivity to the channel, worn down by fatigue (each message past three in the last week
 * costs a fifth), halved while they are lapsed.
 */
export function engagementScale(customer: SimulatedCustomer, channel: string, messagesLastWeek: number, now: number): number {
  const sensitivity = (SIMULATED_CHANNELS as readonly string[]).includes(channel) ? customer.sensitivity[channel as SimulatedChannel] : 1;
  const fatigue = 1 / (1 + 0.2 * Math.max(0, messagesLastWeek - 3));
  const lapsed = customer.lapsedUntil !== null && customer.lapsedUntil > now ? 0.5 : 1;
  return sensitivity * fatigue * lapsed;
}

/** Sign-ups a day brings to a demo shop of `population` customers: about 0.08 % of it, more in season. */
export function signupsOn(dayStart: number, population: number, seed: number): number {
  const random = streamFor(seed, 0, Math.floor(dayStart / DAY_MS));
  const expected = population * 0.0008 * seasonFactor(dayStart);
  return Math.floor(expected) + (random() < expected - Math.floor(expected) ? 1 : 0);
}

/**
 * A behaviour model for a customer with this history: sessions per day since their first event
 * (at least one in 200 days, so nobody is frozen), purchases per cart smoothed toward one in three,
 * lapsed until a drawn comeback when they have not been seen for 45 days; hours and sensitivities
 * are drawn, as history rarely tells them.
 */
export function fitCustomer(
  history: { id: number; appUser: boolean; sessions: number; firstSeen: number | null; lastSession: number | null; carts: number; purchases: number },
  now: number,
  seed: number,
  drawHour: (random: () => number) => number,
): SimulatedCustomer {
  const random = streamFor(seed ^ 0xf17, history.id, 0);
  const days = history.firstSeen === null ? 0 : Math.max(30, (now - history.firstSeen) / DAY_MS);
  const activity = days === 0 ? 0.005 : Math.max(0.005, Math.min(3, history.sessions / days));
  const propensity = Math.min(0.6, (history.purchases + 1) / (history.carts + 3));
  const lapsed = history.lastSession !== null && history.lastSession < now - 45 * DAY_MS;
  // Algiers is UTC+1: the shop's local curve, an hour earlier in UTC.
  const peakHour = (drawHour(random) + 23) % 24;
  const sensitivity = { push: 0.4 + 1.2 * random(), email: 0.4 + 1.2 * random(), sms: 0.4 + 1.2 * random(), whatsapp: 0.4 + 1.2 * random() };
  return { id: history.id, activity, peakHour, propensity, appUser: history.appUser, sensitivity, lapsedUntil: lapsed ? now + Math.floor(random() * 120) * DAY_MS : null };
}
