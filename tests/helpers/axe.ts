import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** One rule broken on the page, with where (CSS selectors of the first elements that break it). */
export interface AxeProblem {
  rule: string;
  impact: string;
  help: string;
  where: string[];
}

/**
 * Runs axe-core (the accessibility engine browsers' tools use) on the page as it is now, and returns
 * the serious and critical problems. The script is evaluated through the debugging protocol, which
 * the page's Content-Security-Policy does not apply to, so the page's own policy stays as it is.
 */
export async function seriousAxeProblems(page: Page): Promise<AxeProblem[]> {
  const loaded = await page.evaluate('typeof globalThis.axe === "object"');
  if (!loaded) await page.evaluate(`${axeSource}\n;0`);
  const problems = (await page.evaluate(`globalThis.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help, where: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    })))`)) as AxeProblem[];
  return problems.filter((p) => p.impact === 'serious' || p.impact === 'critical');
}
