import type { PageDriver } from './browser-session';

/** URLs a page loads without the network: the extension's own files and inline data. */
const STAYS_IN_BROWSER = /^((chrome|moz)-extension|data):/;

/** The URLs a page requested beyond `allowedPrefix` that went (or would have gone) to the network. */
export function requestsOutside(driver: PageDriver, allowedPrefix: string): string[] {
  return driver.requestedUrls.filter((url) => !url.startsWith(allowedPrefix) && !STAYS_IN_BROWSER.test(url));
}

/** Whether the extension left any mark in the page: a label or its tooltip host. */
export function extensionTouched(driver: PageDriver): Promise<boolean> {
  return driver.evaluate(
    () => document.querySelector('[data-hc-category]') !== null || document.querySelector('hashtag-context-tooltip') !== null,
  );
}
