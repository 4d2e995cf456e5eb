const checkedZones = new Map<string, boolean>();

/**
 * IANA time zone names are checked with the platform's own Intl data, available in Node, Chromium
 * and Electron alike. Building a DateTimeFormat costs tens of microseconds and an import checks
 * every row, so answers are remembered.
 */
export function isValidTimeZone(name: string): boolean {
  if (name.length === 0 || name.length > 64) return false;
  const known = checkedZones.get(name);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    valid = true;
  } catch {
    valid = false;
  }
  if (checkedZones.size < 10_000) checkedZones.set(name, valid);
  return valid;
}

/** The reference case works in Algeria (UTC+1, no daylight saving); a workspace starts there and can be changed. */
export const DEFAULT_WORKSPACE_TIME_ZONE = 'Africa/Algiers';
export const DEFAULT_PHONE_COUNTRY = 'DZ';
