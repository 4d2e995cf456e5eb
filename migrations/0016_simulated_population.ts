import { sql } from 'kysely';
import type { Migration } from './types';

/**
 * The simulated population of a demo or sandbox workspace: each customer's behaviour model (how
 * often they come, when, how likely they buy, how they answer each channel, a lapse), and the
 * activity planned for the day ahead, applied as the virtual clock reaches each time (a sign-up has
 * no customer yet: its row carries the customer to create).
 */
export const simulatedPopulation: Migration = {
  name: '0016_simulated_population',
  async up(db) {
    await sql`CREATE TABLE simulated_customers (
      customer_id INTEGER PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
      activity REAL NOT NULL,
      peak_hour INTEGER NOT NULL,
      propensity REAL NOT NULL,
      app_user INTEGER NOT NULL CHECK (app_user IN (0, 1)),
      push_sensitivity REAL NOT NULL,
      email_sensitivity REAL NOT NULL,
      sms_sensitivity REAL NOT NULL,
      whatsapp_sensitivity REAL NOT NULL,
      lapsed_until INTEGER
    ) STRICT`.execute(db);
    await sql`CREATE TABLE simulated_activity (
      id INTEGER PRIMARY KEY,
      customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE,
      due_at INTEGER NOT NULL,
      name TEXT NOT NULL,
      properties TEXT NOT NULL
    ) STRICT`.execute(db);
    await sql`CREATE INDEX simulated_activity_due ON simulated_activity (due_at)`.execute(db);
    await sql`CREATE INDEX simulated_activity_customer ON simulated_activity (customer_id)`.execute(db);
  },
};
