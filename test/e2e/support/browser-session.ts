import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page as PlaywrightPage } from 'playwright-core';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from 'puppeteer-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, FIREFOX_PATH, loadExtensionFlags, requireBinary } from './binaries';
import { builtExtensionDir } from './extension-dirs';
import type { NetworkSentinel } from './network-sentinel';
import { waitUntil } from './wait';

/** The few page actions the end-to-end tests need, the same in both browsers. */
export interface PageDriver {
  goto(url: string): Promise<void>;
  /** The browser's Back; resolves once the previous page is shown (from the back/forward cache, it fires no load). */
  back(): Promise<void>;
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
  evaluateWith<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  hover(selector: string): Promise<void>;
  mouseMove(x: number, y: number): Promise<void>;
  focus(selector: string): Promise<void>;
  click(selector: string): Promise<void>;
  press(key: string): Promise<void>;
  /** Types text into the focused element, key by key. */
  type(text: string): Promise<void>;
  /** A mouse click, or a tap on a touch screen (Chromium launched with `hasTouch`), at a point of the viewport. */
  clickAt(x: number, y: number): Promise<void>;
  tapAt(x: number, y: number): Promise<void>;
  screenshot(path: string): Promise<void>;
  /** Every URL this page requested, in order. */
  readonly requestedUrls: string[];
  /** DOM nodes and JS event listeners of the page, all worlds included (Chromium's DevTools protocol); null elsewhere. */
  domCounters(): Promise<{ nodes: number; jsEventListeners: number } | null>;
  close(): Promise<void>;
}

export interface BrowserSession {
  readonly name: 'chromium' | 'firefox';
  newPage(): Promise<PageDriver>;
  /** URL of a page inside the extension, e.g. `/popup.html`. */
  extensionUrl(path: string): string;
  /** URLs the extension's background requested, where the browser lets a test see them (Chromium). */
  readonly backgroundRequestedUrls: string[];
  /** Chromium: stops the extension's service worker, as Chrome does when it is idle; resolves once it is gone. */
  stopBackground?(): Promise<void>;
  close(): Promise<void>;
}

const FIREFOX_ADDON_ID = 'hashtag-context@hashtag-context.dev';
/** Fixed so tests can open the extension's pages (Firefox otherwise picks a random one). */
const FIREFOX_INTERNAL_UUID = '6c3f9c1e-5c53-4d4e-9a5e-4b1f2a6f0d11';

export interface LaunchOptions {
  headless?: boolean;
  sentinel?: NetworkSentinel;
  viewport?: { width: number; height: number };
  /** The colour scheme pages see in `prefers-color-scheme` (the browser's default when absent). */
  colorScheme?: 'light' | 'dark';
  /** What pages see in `prefers-reduced-motion` (the browser's default when absent). */
  reducedMotion?: 'reduce' | 'no-preference';
  /** Chromium: this profile directory instead of a fresh one, kept on close (to relaunch the same browser). */
  profileDir?: string;
  /** Touch emulation (Chromium): touch events, `pointer: coarse`, taps. */
  hasTouch?: boolean;
  /** Chromium: the browser's UI language (e.g. `de`), which picks the extension's `_locales`. */
  language?: string;
  /** Chromium: keep the back/forward cache on (Playwright turns it off by default). */
  backForwardCache?: boolean;
}

