import { byConsentField } from './channels';
import type { ConsentChannel } from './channels';

/**
 * The customer fields an import knows by name, and the column headers that mean them, as people
 * write them (French, Arabic, English) and as shops and newsletter tools export them (Shopify,
 * Mailchimp, HubSpot, Brevo, WooCommerce). Headers are compared normalised: case, accents,
 * punctuation and spacing ignored. Any other column becomes a custom attribute.
 */
export type KnownCustomerField = 'externalId' | 'email' | 'phone' | 'firstName' | 'lastName' | 'language' | 'timeZone' | 'city' | 'signupAt' | 'pushToken' | `consent.${ConsentChannel}`;

/**
 * Aliases per field, most telling first: when two columns of a file could mean the same field
 * (Shopify's "Default Address Phone" and "Phone"), the one with the earlier alias wins it.
 */
export const CUSTOMER_COLUMN_ALIASES: Record<KnownCustomerField, readonly string[]> = {
  externalId: [
    'external_id',
    'customer_id',
    'id_client',
    'client_id',
    'user_id',
    'identifiant',
    'identifiant_client',
    'id',
    'record_id',
    'contact_id',
    'ext_id',
    'numero_client',
    'n_client',
    'code_client',
    'رقم_العميل',
    'معرف_العميل',
    'المعرف',
  ],
  email: ['email', 'e_mail', 'email_address', 'adresse_email', 'adresse_e_mail', 'adresse_mail', 'courriel', 'mail', 'البريد_الالكتروني', 'البريد'],
  phone: [
    'phone',
    'phone_number',
    'mobile',
    'mobile_number',
    'mobile_phone_number',
    'telephone',
    'telephone_mobile',
    'portable',
    'numero_de_telephone',
    'tel',
    'gsm',
    'sms',
    'billing_phone',
    'default_address_phone',
    'whatsapp',
    'الهاتف',
    'رقم_الهاتف',
    'الجوال',
  ],
  firstName: ['first_name', 'firstname', 'given_name', 'prenom', 'الاسم', 'الاسم_الاول'],
  lastName: ['last_name', 'lastname', 'family_name', 'surname', 'nom', 'nom_de_famille', 'اللقب', 'اسم_العائلة'],
  language: ['language', 'lang', 'locale', 'langue', 'preferred_language', 'langue_preferee', 'اللغة'],
  timeZone: ['time_zone', 'timezone', 'tz', 'fuseau_horaire', 'المنطقة_الزمنية'],
  city: ['city', 'ville', 'wilaya', 'town', 'default_address_city', 'billing_city', 'address_city', 'المدينة', 'الولاية'],
  signupAt: [
    'signup_at',
    'signup_date',
    'signed_up_at',
    'sign_up',
    'date_d_inscription',
    'date_inscription',
    'inscription',
    'registration_date',
    'date_registered',
    'date_created',
    'create_date',
    'created_at',
    'optin_time',
    'تاريخ_التسجيل',
  ],
  pushToken: ['push_token', 'device_token', 'fcm_token', 'jeton_push'],
  ...byConsentField((channel) => consentAliases(channel)),
};

function consentAliases(channel: ConsentChannel): string[] {
  const own = [`consent_${channel}`, `${channel}_opt_in`, `${channel}_optin`, `${channel}_consent`, `consentement_${channel}`, `accepts_${channel}_marketing`];
  if (channel === 'email') return [...own, 'accepts_email_marketing', 'accepts_marketing', 'email_marketing_status', 'opt_in', 'newsletter', 'consentement', 'optin_email'];
  return own;
}

/**
 * Columns that say the opposite of consent (Brevo's blocklists, HubSpot's "unsubscribed from all
 * email"): "yes" there means no consent.
 */
export const NEGATED_CONSENT_ALIASES: Readonly<Record<string, ConsentChannel>> = {
  email_blacklisted: 'email',
  email_blocklisted: 'email',
  blacklisted: 'email',
  blocklisted: 'email',
  unsubscribed: 'email',
  unsubscribed_from_all_email: 'email',
  desabonne: 'email',
  sms_blacklisted: 'sms',
  sms_blocklisted: 'sms',
};

