import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ContextId, PostLabel } from '../classifier/types';

export const DB_NAME = 'hashtag-context';
/**
 * Schema versions, each upgrade a `case` of `upgradeSchema` that falls through to the next:
 * 1. `results` (cache, by `<classifier version>|<revision>|<post key>`) and `corrections` (by post key).
 * 2. `meta` (which schema wrote the database, and when it was upgraded); every cached result
 *    records its approximate size in `bytes`, so the cache can be bounded by bytes as well as entries.
 */
export const DB_VERSION = 2;

export interface CachedResult {
  /** `<classifier version>|<post key>`: a new classifier never reads an older one's results. */
  key: string;
  result: PostLabel;
  usedAt: number;
  /** Approximate size of the entry in bytes (v2; entries written by v1 are backfilled by the upgrade). */
  bytes?: number;
}

export interface Correction {
  postKey: string;
  text: string;
  watchedTags: string[];
  /** A built-in context or one of the reader's; the model learns from corrections to built-in contexts only. */
  category: ContextId;
  createdAt: number;
}

export interface SchemaRecord {
  key: 'schema';
  version: number;
  /** The version the database had before its last upgrade (0: created new). */
  upgradedFrom: number;
  upgradedAt: number;
}

export interface HashtagContextDB extends DBSchema {
  results: { key: string; value: CachedResult; indexes: { usedAt: number } };
  corrections: { key: string; value: Correction; indexes: { createdAt: number } };
  meta: { key: string; value: SchemaRecord };
}

export type Database = IDBPDatabase<HashtagContextDB>;
type UpgradeTransaction = IDBPTransaction<HashtagContextDB, StoreNames<HashtagContextDB>[], 'versionchange'>;

/** Approximate bytes an entry takes (UTF-16 code units of its JSON, twice, plus a little overhead). */
export function approximateBytes(entry: Pick<CachedResult, 'key' | 'result'>): number {
  return 2 * (entry.key.length + JSON.stringify(entry.result).length) + 32;
}

/**
 * Upgrades from `oldVersion` to `DB_VERSION`. Falls through on purpose: each step upgrades from the
 * version before it. Never touches a correction: they are the user's, not a cache.
 */
export function upgradeSchema(db: IDBPDatabase<HashtagContextDB>, oldVersion: number, transaction: UpgradeTransaction): void {
  switch (oldVersion) {
    case 0: {
      db.createObjectStore('results', { keyPath: 'key' }).createIndex('usedAt', 'usedAt');
      db.createObjectStore('corrections', { keyPath: 'postKey' }).createIndex('createdAt', 'createdAt');
    }
    // falls through
    case 1: {
      db.createObjectStore('meta', { keyPath: 'key' });
      if (oldVersion === 1) void backfillBytes(transaction);
    }
  }
  void transaction.objectStore('meta').put({ key: 'schema', version: DB_VERSION, upgradedFrom: oldVersion, upgradedAt: Date.now() });
}

async function backfillBytes(transaction: UpgradeTransaction): Promise<void> {
  for (let cursor = await transaction.objectStore('results').openCursor(); cursor; cursor = await cursor.continue()) {
    if (cursor.value.bytes === undefined) await cursor.update({ ...cursor.value, bytes: approximateBytes(cursor.value) });
  }
}

export interface OpenDatabaseOptions {
  name?: string;
  /** Another connection (an older extension page still open) keeps the upgrade waiting. */
  onBlocked?: (currentVersion: number, blockedVersion: number | null) => void;
}

/**
 * Opens (and upgrades) the extension's database. Only ever called in the background, so the
 * database lives in the extension's origin, never in a page's.
 *
 * A newer version wanting to upgrade (`blocking`) makes this connection close at once, so the
 * upgrade is never held up by us; an upgrade held up by someone else's old connection (`blocked`)
 * waits for it and says so (`openStorage` gives up after a while and keeps data in memory).
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  let connection: Database | undefined;
  connection = await openDB<HashtagContextDB>(options.name ?? DB_NAME, DB_VERSION, {
    upgrade: (db, oldVersion, _newVersion, transaction) => upgradeSchema(db, oldVersion, transaction),
    blocked(currentVersion, blockedVersion) {
      console.warn(
        `[Hashtag Context] database upgrade from v${currentVersion} to v${blockedVersion} waits for another connection to close`,
      );
      options.onBlocked?.(currentVersion, blockedVersion);
    },
    blocking() {
      connection?.close();
    },
    terminated() {
      console.warn('[Hashtag Context] the browser closed the database connection');
    },
  });
  return connection;
}

/** The error is the browser saying the origin is out of storage (directly, or as the abort cause). */
export function isQuotaExceeded(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'QuotaExceededError') return true;
  // Firefox reports some quota failures as an UnknownError / AbortError mentioning the quota.
  return typeof message === 'string' && /quota/i.test(message);
}
