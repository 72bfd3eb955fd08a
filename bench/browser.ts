/** Chromium launches for the bench: one profile with the built extension, one without, same flags. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, loadExtensionFlags, requireBinary } from '../test/e2e/support/binaries';

export interface BenchBrowser {
  context: BrowserContext;
  worker: Worker | null;
  extensionId: string | null;
  close(): Promise<void>;
}

export async function launchBenchBrowser(extensionDir: string | null): Promise<BenchBrowser> {
  const profile = mkdtempSync(join(tmpdir(), extensionDir ? 'hc-bench-ext-' : 'hc-bench-plain-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBinary(CHROMIUM_PATH, 'chromium'),
    headless: false,
    viewport: { width: 1000, height: 800 },
    args: [
      '--headless=new',
      ...(extensionDir ? loadExtensionFlags(extensionDir) : []),
      ...CHROMIUM_FLAGS,
      '--enable-precise-memory-info',
    ],
  });
  let worker: Worker | null = null;
  if (extensionDir) worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  return {
    context,
    worker,
    extensionId: worker ? new URL(worker.url()).host : null,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function chromiumVersion(browser: BenchBrowser): Promise<string> {
  return browser.context.browser()?.version() ?? (await (async () => {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    const { product } = (await cdp.send('Browser.getVersion')) as { product: string };
    await page.close();
    return product;
  })());
}
