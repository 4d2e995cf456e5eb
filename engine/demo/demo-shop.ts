import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';

/**
 * The demo shop's population: a believable Algerian online shop (shared/DOMAIN.md), written as the
 * CSV files a shop would export, so it enters a workspace through the same import as real data.
 * Everything comes from one seed: the same seed and `now` give the same files, byte for byte.
 */

const DAY = 86_400_000;

/** A small, fast generator with a 32-bit state (mulberry32): the files must not depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRENCH_FIRST = ['Amine', 'Sarah', 'Yacine', 'Inès', 'Nour', 'Karim', 'Meriem', 'Lina', 'Rayan', 'Yasmine', 'Mehdi', 'Amel', 'Sofiane', 'Lydia', 'Nassim', 'Kenza'];
const ARABIC_FIRST = ['زينب', 'وليد', 'محمد', 'فاطمة', 'عبد الرحمن', 'خديجة', 'يوسف', 'أمينة', 'إسماعيل', 'سمية'];
const FRENCH_LAST = ['Benali', 'Haddad', 'Saïdi', 'Mansouri', 'Brahimi', 'Cherif', 'Boukhalfa', 'Belkacem', 'Hamidi', 'Zerrouki', 'Ait Ahmed', 'Meziane'];
const ARABIC_LAST = ['بلقاسم', 'بن علي', 'حداد', 'منصوري', 'براهيمي', 'شريف', 'زروقي'];

/** City, wilaya (its number and name), and its weight: the big cities hold most online buyers. */
const CITIES: readonly [city: string, wilaya: string, weight: number][] = [
  ['Alger', '16 Alger', 30],
  ['Oran', '31 Oran', 14],
  ['Constantine', '25 Constantine', 9],
  ['Sétif', '19 Sétif', 7],
  ['Annaba', '23 Annaba', 6],
  ['Blida', '09 Blida', 6],
  ['Béjaïa', '06 Béjaïa', 5],
  ['Tizi Ouzou', '15 Tizi Ouzou', 5],
  ['Batna', '05 Batna', 5],
  ['Tlemcen', '13 Tlemcen', 4],
  ['Biskra', '07 Biskra', 3],
  ['Ouargla', '30 Ouargla', 3],
  ['Ghardaïa', '47 Ghardaïa', 3],
];

/** Mobile ranges of the three Algerian operators (Mobilis 06, Djezzy 07, Ooredoo 05). */
const MOBILE_PREFIXES = ['550', '551', '555', '560', '561', '661', '662', '665', '696', '698', '770', '771', '772', '774', '790', '793', '795'];

export interface DemoProduct {
  id: string;
  name: string;
  category: string;
  priceDzd: number;
}

/** The shop's catalogue, prices in dinars (DZD). */
export const DEMO_CATALOGUE: readonly DemoProduct[] = [
  { id: 'P-PHONE-A14', name: 'Smartphone A14', category: 'phones', priceDzd: 42_000 },
  { id: 'P-PHONE-C55', name: 'Smartphone C55', category: 'phones', priceDzd: 31_500 },
  { id: 'P-CASE', name: 'Coque de protection', category: 'phone_accessories', priceDzd: 1_200 },
  { id: 'P-CHARGER', name: 'Chargeur rapide 25 W', category: 'phone_accessories', priceDzd: 2_800 },
  { id: 'P-EARBUDS', name: 'Écouteurs sans fil', category: 'phone_accessories', priceDzd: 5_900 },
  { id: 'P-KAFTAN', name: 'Caftan brodé', category: 'fashion', priceDzd: 18_000 },
  { id: 'P-SNEAKERS', name: 'Baskets', category: 'fashion', priceDzd: 9_500 },
  { id: 'P-JACKET', name: 'Veste en cuir', category: 'fashion', priceDzd: 14_000 },
  { id: 'P-COUSCOUS', name: 'Couscoussier inox', category: 'home', priceDzd: 6_500 },
  { id: 'P-BLENDER', name: 'Blender 1,5 L', category: 'home', priceDzd: 8_900 },
  { id: 'P-DATES', name: 'Dattes Deglet Nour 5 kg', category: 'grocery', priceDzd: 3_500 },
  { id: 'P-OIL', name: "Huile d'olive 5 L", category: 'grocery', priceDzd: 4_200 },
  { id: 'P-PERFUME', name: 'Parfum oriental', category: 'beauty', priceDzd: 7_800 },
  { id: 'P-CREAM', name: 'Crème hydratante', category: 'beauty', priceDzd: 1_900 },
];

/**
 * First days of Ramadan (Algeria's announced dates, rounded to the day). Shopping rises through the
 * month and peaks in the last ten days (Eid clothes and gifts).
 */
const RAMADAN_STARTS = ['2024-03-11', '2025-03-01', '2026-02-18', '2027-02-08', '2028-01-28', '2029-01-16', '2030-01-06'].map((day) => Date.parse(`${day}T00:00:00Z`));

