import { IndexedDbCorrectionStore, MemoryCorrectionStore, type CorrectionStore } from './corrections';
import { openDatabase, type Database } from './db';
import {
  HOT_CACHE_BYTES,
  HOT_CACHE_ENTRIES,
  IndexedDbResultCache,
  MemoryResultCache,
  TieredResultCache,
  type ResultCache,
} from './result-cache';

export type { CorrectionStore } from './corrections';
export type { Correction } from './db';
export type { ResultCache } from './result-cache';

export interface Storage {
  results: ResultCache;
  corrections: CorrectionStore;
  /** True when IndexedDB could not be opened (private windows, disabled storage): nothing outlives the browser session. */
  inMemoryOnly: boolean;
}

/** How long opening may wait (an upgrade blocked by another connection) before storage goes to memory. */
export const OPEN_TIMEOUT_MS = 10_000;

/**
 * Opens the extension's storage in the background (the extension's origin). When IndexedDB cannot be
 * opened, or opening stays blocked for `timeoutMs`, it keeps working in memory instead of failing the page.
 */
export async function openStorage(
  open: () => Promise<Database> = openDatabase,
  { timeoutMs = OPEN_TIMEOUT_MS }: { timeoutMs?: number } = {},
): Promise<Storage> {
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const opening = open();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new Error(`IndexedDB did not open within ${timeoutMs} ms (upgrade blocked by another connection?)`));
      }, timeoutMs);
    });
    // A connection that arrives after we gave up is closed at once, so it blocks no one.
    opening.then((db) => timedOut && db.close(), () => undefined);
    const db = await Promise.race([opening, timeout]);
    const hot = new MemoryResultCache({ maxEntries: HOT_CACHE_ENTRIES, maxBytes: HOT_CACHE_BYTES });
    const results = new TieredResultCache(hot, new IndexedDbResultCache(db));
    return { results, corrections: new IndexedDbCorrectionStore(db), inMemoryOnly: false };
  } catch (error) {
    console.warn('[Hashtag Context] IndexedDB unavailable, keeping data in memory only:', error);
    return { results: new MemoryResultCache(), corrections: new MemoryCorrectionStore(), inMemoryOnly: true };
  } finally {
    clearTimeout(timer);
  }
}
