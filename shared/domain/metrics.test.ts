import { describe, expect, test } from 'vitest';
import { change, percent, rate } from './metrics';
import { chiSquarePValue, probabilityToBeatControl, sampleWarning } from './experiment-stats';

describe('metric formulas', () => {
  test('rates of the reference table 09 (CTR = clicks / impressions, CVR = conversions / impressions)', () => {
    expect(percent(rate(181, 2400))).toBe('7.54 %');
    expect(percent(rate(98, 2400))).toBe('4.08 %');
    expect(percent(rate(182, 1900))).toBe('9.58 %');
    expect(percent(rate(54, 1900))).toBe('2.84 %');
    expect(percent(rate(22, 684))).toBe('3.22 %');
    expect(percent(rate(6, 684))).toBe('0.88 %');
  });

  test('nothing to divide by is no value, not zero', () => {
    expect(rate(0, 0)).toBeNull();
    expect(percent(null)).toBe('—');
    expect(change(120, 100)).toBeCloseTo(0.2);
    expect(change(80, 100)).toBeCloseTo(-0.2);
    expect(change(5, 0)).toBeNull();
  });
});

describe('experiment statistics', () => {
  test('chi-square p-value of a 2x2 table matches the textbook value', () => {
    // 1000 vs 1000, 120 vs 90 conversions: chi2 = 4.786..., p = 0.0287 (df 1, no correction).
    expect(chiSquarePValue({ n: 1000, conversions: 120 }, { n: 1000, conversions: 90 })).toBeCloseTo(0.0287, 3);
    expect(chiSquarePValue({ n: 500, conversions: 50 }, { n: 500, conversions: 50 })).toBeCloseTo(1, 6);
    expect(chiSquarePValue({ n: 10, conversions: 0 }, { n: 10, conversions: 0 })).toBeNull();
  });

  test('probability to beat control: one half for equal arms, near 1 for a clear winner, symmetric', () => {
    expect(probabilityToBeatControl({ n: 1000, conversions: 100 }, { n: 1000, conversions: 100 })).toBeCloseTo(0.5, 2);
    const p = probabilityToBeatControl({ n: 1000, conversions: 120 }, { n: 1000, conversions: 90 });
    expect(p).toBeGreaterThan(0.98);
    expect(p).toBeLessThan(0.995);
    expect(probabilityToBeatControl({ n: 1000, conversions: 90 }, { n: 1000, conversions: 120 })).toBeCloseTo(1 - p, 6);
  });

  test('a warning when the sample cannot say much', () => {
    expect(sampleWarning({ n: 40, conversions: 3 }, { n: 45, conversions: 1 })).toContain('Too few customers');
    expect(sampleWarning({ n: 300, conversions: 2 }, { n: 300, conversions: 1 })).toContain('Too few conversions');
    expect(sampleWarning({ n: 1000, conversions: 120 }, { n: 1000, conversions: 90 })).toBeNull();
  });
});
