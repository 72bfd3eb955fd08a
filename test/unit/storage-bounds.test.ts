import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createClassificationService } from '@/utils/background/classification-service';
import type { Classification } from '@/utils/classifier/types';
import type { ClassifyResponse, CorrectResponse } from '@/utils/messages';
import { IndexedDbCorrectionStore } from '@/utils/store/corrections';
import { approximateBytes, openDatabase, type Correction, type Database } from '@/utils/store/db';
import { IndexedDbResultCache, MemoryResultCache } from '@/utils/store/result-cache';

const result = (category: Classification['category'], padding = 0): Classification => ({
  category,
  confidence: 0.9,
  reasons: [{ kind: 'word', label: `Bundestag${'x'.repeat(padding)}`, weight: 2 }],
  abstained: false,
});
const correction = (n: number): Correction => ({
  postKey: `post:${n}`,
  text: `Korrektur ${n} #Protokoll`,
  watchedTags: ['protokoll'],
  category: 'other',
  createdAt: n,
});

/** A clock that moves one millisecond per call, so every write and touch has its own time. */
const ticking = () => {
  let t = 1_000;
  return () => ++t;
};

/**
 * The database as the browser behaves when the origin is out of quota: the next `failures.count`
 * puts (into `stores`) fail with QuotaExceededError and abort their transaction.
 */
function withQuotaFailures(db: Database, failures: { count: number }, stores = ['results', 'corrections']): Database {
  const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  const failNow = (store: string) => stores.includes(store) && failures.count > 0 && failures.count-- > 0;
  const wrapStore = (store: object, tx: { abort(): void }) =>
    new Proxy(store, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop === 'put') {
          return (...args: unknown[]) => {
            if (!failNow((target as { name: string }).name)) return (value as (...a: unknown[]) => unknown).apply(target, args);
            queueMicrotask(() => tx.abort()); // the whole transaction is rolled back, as in a browser
            return Promise.reject(quotaError());
          };
        }
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop === 'transaction') {
        return (...args: unknown[]) => {
          const tx = (value as (...a: unknown[]) => object).apply(target, args) as { abort(): void; store: object };
          return new Proxy(tx, {
            get(txTarget, txProp) {
              const txValue = Reflect.get(txTarget, txProp, txTarget);
              if (txProp === 'store') return wrapStore(txValue as object, txTarget);
              if (txProp === 'objectStore') return (name: string) => wrapStore((txValue as (n: string) => object).call(txTarget, name), txTarget);
              return typeof txValue === 'function' ? txValue.bind(txTarget) : txValue;
            },
          });
        };
      }
      if (prop === 'put') {
        return (store: string, ...args: unknown[]) =>
          failNow(store) ? Promise.reject(quotaError()) : (value as (...a: unknown[]) => unknown).call(target, store, ...args);
      }
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Database;
}

describe('result cache bounds', () => {
  let db: Database;
  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    db = await openDatabase();
  });
  afterEach(() => {
    db.close();
    vi.restoreAllMocks();
  });

  it('evicts the least recently used entry beyond its entry bound (a read counts as a use)', async () => {
    const cache = new IndexedDbResultCache(db, { maxEntries: 3, trimEvery: 1, now: ticking() });
    for (const key of ['a', 'b', 'c']) await cache.putMany([{ key, result: result('other') }]);
    await cache.getMany(['a']); // a is now more recent than b and c
    await cache.putMany([{ key: 'd', result: result('legislation') }]);
    expect((await db.getAllKeys('results')).sort()).toEqual(['a', 'c', 'd']);
  });

  it('evicts the least recently used entries beyond its byte bound', async () => {
    const entryBytes = approximateBytes({ key: 'a', result: result('other') });
    const cache = new IndexedDbResultCache(db, { maxBytes: Math.floor(entryBytes * 2.5), trimEvery: 1, now: ticking() });
    for (const key of ['a', 'b', 'c', 'd']) await cache.putMany([{ key, result: result('other') }]);
    expect((await db.getAllKeys('results')).sort()).toEqual(['c', 'd']);
    for (const entry of await db.getAll('results')) expect(entry.bytes).toBe(entryBytes);
  });

  it('lets one large entry push out many small ones, and keeps both bounds at once', async () => {
    const small = approximateBytes({ key: 's0', result: result('other') });
    const cache = new IndexedDbResultCache(db, { maxEntries: 100, maxBytes: small * 10, trimEvery: 1, now: ticking() });
    await cache.putMany(Array.from({ length: 10 }, (_, i) => ({ key: `s${i}`, result: result('other') })));
    expect(await db.count('results')).toBe(10);
    await cache.putMany([{ key: 'big', result: result('legislation', small * 3) }]);
    const kept = await db.getAll('results');
    expect(kept.map((e) => e.key)).toContain('big');
    expect(kept.reduce((sum, e) => sum + e.bytes!, 0)).toBeLessThanOrEqual(small * 10);
    expect(kept.length).toBeLessThan(10);
  });

  it('never evicts a correction, however full the cache', async () => {
    const corrections = new IndexedDbCorrectionStore(db);
    for (let n = 0; n < 20; n++) await corrections.put(correction(n));
    const cache = new IndexedDbResultCache(db, { maxEntries: 5, maxBytes: 2_000, trimEvery: 1, now: ticking() });
    await cache.putMany(Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, result: result('other') })));
    await cache.evictOldest(1);
    await cache.clear();
    expect(await db.count('corrections')).toBe(20);
  });

  it('keeps the cache bounded in memory too (entries, bytes, reads refresh recency)', async () => {
    const entryBytes = approximateBytes({ key: 'a', result: result('other') });
    const cache = new MemoryResultCache({ maxEntries: 3, maxBytes: entryBytes * 10 });
    for (const key of ['a', 'b', 'c']) await cache.putMany([{ key, result: result('other') }]);
    await cache.getMany(['a']);
    await cache.putMany([{ key: 'd', result: result('other') }]);
    expect(await cache.getMany(['a', 'b', 'c', 'd'])).toEqual([result('other'), undefined, result('other'), result('other')]);

    const byBytes = new MemoryResultCache({ maxBytes: Math.floor(entryBytes * 2.5) });
    for (const key of ['a', 'b', 'c']) await byBytes.putMany([{ key, result: result('other') }]);
    expect((await byBytes.getMany(['a', 'b', 'c'])).map(Boolean)).toEqual([false, true, true]);
  });
});

