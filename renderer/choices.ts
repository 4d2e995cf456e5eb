/** Words and lists more than one screen offers. */
export { CHANNEL_LABELS } from '../shared/domain/channels';

/** Every IANA zone the browser knows, for zone pickers. */
export const TIME_ZONES: readonly string[] = Intl.supportedValuesOf('timeZone');