/** How much busier a day is than an ordinary one: Ramadan, the end-of-year sales, Fridays (quiet). */
export function seasonFactor(time: number): number {
  let factor = 1;
  for (const start of RAMADAN_STARTS) {
    const into = (time - start) / DAY;
    if (into >= 0 && into < 30) factor = into >= 20 ? 2.2 : 1.6;
  }
  const date = new Date(time);
  if (date.getUTCMonth() === 11 && date.getUTCDate() >= 15) factor *= 1.5;
  if (date.getUTCDay() === 5) factor *= 0.7;
  return factor;
}

/** Hour of day (Algiers) weights: a small morning, lunchtime, and the evening when most people shop. */
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.6, 1.2, 2, 2.5, 2.6, 3, 3.6, 3.4, 2.6, 2.4, 2.6, 3, 3.6, 4.5, 5.2, 5.4, 4.4, 2.4];
const HOUR_TOTAL = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);

/** An hour of the day (Algiers), drawn along the shop's daily curve. */
export function drawHour(random: () => number): number {
  let hourRoll = random() * HOUR_TOTAL;
  let hour = 0;
  while (hour < 23 && hourRoll >= (HOUR_WEIGHTS[hour] as number)) hourRoll -= HOUR_WEIGHTS[hour++] as number;
  return hour;
}

export interface DemoShopOptions {
  customers: number;
  seed: number;
  /** The end of the history (the workspace's clock when the demo is made). */
  now: number;
}

export const DEMO_CUSTOMERS_HEADER = 'external_id,first_name,last_name,email,phone,city,wilaya,language,time_zone,signup_date,push_token,consent_email,consent_push,consent_sms,consent_whatsapp';
export const DEMO_EVENTS_HEADER = 'event_id,event,customer_id,time,product_id,category,amount,cart_id,order_ref';

/** What the events generator needs to know of a customer, decided with the customer's row. */
export interface Behaviour {
  externalId: string;
  signupAt: number;
  appUser: boolean;
  /** Sessions per day when active. */
  activity: number;
  /** Chance that a session with a cart ends in a purchase. */
  propensity: number;
  /** A stretch of days with no activity (a lapse), or none. */
  lapse: { from: number; to: number } | null;
}

const csvCell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
const ascii = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, '');

/** A made-up customer, as the customers file (and a simulated sign-up) holds them. */
export interface DemoCustomer {
  externalId: string;
  firstName: string;
  lastName: string;
  email: string | null;
  phone: string;
  city: string;
  wilaya: string;
  language: 'fr' | 'ar' | 'en';
  signupAt: number;
  pushToken: string | null;
  consent: { email: boolean; push: boolean; sms: boolean; whatsapp: boolean };
}

/**
 * One customer and its behaviour; `index` is 1-based and makes the external id. `signupAt` gives
 * the sign-up time (a sign-up happening now); otherwise it is drawn over the two years before now.
 */
