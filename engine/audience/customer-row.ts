import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { DateTime } from 'luxon';
import type { AttributeValue } from '../../shared/domain/customer';
import { CONSENT_CHANNELS, CONSENT_COLUMNS, type ConsentChannel } from '../../shared/domain/channels';
import type { ColumnTarget, CustomerIdentity, KnownCustomerField } from '../../shared/domain/customer-columns';
import type { RowError } from '../../shared/domain/import-report';
import { isValidTimeZone } from '../../shared/domain/time-zone';

/** One validated customer row, in the table's own units. Null means "not given": an update keeps the old value. */
export interface CustomerRecord {
  externalId: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  language: string | null;
  timeZone: string | null;
  city: string | null;
  signupAt: number | null;
  pushToken: string | null;
  consent: Record<ConsentChannel, 0 | 1 | null>;
  attributes: Record<string, AttributeValue>;
}

/** The customers table's columns a row fills, in one order; `customerFieldValues` gives a record's values in it. */
export const CUSTOMER_FIELD_COLUMNS = ['email', 'phone', 'first_name', 'last_name', 'language', 'time_zone', 'city', 'signup_at', 'push_token', ...CONSENT_COLUMNS] as const;

export function customerFieldValues(record: CustomerRecord): (string | number | null)[] {
  return [
    record.email,
    record.phone,
    record.firstName,
    record.lastName,
    record.language,
    record.timeZone,
    record.city,
    record.signupAt,
    record.pushToken,
    // In CONSENT_COLUMNS' order: both follow the catalogue's.
    ...CONSENT_CHANNELS.map((channel) => record.consent[channel]),
  ];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// Newsletter tools export a status rather than yes/no (Mailchimp: subscribed, unsubscribed, cleaned).
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'oui', 'vrai', 'opt_in', 'opted_in', 'subscribed', 'abonne', 'نعم']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'non', 'faux', 'opt_out', 'opted_out', 'unsubscribed', 'not_subscribed', 'non_subscribed', 'cleaned', 'desabonne', 'لا']);
/** Formats seen in shop and CRM exports; a value without a zone is read in the workspace's zone. */
const DATE_FORMATS = [
  'yyyy-MM-dd',
  'yyyy-MM-dd HH:mm',
  'yyyy-MM-dd HH:mm:ss',
  'yyyy/MM/dd',
  'yyyy/MM/dd HH:mm:ss',
  'dd/MM/yyyy',
  'dd/MM/yyyy HH:mm',
  'dd/MM/yyyy HH:mm:ss',
  'dd-MM-yyyy',
  'dd-MM-yyyy HH:mm',
  'dd.MM.yyyy',
  'd/M/yyyy',
];

/** Exports repeat the same dates thousands of times; parsing one in a zone costs microseconds each. */
const parsedDates = new Map<string, number | null>();
const MAX_REMEMBERED_DATES = 100_000;

/** ISO 8601 with its own zone (Z or an offset): the platform parses it, fast and exactly. */
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function parseDate(value: string, zone: string): number | null {
  if (ISO_WITH_ZONE.test(value)) {
    const ms = Date.parse(value);
    if (!Number.isNaN(ms)) return ms;
  }
  // Epoch seconds or milliseconds, as many event exports write them.
  if (/^\d{10}$/.test(value)) return Number(value) * 1000;
  if (/^\d{13}$/.test(value)) return Number(value);
  const key = `${zone}\u0000${value}`;
  const remembered = parsedDates.get(key);
  if (remembered !== undefined) return remembered;
  const parsed = parseDateUncached(value, zone);
  if (parsedDates.size >= MAX_REMEMBERED_DATES) parsedDates.clear();
  parsedDates.set(key, parsed);
  return parsed;
}

function parseDateUncached(value: string, zone: string): number | null {
  const iso = DateTime.fromISO(value, { zone, setZone: true });
  if (iso.isValid) return iso.toMillis();
  for (const format of DATE_FORMATS) {
    const parsed = DateTime.fromFormat(value, format, { zone });
    if (parsed.isValid) return parsed.toMillis();
  }
  return null;
}

function parseBoolean(value: string): 0 | 1 | null {
  const plain = value.trim().toLowerCase();
  // Most exports write yes/no, true/false or 1/0: only other words need their accents and spaces folded.
  if (TRUE_WORDS.has(plain)) return 1;
  if (FALSE_WORDS.has(plain)) return 0;
  const word = plain
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[\s-]+/g, '_');
  if (TRUE_WORDS.has(word)) return 1;
  if (FALSE_WORDS.has(word)) return 0;
  return null;
}

/**
 * Phones are stored in E.164. A number written without a country code ("0550 12 34 56") is read in
 * the default country; full metadata checks it is a number that can exist there.
 */
