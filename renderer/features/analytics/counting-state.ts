/** What the counting banner shows: nothing for the few rows always behind while messages go out. */
const NOT_WORTH_SAYING = 2_000;

export interface CountingState {
  left: number;
  /** The most rows seen behind since the banner appeared: the progress bar's length. */
  most: number;
}

/** What the banner shows for rows still to count, given what it showed before (null: nothing). */
export function countingState(rowsBehind: number, previous: CountingState | null): CountingState | null {
  // A few rows behind is the normal state while messages go out: counted within a moment, not worth a banner.
  if (rowsBehind < NOT_WORTH_SAYING) return null;
  return { left: rowsBehind, most: Math.max(rowsBehind, previous?.most ?? 0) };
}