export async function launchChromium(options: LaunchOptions = {}): Promise<BrowserSession> {
  const executablePath = requireBinary(CHROMIUM_PATH, 'chromium');
  const extension = builtExtensionDir('chrome');
  const profile = options.profileDir ?? mkdtempSync(join(tmpdir(), 'hc-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: false,
    viewport: options.viewport ?? { width: 1000, height: 800 },
    ...(options.colorScheme && { colorScheme: options.colorScheme }),
    ...(options.reducedMotion && { reducedMotion: options.reducedMotion }),
    hasTouch: options.hasTouch ?? false,
    ...(options.language && { locale: options.language, env: { ...process.env, LANGUAGE: options.language } }),
    ...(options.backForwardCache && { ignoreDefaultArgs: ['--disable-back-forward-cache'] }),
    args: [
      ...(options.language ? [`--lang=${options.language}`] : []),
      ...(options.headless === false ? [] : ['--headless=new']),
      ...loadExtensionFlags(extension),
      ...CHROMIUM_FLAGS,
      ...(options.sentinel ? [`--proxy-server=http://127.0.0.1:${options.sentinel.port}`] : []),
    ],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
  const extensionId = new URL(worker.url()).host;
  const backgroundRequestedUrls: string[] = [];
  context.on('request', (request) => request.serviceWorker() && backgroundRequestedUrls.push(request.url()));
  return {
    name: 'chromium',
    backgroundRequestedUrls,
    newPage: async () => { const p = await context.newPage(); if (process.env.HC_DEBUG) p.on('console', (m) => console.log('[page]', m.text())); return playwrightDriver(p); },
    extensionUrl: (path) => `chrome-extension://${extensionId}${path}`,
    stopBackground: async () => {
      // DevTools' ServiceWorker domain of any page sees the extension's worker; stopWorker is what
      // chrome://serviceworker-internals' "Stop" does. (stopAllWorkers leaves extension workers alone.)
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      const status = new Map<string, string>();
      let changed = () => undefined as void;
      cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }: { versions: { versionId: string; scriptURL: string; runningStatus: string }[] }) => {
        for (const v of versions) if (v.scriptURL.startsWith(`chrome-extension://${extensionId}/`)) status.set(v.versionId, v.runningStatus);
        changed();
      });
      await cdp.send('ServiceWorker.enable');
      await waitUntil(async () => status.size, (n) => n > 0, () => 'the extension has no service worker version', 5_000);
      for (const [versionId, running] of status) if (running !== 'stopped') await cdp.send('ServiceWorker.stopWorker', { versionId });
      await new Promise<void>((resolve) => {
        changed = () => [...status.values()].every((running) => running === 'stopped') && resolve();
        changed();
      });
      await cdp.detach();
    },
    close: async () => {
      await context.close();
      if (!options.profileDir) rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function launchFirefox(options: LaunchOptions = {}): Promise<BrowserSession> {
  const executablePath = requireBinary(FIREFOX_PATH, 'firefox-esr');
  const extension = builtExtensionDir('firefox');
  const proxy = options.sentinel
    ? {
        'network.proxy.type': 1,
        'network.proxy.http': '127.0.0.1',
        'network.proxy.http_port': options.sentinel.port,
        'network.proxy.ssl': '127.0.0.1',
        'network.proxy.ssl_port': options.sentinel.port,
        'network.proxy.share_proxy_settings': true,
      }
    : {};
  // Firefox's preferences, as WebDriver BiDi has no media emulation. Content override: 0 dark, 1 light.
  const colorScheme = options.colorScheme
    ? {
        'ui.systemUsesDarkTheme': options.colorScheme === 'dark' ? 1 : 0,
        'layout.css.prefers-color-scheme.content-override': options.colorScheme === 'dark' ? 0 : 1,
      }
    : {};
  const reducedMotion = options.reducedMotion ? { 'ui.prefersReducedMotion': options.reducedMotion === 'reduce' ? 1 : 0 } : {};
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: options.headless !== false,
    // Firefox 153+ lets WebDriver open extension pages (the popup) only with system access.
    args: ['--remote-allow-system-access'],
    defaultViewport: options.viewport ?? { width: 1000, height: 800 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_INTERNAL_UUID }),
      // Optional permissions (a site the reader enables) are granted without the prompt a headless browser cannot answer.
      'extensions.webextOptionalPermissionPrompts': false,
      ...proxy,
      ...colorScheme,
      ...reducedMotion,
    },
  });
  await browser.installExtension(extension);
  return {
    name: 'firefox',
    backgroundRequestedUrls: [],
    newPage: async () => puppeteerDriver(await browser.newPage()),
    extensionUrl: (path) => `moz-extension://${FIREFOX_INTERNAL_UUID}${path}`,
    close: () => browser.close(),
  };
}

/**
 * Chromium without the extension, to install it later as a reader would, with pages already open
 * (CDP `Extensions.loadUnpacked`; Playwright's default `--disable-extensions` would keep it from running).
 */