export function normalisePhone(value: string, defaultCountry: string): string | null {
  // Spreadsheet exports (Shopify's among them) write '+213… so the + survives Excel.
  const written = value.replace(/^'/, '');
  const parsed = parsePhoneNumberFromString(written, defaultCountry as CountryCode);
  if (parsed?.isValid()) return parsed.number;
  // A spreadsheet keeps "+213551234567" as the number 213551234567: the digits with their + back.
  if (/^[1-9]\d{9,14}$/.test(written)) {
    const international = parsePhoneNumberFromString(`+${written}`);
    if (international?.isValid()) return international.number;
  }
  return null;
}

/** Custom attributes keep a type, so segments can compare numbers as numbers. */
export function detectAttributeValue(value: string): AttributeValue {
  if (/^-?(0|[1-9]\d{0,14})(\.\d+)?$/.test(value)) return Number(value);
  const lower = value.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return value;
}

export interface RowCheckOptions {
  zone: string;
  defaultCountry: string;
  /** Reject a row for any bad value, as a strict import does; else a bad optional value is dropped with a warning. */
  strict?: boolean | undefined;
  /** What knows the customer: the id column, or (a file without one) the email, else the phone. */
  identity?: CustomerIdentity | undefined;
}

/**
 * Checks one row. Only a bad or missing key rejects it: a bad email, phone, date, zone or yes/no in
 * another column leaves that field empty (unchanged on update) and says so in `warnings`, unless
 * `strict`. Without an id column the key is the normalised email, else the E.164 phone.
 */
export function validateCustomerRow(
  cells: readonly string[],
  columns: readonly ColumnTarget[],
  headers: readonly string[],
  rowNumber: number,
  options: RowCheckOptions,
): { record: CustomerRecord | null; errors: RowError[]; warnings: RowError[] } {
  const zone = options.zone;
  const identity = options.identity ?? 'externalId';
  const errors: RowError[] = [];
  const warnings: RowError[] = [];
  const record: CustomerRecord = {
    externalId: '',
    email: null,
    phone: null,
    firstName: null,
    lastName: null,
    language: null,
    timeZone: null,
    city: null,
    signupAt: null,
    pushToken: null,
    consent: { email: null, sms: null, push: null, whatsapp: null },
    attributes: {},
  };
  const fail = (index: number, code: RowError['code'], value: string, message: string) => errors.push({ row: rowNumber, column: headers[index] ?? `column ${index + 1}`, code, value, message });
  // A bad value in a column that is not the key: dropped with a warning, or the row refused when strict.
  const bad = (index: number, code: RowError['code'], value: string, message: string) =>
    (options.strict ? errors : warnings).push({ row: rowNumber, column: headers[index] ?? `column ${index + 1}`, code, value, message });

  columns.forEach((target, index) => {
    const value = (cells[index] ?? '').trim();
    if (target.kind === 'ignore') return;
    if (target.kind === 'attribute') {
      if (value !== '' && target.name !== '') record.attributes[target.name] = detectAttributeValue(value);
      return;
    }
    const field: KnownCustomerField = target.field;
    if (value === '') return;
    switch (field) {
      case 'externalId':
        if (value.length > 255) fail(index, 'malformed_row', value.slice(0, 80), 'The external id is longer than 255 characters.');
        else record.externalId = value;
        return;
      case 'email':
        if (!EMAIL.test(value)) bad(index, 'invalid_email', value, `"${value}" is not an email address.`);
        else record.email = value.toLowerCase();
        return;
      case 'signupAt': {
        const ms = parseDate(value, zone);
        if (ms === null) bad(index, 'invalid_date', value, `"${value}" is not a date (use 2025-05-20, 2025-05-20T14:30+01:00 or 20/05/2025).`);
        else record.signupAt = ms;
        return;
      }
      case 'timeZone':
        if (!isValidTimeZone(value)) bad(index, 'invalid_time_zone', value, `"${value}" is not an IANA time zone such as Africa/Algiers.`);
        else record.timeZone = value;
        return;
      case 'consent.email':
      case 'consent.sms':
      case 'consent.push':
      case 'consent.whatsapp': {
        const consent = parseBoolean(value);
        if (consent === null) bad(index, 'invalid_boolean', value, `"${value}" is not yes/no (true, false, 1, 0, oui, non, subscribed, unsubscribed).`);
        else record.consent[field.slice('consent.'.length) as ConsentChannel] = target.negated ? ((1 - consent) as 0 | 1) : consent;
        return;
      }
      case 'phone': {
        const phone = normalisePhone(value, options.defaultCountry);
        if (phone === null) {
          bad(index, 'invalid_phone', value, `"${value}" is not a valid phone number (read with default country ${options.defaultCountry}).`);
        } else record.phone = phone;
        return;
      }
      case 'firstName':
        record.firstName = value;
        return;
      case 'lastName':
        record.lastName = value;
        return;
      case 'language':
        record.language = value.toLowerCase();
        return;
      case 'city':
        record.city = value;
        return;
      case 'pushToken':
        record.pushToken = value;
        return;
    }
  });

  if (identity === 'email') {
    // No id column: the customer is their email, else their phone, as re-imports will find them.
    record.externalId = record.email ?? record.phone ?? '';
    if (record.externalId === '') {
      const keyColumn = columns.findIndex((c) => c.kind === 'field' && (c.field === 'email' || c.field === 'phone'));
      fail(keyColumn, 'missing_required', '', 'The file has no id column, so each customer needs a valid email or phone to be known by.');
    }
  } else {
    const idColumn = columns.findIndex((c) => c.kind === 'field' && c.field === 'externalId');
    if (record.externalId === '' && !errors.some((e) => e.code === 'malformed_row')) {
      fail(idColumn, 'missing_required', '', 'Every customer needs an external id.');
    }
  }
  // A refused row lists every problem it had; a kept one, what it dropped.
  return errors.length === 0 ? { record, errors, warnings } : { record: null, errors: [...errors, ...warnings], warnings: [] };
}
