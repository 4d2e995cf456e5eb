/**
 * What a message template can read, built the same way wherever a customer's text is rendered (the
 * outbox today; a preview or a set-attribute step tomorrow): the journey's trigger context (its
 * `event`), the customer (known fields, and custom attributes both at the top and under
 * `attributes`) and the message's own unsubscribe address.
 */
export interface ScopeCustomer {
  external_id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  phone: string | null;
  city: string | null;
  language: string | null;
  score: number;
  /** The customer's custom attributes as stored (a JSON object's text). */
  attributes: string;
}

export function templateScope(customer: ScopeCustomer, journeyContext: Record<string, unknown>, unsubscribeUrl: string): Record<string, unknown> {
  const attributes = JSON.parse(customer.attributes) as Record<string, unknown>;
  return {
    ...journeyContext,
    customer: {
      ...attributes,
      external_id: customer.external_id,
      first_name: customer.first_name,
      last_name: customer.last_name,
      email: customer.email,
      phone: customer.phone,
      city: customer.city,
      language: customer.language,
      score: customer.score,
      attributes,
    },
    unsubscribe_url: unsubscribeUrl,
  };
}

/** The workspace's unsubscribe page with this message's key, so the click names the message. */
export function messageUnsubscribeUrl(base: string, messageKey: string): string {
  return `${base}${base.includes('?') ? '&' : '?'}m=${encodeURIComponent(messageKey)}`;
}