export function demoCustomerAt(index: number, random: () => number, now: number, signupAt?: number): { customer: DemoCustomer; behaviour: Behaviour } {
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const language = random() < 0.55 ? 'fr' : random() < 0.85 ? 'ar' : 'en';
  const arabicName = language === 'ar' && random() < 0.7;
  const first = arabicName ? pick(ARABIC_FIRST) : pick(FRENCH_FIRST);
  const last = arabicName ? pick(ARABIC_LAST) : pick(FRENCH_LAST);
  const externalId = `DEMO-${String(index).padStart(7, '0')}`;
  const emailName = arabicName ? `client${index}` : `${ascii(first)}.${ascii(last)}${index}`;
  const hasEmail = random() < 0.8;
  const phone = `+213${pick(MOBILE_PREFIXES)}${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
  let roll = random() * CITIES.reduce((sum, [, , weight]) => sum + weight, 0);
  let place = CITIES[0] as (typeof CITIES)[number];
  for (const candidate of CITIES) {
    roll -= candidate[2];
    if (roll < 0) {
      place = candidate;
      break;
    }
  }
  const drawnSignup = now - Math.floor(random() * 730 * DAY);
  const signup = signupAt ?? drawnSignup;
  const appUser = random() < 0.65;
  const pushToken = appUser ? `demo-fcm-${externalId}-${Math.floor(random() * 1e9).toString(36)}` : null;
  // Opt-out shares as a shop sees them: email and SMS opt-outs are common, push less so.
  const consent = (yesShare: number) => random() < yesShare;
  const customer: DemoCustomer = {
    externalId,
    firstName: first,
    lastName: last,
    email: hasEmail ? `${emailName}@example.com` : null,
    phone,
    city: place[0],
    wilaya: place[1],
    language,
    signupAt: signup,
    pushToken,
    consent: { email: hasEmail ? consent(0.72) : false, push: appUser ? consent(0.85) : false, sms: consent(0.6), whatsapp: consent(0.55) },
  };
  // A few very active customers, many occasional ones (a long tail).
  const activity = 0.01 + 0.12 * random() ** 3;
  const lapse =
    random() < 0.3
      ? (() => {
          const from = signup + Math.floor(random() * Math.max(1, now - signup));
          return { from, to: from + (30 + Math.floor(random() * 90)) * DAY };
        })()
      : null;
  return { customer, behaviour: { externalId, signupAt: signup, appUser, activity, propensity: 0.15 + 0.35 * random(), lapse } };
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');

function customerLine(c: DemoCustomer): string {
  return [
    c.externalId,
    c.firstName,
    c.lastName,
    c.email ?? '',
    c.phone,
    c.city,
    c.wilaya,
    c.language,
    'Africa/Algiers',
    new Date(c.signupAt).toISOString().slice(0, 10),
    c.pushToken ?? '',
    yesNo(c.consent.email),
    yesNo(c.consent.push),
    yesNo(c.consent.sms),
    yesNo(c.consent.whatsapp),
  ]
    .map(csvCell)
    .join(',');
}

/** A year of history for one customer: installs, opens, views, carts and purchases, in time order. */
function* historyOf(customer: Behaviour, random: () => number, options: DemoShopOptions, nextId: () => string): Generator<[time: number, line: string]> {
  const firstDay = Math.max(customer.signupAt, options.now - 365 * DAY);
  const entry = customer.appUser ? 'app_install' : 'site_visit';
  yield [firstDay, `${nextId()},${entry},${customer.externalId},${new Date(firstDay).toISOString()},,,,,`];
  const session = customer.appUser ? 'app_open' : 'site_visit';
  for (let day = Math.floor(firstDay / DAY) * DAY + DAY; day < options.now; day += DAY) {
    if (customer.lapse && day >= customer.lapse.from && day < customer.lapse.to) continue;
    if (random() >= customer.activity * seasonFactor(day)) continue;
    const hour = drawHour(random);
    // Algiers is UTC+1 all year.
    let time = day + (hour - 1) * 3_600_000 + Math.floor(random() * 3_000_000);
    if (time >= options.now) break;
    const at = () => new Date(time).toISOString();
    yield [time, `${nextId()},${session},${customer.externalId},${at()},,,,,`];
    if (random() >= 0.6) continue;
    const product = DEMO_CATALOGUE[Math.floor(random() * DEMO_CATALOGUE.length)] as DemoProduct;
    time += 60_000;
    yield [time, `${nextId()},product_view,${customer.externalId},${at()},${product.id},${product.category},,,`];
    if (random() >= 0.35) continue;
    const cart = `C-${customer.externalId.slice(5)}-${Math.floor(day / DAY)}`;
    time += 120_000;
    yield [time, `${nextId()},add_to_cart,${customer.externalId},${at()},${product.id},${product.category},${product.priceDzd},${cart},`];
    if (random() >= customer.propensity) continue;
    time += 300_000;
    yield [time, `${nextId()},purchase,${customer.externalId},${at()},${product.id},${product.category},${product.priceDzd},${cart},O-${cart.slice(2)}`];
  }
}

export interface DemoShopFiles {
  customersCsv: string;
  eventsCsv: string;
  customers: number;
  events: number;
}

async function writeLines(path: string, header: string, lines: Iterable<string>): Promise<number> {
  const out = createWriteStream(path, { mode: 0o600 });
  let count = 0;
  let batch: string[] = [header];
  for (const line of lines) {
    batch.push(line);
    count++;
    if (batch.length >= 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  if (batch.length > 0) out.write(`${batch.join('\n')}\n`);
  out.end();
  await once(out, 'finish');
  return count;
}

/**
 * Writes the demo shop's customers and a year of their events into `dir` as two CSV files. Events are
 * written customer after customer (each customer's in time order), which the events import accepts.
 */
export async function writeDemoShopFiles(dir: string, options: DemoShopOptions): Promise<DemoShopFiles> {
  const customerRandom = seededRandom(options.seed);
  const behaviours: Behaviour[] = [];
  const customersCsv = join(dir, 'demo-customers.csv');
  const customers = await writeLines(
    customersCsv,
    DEMO_CUSTOMERS_HEADER,
    (function* () {
      for (let i = 1; i <= options.customers; i++) {
        const { customer, behaviour } = demoCustomerAt(i, customerRandom, options.now);
        behaviours.push(behaviour);
        yield customerLine(customer);
      }
    })(),
  );
  // A second stream for the history, so adding a customer field does not change everyone's events.
  const historyRandom = seededRandom(options.seed ^ 0x5eed);
  let eventNumber = 0;
  const nextId = () => `DE-${(++eventNumber).toString(36)}`;
  const eventsCsv = join(dir, 'demo-events.csv');
  const events = await writeLines(
    eventsCsv,
    DEMO_EVENTS_HEADER,
    (function* () {
      for (const behaviour of behaviours) for (const [, line] of historyOf(behaviour, historyRandom, options, nextId)) yield line;
    })(),
  );
  return { customersCsv, eventsCsv, customers, events };
}
