/**
 * `npm run screenshots`: pictures of the real extension for the README and the stores — the tooltip
 * on the demo timeline, the popup and the options page, in light and dark — written to docs/.
 * Builds the extension, serves the demo timeline on 127.0.0.1 and drives Debian's Chromium.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'wxt';
import { TimelinePage } from '../test/e2e/pages/timeline-page';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, loadExtensionFlags, requireBinary } from '../test/e2e/support/binaries';
import { builtExtensionDir } from '../test/e2e/support/extension-dirs';
import { startTimelineServer } from '../test/fixtures/timeline/serve';
import type { PageDriver } from '../test/e2e/support/browser-session';

const OUT = resolve('docs');
type Scheme = 'light' | 'dark';

await build({ mode: 'e2e', browser: 'chrome' });
const server = await startTimelineServer();
mkdirSync(OUT, { recursive: true });

for (const scheme of ['light', 'dark'] as const) {
  const profile = mkdtempSync(join(tmpdir(), 'hc-shots-'));
  const extension = builtExtensionDir('chrome');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBinary(CHROMIUM_PATH, 'chromium'),
    headless: false,
    colorScheme: scheme,
    viewport: { width: 900, height: 700 },
    args: ['--headless=new', ...loadExtensionFlags(extension), ...CHROMIUM_FLAGS],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const origin = `chrome-extension://${new URL(worker.url()).host}`;
    await shootTooltip(context, scheme);
    await shootPage(context, `${origin}/popup.html`, `popup-${scheme}.png`, { width: 320, height: 560 });
    await shootPage(context, `${origin}/options.html`, `options-${scheme}.png`, { width: 900, height: 1100 });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
await server.close();
console.log(`Screenshots in ${OUT}`);

async function shootTooltip(context: BrowserContext, scheme: Scheme) {
  const page = await context.newPage();
  const theme = scheme === 'light' ? 'mastodon-light' : 'default';
  await page.goto(`${server.timelineUrl}?theme=${theme}&swap=off`);
  const timeline = new TimelinePage(asDriver(page));
  const [postId] = await timeline.waitForVisibleProtokollLinks(1);
  await page.hover(timeline.protokollLink(postId!));
  await timeline.waitForTooltip(true, postId);
  await page.waitForTimeout(400); // the fade-in
  await page.screenshot({ path: join(OUT, `tooltip-${scheme}.png`) });
  await page.close();
}

async function shootPage(context: BrowserContext, url: string, file: string, viewport: { width: number; height: number }) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(url);
  await page.waitForTimeout(500);
  await page.screenshot({ path: join(OUT, file), fullPage: true });
  await page.close();
}

/** The two calls TimelinePage needs, on a Playwright page. */
function asDriver(page: Page): PageDriver {
  return {
    evaluate: (fn) => page.evaluate(fn),
    evaluateWith: (fn, arg) => page.evaluate(fn as never, arg),
  } as PageDriver;
}