/**
 * A header as compared: lower case, accents and Arabic vowel marks dropped, punctuation and spaces
 * read as one underscore ("Date d'inscription" and "date_d_inscription" are the same; "Téléphone"
 * is "telephone"; "البريد الإلكتروني" is "البريد_الالكتروني").
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\u0640/g, '') // Arabic tatweel, a stretching stroke
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** A custom attribute's name from its header: as before header matching ignored accents, so re-imports keep filling the same attribute. */
export function attributeNameOf(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

const FIELD_BY_ALIAS = new Map<string, { field: KnownCustomerField; rank: number }>(
  (Object.entries(CUSTOMER_COLUMN_ALIASES) as [KnownCustomerField, readonly string[]][]).flatMap(([field, aliases]) =>
    aliases.map((alias, rank) => [normaliseHeader(alias), { field, rank }] as const),
  ),
);

export const KNOWN_CUSTOMER_FIELDS = Object.keys(CUSTOMER_COLUMN_ALIASES) as KnownCustomerField[];

/** A field a column fills; `negated`: the column says the opposite (a blocklist flag for a consent). */
export type ColumnTarget = { kind: 'field'; field: KnownCustomerField; negated?: boolean } | { kind: 'attribute'; name: string } | { kind: 'ignore' };

/** What the user chose for a column in the import wizard, by header: a field, an attribute, or ignore. */
export type ColumnChoice = KnownCustomerField | 'attribute' | 'ignore';

/** The field a header means on its own, with its alias rank; undefined: an attribute. */
function guess(header: string): { field: KnownCustomerField; rank: number; negated?: boolean } | undefined {
  const normalised = normaliseHeader(header);
  const negated = NEGATED_CONSENT_ALIASES[normalised];
  if (negated) return { field: `consent.${negated}`, rank: 1_000, negated: true };
  return FIELD_BY_ALIAS.get(normalised);
}

/**
 * Maps each header to a known field or an attribute. When several columns could mean one field,
 * the one with the most telling alias wins it (then the first); a plain consent column wins over a
 * negated one. `choices` (by header) override the guess.
 */
export function mapCustomerColumns(headers: readonly string[], choices: Readonly<Record<string, ColumnChoice>> = {}): ColumnTarget[] {
  const chosen = new Set<KnownCustomerField>(Object.values(choices).filter((c): c is KnownCustomerField => c !== 'attribute' && c !== 'ignore'));
  const guesses = headers.map((header) => (choices[header] === undefined ? guess(header) : undefined));
  const winner = new Map<KnownCustomerField, number>();
  guesses.forEach((g, index) => {
    if (!g || chosen.has(g.field)) return;
    const best = winner.get(g.field);
    if (best === undefined || g.rank < guesses[best]!.rank) winner.set(g.field, index);
  });
  return headers.map((header, index) => {
    const choice = choices[header];
    if (choice === 'ignore') return { kind: 'ignore' };
    if (choice === 'attribute') return { kind: 'attribute', name: attributeNameOf(header) };
    if (choice !== undefined) return { kind: 'field', field: choice };
    const g = guesses[index];
    if (g && winner.get(g.field) === index) return g.negated ? { kind: 'field', field: g.field, negated: true } : { kind: 'field', field: g.field };
    return { kind: 'attribute', name: attributeNameOf(header) };
  });
}

/** How a file without an id column knows its customers: by email, else by phone. */
export type CustomerIdentity = 'externalId' | 'email';

export function identityOf(targets: readonly ColumnTarget[]): CustomerIdentity | null {
  const has = (field: KnownCustomerField) => targets.some((t) => t.kind === 'field' && t.field === field);
  if (has('externalId')) return 'externalId';
  return has('email') || has('phone') ? 'email' : null;
}
