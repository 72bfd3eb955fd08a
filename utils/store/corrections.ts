import type { Correction, Database } from './db';
import { retryOnQuota } from './result-cache';

/** The user's corrections: never evicted, kept apart from the cache so model updates cannot touch them. */
export interface CorrectionStore {
  all(): Promise<Correction[]>;
  put(correction: Correction): Promise<void>;
  /** Deletes the correction of one post (undo); nothing happens when there is none. */
  remove(postKey: string): Promise<void>;
  clear(): Promise<void>;
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
}
