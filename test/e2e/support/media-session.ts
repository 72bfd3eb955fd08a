import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page as PlaywrightPage } from 'playwright-core';
import puppeteer, { type Page as PuppeteerPage } from 'puppeteer-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, FIREFOX_PATH, loadExtensionFlags, requireBinary } from './binaries';
import type { PageDriver } from './browser-session';
import { builtExtensionDir } from './extension-dirs';

/** What the operating system tells pages about the reader's preferences. */
export interface MediaPreferences {
  colorScheme: 'light' | 'dark';
  reducedMotion: 'reduce' | 'no-preference';
}

export interface MediaSession {
  driver: PageDriver;
  close(): Promise<void>;
}

/**
 * A browser with the extension whose pages see `prefers-color-scheme` and `prefers-reduced-motion`
 * as given, set at launch: Chromium through Playwright's emulation, Firefox through its `ui.*`
 * preferences (WebDriver BiDi has no media emulation). Only what the theme tests need of a page.
 */
export async function launchWithMedia(browser: 'chromium' | 'firefox', media: MediaPreferences): Promise<MediaSession> {
  return browser === 'chromium' ? chromiumWithMedia(media) : firefoxWithMedia(media);
}

async function chromiumWithMedia(media: MediaPreferences): Promise<MediaSession> {
  const extension = builtExtensionDir('chrome');
  const profile = mkdtempSync(join(tmpdir(), 'hc-chromium-media-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBinary(CHROMIUM_PATH, 'chromium'),
    headless: false,
    viewport: { width: 1000, height: 900 },
    colorScheme: media.colorScheme,
    reducedMotion: media.reducedMotion,
    args: ['--headless=new', ...loadExtensionFlags(extension), ...CHROMIUM_FLAGS],
  });
  if (context.serviceWorkers().length === 0) await context.waitForEvent('serviceworker', { timeout: 20_000 });
  const page = await context.newPage();
  return {
    driver: driverOf(page),
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function firefoxWithMedia(media: MediaPreferences): Promise<MediaSession> {
  const dark = media.colorScheme === 'dark';
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: requireBinary(FIREFOX_PATH, 'firefox-esr'),
    headless: true,
    defaultViewport: { width: 1000, height: 900 },
    extraPrefsFirefox: {
      'ui.systemUsesDarkTheme': dark ? 1 : 0,
      // 0 dark, 1 light: what web content sees, whatever the browser's own theme.
      'layout.css.prefers-color-scheme.content-override': dark ? 0 : 1,
      'ui.prefersReducedMotion': media.reducedMotion === 'reduce' ? 1 : 0,
    },
  });
  await browser.installExtension(builtExtensionDir('firefox'));
  const page = await browser.newPage();
  return { driver: driverOf(page), close: () => browser.close() };
}

/** The two libraries' pages share these calls. */
function driverOf(page: PlaywrightPage | PuppeteerPage): PageDriver {
  const p = page as PlaywrightPage & PuppeteerPage;
  return {
    requestedUrls: [],
    goto: async (url) => void (await p.goto(url)),
    evaluate: (fn) => p.evaluate(fn),
    evaluateWith: (fn, arg) => p.evaluate(fn as never, arg),
    hover: (selector) => p.hover(selector),
    mouseMove: (x, y) => p.mouse.move(x, y, { steps: 5 }),
    focus: (selector) => p.focus(selector),
    click: (selector) => p.click(selector),
    press: (key) => p.keyboard.press(key as never),
    screenshot: async (path) => void (await p.screenshot({ path: path as `${string}.png` })),
    domCounters: async () => null,
    close: () => p.close(),
  };
}
