import { CHANNELS } from '../shared/domain/channels';
import { i18n } from './i18n';

/** Words and lists more than one screen offers. */

/** A channel's name in the UI's language ("E-mail" in French); an unknown one as written. */
export function channelLabel(channel: string): string {
  return (CHANNELS as readonly string[]).includes(channel) ? i18n.t(`channel.${channel}`) : channel;
}

/** Every IANA zone the browser knows, for zone pickers. */
export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
