/**
 * The partial index on messages in flight (migration 0007) covers exactly this condition; a query
 * that wants SQLite to use it for one of these statuses repeats it word for word.
 */
export const IN_FLIGHT = `status IN ('claimed', 'attempting', 'unknown')`;
