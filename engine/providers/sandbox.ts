import { createHash } from 'node:crypto';
import type { LaterEngagement, OutgoingMessage, ProviderAdapter, ProviderConfig, SendOutcome } from './provider';

/**
 * Sends nothing, and reports back what a real provider would: delivery, opens, clicks and a
 * conversion, each at a per-channel rate, a little later. The draws are a hash of the message's
 * idempotency key, so a simulation replays the same way every time and a resend changes nothing.
 * Defaults sit near the reference data (push: about 6 % of deliveries clicked, 4 % converting).
 */
export interface SandboxRates {
  delivered: number;
  opened: number;
  clicked: number;
  converted: number;
  /** Share refused for good (a hard bounce, a dead push token, an unknown number): 0 unless configured. */
  rejected?: number;
}

export const DEFAULT_SANDBOX_RATES: Record<string, SandboxRates> = {
  push: { delivered: 0.95, opened: 0.075, clicked: 0.06, converted: 0.04 },
  email: { delivered: 0.98, opened: 0.25, clicked: 0.035, converted: 0.01 },
  sms: { delivered: 0.97, opened: 0.9, clicked: 0.04, converted: 0.012 },
  whatsapp: { delivered: 0.97, opened: 0.7, clicked: 0.1, converted: 0.03 },
  in_app: { delivered: 1, opened: 0.4, clicked: 0.08, converted: 0.03 },
  webhook: { delivered: 1, opened: 0, clicked: 0, converted: 0 },
};

const MINUTE = 60_000;

/** What each of a message's draws decides: one word of the key's digest each. */
const DRAW = { rejected: 0, delivered: 1, deliveredAt: 2, engagement: 3, openedAt: 4, clickedAt: 5, amount: 6, convertedAt: 7 } as const;

/**
 * Eight uniform numbers in [0, 1) drawn from the key, the same on every run: one SHA-256 digest
 * read as eight 32-bit words (a digest per draw cost more than the rest of a sandbox send).
 */
function drawsOf(key: string): (which: keyof typeof DRAW) => number {
  const digest = createHash('sha256').update(key).digest();
  return (which) => digest.readUInt32BE(DRAW[which] * 4) / 2 ** 32;
}

export function ratesFor(provider: ProviderConfig, channel: string): SandboxRates {
  const configured = (provider.config['rates'] as Partial<SandboxRates> | undefined) ?? {};
  return { ...(DEFAULT_SANDBOX_RATES[channel] ?? DEFAULT_SANDBOX_RATES['push']!), ...configured };
}

export function simulateEngagement(message: OutgoingMessage, rates: SandboxRates): LaterEngagement[] {
  return engagementOf(drawsOf(message.idempotencyKey), message, rates);
}

function engagementOf(draw: ReturnType<typeof drawsOf>, message: OutgoingMessage, rates: SandboxRates): LaterEngagement[] {
  const later: LaterEngagement[] = [];
  if (draw('delivered') >= rates.delivered) return later;
  later.push({ type: 'delivered', afterMs: 2_000 + Math.floor(draw('deliveredAt') * 58_000) });
  // Opens, clicks and conversions nest: each is drawn as a share of deliveries, so the configured
  // rates are what the reports show (a click implies an open; a conversion implies a click).
  const roll = draw('engagement') / (message.engagementScale ?? 1);
  const openedAfter = 5 * MINUTE + Math.floor(draw('openedAt') * 115 * MINUTE);
  if (roll < Math.max(rates.opened, rates.clicked)) later.push({ type: 'opened', afterMs: openedAfter });
  if (roll < rates.clicked) {
    const clickedAfter = openedAfter + MINUTE + Math.floor(draw('clickedAt') * 9 * MINUTE);
    later.push({ type: 'clicked', afterMs: clickedAfter });
    if (roll < rates.converted && message.conversionEvent !== '') {
      const amount = 1000 + Math.floor(draw('amount') * 19_000);
      later.push({ type: 'converted', afterMs: clickedAfter + 10 * MINUTE + Math.floor(draw('convertedAt') * 170 * MINUTE), details: { event: message.conversionEvent, amount } });
    }
  }
  return later;
}

/** What a real provider says when it refuses a contact for good, and what that changes on the customer. */
function simulatedRejection(channel: string): SendOutcome {
  if (channel === 'push') return { status: 'failed', error: 'simulated: the push token is no longer registered', contact: 'dead_push_token' };
  if (channel === 'email') return { status: 'failed', error: 'simulated: hard bounce (mailbox does not exist)', contact: 'bad_address' };
  return { status: 'failed', error: `simulated: the ${channel} number cannot receive messages`, contact: 'bad_address' };
}

export const sandboxProvider: ProviderAdapter = {
  kind: 'sandbox',
  idempotent: true,
  local: true,
  defaultRatePerSecond: null,
  sendNow(message: OutgoingMessage, provider: ProviderConfig): SendOutcome {
    const rates = ratesFor(provider, message.channel);
    const draw = drawsOf(message.idempotencyKey);
    if (draw('rejected') < (rates.rejected ?? 0)) return simulatedRejection(message.channel);
    return { status: 'sent', providerMessageId: `sandbox-${message.id}`, engagement: engagementOf(draw, message, rates) };
  },
  async send(message: OutgoingMessage, provider: ProviderConfig): Promise<SendOutcome> {
    return this.sendNow!(message, provider);
  },
};
