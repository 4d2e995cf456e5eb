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
  /** Marketing messages carry List-Unsubscribe (email) and may use the provider's hosted unsubscribe. */
  marketing: boolean;
  /** This message's one-click unsubscribe address (the workspace's unsubscribe URL with the message key). */
  unsubscribeUrl: string;
  /** How readily a simulated customer answers it (the sandbox scales its rates by it); 1 when absent. */
  engagementScale?: number;
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

/** Something a provider reported about a sent message: from a status poll, a webhook or an export. */
export interface ProviderEvent {
  /** The provider's id of the message, as its send answered; or our message id where the provider echoes it back. */
  providerMessageId?: string;
  messageId?: number;
  type: 'delivered' | 'opened' | 'clicked' | 'bounced' | 'unsubscribed' | 'failed';
  ts: number;
  /** The provider's id of this event, so the same event seen twice counts once. */
  eventId: string;
  details?: Record<string, unknown>;
}

/** A provider's webhook call as the web host received it. */
export interface InboundRequest {
  method: string;
  /** The full URL the provider called (Twilio signs it). */
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface InboundResult {
  events: ProviderEvent[];
  /** What to answer when the provider expects something particular (Meta's verification challenge). */
  reply?: { status: number; body: string; contentType?: string };
}

export interface PollRequest {
  /** Messages sent in the last two days whose fate is not final yet, oldest first. */
  pending: { messageId: number; providerMessageId: string }[];
  /** Where the previous poll stopped (the provider's own paging), null at first. */
  cursor: string | null;
  now: number;
}

/** A message whose answer was lost, as the provider can be asked about it. */
export interface ReconcileRequest {
  messageId: number;
  idempotencyKey: string;
  channel: string;
  to: Recipient;
  /** What was sent, as rendered then. */
  content: RenderedContent;
  /** When it was first handed to the provider. */
  firstAttemptAt: number;
  now: number;
}

/** sent: the provider has it (its id, where it says); not_sent: it provably does not; unknown: ask again later, or the user decides. */
export type ReconcileVerdict = { verdict: 'sent'; providerMessageId: string | null } | { verdict: 'not_sent' } | { verdict: 'unknown' };

export type ContactEffect = 'opt_out' | 'dead_push_token' | 'bad_address';

export type SendOutcome =
  | { status: 'sent'; providerMessageId: string | null; engagement?: LaterEngagement[] }
  /** Worth trying again later (rate limited, provider down); retryAfterMs from Retry-After when given. */
  | { status: 'retry'; error: string; retryAfterMs?: number }
  /** Will never work as it is; `contact` says what to change on the customer so we stop trying. */
  | { status: 'failed'; error: string; contact?: ContactEffect }
  /** The request may have reached the provider but no answer came: resent only where the provider drops repeats. */
  | { status: 'unknown'; error: string };

export interface ProviderAdapter {
  readonly kind: string;
  /** Repeating a request with the same idempotency key is safe: the provider delivers it once. */
  readonly idempotent: boolean;
  /** How long after the first attempt the provider still drops a repeat of the key (default: always, for idempotent ones). */
  readonly idempotencyWindowMs?: number;
  /** Sends nothing over the network (the sandbox): no request can be left in doubt, so no need to send in small chunks. */
  readonly local?: boolean;
  /** Requests per second this provider accepts unless its settings say otherwise (null: no limit). */
  readonly defaultRatePerSecond: number | null;
  send(message: OutgoingMessage, provider: ProviderConfig): Promise<SendOutcome>;
  /** For a local provider: the same answer, at once, so the outbox records it in the transaction that marked the message attempting. */
  sendNow?(message: OutgoingMessage, provider: ProviderConfig): SendOutcome;
  /** Asks the provider what became of sent messages (delivery, opens...) where its API allows it. */
  poll?(provider: ProviderConfig, request: PollRequest): Promise<{ events: ProviderEvent[]; cursor: string | null }>;
  /** Reads (and authenticates) the provider's webhook call; throws when its signature does not check out. */
  receive?(request: InboundRequest, provider: ProviderConfig): InboundResult;
  /** Asks the provider whether a message whose answer was lost reached it. */
  reconcile?(request: ReconcileRequest, provider: ProviderConfig): Promise<ReconcileVerdict>;
  close?(): Promise<void>;
}
