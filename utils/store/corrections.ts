import type { Correction, Database } from './db';

/** The user's corrections: never evicted, kept apart from the cache so model updates cannot touch them. */
export interface CorrectionStore {
  all(): Promise<Correction[]>;
  put(correction: Correction): Promise<void>;
  readonly inMemoryOnly: boolean;
}

export class IndexedDbCorrectionStore implements CorrectionStore {
  readonly inMemoryOnly = false;
  constructor(private readonly db: Database) {}

  all() {
    return this.db.getAll('corrections');
  }

  async put(correction: Correction) {
    await this.db.put('corrections', correction);
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
}
