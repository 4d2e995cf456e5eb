import type BetterSqlite3 from 'better-sqlite3';
import type { EventRecorder } from '../audience/record-events';
import { DEMO_CATALOGUE, demoCustomerAt, drawHour, seasonFactor, type DemoCustomer, type DemoProduct } from './demo-shop';
import { DAY_MS, engagementScale, fitCustomer, planCustomerDay, signupsOn, streamFor, type PlannedEvent, type SimulatedCustomer } from './population-model';

/** When the population lives: a virtual clock and the workspace's "simulated customers" setting. */
export interface PopulationConfig {
  seed: number;
  /** A demo shop also gains new customers as days pass; a user's sandbox workspace does not. */
  signups: boolean;
}

const STATE_KEY = 'population';
const SESSION_NAMES = ['app_open', 'site_visit', 'session_start'];
const SIGNUP = '$signup';

interface PopulationState {
  /** Activity is planned up to here (a UTC midnight once running). */
  plannedThrough: number;
  nextSignup: number;
}

interface CustomerRow {
  customer_id: number;
  activity: number;
  peak_hour: number;
  propensity: number;
  app_user: number;
  push_sensitivity: number;
  email_sensitivity: number;
  sms_sensitivity: number;
  whatsapp_sensitivity: number;
  lapsed_until: number | null;
}

const toCustomer = (row: CustomerRow): SimulatedCustomer => ({
  id: row.customer_id,
  activity: row.activity,
  peakHour: row.peak_hour,
  propensity: row.propensity,
  appUser: row.app_user === 1,
  sensitivity: { push: row.push_sensitivity, email: row.email_sensitivity, sms: row.sms_sensitivity, whatsapp: row.whatsapp_sensitivity },
  lapsedUntil: row.lapsed_until,
});

/**
 * The customers of a demo or sandbox workspace living while the virtual clock runs. At each UTC
 * midnight the day ahead is planned for everyone (engine/demo/population-model.ts) into
 * simulated_activity; as the clock reaches each planned time the event is recorded like a tracked
 * one, so flows see it. Customers without a model (all of them, the first time; later imports) get
 * one fitted from their own history. Clicks bring a visit and end a lapse; each message's chance of
 * being opened, clicked and bought from is scaled by the customer's sensitivity and fatigue.
 * Every method runs inside the engine's write transaction.
 */
