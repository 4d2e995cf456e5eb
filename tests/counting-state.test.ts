import { expect, test } from 'vitest';
import { countingState } from '../renderer/features/analytics/counting-state';

test('the counting banner stays away for the rows always behind while messages go out, and its bar keeps the most rows it saw', () => {
  expect(countingState(0, null)).toBeNull();
  expect(countingState(1_999, null)).toBeNull();
  expect(countingState(2_000, null)).toEqual({ left: 2_000, most: 2_000 });
  // Counting goes on: fewer left, the bar's length stays; new rows arriving lengthen it.
  const started = countingState(100_000, null);
  const halfway = countingState(50_000, started);
  expect(halfway).toEqual({ left: 50_000, most: 100_000 });
  expect(countingState(120_000, halfway)).toEqual({ left: 120_000, most: 120_000 });
  // Almost done: the banner goes.
  expect(countingState(1_500, halfway)).toBeNull();
});
