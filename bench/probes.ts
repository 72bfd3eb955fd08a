/**
 * Code the bench puts into the timeline page. `PAGE_PROBES` is an init script (runs in the page's
 * main world before any page script): it records when each post's `<article>` enters the DOM, when
 * it first gets `data-hc-category`, and every long task. The content script runs in an isolated
 * world, but the DOM and the event loop are shared, so both observers and the long-task observer
 * see its work.
 */
export const PAGE_PROBES = `(() => {
  const insertedAt = new WeakMap();
  const probe = { inserted: 0, labelled: 0, latencies: [], initialLatencies: [], streaming: false, longTasks: [] };
  window.__bench = probe;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch (_) {}
  new MutationObserver((records) => {
    const now = performance.now();
    for (const record of records) {
      if (record.type === 'childList') {
        for (const node of record.addedNodes) {
          if (node.nodeType === 1 && node.tagName === 'ARTICLE' && node.hasAttribute('data-id') && !insertedAt.has(node)) {
            insertedAt.set(node, probe.streaming ? now : -now);
            probe.inserted++;
          }
        }
      } else if (record.attributeName === 'data-hc-category' && record.oldValue === null) {
        const at = insertedAt.get(record.target);
        if (at === undefined || record.target.__benchLabelled) continue;
        record.target.__benchLabelled = true;
        probe.labelled++;
        // Posts in the server markup (negative time) are waiting for the content script to start.
        if (at < 0) probe.initialLatencies.push(now + at);
        else probe.latencies.push(now - at);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-hc-category'] });
})();`;

export interface PageProbe {
  inserted: number;
  labelled: number;
  /** Streamed-in posts: insertion to label. */
  latencies: number[];
  /** Posts in the page's markup: insertion (by the parser) to label, including the content script's start-up. */
  initialLatencies: number[];
  streaming: boolean;
  longTasks: { start: number; duration: number }[];
}

/**
 * In-page code is kept as plain JavaScript source: tsx (esbuild `keepNames`) would wrap named
 * functions in a `__name` helper that does not exist in the page. `inPage(body)` makes a function
 * playwright can serialise.
 */
export function inPage<A, T>(body: string): (arg: A) => Promise<T> {
  return new Function('arg', `return (async () => {\n${body}\n})();`) as (arg: A) => Promise<T>;
}

/**
 * Scrolls to the bottom one step per animation frame, streaming in the remaining posts `batch` at a
 * time whenever less than two screens are left below (Mastodon's infinite scroll). Returns the frames, and how
 * many steps waited 250 ms for a frame that did not come (a stalled renderer).
 */
export const scrollThroughInPage = inPage<{ posts: unknown[]; batch: number; step: number }, { frames: number; lateFrames: number }>(`
  const demo = window.__demo;
  window.__bench.streaming = true;
  const scroller = document.scrollingElement;
  let next = 0;
  let frames = 0;
  let lateFrames = 0;
  let stuck = 0;
  for (;;) {
    const below = scroller.scrollHeight - (window.scrollY + window.innerHeight);
    if (below < window.innerHeight * 2 && next < arg.posts.length) {
      demo.appendPosts(arg.posts.slice(next, next + arg.batch));
      next += arg.batch;
    } else if (next >= arg.posts.length && (below <= 1 || stuck > 30)) break;
    const y = window.scrollY;
    window.scrollBy(0, arg.step);
    stuck = window.scrollY === y ? stuck + 1 : 0;
    // A frame, or at most 250 ms: a renderer that stops producing frames (a page the browser put in the
    // background) slows the run down instead of hanging it.
    await new Promise((resolve) => {
      const late = setTimeout(() => {
        lateFrames++;
        resolve();
      }, 250);
      requestAnimationFrame(() => {
        clearTimeout(late);
        resolve();
      });
    });
    frames++;
    if (frames > 50000) throw new Error('the timeline never reached its end');
  }
  return { frames, lateFrames };
`);

/** Extension page: times hc:classify of the same 40 posts (the first call classifies and caches them). */
export const warmRoundTripInPage = inPage<unknown[], number[]>(`
  const first = await chrome.runtime.sendMessage({ type: 'hc:classify', posts: arg });
  if (!Array.isArray(first && first.results) || first.results.length !== arg.length) throw new Error('hc:classify failed');
  for (let i = 0; i < 5; i++) await chrome.runtime.sendMessage({ type: 'hc:classify', posts: arg });
  const times = [];
  for (let i = 0; i < 40; i++) {
    const t = performance.now();
    await chrome.runtime.sendMessage({ type: 'hc:classify', posts: arg });
    times.push(performance.now() - t);
  }
  return times;
`);

/**
 * Service worker: the IndexedDB part alone, as IndexedDbResultCache.getMany does it when the memory
 * layer misses (a service worker just restarted): one read-only transaction, a get per key (recency
 * is written back later, off the answer's path), for the cached keys ending in the given post keys.
 */
export const idbLookupInWorker = inPage<string[], { found: number; times: number[] }>(`
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('hashtag-context');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const all = await new Promise((resolve, reject) => {
    const request = db.transaction('results').objectStore('results').getAllKeys();
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const keys = all.filter((key) => arg.some((suffix) => String(key).endsWith('|' + suffix)));
  const times = [];
  for (let i = 0; i < 45; i++) {
    const t = performance.now();
    await new Promise((resolve, reject) => {
      const tx = db.transaction('results', 'readonly');
      const store = tx.objectStore('results');
      for (const key of keys) store.get(key);
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    if (i >= 5) times.push(performance.now() - t);
  }
  db.close();
  return { found: keys.length, times };
`);
