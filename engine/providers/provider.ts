/**
 * One interface for every way a message leaves the app. The outbox owns states, retries, leases
 * and rules; an adapter only turns one rendered message into one request and says what came back.
 */
export interface Recipient {
  externalId: string;
  email: string | null;
  phone: string | null;
  pushToken: string | null;
}

export interface RenderedContent {
  title: string;
  subject: string;
  body: string;
  html: string;
  link: string;
  templateName: string;
  templateParams: string[];
}

export interface OutgoingMessage {
  id: number;
  /** The same for every attempt of this message: providers that honour one drop repeats. */
  idempotencyKey: string;
  channel: string;
  to: Recipient;
  content: RenderedContent;
  /** A flow's webhook step carries its own address and JSON body. */
  webhook?: { url: string; body: string };
  /** The conversion the flow or campaign is measured by (the sandbox simulates it). */
  conversionEvent: string;
}

export interface ProviderConfig {
  id: number | null;
  name: string;
  kind: string;
  channel: string;
  config: Record<string, unknown>;
}

/** What a simulated or real provider will report later about a sent message. */
export interface LaterEngagement {
  type: 'delivered' | 'opened' | 'clicked' | 'converted';
  afterMs: number;
  details?: Record<string, unknown>;
}

export type ContactEffect = 'opt_out' | 'dead_push_token' | 'bad_address';

export type SendOutcome =
  | { status: 'sent'; providerMessageId: string | null; engagement?: LaterEngagement[] }
  /** Worth trying again later (rate limited, provider down); retryAfterMs from Retry-After when given. */
  | { status: 'retry'; error: string; retryAfterMs?: number }
  /** Will never work as it is; `contact` says what to change on the customer so we stop trying. */
  | { status: 'failed'; error: string; contact?: ContactEffect };

export interface ProviderAdapter {
  readonly kind: string;
  /** Repeating a request with the same idempotency key is safe: the provider delivers it once. */
  readonly idempotent: boolean;
  /** Sends nothing over the network (the sandbox): no request can be left in doubt, so no need to send in small chunks. */
  readonly local?: boolean;
  /** Requests per second this provider accepts unless its settings say otherwise (null: no limit). */
  readonly defaultRatePerSecond: number | null;
  send(message: OutgoingMessage, provider: ProviderConfig): Promise<SendOutcome>;
  /** For a local provider: the same answer, at once, so the outbox records it in the transaction that marked the message attempting. */
  sendNow?(message: OutgoingMessage, provider: ProviderConfig): SendOutcome;
  /** Asks the provider whether a message whose outcome we lost was delivered. */
  reconcile?(message: OutgoingMessage, provider: ProviderConfig): Promise<'sent' | 'not_sent' | 'unknown'>;
  close?(): Promise<void>;
}
