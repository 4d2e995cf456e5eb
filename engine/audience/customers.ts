import { sql, type Kysely, type Selectable } from 'kysely';
import { normalisePhone } from './customer-row';
import type { AttributeValue, Customer, CustomerListRow, CustomerSortField } from '../../shared/domain/customer';
import { CONSENT_CHANNELS, consentColumn } from '../../shared/domain/channels';
import { EngineError } from '../errors';
import type { CustomersTable, Database } from '../db/schema';

const SORT_COLUMNS: Record<CustomerSortField, { column: string; text: boolean }> = {
  externalId: { column: 'external_id', text: false },
  firstName: { column: 'first_name', text: true },
  lastName: { column: 'last_name', text: true },
  email: { column: 'email', text: true },
  city: { column: 'city', text: true },
  signupAt: { column: 'signup_at', text: false },
  score: { column: 'score', text: false },
  createdAt: { column: 'created_at', text: false },
};

const toIso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
const toConsent = (value: number | null): boolean | null => (value === null ? null : value === 1);

/** LIKE treats % and _ as wildcards; a user searching for "a_b" means the underscore. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function countCustomers(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('customers').select(db.fn.countAll<number>().as('count')).executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function listCustomers(
  db: Kysely<Database>,
  input: { search?: string | undefined; sort: { field: CustomerSortField; direction: 'asc' | 'desc' }; offset: number; limit: number },
  defaultCountry = 'DZ',
): Promise<{ total: number; rows: CustomerListRow[] }> {
  const search = input.search?.trim();
  let query = db.selectFrom('customers');
  if (search) {
    const pattern = likePattern(search);
    // A phone typed as people write it ("0550 12 34 56") finds the E.164 number it is stored as.
    const phone = /\d{6}/.test(search.replace(/\D/g, '')) ? normalisePhone(search, defaultCountry) : null;
    query = query.where((eb) =>
      eb.or(
        ['external_id', 'email', 'phone', 'first_name', 'last_name', 'city']
          .map((column) => sql<boolean>`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`)
          .concat([sql<boolean>`(first_name || ' ' || last_name) LIKE ${pattern} ESCAPE '\\'`])
          .concat(phone ? [sql<boolean>`phone = ${phone}`] : []),
      ),
    );
  }
  const { column, text } = SORT_COLUMNS[input.sort.field];
  const direction = sql.raw(input.sort.direction === 'asc' ? 'ASC' : 'DESC');
  const orderExpression = text ? sql`${sql.ref(column)} COLLATE NOCASE ${direction}` : sql`${sql.ref(column)} ${direction}`;
  const [totalRow, rows] = await Promise.all([
    query.select(db.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
    query
      .select(['external_id', 'first_name', 'last_name', 'email', 'phone', 'city', 'signup_at', 'score', 'created_at'])
      .orderBy(orderExpression)
      .orderBy(sql`id ${direction}`)
      .limit(input.limit)
      .offset(input.offset)
      .execute(),
  ]);
  return {
    total: Number(totalRow.total),
    rows: rows.map((row) => ({
      externalId: row.external_id,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email,
      phone: row.phone,
      city: row.city,
      signupAt: toIso(row.signup_at),
      score: row.score,
      createdAt: toIso(row.created_at) as string,
    })),
  };
}

export function toCustomer(row: Selectable<CustomersTable>): Customer {
  return {
    externalId: row.external_id,
    email: row.email,
    phone: row.phone,
    firstName: row.first_name,
    lastName: row.last_name,
    language: row.language,
    timeZone: row.time_zone,
    city: row.city,
    signupAt: toIso(row.signup_at),
    consent: Object.fromEntries(CONSENT_CHANNELS.map((channel) => [channel, toConsent(row[consentColumn(channel)])])) as Customer['consent'],
    score: row.score,
    attributes: JSON.parse(row.attributes) as Record<string, AttributeValue>,
    createdAt: toIso(row.created_at) as string,
    updatedAt: toIso(row.updated_at) as string,
  };
}

/**
 * One customer by external id; failing that, by email, or by phone (read in the default country),
 * as files without an id column know them.
 */
export async function getCustomer(db: Kysely<Database>, externalId: string, defaultCountry = 'DZ'): Promise<Customer> {
  const byId = await db.selectFrom('customers').selectAll().where('external_id', '=', externalId).executeTakeFirst();
  if (byId) return toCustomer(byId);
  const written = externalId.trim();
  const phone = written.includes('@') ? null : normalisePhone(written, defaultCountry);
  const other = written.includes('@')
    ? await db.selectFrom('customers').selectAll().where('email', '=', written.toLowerCase()).orderBy('id').executeTakeFirst()
    : phone
      ? await db.selectFrom('customers').selectAll().where('phone', '=', phone).orderBy('id').executeTakeFirst()
      : undefined;
  if (!other) throw new EngineError('not_found', `No customer has the external id, email or phone "${externalId}".`, { field: 'externalId' });
  return toCustomer(other);
}
