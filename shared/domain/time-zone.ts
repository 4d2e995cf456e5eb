/** IANA time zone names are checked with the platform's own Intl data, available in Node, Chromium and Electron alike. */
export function isValidTimeZone(name: string): boolean {
  if (name.length === 0) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** The reference case works in Algeria (UTC+1, no daylight saving); a workspace starts there and can be changed. */
export const DEFAULT_WORKSPACE_TIME_ZONE = 'Africa/Algiers';
export const DEFAULT_PHONE_COUNTRY = 'DZ';
