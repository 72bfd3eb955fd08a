import type { PageDriver } from '../support/browser-session';

// Inside the extension's pages the tests call its APIs as `browser` (Firefox) or `chrome` (Chromium, promise-based in MV3).

/** What the popup's chart shows right now. */
export async function popupChart(popup: PageDriver) {
  return popup.evaluate(() => {
    const chart = document.querySelector('[data-testid="page-chart"]');
    const counts: Record<string, number> = {};
    for (const row of document.querySelectorAll<HTMLElement>('[data-testid^="chart-"]')) {
      counts[row.dataset.testid!.slice('chart-'.length)] = Number(row.dataset.count);
    }
    return { state: chart?.getAttribute('data-state') ?? null, text: chart?.textContent ?? '', counts };
  });
}

/**
 * Makes the tab whose content script answers the popup's question the active one, as a reader
 * switching to it (without the `tabs` permission the popup cannot see URLs, so ask every tab).
 * Returns how many tabs answered.
 */
export async function activateTabWithContentScript(extensionPage: PageDriver): Promise<number> {
  return extensionPage.evaluate(async () => {
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
      tabs: {
        query(q: object): Promise<{ id?: number }[]>;
        sendMessage(id: number, m: object): Promise<unknown>;
        update(id: number, p: object): Promise<unknown>;
      };
    };
    const tabs = await api.tabs.query({});
    const answering: number[] = [];
    for (const tab of tabs) {
      if (tab.id === undefined) continue;
      const answer = await api.tabs.sendMessage(tab.id, { type: 'hc:page-stats' }).catch(() => null);
      if (answer) answering.push(tab.id);
    }
    if (answering[0] !== undefined) await api.tabs.update(answering[0], { active: true });
    return answering.length;
  });
}

/** Sends a request to the background from an extension page, as the options page does. */
export async function sendToBackground<T>(extensionPage: PageDriver, message: object): Promise<T> {
  // Passed as text and parsed in the page: Firefox will not send an object the automation layer created.
  return extensionPage.evaluateWith(async (json) => {
    const m = JSON.parse(json) as object;
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
      runtime: { sendMessage(m: object): Promise<unknown> };
    };
    // Copied into this page's own objects: Firefox cannot hand back the messaging layer's wrapped ones.
    return JSON.parse(JSON.stringify(await api.runtime.sendMessage(m))) as T;
  }, JSON.stringify(message));
}

/** The id (or, failing that, the tag name) of the focused element, looking into shadow roots. */
export async function focused(page: PageDriver): Promise<string> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return 'body';
    const html = element as HTMLElement;
    return html.dataset.testid ?? (html.id || `${html.tagName.toLowerCase()}${html.getAttribute('aria-label') ? `[${html.getAttribute('aria-label')}]` : ''}`);
  });
}

/** Presses Tab until `done(focused)` holds; returns the ids focused on the way. Fails after `max` presses. */
export async function tabUntil(page: PageDriver, done: (id: string) => boolean, max = 40): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.press('Tab');
    const id = await focused(page);
    seen.push(id);
    if (done(id)) return seen;
  }
  throw new Error(`Tab never reached the element; focus went through ${seen.join(', ')}`);
}

/**
 * True when the focused element draws a visible focus indicator (outline or box shadow); null when
 * the document itself has no focus (Firefox under WebDriver BiDi sometimes leaves a new tab's
 * window unfocused, and then no `:focus` or `:focus-visible` style applies at all).
 */
export async function focusIsVisible(page: PageDriver): Promise<boolean | null> {
  return page.evaluate(() => {
    if (!document.hasFocus()) return null;
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    if (!element || element === document.body) return false;
    const own = getComputedStyle(element);
    // The popup's radio buttons are visually replaced: the label's span after them draws the ring.
    const drawn = element.matches('input[type="radio"]') && element.nextElementSibling ? getComputedStyle(element.nextElementSibling) : own;
    const outline = drawn.outlineStyle !== 'none' && parseFloat(drawn.outlineWidth) >= 1;
    return outline || (drawn.boxShadow !== 'none' && drawn.boxShadow !== '');
  });
}

/** Makes this extension page's tab the active one, so its document has focus (and `:focus-visible` applies). */
export async function bringToFront(extensionPage: PageDriver): Promise<void> {
  await extensionPage.evaluate(async () => {
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
      tabs: { getCurrent(): Promise<{ id?: number } | undefined>; update(id: number, p: object): Promise<unknown> };
    };
    const tab = await api.tabs.getCurrent();
    if (tab?.id !== undefined) await api.tabs.update(tab.id, { active: true });
    window.focus();
  });
}

/** Number of cached classification results, read from the extension's own IndexedDB on one of its pages. */
export function cachedResultCount(extensionPage: PageDriver): Promise<number> {
  return extensionPage.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open('hashtag-context');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const count = request.result.transaction('results').objectStore('results').count();
          count.onsuccess = () => {
            resolve(count.result);
            request.result.close();
          };
        };
      }),
  );
}

/** Badge text and title of the toolbar icon in the tab whose content script answers (`action` in Chromium's MV3, `browserAction` in Firefox's MV2). */
export async function toolbarIcon(extensionPage: PageDriver): Promise<{ text: string; title: string } | null> {
  return extensionPage.evaluate(async () => {
    type Details = { tabId: number };
    const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
      tabs: { query(q: object): Promise<{ id?: number }[]>; sendMessage(id: number, m: object): Promise<unknown> };
      action?: { getBadgeText(d: Details): Promise<string>; getTitle(d: Details): Promise<string> };
      browserAction?: { getBadgeText(d: Details): Promise<string>; getTitle(d: Details): Promise<string> };
    };
    const action = api.action ?? api.browserAction!;
    for (const tab of await api.tabs.query({})) {
      if (tab.id === undefined) continue;
      if (!(await api.tabs.sendMessage(tab.id, { type: 'hc:page-stats' }).catch(() => null))) continue;
      return { text: await action.getBadgeText({ tabId: tab.id }), title: await action.getTitle({ tabId: tab.id }) };
    }
    return null;
  });
}
