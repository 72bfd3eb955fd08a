import type { PostLabel } from '../classifier/types';
import { approximateBytes, isQuotaExceeded, type CachedResult, type Database } from './db';

export const MAX_CACHED_RESULTS = 20_000;
/** About 10 MB: far more than a day of reading, far less than any browser's quota. */
export const MAX_CACHED_BYTES = 10 * 1024 * 1024;

export interface ResultCacheOptions {
  maxEntries?: number;
  maxBytes?: number;
  /** Trim after this many writes (1: after every write). */
  trimEvery?: number;
  /** How long reads are collected before their recency is written back in one transaction. */
  touchDelayMs?: number;
  now?: () => number;
}

/** Where classification results are kept between page loads. */
export interface ResultCache {
  getMany(keys: readonly string[]): Promise<(PostLabel | undefined)[]>;
  putMany(entries: readonly { key: string; result: PostLabel }[]): Promise<void>;
  /** Forgets every cached result (the options page's "Clear the cache"). */
  clear(): Promise<void>;
  /** True when IndexedDB could not be opened and results only live in memory. */
  readonly inMemoryOnly: boolean;
}

/**
 * The cache in IndexedDB, bounded by entries and by bytes, least recently used evicted first.
 * Only ever touches the `results` store: corrections are never evicted. When the origin is out
 * of quota, a write evicts the older half of the cache and is tried once more.
 */
export class IndexedDbResultCache implements ResultCache {
  readonly inMemoryOnly = false;
  private writesSinceTrim = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;
  private readonly trimEvery: number;
  private readonly touchDelayMs: number;
  private readonly now: () => number;
  /** Keys read since the last flush, with the time of their latest read. */
  private readonly pendingTouches = new Map<string, number>();
  private touchTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: Database,
    options: ResultCacheOptions = {},
  ) {
    this.maxEntries = options.maxEntries ?? MAX_CACHED_RESULTS;
    this.maxBytes = options.maxBytes ?? MAX_CACHED_BYTES;
    this.trimEvery = options.trimEvery ?? 200;
    this.touchDelayMs = options.touchDelayMs ?? 2_000;
    this.now = options.now ?? Date.now;
  }

  /**
   * Reads in a read-only transaction, so lookups never wait for (or block) a write; the reads'
   * recency is written back later, many reads in one transaction (`flushTouches`).
   */
  async getMany(keys: readonly string[]) {
    const tx = this.db.transaction('results', 'readonly');
    const found = await Promise.all(keys.map((key) => tx.store.get(key)));
    const now = this.now();
    found.forEach((entry, index) => entry && this.pendingTouches.set(keys[index]!, now));
    if (this.pendingTouches.size > 0) this.touchTimer ??= setTimeout(() => void this.flushTouches(), this.touchDelayMs);
    return found.map((entry) => entry?.result);
  }

  /** Marks the entries read since the last flush as recently used. A failed touch (quota) loses nothing. */
  async flushTouches(): Promise<void> {
    clearTimeout(this.touchTimer);
    this.touchTimer = undefined;
    if (this.pendingTouches.size === 0) return;
    const touches = [...this.pendingTouches];
    this.pendingTouches.clear();
    try {
      const tx = this.db.transaction('results', 'readwrite');
      const touch = async ([key, usedAt]: [string, number]) => {
        const entry = await tx.store.get(key);
        if (entry && entry.usedAt < usedAt) await tx.store.put({ ...entry, usedAt });
      };
      await Promise.all([...touches.map(touch), tx.done]);
    } catch (error) {
      if (!isQuotaExceeded(error)) console.warn('[Hashtag Context] could not record cache reads:', error);
    }
  }

  async putMany(entries: readonly { key: string; result: PostLabel }[]) {
    if (entries.length === 0) return;
    const write = async () => {
      const tx = this.db.transaction('results', 'readwrite');
      const usedAt = this.now();
      await Promise.all([
        ...entries.map(({ key, result }) =>
          tx.store.put({ key, result, usedAt, bytes: approximateBytes({ key, result }) } satisfies CachedResult),
        ),
        tx.done,
      ]);
    };
    await retryOnQuota(write, () => this.evictOldest(0.5));
    this.writesSinceTrim += entries.length;
    if (this.writesSinceTrim >= this.trimEvery) await this.trim();
  }

  async clear(): Promise<void> {
    this.pendingTouches.clear();
    await this.db.clear('results');
    this.writesSinceTrim = 0;
  }

  /** Evicts the least recently used results beyond the entry and byte bounds. */
  async trim(): Promise<void> {
    this.writesSinceTrim = 0;
    await this.flushTouches();
    const tx = this.db.transaction('results', 'readwrite');
    let count = 0;
    let bytes = 0;
    // Newest first: keep while within both bounds, delete everything older.
    for (let cursor = await tx.store.index('usedAt').openCursor(null, 'prev'); cursor; cursor = await cursor.continue()) {
      count++;
      bytes += cursor.value.bytes ?? approximateBytes(cursor.value);
      if (count > this.maxEntries || bytes > this.maxBytes) await cursor.delete();
    }
    await tx.done;
  }

  /** Deletes the least recently used `fraction` of the cache (at least one entry). */
  async evictOldest(fraction: number): Promise<void> {
    await this.flushTouches();
    const tx = this.db.transaction('results', 'readwrite');
    let toDelete = Math.max(1, Math.ceil((await tx.store.count()) * fraction));
    for (let cursor = await tx.store.index('usedAt').openCursor(); cursor && toDelete > 0; toDelete--) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }
}