describe('quota exceeded', () => {
  let db: Database;
  beforeEach(async () => {
    globalThis.indexedDB = new IDBFactory();
    db = await openDatabase();
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    db.close();
    vi.restoreAllMocks();
  });

  async function fill(n: number) {
    const cache = new IndexedDbResultCache(db, { now: ticking() });
    await cache.putMany(Array.from({ length: n }, (_, i) => ({ key: `old${i}`, result: result('other') })));
  }

  it('evicts the older half of the cache and retries a result write once', async () => {
    await fill(10);
    for (let n = 0; n < 3; n++) await db.put('corrections', correction(n));
    const failures = { count: 1 };
    const cache = new IndexedDbResultCache(withQuotaFailures(db, failures), { now: () => 10_000 });
    await cache.putMany([{ key: 'new', result: result('legislation') }]);
    expect(failures.count).toBe(0);
    const keys = await db.getAllKeys('results');
    expect(keys).toContain('new');
    expect(keys).toHaveLength(6); // 5 of the 10 old ones evicted, the new one written
    expect(keys).not.toContain('old0');
    expect(await db.count('corrections')).toBe(3);
    expect(console.warn).toHaveBeenCalledWith(expect.stringContaining('quota exceeded'));
  });

  it('gives up after the one retry, with the quota error, and the service still answers', async () => {
    await fill(4);
    const failures = { count: 2 };
    const cache = new IndexedDbResultCache(withQuotaFailures(db, failures));
    await expect(cache.putMany([{ key: 'new', result: result('legislation') }])).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(failures.count).toBe(0);
    expect(await db.getAllKeys('results')).not.toContain('new'); // the aborted transaction wrote nothing

    const always = withQuotaFailures(db, { count: Number.POSITIVE_INFINITY });
    const service = createClassificationService(
      Promise.resolve({ inMemoryOnly: false, results: new IndexedDbResultCache(always), corrections: new IndexedDbCorrectionStore(always) }),
    );
    const { results } = (await service.handle({
      type: 'hc:classify',
      posts: [{ key: 'p', text: 'Die EU-Staaten im Rat zur #Chatkontrolle #Protokoll', watchedTags: ['protokoll'] }],
    })) as ClassifyResponse;
    expect(results).toHaveLength(1);
  });

  it('clears the cache (never a correction) to store a correction, and retries once', async () => {
    await fill(10);
    for (let n = 0; n < 3; n++) await db.put('corrections', correction(n));
    const failures = { count: 1 };
    const service = createClassificationService(
      Promise.resolve({
        inMemoryOnly: false,
        results: new IndexedDbResultCache(db),
        corrections: new IndexedDbCorrectionStore(withQuotaFailures(db, failures)),
      }),
    );
    const response = (await service.handle({
      type: 'hc:correct',
      post: { key: 'post:new', text: 'Wer schreibt das #Protokoll?', watchedTags: ['protokoll'] },
      category: 'civic_recruiting',
    })) as CorrectResponse;
    expect(response.ok).toBe(true);
    expect(await db.count('results')).toBe(0);
    expect((await db.getAllKeys('corrections')).sort()).toEqual(['post:0', 'post:1', 'post:2', 'post:new']);
  });

  it('reports a correction it could not store even after evicting, and loses none already stored', async () => {
    for (let n = 0; n < 3; n++) await db.put('corrections', correction(n));
    const store = new IndexedDbCorrectionStore(withQuotaFailures(db, { count: 2 }));
    await expect(store.put(correction(99))).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(await db.count('corrections')).toBe(3);
  });

  it('still returns cached results when touching them runs out of quota', async () => {
    await fill(3);
    const cache = new IndexedDbResultCache(withQuotaFailures(db, { count: 1 }));
    expect(await cache.getMany(['old0', 'old1', 'missing'])).toEqual([result('other'), result('other'), undefined]);
  });

  it('does not treat other errors as quota: they are not retried', async () => {
    const write = vi.fn().mockRejectedValue(new DOMException('closed', 'InvalidStateError'));
    const evict = vi.fn();
    const { retryOnQuota } = await import('@/utils/store/result-cache');
    await expect(retryOnQuota(write, evict)).rejects.toMatchObject({ name: 'InvalidStateError' });
    expect(write).toHaveBeenCalledTimes(1);
    expect(evict).not.toHaveBeenCalled();
  });
});
