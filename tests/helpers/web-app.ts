import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { launchBrowser, watchPageErrors } from './browser';
import { makeTempDir } from './temp-dir';
import { startWebHostProcess, type RunningWebHost } from './web-host-process';

/** What a browser test works with: the web host on a fresh data folder, a page, and the page's errors. */
export interface WebApp {
  /** The data folder the host runs on (tests may put files beside the workspace). */
  dir: string;
  host: RunningWebHost;
  browser: Browser;
  page: Page;
  /** Console errors and Content-Security-Policy violations seen so far. */
  problems: string[];
}

/**
 * Starts `campaign-studio web` on a fresh folder (after `prepare`, if given) and Chromium for a
 * describe block, filled in before its tests run, with the app open (unless `open: false`); stops
 * both and removes the folder after.
 */
export function useWebApp(
  options: {
    page?: BrowserContextOptions;
    prepare?: (host: RunningWebHost, dir: string) => Promise<void>;
    /** false: the page is left blank, for a test that opens the app itself (after routing requests, say). */
    open?: boolean;
  } = {},
): WebApp {
  const temp = makeTempDir();
  const app = { dir: temp.dir } as WebApp;
  beforeAll(async () => {
    app.host = await startWebHostProcess(temp.dir);
    await options.prepare?.(app.host, temp.dir);
    app.browser = await launchBrowser();
    app.page = await app.browser.newPage(options.page);
    app.problems = watchPageErrors(app.page);
    if (options.open !== false) await app.page.goto(app.host.openUrl);
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.host?.stop();
    temp.cleanup();
  });
  return app;
}
