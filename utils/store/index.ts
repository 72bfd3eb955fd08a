import { IndexedDbCorrectionStore, MemoryCorrectionStore, type CorrectionStore } from './corrections';
import { openDatabase, type Database } from './db';
import { IndexedDbResultCache, MemoryResultCache, type ResultCache } from './result-cache';

export type { CorrectionStore } from './corrections';
export type { Correction } from './db';
export type { ResultCache } from './result-cache';

export interface Storage {
  results: ResultCache;
  corrections: CorrectionStore;
  /** True when IndexedDB could not be opened (private windows, disabled storage): nothing outlives the browser session. */
  inMemoryOnly: boolean;
}

/**
 * Opens the extension's storage in the background (the extension's origin). When IndexedDB cannot be
 * opened it keeps working in memory instead of failing the page.
 */
export async function openStorage(open: () => Promise<Database> = openDatabase): Promise<Storage> {
  try {
    const db = await open();
    return { results: new IndexedDbResultCache(db), corrections: new IndexedDbCorrectionStore(db), inMemoryOnly: false };
  } catch (error) {
    console.warn('[Hashtag Context] IndexedDB unavailable, keeping data in memory only:', error);
    return { results: new MemoryResultCache(), corrections: new MemoryCorrectionStore(), inMemoryOnly: true };
  }
}
