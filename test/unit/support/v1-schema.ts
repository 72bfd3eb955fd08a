import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openDB, type IDBPDatabase } from 'idb';
import type { CachedResult, Correction } from '@/utils/store/db';
import { DB_NAME } from '@/utils/store/db';

export interface V1Fixture {
  version: 1;
  results: CachedResult[];
  corrections: Correction[];
}

export function readV1Fixture(): V1Fixture {
  return JSON.parse(readFileSync(resolve(process.cwd(), 'test/fixtures/db/v1.json'), 'utf8')) as V1Fixture;
}

/**
 * The schema code of version 1, kept as it shipped, so tests can write a database an older
 * extension left behind. Returns the open v1 connection (it has no `blocking` handler, like
 * another tab of an old version that never lets go).
 */
export function openV1(name = DB_NAME): Promise<IDBPDatabase> {
  return openDB(name, 1, {
    upgrade(db, oldVersion) {
      switch (oldVersion) {
        case 0: {
          db.createObjectStore('results', { keyPath: 'key' }).createIndex('usedAt', 'usedAt');
          db.createObjectStore('corrections', { keyPath: 'postKey' }).createIndex('createdAt', 'createdAt');
        }
      }
    },
  });
}

/** Writes the v1 fixture into a fresh v1 database; returns the still open connection. */
export async function seedV1(fixture: V1Fixture = readV1Fixture(), name = DB_NAME): Promise<IDBPDatabase> {
  const db = await openV1(name);
  const tx = db.transaction(['results', 'corrections'], 'readwrite');
  await Promise.all([
    ...fixture.results.map((entry) => tx.objectStore('results').put(entry)),
    ...fixture.corrections.map((entry) => tx.objectStore('corrections').put(entry)),
    tx.done,
  ]);
  return db;
}
