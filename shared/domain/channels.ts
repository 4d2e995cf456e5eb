/**
 * The one place that says what each channel is: where its address lives on a customer,
 * whether it has a consent column (`consent_<channel>`). Flows,
 * campaigns, providers, delivery rules, segments, imports and the screens derive their lists from
 * here. A new channel with consent also needs its column (a migration): the compiler then points at
 * every place that maps channels to columns.
 */
export const CHANNELS = ['push', 'email', 'sms', 'whatsapp', 'in_app', 'webhook'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels a customer consents to, each with its column in customers. */
export const CONSENT_CHANNELS = ['email', 'sms', 'push', 'whatsapp'] as const satisfies readonly Channel[];
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export type ConsentColumn = `consent_${ConsentChannel}`;
export type ConsentField = `consent.${ConsentChannel}`;

export interface ChannelInfo {
  /** The customer's field a message goes to; null: no address needed (in-app, webhook). */
  address: 'email' | 'phone' | 'pushToken' | null;
  consent: boolean;
}

export const CHANNEL_INFO: Record<Channel, ChannelInfo> = {
  push: { address: 'pushToken', consent: true },
  email: { address: 'email', consent: true },
  sms: { address: 'phone', consent: true },
  whatsapp: { address: 'phone', consent: true },
  in_app: { address: null, consent: false },
  webhook: { address: null, consent: false },
};

export const consentColumn = <C extends ConsentChannel>(channel: C): `consent_${C}` => `consent_${channel}`;

export const CONSENT_COLUMNS: readonly ConsentColumn[] = CONSENT_CHANNELS.map(consentColumn);
/** How segments and imports name consent: `consent.<channel>`. */
export const CONSENT_FIELDS: readonly ConsentField[] = CONSENT_CHANNELS.map((channel) => `consent.${channel}` as const);

export function isConsentChannel(channel: string): channel is ConsentChannel {
  return (CONSENT_CHANNELS as readonly string[]).includes(channel);
}

/** An object keyed `consent.<channel>` for every channel with consent, each value made from its channel. */
export function byConsentField<T>(make: (channel: ConsentChannel) => T): Record<ConsentField, T> {
  const entries = CONSENT_CHANNELS.map((channel) => [`consent.${channel}`, make(channel)] as const);
  return Object.fromEntries(entries) as Record<ConsentField, T>;
}