export class SimulatedPopulation {
  private customers: SimulatedCustomer[] = [];
  private byId = new Map<number, SimulatedCustomer>();
  private knownCustomerCount = -1;
  private catalogue: readonly DemoProduct[] | null = null;
  private readonly statements: Record<string, BetterSqlite3.Statement>;

  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly recorder: EventRecorder,
    private readonly config: () => PopulationConfig | null,
  ) {
    const s = (text: string) => sqlite.prepare(text);
    this.statements = {
      state: s('SELECT value FROM engine_state WHERE key = ?').pluck(),
      saveState: s('INSERT INTO engine_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
      nextPending: s('SELECT min(due_at) FROM simulated_activity').pluck(),
      due: s('SELECT id, customer_id, due_at, name, properties FROM simulated_activity WHERE due_at <= ? ORDER BY due_at, id LIMIT ?'),
      remove: s('DELETE FROM simulated_activity WHERE id IN (SELECT value FROM json_each(?))'),
      // A customer erased since the plan was made has nothing planned.
      plan: s(
        `INSERT INTO simulated_activity (customer_id, due_at, name, properties)
         SELECT e.value ->> 0, e.value ->> 1, e.value ->> 2, e.value ->> 3 FROM json_each(?) AS e
         WHERE e.value ->> 0 IS NULL OR EXISTS (SELECT 1 FROM customers WHERE id = e.value ->> 0)`,
      ),
      customerCount: s('SELECT count(*) FROM customers').pluck(),
      load: s('SELECT * FROM simulated_customers ORDER BY customer_id'),
      unfitted: s(
        `SELECT c.id, c.push_token IS NOT NULL AS app_user,
           (SELECT coalesce(sum(count), 0) FROM customer_event_stats s WHERE s.customer_id = c.id AND s.name IN (SELECT value FROM json_each(@sessions))) AS sessions,
           (SELECT min(first_ts) FROM customer_event_stats s WHERE s.customer_id = c.id) AS first_seen,
           (SELECT max(last_ts) FROM customer_event_stats s WHERE s.customer_id = c.id AND s.name IN (SELECT value FROM json_each(@sessions))) AS last_session,
           (SELECT coalesce(sum(count), 0) FROM customer_event_stats s WHERE s.customer_id = c.id AND s.name = 'add_to_cart') AS carts,
           (SELECT coalesce(sum(count), 0) FROM customer_event_stats s WHERE s.customer_id = c.id AND s.name = 'purchase') AS purchases
         FROM customers c WHERE NOT EXISTS (SELECT 1 FROM simulated_customers m WHERE m.customer_id = c.id)`,
      ),
      insertModel: s(
        `INSERT INTO simulated_customers (customer_id, activity, peak_hour, propensity, app_user, push_sensitivity, email_sensitivity, sms_sensitivity, whatsapp_sensitivity, lapsed_until)
         VALUES (@id, @activity, @peakHour, @propensity, @appUser, @push, @email, @sms, @whatsapp, @lapsedUntil)`,
      ),
      setLapse: s('UPDATE simulated_customers SET lapsed_until = ? WHERE customer_id = ?'),
      messagesLastWeek: s('SELECT count(*) FROM messages WHERE customer_id = ? AND attempted_at > ?').pluck(),
      products: s(
        `SELECT properties ->> 'product_id' AS id, max(properties ->> 'category') AS category, max(properties ->> 'amount') AS price
         FROM events WHERE name IN ('add_to_cart', 'purchase') AND ts > ?
         GROUP BY 1 HAVING id IS NOT NULL AND category IS NOT NULL AND price > 0 ORDER BY count(*) DESC LIMIT 100`,
      ),
      createCustomer: s(
        `INSERT INTO customers (external_id, email, phone, first_name, last_name, language, time_zone, city, signup_at,
           consent_email, consent_sms, consent_push, consent_whatsapp, push_token, attributes, created_at, updated_at)
         VALUES (@externalId, @email, @phone, @firstName, @lastName, @language, 'Africa/Algiers', @city, @signupAt,
           @consentEmail, @consentSms, @consentPush, @consentWhatsapp, @pushToken, json_object('wilaya', @wilaya), @signupAt, @signupAt)
         ON CONFLICT (external_id) DO NOTHING RETURNING id`,
      ).pluck(),
    };
  }

  private state(): PopulationState | null {
    const value = this.statements['state']!.get(STATE_KEY) as string | undefined;
    return value ? (JSON.parse(value) as PopulationState) : null;
  }

  private saveState(state: PopulationState): void {
    this.statements['saveState']!.run(STATE_KEY, JSON.stringify(state));
  }

  /** The next time the population has something to do; 0 when it has not started yet (due at once). */
  nextDueAt(): number | null {
    if (!this.config()) return null;
    const state = this.state();
    if (!state) return 0;
    const pending = this.statements['nextPending']!.get() as number | null;
    return pending === null ? state.plannedThrough : Math.min(pending, state.plannedThrough);
  }

  /** Plans the days the clock has reached and records the activity that is due. Returns how many events were recorded. */
  apply(now: number, limit = 5000): number {
    const config = this.config();
    if (!config) return 0;
    const state = this.state() ?? { plannedThrough: now, nextSignup: (this.statements['customerCount']!.get() as number) + 1 };
    while (state.plannedThrough <= now) {
      const dayStart = Math.floor(state.plannedThrough / DAY_MS) * DAY_MS;
      this.planDay(dayStart, state.plannedThrough, config, state);
      state.plannedThrough = dayStart + DAY_MS;
    }
    this.saveState(state);
    const rows = this.statements['due']!.all(now, limit) as { id: number; customer_id: number | null; due_at: number; name: string; properties: string }[];
    if (rows.length === 0) return 0;
    this.recorder.beginBatch();
    let recorded = 0;
    for (const row of rows) {
      if (row.name === SIGNUP) {
        recorded += this.signUp(JSON.parse(row.properties) as { customer: DemoCustomer; activity: number; propensity: number }, row.due_at, config.seed);
        continue;
      }
      const properties = JSON.parse(row.properties) as Record<string, unknown>;
      if (this.recorder.record({ customerId: row.customer_id as number, name: row.name, ts: row.due_at, properties, eventId: `sim:${row.id}`, source: 'simulation' })) recorded++;
    }
    this.statements['remove']!.run(JSON.stringify(rows.map((row) => row.id)));
    return recorded;
  }

  /** Forgets the plan (a clock set to another date): the next run plans from the clock's new time. */
  restart(): void {
    this.sqlite.prepare('DELETE FROM simulated_activity').run();
    this.sqlite.prepare('DELETE FROM engine_state WHERE key = ?').run(STATE_KEY);
  }

  /** How readily this customer answers a message on this channel (1: the reference rates). */
  engagementScaleFor(customerId: number, channel: string, now: number): number {
    if (!this.config()) return 1;
    this.loadModels(now);
    const customer = this.byId.get(customerId);
    if (!customer) return 1;
    return engagementScale(customer, channel, this.statements['messagesLastWeek']!.get(customerId, now - 7 * DAY_MS) as number, now);
  }

  /** A click brings the customer to the shop (a session at the click) and ends a lapse. */
  clicked(customerId: number, at: number, channel: string): void {
    if (!this.config()) return;
    this.loadModels(at);
    const customer = this.byId.get(customerId);
    if (!customer) return;
    if (customer.lapsedUntil !== null && customer.lapsedUntil > at) {
      customer.lapsedUntil = null;
      this.statements['setLapse']!.run(null, customerId);
    }
    const session = channel === 'push' && customer.appUser ? 'app_open' : 'site_visit';
    this.recorder.record({ customerId, name: session, ts: at, properties: { from: 'message' }, source: 'simulation' });
  }

  private planDay(dayStart: number, from: number, config: PopulationConfig, state: PopulationState): void {
    this.loadModels(from);
    const catalogue = this.productCatalogue(from);
    const planned: PlannedEvent[] = [];
    const season = seasonFactor(dayStart);
    for (const customer of this.customers) {
      const lapse = planCustomerDay(customer, dayStart, config.seed, catalogue, planned, season);
      if (lapse) {
        customer.lapsedUntil = lapse.lapseUntil;
        this.statements['setLapse']!.run(lapse.lapseUntil, customer.id);
      }
    }
    const rows: unknown[][] = planned.filter((event) => event.at >= from).map((event) => [event.customerId, event.at, event.name, JSON.stringify(event.properties)]);
    if (config.signups) {
      const day = Math.floor(dayStart / DAY_MS);
      const count = signupsOn(dayStart, this.customers.length, config.seed);
      for (let k = 0; k < count; k++) {
        const random = streamFor(config.seed, -(k + 1), day);
        const at = dayStart + Math.floor(random() * DAY_MS);
        if (at < from) continue;
        const { customer, behaviour } = demoCustomerAt(state.nextSignup++, random, at, at);
        rows.push([null, at, SIGNUP, JSON.stringify({ customer, activity: behaviour.activity, propensity: behaviour.propensity })]);
      }
    }
    if (rows.length > 0) this.statements['plan']!.run(JSON.stringify(rows));
  }

  /** A new customer arrives: their row, their model, and their first visit (an install for app users). */
  private signUp(signup: { customer: DemoCustomer; activity: number; propensity: number }, at: number, seed: number): number {
    const c = signup.customer;
    const id = this.statements['createCustomer']!.get({
      externalId: c.externalId,
      email: c.email,
      phone: c.phone,
      firstName: c.firstName,
      lastName: c.lastName,
      language: c.language,
      city: c.city,
      wilaya: c.wilaya,
      signupAt: at,
      consentEmail: c.consent.email ? 1 : 0,
      consentSms: c.consent.sms ? 1 : 0,
      consentPush: c.consent.push ? 1 : 0,
      consentWhatsapp: c.consent.whatsapp ? 1 : 0,
      pushToken: c.pushToken,
    }) as number | undefined;
    if (id === undefined) return 0;
    const model = fitCustomer({ id, appUser: c.pushToken !== null, sessions: 0, firstSeen: null, lastSession: null, carts: 0, purchases: 0 }, at, seed, drawHour);
    this.addModel({ ...model, activity: signup.activity, propensity: signup.propensity });
    this.knownCustomerCount++;
    return this.recorder.record({ customerId: id, name: c.pushToken ? 'app_install' : 'site_visit', ts: at, properties: {}, source: 'simulation' }) ? 1 : 0;
  }

  private addModel(model: SimulatedCustomer): void {
    const s = model.sensitivity;
    this.statements['insertModel']!.run({ ...model, appUser: model.appUser ? 1 : 0, push: s.push, email: s.email, sms: s.sms, whatsapp: s.whatsapp });
    this.customers.push(model);
    this.byId.set(model.id, model);
  }

  /**
   * Keeps the models in memory, fitting any customer that has none (the first run, an import since).
   * The customer count tells when to look again: erased customers' plans are dropped when written.
   */
  private loadModels(now: number): void {
    const count = this.statements['customerCount']!.get() as number;
    if (count === this.knownCustomerCount) return;
    const seed = this.config()?.seed ?? 1;
    const sessions = JSON.stringify(SESSION_NAMES);
    for (const history of this.statements['unfitted']!.all({ sessions }) as {
      id: number;
      app_user: number;
      sessions: number;
      first_seen: number | null;
      last_session: number | null;
      carts: number;
      purchases: number;
    }[]) {
      const model = fitCustomer(
        {
          id: history.id,
          appUser: history.app_user === 1,
          sessions: history.sessions,
          firstSeen: history.first_seen,
          lastSession: history.last_session,
          carts: history.carts,
          purchases: history.purchases,
        },
        now,
        seed,
        drawHour,
      );
      const s = model.sensitivity;
      this.statements['insertModel']!.run({ ...model, appUser: model.appUser ? 1 : 0, push: s.push, email: s.email, sms: s.sms, whatsapp: s.whatsapp });
    }
    this.customers = (this.statements['load']!.all() as CustomerRow[]).map(toCustomer);
    this.byId = new Map(this.customers.map((customer) => [customer.id, customer]));
    this.knownCustomerCount = count;
  }

  /** The shop's own products (from its recent carts and purchases), else the demo catalogue. */
  private productCatalogue(now: number): readonly DemoProduct[] {
    if (this.catalogue) return this.catalogue;
    const rows = this.statements['products']!.all(now - 365 * DAY_MS) as { id: string; category: string; price: number }[];
    this.catalogue = rows.length > 0 ? rows.map((row) => ({ id: row.id, name: row.id, category: row.category, priceDzd: Number(row.price) })) : DEMO_CATALOGUE;
    return this.catalogue;
  }
}
