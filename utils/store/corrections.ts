import type { Correction, Database } from './db';
import { retryOnQuota } from './result-cache';

/** The user's corrections: never evicted, kept apart from the cache so model updates cannot touch them. */
export interface CorrectionStore {
  all(): Promise<Correction[]>;
  put(correction: Correction): Promise<void>;
  /** Deletes the correction of one post (undo); nothing happens when there is none. */
  remove(postKey: string): Promise<void>;
  clear(): Promise<void>;
  /**
   * Writes many corrections at once, all or none (one transaction); with `replace`, the stored
   * ones are deleted first, in the same transaction.
   */
  putAll(corrections: Correction[], options?: { replace?: boolean }): Promise<void>;
  readonly inMemoryOnly: boolean;
}

export class IndexedDbCorrectionStore implements CorrectionStore {
  readonly inMemoryOnly = false;
  constructor(private readonly db: Database) {}

  all() {
    return this.db.getAll('corrections');
  }

  /** Out of quota, the whole result cache (never a correction) makes room, and the write is tried once more. */
  async put(correction: Correction) {
    await retryOnQuota(
      async () => void (await this.db.put('corrections', correction)),
      () => this.db.clear('results'),
    );
  }

  async remove(postKey: string) {
    await this.db.delete('corrections', postKey);
  }

  async clear() {
    await this.db.clear('corrections');
  }

  async putAll(corrections: Correction[], { replace = false }: { replace?: boolean } = {}) {
    await retryOnQuota(
      async () => {
        const tx = this.db.transaction('corrections', 'readwrite');
        const writes: Promise<unknown>[] = [];
        try {
          if (replace) writes.push(tx.store.clear());
          for (const correction of corrections) writes.push(tx.store.put(correction));
          await Promise.all([...writes, tx.done]);
        } catch (error) {
          // Nothing of a failed transaction is kept (a failed request aborts it; make sure).
          try {
            tx.abort();
          } catch {
            // already aborted or finished
          }
          await Promise.allSettled([...writes, tx.done]);
          throw error;
        }
      },
      () => this.db.clear('results'),
    );
  }
}

export class MemoryCorrectionStore implements CorrectionStore {
  readonly inMemoryOnly = true;
  private readonly byPost = new Map<string, Correction>();

  async all() {
    return [...this.byPost.values()];
  }

  async put(correction: Correction) {
    this.byPost.set(correction.postKey, correction);
  }

  async remove(postKey: string) {
    this.byPost.delete(postKey);
  }

  async clear() {
    this.byPost.clear();
  }

  async putAll(corrections: Correction[], { replace = false }: { replace?: boolean } = {}) {
    if (replace) this.byPost.clear();
    for (const correction of corrections) this.byPost.set(correction.postKey, correction);
  }
}