export async function launchChromiumToInstallLater(options: Pick<LaunchOptions, 'viewport'> = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'hc-chromium-later-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: requireBinary(CHROMIUM_PATH, 'chromium'),
    headless: false,
    viewport: options.viewport ?? { width: 1000, height: 800 },
    ignoreDefaultArgs: ['--disable-extensions'],
    args: ['--headless=new', '--enable-unsafe-extension-debugging', ...CHROMIUM_FLAGS],
  });
  return {
    newPage: async () => playwrightDriver(await context.newPage()),
    install: async () => {
      const cdp = await context.browser()!.newBrowserCDPSession();
      await cdp.send('Extensions.loadUnpacked' as never, { path: builtExtensionDir('chrome') } as never);
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Firefox without the extension, to install it later with pages already open (`installExtension` over WebDriver BiDi). */
export async function launchFirefoxToInstallLater(options: Pick<LaunchOptions, 'viewport'> = {}) {
  const browser: PuppeteerBrowser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: requireBinary(FIREFOX_PATH, 'firefox-esr'),
    headless: true,
    args: ['--remote-allow-system-access'],
    defaultViewport: options.viewport ?? { width: 1000, height: 800 },
  });
  return {
    newPage: async () => puppeteerDriver(await browser.newPage()),
    install: async () => void (await browser.installExtension(builtExtensionDir('firefox'))),
    close: () => browser.close(),
  };
}

function playwrightDriver(page: PlaywrightPage): PageDriver {
  const requestedUrls: string[] = [];
  page.on('request', (request) => requestedUrls.push(request.url()));
  return {
    requestedUrls,
    goto: async (url) => void (await page.goto(url)),
    back: async () => void (await page.goBack({ waitUntil: 'commit' })),
    evaluate: (fn) => page.evaluate(fn),
    evaluateWith: (fn, arg) => page.evaluate(fn as never, arg),
    hover: (selector) => page.hover(selector),
    mouseMove: (x, y) => page.mouse.move(x, y, { steps: 5 }),
    focus: (selector) => page.focus(selector),
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key),
    type: (text) => page.keyboard.type(text),
    clickAt: (x, y) => page.mouse.click(x, y),
    tapAt: (x, y) => page.touchscreen.tap(x, y),
    screenshot: async (path) => void (await page.screenshot({ path })),
    domCounters: async () => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.collectGarbage');
      const { nodes, jsEventListeners } = await cdp.send('Memory.getDOMCounters');
      await cdp.detach();
      return { nodes, jsEventListeners };
    },
    close: () => page.close(),
  };
}

function puppeteerDriver(page: PuppeteerPage): PageDriver {
  const requestedUrls: string[] = [];
  page.on('request', (request) => requestedUrls.push(request.url()));
  return {
    requestedUrls,
    goto: async (url) => {
      if (!url.startsWith('moz-extension:')) return void (await page.goto(url));
      // Firefox's remote agent never reports an extension page as loaded (mozilla/firefox-devtools-mcp#87):
      // start the navigation, then wait for the document ourselves.
      void page.goto(url).catch(() => undefined);
      await waitUntil(
        () => page.evaluate(() => [location.href, document.readyState]).catch(() => ['', '']),
        ([href, state]) => href === url && state === 'complete',
        () => `${url} did not load`,
      );
    },
    back: async () => {
      // Firefox's remote agent does not report a page restored from the back/forward cache as loaded: go back, then
      // wait for the previous document ourselves.
      const leaving = await page.evaluate(() => location.href);
      await page.evaluate(() => history.back());
      await waitUntil(
        () => page.evaluate(() => [location.href, document.readyState]).catch(() => [leaving, '']),
        ([href, state]) => href !== leaving && state === 'complete',
        () => `Back from ${leaving} did not arrive`,
      );
    },
    evaluate: (fn) => page.evaluate(fn),
    evaluateWith: (fn, arg) => page.evaluate(fn as never, arg),
    hover: (selector) => page.hover(selector),
    mouseMove: (x, y) => page.mouse.move(x, y, { steps: 5 }),
    focus: (selector) => page.focus(selector),
    click: (selector) => page.click(selector),
    press: (key) => page.keyboard.press(key as never),
    type: (text) => page.keyboard.type(text),
    clickAt: (x, y) => page.mouse.click(x, y),
    tapAt: (x, y) => page.touchscreen.tap(x, y),
    screenshot: async (path) => void (await page.screenshot({ path: path as `${string}.png` })),
    domCounters: async () => null,
    close: () => page.close(),
  };
}

export const BROWSERS = { chromium: launchChromium, firefox: launchFirefox } as const;
