/**
 * `npm run screenshots`: pictures of the real extension for the README and the stores — the tooltip
 * and the context chips on the demo timeline, the popup and the options page, in light and dark, and
 * timeline, popup and options on a 360 px wide touch screen — written to docs/; and the stores'
 * 1280 × 800 pictures (tooltip, chips, options; light and dark) — written to store/screenshots/.
 * Builds the extension, serves the demo timeline on 127.0.0.1 and drives Debian's Chromium.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'wxt';
import { centre, scrollToAChip, type ChipInfo } from '../test/e2e/pages/chips';
import { activateTabWithContentScript, sendToBackground } from '../test/e2e/pages/extension-pages';
import { TimelinePage } from '../test/e2e/pages/timeline-page';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, loadExtensionFlags, requireBinary } from '../test/e2e/support/binaries';
import { builtExtensionDir } from '../test/e2e/support/extension-dirs';
import { startTimelineServer } from '../test/fixtures/timeline/serve';
import type { PageDriver } from '../test/e2e/support/browser-session';

const OUT = resolve('docs');
const STORE = resolve('store/screenshots');
/** The size both the Chrome Web Store and addons.mozilla.org take. */
const STORE_VIEWPORT = { width: 1280, height: 800 };
type Scheme = 'light' | 'dark';
/** Lets the script click the toolbar button (CDP `Extensions.triggerAction`), as a reader does. */
const ACTION_FLAGS = ['--enable-unsafe-extension-debugging'];
type Viewport = { width: number; height: number };

await build({ mode: 'e2e', browser: 'chrome' });
const server = await startTimelineServer();
mkdirSync(OUT, { recursive: true });
mkdirSync(STORE, { recursive: true });

