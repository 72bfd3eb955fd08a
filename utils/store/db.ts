import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { CategoryId, Classification } from '../classifier/types';

export const DB_NAME = 'hashtag-context';
export const DB_VERSION = 1;

export interface CachedResult {
  /** `<classifier version>|<post key>`: a new classifier never reads an older one's results. */
  key: string;
  result: Classification;
  usedAt: number;
}

export interface Correction {
  postKey: string;
  text: string;
  watchedTags: string[];
  category: CategoryId;
  createdAt: number;
}

export interface HashtagContextDB extends DBSchema {
  results: { key: string; value: CachedResult; indexes: { usedAt: number } };
  corrections: { key: string; value: Correction; indexes: { createdAt: number } };
}

export type Database = IDBPDatabase<HashtagContextDB>;

/**
 * Opens (and upgrades) the extension's database. Only ever called in the background, so the
 * database lives in the extension's origin, never in a page's.
 */
export function openDatabase(): Promise<Database> {
  return openDB<HashtagContextDB>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Fall through on purpose: each step upgrades from the version before it.
      switch (oldVersion) {
        case 0: {
          db.createObjectStore('results', { keyPath: 'key' }).createIndex('usedAt', 'usedAt');
          db.createObjectStore('corrections', { keyPath: 'postKey' }).createIndex('createdAt', 'createdAt');
        }
      }
    },
  });
}