/** Runs `write`; when it fails for want of quota, runs `evict` and tries once more. */
export async function retryOnQuota(write: () => Promise<void>, evict: () => Promise<void>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isQuotaExceeded(error)) throw error;
    console.warn('[Hashtag Context] storage quota exceeded: evicting cached results and trying again');
    await evict();
    await write();
  }
}

/** The cache when IndexedDB is unavailable: the same bounds, in a Map ordered from least to most recently used. */
export class MemoryResultCache implements ResultCache {
  readonly inMemoryOnly = true;
  private readonly entries = new Map<string, { result: PostLabel; bytes: number }>();
  private bytes = 0;
  private readonly maxEntries: number;
  private readonly maxBytes: number;

  constructor(options: ResultCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? MAX_CACHED_RESULTS;
    this.maxBytes = options.maxBytes ?? MAX_CACHED_BYTES;
  }

  async getMany(keys: readonly string[]) {
    return keys.map((key) => {
      const entry = this.entries.get(key);
      if (!entry) return undefined;
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.result;
    });
  }

  async putMany(entries: readonly { key: string; result: PostLabel }[]) {
    for (const { key, result } of entries) {
      this.remove(key);
      const bytes = approximateBytes({ key, result });
      this.entries.set(key, { result, bytes });
      this.bytes += bytes;
    }
    // A Map iterates in insertion order: the first keys are the least recently used.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.remove(key);
    }
  }

  async clear() {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
  }
}

export const HOT_CACHE_ENTRIES = 2_000;
export const HOT_CACHE_BYTES = 2 * 1024 * 1024;

/**
 * A small memory cache in front of the durable one: posts seen a moment ago (a reload, a column
 * scrolled back) are answered without a trip to IndexedDB. Writes go to both; hits found only in
 * the durable cache are copied to memory.
 */
export class TieredResultCache implements ResultCache {
  constructor(
    private readonly hot: ResultCache,
    private readonly durable: ResultCache,
  ) {}

  get inMemoryOnly() {
    return this.durable.inMemoryOnly;
  }

  async getMany(keys: readonly string[]) {
    const results = await this.hot.getMany(keys);
    const missing = keys.filter((_, index) => results[index] === undefined);
    if (missing.length === 0) return results;
    const found = await this.durable.getMany(missing);
    const promoted: { key: string; result: PostLabel }[] = [];
    let next = 0;
    results.forEach((result, index) => {
      if (result !== undefined) return;
      const durable = found[next++];
      results[index] = durable;
      if (durable) promoted.push({ key: keys[index]!, result: durable });
    });
    await this.hot.putMany(promoted);
    return results;
  }

  async putMany(entries: readonly { key: string; result: PostLabel }[]) {
    await this.hot.putMany(entries);
    await this.durable.putMany(entries);
  }

  async clear() {
    await this.hot.clear();
    await this.durable.clear();
  }
}
