import type { FlowChannel } from '../shared/domain/flow';

/** Words and lists more than one screen offers. */
export const CHANNEL_LABELS: Record<FlowChannel, string> = { push: 'Push', email: 'Email', sms: 'SMS', whatsapp: 'WhatsApp', in_app: 'In-app', webhook: 'Webhook' };

/** Every IANA zone the browser knows, for zone pickers. */
export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
