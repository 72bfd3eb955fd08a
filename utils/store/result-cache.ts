import type { Classification } from '../classifier/types';
import type { CachedResult, Database } from './db';

export const MAX_CACHED_RESULTS = 20_000;

/** Where classification results are kept between page loads. */
export interface ResultCache {
  getMany(keys: readonly string[]): Promise<(Classification | undefined)[]>;
  putMany(entries: readonly { key: string; result: Classification }[]): Promise<void>;
  /** True when IndexedDB could not be opened and results only live in memory. */
  readonly inMemoryOnly: boolean;
}

export class IndexedDbResultCache implements ResultCache {
  readonly inMemoryOnly = false;
  private writesSinceTrim = 0;

  constructor(private readonly db: Database) {}

  async getMany(keys: readonly string[]) {
    const tx = this.db.transaction('results', 'readwrite');
    const now = Date.now();
    const found = await Promise.all(keys.map((key) => tx.store.get(key)));
    await Promise.all(found.map((entry) => entry && tx.store.put({ ...entry, usedAt: now })));
    await tx.done;
    return found.map((entry) => entry?.result);
  }

  async putMany(entries: readonly { key: string; result: Classification }[]) {
    const tx = this.db.transaction('results', 'readwrite');
    const usedAt = Date.now();
    await Promise.all(entries.map(({ key, result }) => tx.store.put({ key, result, usedAt } satisfies CachedResult)));
    await tx.done;
    this.writesSinceTrim += entries.length;
    if (this.writesSinceTrim >= 500) await this.trim();
  }

  /** Evicts the least recently used results beyond `MAX_CACHED_RESULTS`. */
  private async trim() {
    this.writesSinceTrim = 0;
    const tx = this.db.transaction('results', 'readwrite');
    let excess = (await tx.store.count()) - MAX_CACHED_RESULTS;
    for (let cursor = await tx.store.index('usedAt').openCursor(); cursor && excess > 0; excess--) {
      await cursor.delete();
      cursor = await cursor.continue();
    }
    await tx.done;
  }
}

export class MemoryResultCache implements ResultCache {
  readonly inMemoryOnly = true;
  private readonly entries = new Map<string, Classification>();

  async getMany(keys: readonly string[]) {
    return keys.map((key) => this.entries.get(key));
  }

  async putMany(entries: readonly { key: string; result: Classification }[]) {
    for (const { key, result } of entries) {
      this.entries.delete(key);
      this.entries.set(key, result);
    }
    // A Map iterates in insertion order: the first keys are the least recently stored.
    for (const key of this.entries.keys()) {
      if (this.entries.size <= MAX_CACHED_RESULTS) break;
      this.entries.delete(key);
    }
  }
}
