import { byConsentField } from './channels';
import type { ConsentChannel } from './channels';

/**
 * The customer fields an import knows by name, and the column headers that mean them in the files
 * people export from shops and CRMs (lower-cased, spaces and dashes read as underscores). Any other
 * column becomes a custom attribute.
 */
export type KnownCustomerField = 'externalId' | 'email' | 'phone' | 'firstName' | 'lastName' | 'language' | 'timeZone' | 'city' | 'signupAt' | 'pushToken' | `consent.${ConsentChannel}`;

export const CUSTOMER_COLUMN_ALIASES: Record<KnownCustomerField, readonly string[]> = {
  externalId: ['external_id', 'customer_id', 'id', 'user_id', 'client_id'],
  email: ['email', 'e_mail', 'email_address', 'mail'],
  phone: ['phone', 'phone_number', 'mobile', 'mobile_number', 'telephone', 'tel'],
  firstName: ['first_name', 'firstname', 'given_name', 'prenom', 'prénom'],
  lastName: ['last_name', 'lastname', 'family_name', 'surname', 'nom'],
  language: ['language', 'lang', 'locale', 'langue'],
  timeZone: ['time_zone', 'timezone', 'tz'],
  city: ['city', 'ville', 'town'],
  signupAt: ['signup_at', 'signup_date', 'signed_up_at', 'registration_date', 'created_at', 'date_inscription'],
  pushToken: ['push_token', 'device_token', 'fcm_token'],
  ...byConsentField((channel) => [`consent_${channel}`, `${channel}_opt_in`, `${channel}_consent`]),
};

export function normaliseHeader(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const FIELD_BY_ALIAS = new Map<string, KnownCustomerField>(
  (Object.entries(CUSTOMER_COLUMN_ALIASES) as [KnownCustomerField, readonly string[]][]).flatMap(([field, aliases]) => aliases.map((alias) => [alias, field] as const)),
);

export const KNOWN_CUSTOMER_FIELDS = Object.keys(CUSTOMER_COLUMN_ALIASES) as KnownCustomerField[];

export type ColumnTarget = { kind: 'field'; field: KnownCustomerField } | { kind: 'attribute'; name: string } | { kind: 'ignore' };

/** What the user chose for a column in the import wizard, by header: a field, an attribute, or ignore. */
export type ColumnChoice = KnownCustomerField | 'attribute' | 'ignore';

/**
 * Maps each header to a known field or an attribute; the first column that claims a field wins it.
 * `choices` (by header) override the guess.
 */
export function mapCustomerColumns(headers: readonly string[], choices: Readonly<Record<string, ColumnChoice>> = {}): ColumnTarget[] {
  const claimed = new Set<KnownCustomerField>(Object.values(choices).filter((c): c is KnownCustomerField => c !== 'attribute' && c !== 'ignore'));
  return headers.map((header) => {
    const normalised = normaliseHeader(header);
    const choice = choices[header];
    if (choice === 'ignore') return { kind: 'ignore' };
    if (choice === 'attribute') return { kind: 'attribute', name: normalised };
    if (choice !== undefined) return { kind: 'field', field: choice };
    const field = FIELD_BY_ALIAS.get(normalised);
    if (field && !claimed.has(field)) {
      claimed.add(field);
      return { kind: 'field', field };
    }
    return { kind: 'attribute', name: normalised };
  });
}
