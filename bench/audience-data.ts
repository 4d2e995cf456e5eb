import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { seededRandom } from '../tests/helpers/customers-csv';

/**
 * Bench data from a fixed seed: customers in the sample's shape, and events sorted by time, as
 * shop and analytics exports are, over the last 180 days before `now`.
 */
const DAY = 86_400_000;
export const EVENT_MIX: readonly [string, number][] = [
  ['app_open', 0.6],
  ['add_to_cart', 0.2],
  ['site_visit', 0.1],
  ['purchase', 0.05],
  ['app_install', 0.05],
];

export const customerExternalId = (i: number) => `GEN-${String(i).padStart(8, '0')}`;

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length === 10_000) {
      if (!out.write(batch.join('\n') + '\n')) await once(out, 'drain');
      batch = [];
    }
  }
  if (batch.length > 0) out.write(batch.join('\n') + '\n');
  out.end();
  await once(out, 'finish');
}

export function* eventLines(count: number, customers: number, now: number, seed: number): Generator<string> {
  const random = seededRandom(seed);
  yield 'event,customer_id,time,amount,cart_id';
  const start = now - 180 * DAY;
  const step = (180 * DAY) / count;
  for (let i = 0; i < count; i++) {
    const roll = random();
    let acc = 0;
    let name = 'app_open';
    for (const [candidate, share] of EVENT_MIX) {
      acc += share;
      if (roll < acc) {
        name = candidate;
        break;
      }
    }
    const customer = 1 + Math.floor(random() * customers);
    const ts = new Date(Math.floor(start + i * step)).toISOString();
    const commerce = name === 'purchase' || name === 'add_to_cart';
    yield `${name},${customerExternalId(customer)},${ts},${commerce ? 500 * (1 + Math.floor(random() * 100)) : ''},${commerce ? `K${customer}-${i % 97}` : ''}`;
  }
}

export function writeEventsCsv(path: string, count: number, customers: number, now: number, seed = 7): Promise<void> {
  return writeLines(path, eventLines(count, customers, now, seed));
}

export { writeLines };
