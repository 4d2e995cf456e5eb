import { seededRandom } from '../../engine/demo/demo-shop';

/** The generator the demo shop uses, so generated test files are the same on every run. */
export { seededRandom };

const FIRST = ['Amine', 'Sarah', 'Yacine', 'Inès', 'Nour', 'Karim', 'Meriem', 'زينب', 'وليد', 'Hélène'];
const LAST = ['Benali', 'Haddad', 'Saïdi', 'Mansouri', 'بلقاسم', 'Brahimi', 'Lefèvre', 'Cherif'];
/** Algerian mobile prefixes that libphonenumber's full metadata accepts. */
const PHONE_PREFIXES = ['0550', '0555', '0560', '0661', '0662', '0696', '0770', '0771', '0790'];
const CITIES = ['Alger', 'Oran', 'Constantine', 'Sétif', 'Béjaïa', 'Tlemcen'];

export const CUSTOMERS_CSV_HEADER = 'external_id,first_name,last_name,email,phone,city,language,time_zone,signup_date,consent_email,consent_push,loyalty_tier,orders_count';

/** `count` customers in the same shape as assets/sample-customers.csv. */
export function generateCustomersCsv(count: number, seed = 42, idPrefix = 'GEN'): string {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const lines = [CUSTOMERS_CSV_HEADER];
  for (let i = 1; i <= count; i++) {
    const month = String(1 + Math.floor(random() * 12)).padStart(2, '0');
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    lines.push(
      [
        `${idPrefix}-${String(i).padStart(8, '0')}`,
        pick(FIRST),
        pick(LAST),
        `customer${i}@example.com`,
        `${pick(PHONE_PREFIXES)}${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`,
        pick(CITIES),
        pick(['fr', 'ar', 'en']),
        'Africa/Algiers',
        `2025-${month}-${day}`,
        random() < 0.7 ? 'yes' : 'no',
        random() < 0.8 ? 'yes' : 'no',
        pick(['bronze', 'silver', 'gold']),
        Math.floor(random() * 40),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}
