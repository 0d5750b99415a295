// Real browsers for the tests: Debian's Chromium driven by playwright-core and
// Debian's Firefox ESR driven by puppeteer-core over WebDriver BiDi. Neither
// library downloads a browser; both are pointed at the installed binaries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';

/** The engines every browser test runs in. */
export const engines = ['chromium', 'firefox'];

// Without the background-networking flags Chromium keeps dialling Google's
// hosts, which this machine's closed network refuses.
const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Opens `url` in a fresh headless `engine` and returns a small uniform handle:
 * `evaluate(fn)`, `waitFor(fn, timeoutMs)`, `screenshot(path)`, the page errors
 * and console errors seen so far, and `close()`.
 */
export async function openPage(engine, url) {
  const profile = mkdtempSync(join(tmpdir(), `wasm-views-${engine}-`));
  const errors = [];
  let browser;
  let page;
  if (engine === 'chromium') {
    // playwright gives every launch a fresh temporary profile of its own.
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: chromiumArgs });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  } else if (engine === 'firefox') {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: '/usr/bin/firefox-esr',
      headless: true,
      userDataDir: profile,
    });
    page = await browser.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  } else {
    throw new TypeError(`unknown engine ${engine}`);
  }
  await page.goto(url);
  return {
    errors,
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    async waitFor(fn, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = await page.evaluate(fn);
        if (value !== undefined && value !== null) return value;
        if (errors.length) throw new Error(`page failed: ${errors.join('\n')}`);
        if (Date.now() > deadline)
          throw new Error(`timed out after ${timeoutMs} ms waiting on ${url}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    screenshot: (path) => page.screenshot({ path }),
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