for (const scheme of ['light', 'dark'] as const) {
  const profile = mkdtempSync(join(tmpdir(), 'hc-shots-'));
  const extension = builtExtensionDir('chrome');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBinary(CHROMIUM_PATH, 'chromium'),
    headless: false,
    colorScheme: scheme,
    viewport: { width: 900, height: 700 },
    args: ['--headless=new', ...loadExtensionFlags(extension), ...CHROMIUM_FLAGS, ...ACTION_FLAGS],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const origin = `chrome-extension://${new URL(worker.url()).host}`;
    await shootTooltip(context, scheme, join(OUT, `tooltip-${scheme}.png`));
    await shootChips(context, scheme, join(OUT, `chips-${scheme}.png`));
    await shootPopup(context, origin, scheme, join(OUT, `popup-${scheme}.png`), { width: 320, height: 600 });
    await addCorrections(context, origin);
    await shootPage(context, `${origin}/options.html`, join(OUT, `options-${scheme}.png`), { width: 900, height: 1100 });
    await shootTooltip(context, scheme, join(STORE, `1-tooltip-${scheme}.png`), STORE_VIEWPORT);
    await shootChips(context, scheme, join(STORE, `2-chips-${scheme}.png`), STORE_VIEWPORT);
    await shootPage(context, `${origin}/options.html`, join(STORE, `3-options-${scheme}.png`), STORE_VIEWPORT, { fullPage: false });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

// A 360 px wide touch screen (Firefox for Android's size class): the timeline with a tapped chip, popup, options.
{
  const profile = mkdtempSync(join(tmpdir(), 'hc-shots-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBinary(CHROMIUM_PATH, 'chromium'),
    headless: false,
    colorScheme: 'light',
    viewport: { width: 360, height: 740 },
    hasTouch: true,
    args: ['--headless=new', ...loadExtensionFlags(builtExtensionDir('chrome')), ...CHROMIUM_FLAGS, ...ACTION_FLAGS],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    const origin = `chrome-extension://${new URL(worker.url()).host}`;
    await shootNarrowTimeline(context);
    await shootPopup(context, origin, 'light', join(OUT, 'narrow-popup.png'), { width: 360, height: 740 });
    await shootPage(context, `${origin}/options.html`, join(OUT, 'narrow-options.png'), { width: 360, height: 740 });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
await server.close();
console.log(`Screenshots in ${OUT}`);

async function shootTooltip(context: BrowserContext, scheme: Scheme, path: string, viewport?: Viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const theme = scheme === 'light' ? 'mastodon-light' : 'default';
  await page.goto(`${server.timelineUrl}?theme=${theme}&swap=off`);
  const timeline = new TimelinePage(asDriver(page));
  const [postId] = await timeline.waitForVisibleProtokollLinks(1);
  await page.hover(timeline.protokollLink(postId!));
  await timeline.waitForTooltip(true, postId);
  await page.waitForTimeout(400); // the fade-in
  await page.screenshot({ path });
  await page.close();
}

/** Chips beside the hashtags of a few posts, one of them clicked: its tooltip pinned open. */
async function shootChips(context: BrowserContext, scheme: Scheme, path: string, viewport?: Viewport) {
  const page = await context.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const theme = scheme === 'light' ? 'mastodon-light' : 'default';
  await page.goto(`${server.timelineUrl}?theme=${theme}&swap=off`);
  const driver = asDriver(page);
  const timeline = new TimelinePage(driver);
  await timeline.waitForLabels(10);
  // A network-protocol chip, with the legislation posts above it: more than one context in the picture.
  const protocol = (chip: ChipInfo) => chip.category === 'network_protocol';
  const chip = await scrollToAChip(driver, protocol);
  await page.evaluate((y) => window.scrollBy(0, y - window.innerHeight * 0.7), chip.target.y);
  await page.waitForTimeout(300);
  const again = await scrollToAChip(driver, protocol);
  await page.mouse.click(centre(again).x, centre(again).y);
  await timeline.waitForTooltip(true, again.articleId!);
  await page.mouse.move(5, 5);
  await page.waitForTimeout(400); // the fade-in
  await page.screenshot({ path });
  await page.close();
}

/** The timeline on a narrow touch screen, a chip tapped: the tooltip pinned open beside it. */
async function shootNarrowTimeline(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto(`${server.timelineUrl}?theme=mastodon-light&swap=off`);
  const driver = asDriver(page);
  const timeline = new TimelinePage(driver);
  await timeline.waitForLabels(10);
  const chip = await scrollToAChip(driver);
  await page.evaluate((y) => window.scrollBy(0, y - window.innerHeight * 0.6), chip.target.y);
  await page.waitForTimeout(300);
  const again = await scrollToAChip(driver);
  await page.touchscreen.tap(centre(again).x, centre(again).y);
  await timeline.waitForTooltip(true, again.articleId!);
  await page.waitForTimeout(400);
  await page.screenshot({ path: join(OUT, 'narrow-timeline.png') });
  await page.close();
}

async function shootPage(context: BrowserContext, url: string, path: string, viewport: Viewport, { fullPage = true } = {}) {
  const page = await context.newPage();
  await page.setViewportSize(viewport);
  await page.goto(url);
  await page.waitForTimeout(500);
  await page.screenshot({ path, fullPage });
  await page.close();
}

/**
 * The popup as a reader sees it over the demo timeline: the timeline's tab active (the popup page,
 * opened as a tab here, asks the active tab), its chart counting the labelled posts.
 */
async function shootPopup(context: BrowserContext, origin: string, scheme: Scheme, path: string, viewport: Viewport) {
  const timelinePage = await context.newPage();
  const theme = scheme === 'light' ? 'mastodon-light' : 'default';
  await timelinePage.goto(`${server.timelineUrl}?theme=${theme}`);
  await new TimelinePage(asDriver(timelinePage)).waitForLabels(10);
  await clickToolbarButton(context, origin, timelinePage.url());
  const popup = await context.newPage();
  await popup.setViewportSize(viewport);
  await popup.goto(`${origin}/popup.html`);
  await activateTabWithContentScript(asDriver(popup));
  await popup.reload(); // read the active tab afresh, as a popup opened over the timeline does
  await popup.waitForSelector('[data-testid="page-chart"][data-state="active"]');
  await popup.waitForTimeout(400);
  await popup.screenshot({ path, fullPage: true });
  await popup.close();
  await timelinePage.close();
}

/**
 * Clicks the extension's toolbar button over the tab with this URL: the browser grants `activeTab`
 * for it, so the popup may read the tab's address (its "Enable / Disable on this site" needs it).
 * The real popup opens and closes unseen; Playwright cannot picture it, so a tab shows the same page.
 */
async function clickToolbarButton(context: BrowserContext, origin: string, url: string): Promise<void> {
  const cdp = await context.browser()!.newBrowserCDPSession();
  const { targetInfos } = (await cdp.send('Target.getTargets', { filter: [{ type: 'tab' }] } as never)) as {
    targetInfos: { targetId: string; type: string; url: string }[];
  };
  const tab = targetInfos.find((target) => target.type === 'tab' && target.url === url);
  if (!tab) throw new Error(`no tab target for ${url}`);
  await cdp.send('Extensions.triggerAction' as never, { id: new URL(origin).host, targetId: tab.targetId } as never);
  await cdp.detach();
}

/** The two calls TimelinePage needs, on a Playwright page. */
function asDriver(page: Page): PageDriver {
  return {
    evaluate: (fn) => page.evaluate(fn),
    evaluateWith: (fn, arg) => page.evaluate(fn as never, arg),
  } as PageDriver;
}

/** A few corrections from the demo timeline, as a reader would make them in the tooltip, so the options page lists some. */
async function addCorrections(context: BrowserContext, origin: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`${origin}/popup.html`);
  const posts = readFileSync(resolve('test/fixtures/seed-posts.jsonl'), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { id: string; tag: string; text: string; label: string })
    .filter((post) => post.tag === 'Protokoll')
    .slice(0, 3);
  for (const post of posts) {
    const request = { type: 'hc:correct', post: { key: `demo:${post.id}`, text: post.text, watchedTags: ['protokoll'] }, category: post.label };
    await sendToBackground(asDriver(page), request);
  }
  await page.close();
}

