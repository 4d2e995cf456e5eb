/// <reference path="../types/jstat.d.ts" />
import jStat from 'jstat';

/**
 * The statistics of an experiment (a random split with a control group): a frequentist p-value and
 * a Bayesian probability, both from the counts alone, and a warning when the counts are too small.
 */
export interface ArmCounts {
  /** Customers assigned to the arm. */
  n: number;
  conversions: number;
}

/**
 * Pearson's chi-square test of independence on the 2x2 table (converted or not, variant or
 * control), one degree of freedom, without continuity correction. Null when a margin is empty.
 */
export function chiSquarePValue(variant: ArmCounts, control: ArmCounts): number | null {
  const a = variant.conversions;
  const b = variant.n - variant.conversions;
  const c = control.conversions;
  const d = control.n - control.conversions;
  const n = a + b + c + d;
  const margins = (a + b) * (c + d) * (a + c) * (b + d);
  if (margins === 0) return null;
  const chi2 = (n * (a * d - b * c) ** 2) / margins;
  return 1 - jStat.chisquare.cdf(chi2, 1);
}

/**
 * P(variant's true rate > control's) with uniform Beta(1, 1) priors, exactly: the closed-form sum
 * over the variant's successes (Evan Miller's formula), in log space. Exact and deterministic, so
 * the same data always shows the same probability.
 */
export function probabilityToBeatControl(variant: ArmCounts, control: ArmCounts): number {
  const alphaB = variant.conversions + 1;
  const betaB = variant.n - variant.conversions + 1;
  const alphaA = control.conversions + 1;
  const betaA = control.n - control.conversions + 1;
  let total = 0;
  for (let i = 0; i < alphaB; i++) {
    total += Math.exp(jStat.betaln(alphaA + i, betaA + betaB) - Math.log(betaB + i) - jStat.betaln(1 + i, betaB) - jStat.betaln(alphaA, betaA));
  }
  return Math.min(1, Math.max(0, total));
}

/** When a test cannot say much: fewer than 100 customers in an arm, or an expected cell under 5. */
export function sampleWarning(variant: ArmCounts, control: ArmCounts): string | null {
  if (variant.n < 100 || control.n < 100) return `Too few customers to say (${variant.n} and ${control.n}; at least 100 per group).`;
  const total = variant.n + control.n;
  const converted = variant.conversions + control.conversions;
  const expected = [variant.n, control.n].flatMap((n) => [(n * converted) / total, (n * (total - converted)) / total]);
  if (expected.some((e) => e < 5)) return 'Too few conversions to say (an expected count under 5): keep the test running.';
  return null;
}
